"""Propose topics for a statement from the existing topics' names, aliases and vocabulary.

A topic's name or alias in the statement ("dairy", "R&D") is strong evidence; words that the topic's facts use
and few other topics' facts do ("vaccines" for biomedicine) are weaker evidence, one point each.
"""

from __future__ import annotations

from collections import Counter

from bot.engine.model import FactBase
from bot.engine.normalise import Normaliser

MAX_TOPICS = 3
PHRASE_POINTS = 3
ENOUGH = 3  # points a topic needs to be proposed: its name, or three of its distinctive words
DISTINCTIVE = 2  # a word counts for a topic when at most this many topics' facts use it


class TopicGuesser:
    """Scores the fact base's topics against a text."""

    def __init__(self, base: FactBase, normaliser: Normaliser) -> None:
        self.normaliser = normaliser
        self.phrases: dict[str, list[frozenset[str]]] = {}
        vocabularies: dict[str, set[str]] = {}
        for topic in base.topics.values():
            names = (topic.id.replace("-", " "), topic.name, *topic.aliases)
            self.phrases[topic.id] = [tokens for name in names if (tokens := self._tokens(name))]
            vocabularies[topic.id] = set()
        for fact in base.facts:
            words = self._tokens(" ".join([fact.text, *(e.text for e in fact.examples if e.language == "en")]))
            for topic_id in fact.topics:
                vocabularies.setdefault(topic_id, set()).update(words)
        spread = Counter(word for vocabulary in vocabularies.values() for word in vocabulary)
        self.vocabularies = {
            topic_id: frozenset(word for word in vocabulary if spread[word] <= DISTINCTIVE)
            for topic_id, vocabulary in vocabularies.items()
        }

    def _tokens(self, text: str) -> frozenset[str]:
        """Content words, stemmed, without entity markers: topics are about subjects, not places."""
        return frozenset(t for t in self.normaliser.tokens(text) if not t.startswith("@"))

    def guess(self, text: str) -> list[str]:
        """Up to MAX_TOPICS topic ids with enough points, best first."""
        words = self._tokens(text)
        scores: Counter[str] = Counter()
        for topic_id, phrases in self.phrases.items():
            scores[topic_id] += PHRASE_POINTS * sum(1 for phrase in phrases if phrase <= words)
            scores[topic_id] += len(words & self.vocabularies.get(topic_id, frozenset()))
        ranked = sorted((topic for topic in scores if scores[topic] >= ENOUGH), key=lambda t: -scores[t])
        return ranked[:MAX_TOPICS]
