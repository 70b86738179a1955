"""Everything the bot says in its own words, in English and Chinese.

Front ends pick a language ("en" or "zh") and look texts up here, so wording stays consistent between the
command line and Telegram and a translation is one edit.
"""

from __future__ import annotations

LANGUAGES = ("en", "zh")

_TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "empty": "Please type a question, for example: {example}",
        "too_long": "That message is {length:,} characters long. Please ask one question in under {limit:,} characters.",
        "no_words": "I couldn't find a question in that. Try asking about {topics}.",
        "decline": "I don't know that yet.",
        "decline_entity": "I don't know that yet: I have no facts about {names} for that question.",
        "did_you_mean": "Did you mean:",
        "related_facts": "Closest facts I have:",
        "topics_hint": "Topics I know about include {topics}. Send /facts to see them all.",
        "not_sure": "I'm not sure which fact you mean.",
        "source_line": "Source: \u201c{title}\u201d, {publisher}, {date}",
        "date_partial": "{date} (exact date not known)",
        "topics_title": "Topics ({count} facts in all):",
        "topic_line": "{name} ({count})",
        "topic_facts": "{name}: {count} facts",
        "unknown_topic": 'I have no topic called "{query}".',
        "start": "Hello! I answer questions about regional innovation in Inner Mongolia: Hohhot and Baotou, their dairy industry, R&D institutions, innovation platforms, tech financing, innovation consortiums and unmanned mining trucks.\n\nI know {facts} facts from {sources} news articles, and I cite the source of each answer. Ask me anything in English or Chinese, or try one of these:",
        "help": "Just send me a question, in English or Chinese. In groups, mention me or reply to my message.\n\n/facts - browse the topics\n/facts TOPIC - the facts of one topic (e.g. /facts dairy)\n/sources - the articles my facts come from\n/lang - reply language for commands\n/about - what this bot is\n\nYou can also use me in any chat: type @{username} dairy",
        "help_admin": "Admin: /reload - re-read the facts; send a .yaml file to install it; /stats [DAYS], /unanswered [DAYS], /why QUESTION",
        "about": "This bot answers from a curated fact base of {facts} facts, each traced to a sentence of a news article ({sources} sources). Questions are matched to facts with fuzzy rules; when no fact clearly answers, it says so rather than guess.",
        "page": "Page {page} of {pages}",
        "previous": "\u25c0 Previous",
        "next": "Next \u25b6",
        "related": "Related:",
        "lang_choose": "Choose the language for commands (questions are answered in the language they are asked in):",
        "lang_set": "Commands will now use English.",
        "admin_only": "Sorry, only the bot's administrators can use that.",
        "reloaded": "Reloaded {facts} facts in {ms} ms.",
        "changes": "Added: {added}. Removed: {removed}. Changed: {changed}.",
        "no_changes": "Nothing changed.",
        "reload_failed": "The facts were NOT reloaded: {count} problem(s). The previous facts are still being served.",
        "more_problems": "... and {count} more",
        "installed": "Installed {name}.",
        "upload_rejected": "{name} was NOT installed: {count} problem(s). Nothing was changed.",
        "upload_kind": "Send a .yaml fact file (at most {limit} kB) to install it.",
        "upload_name": "That file cannot be installed: a fact file needs a name ending in .yaml, of at most {limit} characters (letters, digits, '.', '_' and '-').",
        "upload_failed": "The file could not be downloaded from Telegram. Please send it again.",
        "cut": "Your message is long: I read only its first {limit} characters.",
        "slow_down": "You are sending questions faster than I can answer them. Please wait a minute, then ask again.",
        "error_notice": "An error occurred while handling an update: {error}",
        "none": "none",
        "inline_empty": "Type a question or a topic after my name",
        "log_disabled": "The question log is not enabled.",
        "log_unreadable": "The question log cannot be read: {error}",
        "chart_caption": "Questions per day: answered (blue) and not answered (orange)",
        "why_usage": "Usage: /why QUESTION",
        "forget_nothing": "Nothing is stored about you.",
        "forget_failed": "Sorry, I could not delete your questions right now. Please try again later.",
        "forgot_one": "Deleted 1 logged question of yours.",
        "forgot": "Deleted {count} logged questions of yours.",
    },
    "zh": {
        "empty": "请输入一个问题，例如：{example}",
        "too_long": "这条消息有 {length:,} 个字符。请用不超过 {limit:,} 个字符提一个问题。",
        "no_words": "我没有看出这是什么问题。可以问问关于{topics}的事情。",
        "decline": "这个问题我暂时还不知道。",
        "decline_entity": "这个问题我暂时还不知道：关于{names}，我没有相关资料。",
        "did_you_mean": "您是不是想问：",
        "related_facts": "最接近的资料：",
        "topics_hint": "我掌握的主题包括{topics}等。发送 /facts 查看全部。",
        "not_sure": "我不确定您问的是哪一条。",
        "source_line": "来源：《{title}》，{publisher}，{date}",
        "date_partial": "{date}（具体日期不详）",
        "topics_title": "主题（共 {count} 条资料）：",
        "topic_line": "{name}（{count}）",
        "topic_facts": "{name}：{count} 条资料",
        "unknown_topic": "没有名为“{query}”的主题。",
        "start": "您好！我回答关于内蒙古区域创新的问题：呼和浩特和包头的乳业、研发机构、创新平台、科技金融、创新联合体以及无人驾驶矿用卡车等。\n\n我掌握来自 {sources} 篇新闻报道的 {facts} 条资料，每个回答都注明出处。可以用中文或英文提问，或者试试：",
        "help": "直接发送问题即可，中英文都可以。在群组中，请@我或回复我的消息。\n\n/facts - 浏览主题\n/facts 主题 - 某个主题的资料（例如 /facts 乳业）\n/sources - 资料来源文章\n/lang - 命令使用的语言\n/about - 关于本机器人\n\n也可以在任何聊天中输入 @{username} 乳业",
        "help_admin": "管理员：/reload 重新加载资料；发送 .yaml 文件进行安装；/stats [天数]、/unanswered [天数]、/why 问题",
        "about": "本机器人依据经过整理的 {facts} 条资料作答，每条资料都可追溯到新闻报道中的原句（共 {sources} 个来源）。问题通过模糊规则与资料匹配；没有资料能明确回答时，它会如实说明，而不是猜测。",
        "page": "第 {page} 页，共 {pages} 页",
        "previous": "\u25c0 上一页",
        "next": "下一页 \u25b6",
        "related": "相关资料：",
        "lang_choose": "请选择命令使用的语言（提问用哪种语言，就用哪种语言回答）：",
        "lang_set": "命令将使用中文。",
        "admin_only": "抱歉，只有管理员可以使用该命令。",
        "reloaded": "已重新加载 {facts} 条资料，用时 {ms} 毫秒。",
        "changes": "新增：{added}。删除：{removed}。修改：{changed}。",
        "no_changes": "没有变化。",
        "reload_failed": "资料未重新加载：发现 {count} 个问题。仍在使用原有资料。",
        "more_problems": "……另有 {count} 个",
        "installed": "已安装 {name}。",
        "upload_rejected": "{name} 未安装：发现 {count} 个问题。没有任何改动。",
        "upload_kind": "请发送 .yaml 资料文件（不超过 {limit} kB）进行安装。",
        "upload_name": "无法安装该文件：资料文件名须以 .yaml 结尾，不超过 {limit} 个字符（字母、数字、“.”、“_”和“-”）。",
        "upload_failed": "无法从 Telegram 下载该文件，请重新发送。",
        "cut": "您的消息较长：我只读取了前 {limit} 个字符。",
        "slow_down": "您提问的速度超过了我回答的速度。请稍等一分钟再提问。",
        "error_notice": "处理更新时出错：{error}",
        "none": "无",
        "inline_empty": "在我的名字后输入问题或主题",
        "log_disabled": "提问记录未启用。",
        "log_unreadable": "无法读取提问记录：{error}",
        "chart_caption": "每日提问：已回答（蓝色）和未回答（橙色）",
        "why_usage": "用法：/why 问题",
        "forget_nothing": "没有保存任何关于您的信息。",
        "forget_failed": "抱歉，暂时无法删除您的提问记录，请稍后再试。",
        "forgot_one": "已删除您的 1 条提问记录。",
        "forgot": "已删除您的 {count} 条提问记录。",
    },
}


def text(language: str, key: str, **values: object) -> str:
    """A message in the given language (English when the language is not supported)."""
    table = _TEXTS.get(language, _TEXTS["en"])
    return table[key].format(**values)


def pick(language: str, english: str, chinese: str) -> str:
    """The Chinese form of a curated field when asked for and present, else the English one."""
    return chinese if language == "zh" and chinese else english
