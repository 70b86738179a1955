"""A topic carried from one turn to the next: "which fields in particular?" after "Is Hohhot strong in
biomedicine?" asks for biomedicine's fields in Hohhot, not for any field Hohhot has. Entities are carried by the
dialogue's context; a topic named by a word of the last question (biomedicine, dairy, finance) is carried here, by
asking the follow-up with the topic's name beside it. A message that says it changes the subject carries nothing.
"""

from __future__ import annotations

import re

from bot.engine.answers import Answer
from bot.engine.conversation import Turn
from bot.engine.knowledge import Knowledge
from bot.engine.messages import pick
from bot.engine.model import Fact, Topic
from bot.engine.phrasing import refers_back


def carried_topic(knowledge: Knowledge, message: str, last: Turn, given: Fact | None) -> Topic | None:
    """The one topic a word of the last question names, when the message names none of its own and the fact read
    with context (`given`) is not on it; None when there is none, or more than one."""
    index, tokens = knowledge.matcher.index, knowledge.matcher.tokens
    if refers_back(message):  # "what's his job?", "the source on that?": about what the context names, not a topic
        return None
    words = [word for word in tokens(message) if not word.startswith("@")]
    if not any(word in index.postings for word in words):
        return None  # "how much?", "那是哪一年？" ask what the last answer gives: no word for a topic to qualify
    if any(index.topic_named([word]) for word in words):
        return None
    named = {index.topic_named([word]) for word in tokens(last.question) if not word.startswith("@")} - {None}
    if len(named) != 1:
        return None
    topic = knowledge.base.topics[str(named.pop())]
    return None if given is not None and topic.id in given.topics else topic  # the reading is on it already


def with_topic(message: str, topic: Topic, language: str) -> str:
    """The follow-up asked with the topic beside it: "which fields in particular? (Biomedicine)"."""
    return f"{message.rstrip()} ({pick(language, topic.name, topic.name_zh)})"


# A message that says it changes the subject: what follows is read on its own, whatever it points back to
_NEW_TOPIC = re.compile(
    r"^\W*(?:(?:ok|okay|alright|right|fine|now|so|also)\W+)?(?:(?:a|one|another|a new|a different|an unrelated|"
    r"a separate)\s+)?(?:different|new|unrelated|separate|other|another)\s+(?:question|topic|subject|thing)\b"
    r"|^\W*(?:(?:ok|okay|alright|right|fine|now|so)\W+)?(?:unrelated(?:,)? but|changing (?:the )?(?:topic|subject)|"
    r"switching (?:topics?|gears|subjects?)|change of (?:topic|subject)|on (?:a|another) (?:different )?note|"
    r"moving on|something else)\b"
    r"|^\W*(?:好的?\W*)?(?:换个话题|换个问题|另外问一下|另一个问题|顺便问一下|顺便问问|说点别的|问点别的)",
    re.IGNORECASE,
)


def changes_topic(message: str) -> bool:
    """Whether a message opens by saying it changes the subject ("OK, different question: ...", "换个话题")."""
    return _NEW_TOPIC.match(message) is not None


def on_topic(reply: Answer, topics: set[str | None]) -> bool:
    """Whether a reply's fact is on one of the topics."""
    return reply.fact is not None and bool(topics & set(reply.fact.topics))
