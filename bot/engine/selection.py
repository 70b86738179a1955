"""A follow-up choosing among what the conversation just gave: "which of them has an industrial park?" after Yili
and Mengniu, "which of those is the most competitive?" after the bureau's priority sectors.

"Them" is not all of them together, so the question is not read with every entity at once (no fact is about both
Yili and Mengniu's park): it is read with each in turn, and answered when exactly one fact answers it. "Those" may
be topics rather than entities: then the question read on its own is kept when its fact shares a topic with the
fact just given.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.engine.answers import Answer, answer
from bot.engine.conversation import Turn
from bot.engine.knowledge import Knowledge

_SELECTS = re.compile(
    r"\bwhich (?:one )?of (?:them|those|these|the two|both)\b|\bwhich one\b|其中(?:哪|谁)"
    r"|(?:它们|他们|这些|那些|这几家|这两家)(?:中|里|当中)?(?:哪|谁)",
    re.IGNORECASE,
)


def one_of(
    knowledge: Knowledge,
    message: str,
    language: str,
    last: Turn,
    about: tuple[str, ...],
    alone: Callable[[], Answer],
) -> tuple[Answer, tuple[str, ...]] | None:
    """The answer to a follow-up choosing one of `about` (or of the last fact's topics), with the entity it chose;
    None when the message chooses nothing or no single fact answers it."""
    if _SELECTS.search(message) is None:
        return None
    one = for_one(knowledge, message, language, about)
    if one is not None:
        return one
    last_fact = knowledge.base.fact_by_id.get(last.fact_id or "")
    own = alone()
    if own.answered and own.fact is not None and last_fact is not None and set(own.fact.topics) & set(last_fact.topics):
        return own, ()
    return None


def for_one(
    knowledge: Knowledge, message: str, language: str, about: tuple[str, ...]
) -> tuple[Answer, tuple[str, ...]] | None:
    """A follow-up read with each of several entities in turn ("who's their CIO?" after North Hauler and two
    universities), with the one entity it is answered for; None unless exactly one fact answers it."""
    if len(about) < 2:
        return None
    found = [(reply, entity) for entity in about if (reply := answer(knowledge, message, language, (entity,))).answered]
    if len({reply.fact.id for reply, _ in found if reply.fact is not None}) != 1:
        return None
    reply, entity = found[0]
    return reply, (entity,)
