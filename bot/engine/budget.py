"""What one message may cost: each text of it read once, and only so many texts read in all.

A message is matched whole; a compound one part by part and then whole again; a follow-up with and without the
conversation's context; and each of those clause by clause (up to eight). A 300-character message of short
sentences thus asked for some forty clause matches, most of them the same clauses again. So a message's matcher
(`Matcher.for_message`) keeps what it read: each clause is read and decided once (the same clause in the same
context decides the same way), each text tokenised once, and once MAX_READS texts are read, no new clause is (the
message and its parts always are). Questions people ask read at most eight (the development and held-out sets);
only messages made to be costly reach the cap.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from bot.engine.consistency import Mentions
from bot.engine.decision import Verdict
from bot.engine.scoring import Candidate

MAX_READS = 10  # distinct texts read for one message: the message, its parts and their clauses

ClauseKey = tuple[str, tuple[str, ...], bool]  # a clause, the context's entities, whether it is a whole question


class Clause(NamedTuple):
    """One clause read, scored, checked and decided: all a match of it needs besides the question it is part of."""

    tokens: tuple[str, ...]  # with the context's entity markers
    names: tuple[str, ...]  # unknown names
    mentions: Mentions
    consistent: tuple[Candidate, ...]
    excluded: tuple[Candidate, ...]
    verdict: Verdict


@dataclass
class Budget:
    """What one message has read so far, and how many more texts it may read."""

    reads: int = MAX_READS
    read: dict[ClauseKey, Clause] = field(default_factory=dict)
    tokens: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def allows(self, key: ClauseKey) -> bool:
        """Whether a clause may be read: one read already costs nothing; a new one needs a read left."""
        return key in self.read or self.reads > 0

    def keep(self, key: ClauseKey, clause: Clause) -> None:
        """Keep what a text read gave, for the next time it is matched; it takes one read."""
        self.read[key] = clause
        self.reads -= 1
