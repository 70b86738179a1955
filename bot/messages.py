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
        "topics_hint": "I can tell you about: {topics}. Try /facts TOPIC to browse.",
        "not_sure": "I'm not sure which fact you mean.",
        "source": "Source",
        "date_unknown": "exact date not known",
        "topics_title": "Topics ({count} facts in all):",
        "topic_line": "{name} ({count})",
        "topic_facts": "{name}: {count} facts",
        "unknown_topic": "I have no topic called \"{query}\".",
    },
    "zh": {
        "empty": "请输入一个问题，例如：{example}",
        "too_long": "这条消息有 {length:,} 个字符。请用不超过 {limit:,} 个字符提一个问题。",
        "no_words": "我没有看出这是什么问题。可以问问关于{topics}的事情。",
        "decline": "这个问题我暂时还不知道。",
        "decline_entity": "这个问题我暂时还不知道：关于{names}，我没有相关资料。",
        "did_you_mean": "您是不是想问：",
        "related_facts": "最接近的资料：",
        "topics_hint": "我可以介绍：{topics}。发送 /facts 主题 浏览。",
        "not_sure": "我不确定您问的是哪一条。",
        "source": "来源",
        "date_unknown": "具体日期不详",
        "topics_title": "主题（共 {count} 条资料）：",
        "topic_line": "{name}（{count}）",
        "topic_facts": "{name}：{count} 条资料",
        "unknown_topic": "没有名为“{query}”的主题。",
    },
}


def text(language: str, key: str, **values: object) -> str:
    """A message in the given language (English when the language is not supported)."""
    table = _TEXTS.get(language, _TEXTS["en"])
    return table[key].format(**values)


def pick(language: str, english: str, chinese: str) -> str:
    """The Chinese form of a curated field when asked for and present, else the English one."""
    return chinese if language == "zh" and chinese else english
