"""Small talk: greetings, thanks, goodbyes, "help", "who are you", in English and Chinese.

A message that is only small talk gets a short friendly reply (with example questions to press), never a fact,
and is not a question the fact base failed to answer. A question that merely starts with a greeting ("Hi, how many
R&D institutions ...?") is a question: only a message made entirely of small-talk phrases counts.
"""

from __future__ import annotations

import re

from bot.engine.knowledge import Knowledge
from bot.engine.messages import text
from bot.engine.normalise import fold
from bot.engine.phrasing import asks
from bot.engine.replies import examples, fact_choices
from bot.engine.reply import Reply, paragraph

# Kinds of small talk, each with the phrases that make it up (folded: lower case, simplified Chinese).
_PHRASES = {
    "greeting": "hi|hello|hey|hiya|howdy|yo|hallo|sup|greetings|good (?:morning|afternoon|evening|day)|morning|evening|"
    "(?:nice|good|pleased|glad) to meet you|anyone there|anybody there|is anyone there|are you there|"
    "你好|您好|嗨|哈喽|哈啰|早上好|下午好|晚上好|早安|大家好|在吗|有人吗|很高兴认识你",
    "thanks": "thanks?(?: you| u)?|thank u|thx|thanx|thnx|tks|ty|ta|cheers|many thanks|much appreciated|"
    "(?:i )?appreciate (?:it|that)|thanks a (?:lot|bunch|million)|"
    "(?:that|this|it)(?: was| is|'s|s)?(?: (?:very|really|so|super|quite|most))? (?:helpful|useful|great|perfect|"
    "brilliant|excellent|awesome|nice|good|interesting)|(?:very|really|so|super) (?:helpful|useful)|helpful|useful|"
    "(?:good|nice|great|clever|smart) bot|(?:well|nicely) done|(?:good|nice|great) job|love it|"
    "(?:that|this|it|you) (?:helped|helps)(?: (?:a lot|so much|loads|heaps|me))?|"
    "you(?:'re| are) (?:great|awesome|amazing|helpful|the best|smart|brilliant|a star)|"
    "谢谢(?:你|您)?|多谢|感谢|谢啦|谢了|辛苦了|(?:很|非常|太)?有(?:用|帮助)|太棒了|真棒|厉害|好用",
    "goodbye": "bye|goodbye|good bye|bye bye|bye now|see you(?: later| soon)?|see ya|cya|later|ciao|farewell|"
    "good night|take care|talk (?:to you )?later|that'?s all|that is all|nothing else|no more questions|i'?m done|"
    "(?:gotta|got to) go|再见|拜拜|拜|回头见|晚安|下次见|没了|没有了|就这样|先这样",
    "help": "help|help me|help please|what can you do(?: for me)?|what do you do|what should i ask(?: you)?|"
    "what can i ask(?: you)?|what can you help(?: me)? with|how can you help(?: me)?|what are you able to do|"
    "how does this work|how do i use (?:this|you)|how to use|what do you know|what are you for|commands|menu|"
    "get started|帮助|帮忙|你能做什么|你会什么|能做什么|你能(?:帮我)?(?:做|干)(?:什么|啥)|能帮我(?:做|干)?(?:什么|啥)|"
    "你会干啥|怎么用|怎么使用|使用说明|有什么功能|我该问什么|可以问什么|能问什么",
    "identity": "who are you|what are you|are you (?:a |an )?(?:robot|bot|chatbot|human|person|real|ai|machine|"
    "chatgpt|gpt|llm)|what'?s your name|what is your name|"
    "who (?:made|built|created|developed|programmed|wrote|owns|runs|trained|designed) (?:you|this bot|this)|"
    "who is your (?:creator|maker|developer|owner|author)|what (?:model|language model|ai) are you|"
    "你是谁|你是什么|你是机器人吗|你是人吗|你叫什么|你是(?:ai|人工智能|真人)吗|"
    "谁(?:开发|制作|创建|做|编写|设计)(?:了|的)你|你是谁(?:开发|做|制作|创建)的",
    "wellbeing": "how are you(?: doing| today)?|how have you been|how'?s it going|how are things|what'?s up|"
    "how do you do|how'?s your day|(?:i )?hope you(?:'re| are) (?:having|doing|keeping) (?:a )?(?:good|great|nice|well|"
    "fine|lovely)(?: day| time| week| morning)?|(?:have|enjoy) a (?:good|great|nice|lovely) (?:day|one|week)|"
    "你好吗|最近怎么样|还好吗|你怎么样|祝你(?:今天)?(?:愉快|开心|顺利)",
    "opinion": "(?:do|would|did) you (?:like|love|enjoy|prefer|drink|eat|hate|dislike)(?: [a-z'-]+){1,4}|"
    "你(?:喜欢|爱|喝|吃)[\u4e00-\u9fff]{1,8}?吗|你(?:喜不喜欢|爱不爱)[\u4e00-\u9fff]{1,8}",
    "acknowledgement": "ok|okay|k|cool|great|nice|good|got it|i see|awesome|perfect|interesting|wow|alright|all right|"
    "sure|fine|noted|understood|makes sense|that makes sense|fair enough|yes|yep|yeah|no|nope|hmm|hm|lol|haha|"
    "好的|好|好吧|明白|明白了|知道了|懂了|收到|了解|不错|太好了|行|可以|哦|嗯|嗯嗯|哈哈",
}
# Words that soften small talk without making it anything else ("bye for now", "thanks so much, bot").
_SOFTENERS = "for now|for me|again|then|now|bot|buddy|mate|friend|pal|there|so much|very much|a lot|guys|everyone|"
_SOFTENERS += "all|please|pls|plz|just|really|so|too|man|dude|sir|madam"
_SOFTENERS += "|(?:for|with|on) (?:my|our) [a-z]+"  # "that was really helpful for my report"
_SEPARATORS = r"[\s,，.。!！?？~～:：;；\-呀啊吧呢哦啦哈嘛哟喔]*"
_END = r"(?![a-z'])"  # an English phrase ends a word: "help" is not the start of "helpful"
_PIECE = re.compile(
    "|".join(f"(?P<{kind}>(?:{phrases}){_END})" for kind, phrases in _PHRASES.items()) + f"|(?:{_SOFTENERS}){_END}"
)
_SKIP = re.compile(_SEPARATORS)
_EMOJI = re.compile("[\U0001f300-\U0001faff\u2600-\u27bf\ufe0f]+")


# A request in a statement: "tell me about the consortium", "I'd like to know ...", "please explain ..."
_REQUEST = re.compile(
    r"\b(?:tell|give|show|list|name|explain|describe|summari[sz]e|share|know|learn|find out|looking for|want|need|"
    r"wonder|wondering|curious|interested)\b|告诉|介绍|说说|讲讲|想(?:知道|了解|问)|请问",
)


def _says_only(rest: str) -> bool:
    """Whether what follows a greeting only says something of the asker ("Hi! I'm working on a report about ..."):
    no question and no request, so there is nothing to answer yet."""
    if "?" in rest or "？" in rest or asks(rest) or _REQUEST.search(rest):
        return False
    return _ABOUT_ME.search(rest) is not None  # "hi, Yili dairy" names what it asks about: a question


_ABOUT_ME = re.compile(r"\b(?:i|i'm|im|i've|we|we're|we've|my|our|me)\b|我")


def small_talk(message: str) -> str | None:
    """The kind of small talk a message is ("greeting", "thanks", "help", ...), or None for anything else.

    Only a message made entirely of small-talk phrases (and softeners such as "for now") is small talk; one mixing
    kinds ("hi, thanks!") is taken as its first kind in the order of `_PHRASES`.
    """
    text = _EMOJI.sub(" ", fold(message)).strip()
    found: set[str] = set()
    at = _after_separators(text, 0)
    while at < len(text):
        piece = _PIECE.match(text, at)
        if piece is None or piece.end() == at:
            return "greeting" if found == {"greeting"} and _says_only(text[at:]) else None
        found.update(kind for kind, matched in piece.groupdict().items() if matched is not None)
        at = _after_separators(text, piece.end())
    return next((kind for kind in _PHRASES if kind in found), None)


def _after_separators(text: str, at: int) -> int:
    skipped = _SKIP.match(text, at)
    return skipped.end() if skipped else at


_WITH_EXAMPLES = frozenset({"greeting", "help", "wellbeing", "acknowledgement"})


def small_talk_reply(kind: str, knowledge: Knowledge, language: str) -> Reply:
    """A short friendly reply; greetings and requests for help also offer example questions to press."""
    base = knowledge.base
    said = text(language, f"smalltalk_{kind}", facts=len(base.facts), sources=len(base.sources))
    choices = fact_choices(examples(base), language) if kind in _WITH_EXAMPLES else ()
    heading = text(language, "try_asking") if choices else ""
    return Reply(language, (paragraph(said),), choices, heading)
