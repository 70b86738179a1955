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
from bot.engine.replies import examples, fact_choices
from bot.engine.reply import Reply, paragraph

# Kinds of small talk, each with the phrases that make it up (folded: lower case, simplified Chinese).
_PHRASES = {
    "greeting": "hi|hello|hey|hiya|howdy|yo|good (?:morning|afternoon|evening|day)|hi there|hello there|hey there|"
    "greetings|anyone there|anybody there|is anyone there|are you there|"
    "你好|您好|嗨|哈喽|早上好|下午好|晚上好|在吗|有人吗",
    "thanks": "thanks?(?: you)?(?: (?:so|very) much)?|thx|ty|cheers|many thanks|much appreciated|appreciate it|"
    "thanks a lot|great,? thanks|谢谢(?:你|您)?|多谢|感谢|谢啦|辛苦了",
    "goodbye": "bye|goodbye|bye bye|see you|see ya|see you later|farewell|good night|take care|that'?s all|"
    "再见|拜拜|回头见|晚安",
    "help": "help|help me|help please|what can you do|what do you do|what should i ask(?: you)?|"
    "what can i ask(?: you)?|"
    "how does this work|how do i use (?:this|you)|what do you know|what are you for|commands|menu|帮助|帮忙|"
    "你能做什么|你会什么|能做什么|怎么用|我该问什么|可以问什么|能问什么",
    "identity": "who are you|what are you|are you (?:a )?(?:robot|bot|human|person|real|ai|machine)|what'?s your name|"
    "what is your name|你是谁|你是什么|你是机器人吗|你是人吗|你叫什么",
    "wellbeing": "how are you(?: doing)?|how'?s it going|how are things|what'?s up|how do you do|"
    "你好吗|最近怎么样|还好吗",
    "acknowledgement": "ok|okay|k|cool|great|nice|good|got it|i see|awesome|perfect|interesting|wow|alright|sure|"
    "fine|noted|understood|好的|好|明白|明白了|知道了|不错|太好了|哦|嗯",
}
_SEPARATORS = r"[\s,，.。!！?？~～:：;；-]*"
_KINDS = [(kind, re.compile(rf"^{_SEPARATORS}(?:(?:{phrases}){_SEPARATORS})+$")) for kind, phrases in _PHRASES.items()]
_ANY = re.compile(rf"^{_SEPARATORS}(?:(?:{'|'.join(_PHRASES.values())}){_SEPARATORS})+$")
_EMOJI = re.compile("[\U0001f300-\U0001faff\u2600-\u27bf\ufe0f]+")


def small_talk(message: str) -> str | None:
    """The kind of small talk a message is ("greeting", "thanks", "help", ...), or None for anything else.

    A message mixing kinds ("hi, thanks!") is taken as its first kind in the order of `_PHRASES`.
    """
    text = _EMOJI.sub(" ", fold(message)).strip()
    if not text or not _ANY.match(text):
        return None
    for kind, pattern in _KINDS:
        if pattern.match(text):
            return kind
    return next(kind for kind, phrases in _PHRASES.items() if re.search(rf"(?:{phrases})", text))


_WITH_EXAMPLES = frozenset({"greeting", "help", "wellbeing", "acknowledgement"})


def small_talk_reply(kind: str, knowledge: Knowledge, language: str) -> Reply:
    """A short friendly reply; greetings and requests for help also offer example questions to press."""
    base = knowledge.base
    said = text(language, f"smalltalk_{kind}", facts=len(base.facts), sources=len(base.sources))
    choices = fact_choices(examples(base), language) if kind in _WITH_EXAMPLES else ()
    heading = text(language, "try_asking") if choices else ""
    return Reply(language, (paragraph(said),), choices, heading)
