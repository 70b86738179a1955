"""Benchmark questions drawn from a fact base the way the development set is made (../shared/devset/questions.yaml).

Four kinds, in equal numbers:
- direct: one of a fact's English example questions, reworded (a preamble, a different opening, lower case);
- keyword: the content words of an example question, as people type into a search box;
- typo: an example question with one or two random character edits (names included);
- out_of_scope: unrelated questions ("What's the weather like in Zorbek?") and a fact's words about a name the
  fact base has never heard of ("How many R&D institutions does Zorbek have?"), which must be declined.

The expected fact of the first three kinds is the fact the example came from, so accuracy can be reported beside
the latency, for the matcher and for the naive baseline.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from bench.synthetic import _Names, misspell
from bot.engine.model import FactBase
from bot.engine.stopwords import STOPWORDS

KINDS = ("direct", "keyword", "typo", "out_of_scope")

_REWORDINGS = (
    lambda q: f"Could you tell me {_lower_first(q).rstrip('?')}?",
    lambda q: f"Quick question: {q}",
    lambda q: f"{q.rstrip('?')}, please?",
    lambda q: q.lower().rstrip("?"),
    lambda q: f"I'd like to know {_lower_first(q).rstrip('?')}",
    lambda q: f"Hi! {q}",
    lambda q: re.sub(r"^How many\b", "What number of", q),
    lambda q: re.sub(r"^What is\b", "What's", q),
)

_UNRELATED = (
    "What's the weather like in {name} today?",
    "Who won the football match in {name} yesterday?",
    "How do I cook {food}?",
    "Where can I buy cheap {item} near {name}?",
    "What is the population of {name}?",
    "Tell me a joke about {animal}s",
    "{name} {item} price",
    "How old is {person}?",
    "Is {name} a good place for a holiday?",
    "What time does the {name} railway station open?",
    "recommend a good {food} restaurant",
    "how to fix my {item}",
)
_FOODS = ("pasta", "dumplings", "lamb stew", "pancakes", "noodle soup", "fried rice")
_ITEMS = ("bicycle", "phone charger", "winter boots", "sofa", "umbrella", "laptop")
_ANIMALS = ("cat", "penguin", "camel", "goat")


@dataclass(frozen=True)
class Question:
    text: str
    kind: str
    expected: str | None  # the fact that answers it; None for out-of-scope questions


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text


def _english_examples(base: FactBase) -> list[tuple[str, list[str]]]:
    return [
        (fact.id, [e.text for e in fact.examples if e.language == "en"])
        for fact in base.facts
        if any(e.language == "en" for e in fact.examples)
    ]


def keywords(text: str, drop: frozenset[str] = frozenset()) -> str:
    words = [w for w in re.findall(r"[A-Za-z0-9&'-]+", text.lower()) if w not in STOPWORDS and w not in drop]
    return " ".join(words) or text.lower()


def name_words(base: FactBase) -> frozenset[str]:
    """Every word of an entity's name or alias, lower case."""
    return frozenset(
        w.lower()
        for entity in base.entities.values()
        for n in (entity.name, *entity.aliases)
        for w in re.findall(r"[A-Za-z0-9&'-]+", n)
    )


def unknown_names(base: FactBase, count: int, seed: int) -> list[str]:
    """Plausible names (same syllables as the synthetic ones) that nothing in the fact base is called."""
    names = _Names(random.Random(seed), set(name_words(base)))
    return [names.new() for _ in range(count)]


def draw(base: FactBase, per_kind: int, seed: int = 7) -> list[Question]:
    """`per_kind` questions of each kind, interleaved, deterministic for a fact base and seed."""
    rng = random.Random(seed)
    examples = _english_examples(base)
    names = unknown_names(base, max(20, per_kind), seed + 1)
    known_names = name_words(base)
    drawn: dict[str, list[Question]] = {kind: [] for kind in KINDS}
    for _ in range(per_kind):
        fact_id, texts = rng.choice(examples)
        drawn["direct"].append(Question(rng.choice(_REWORDINGS)(texts[0]), "direct", fact_id))
        fact_id, texts = rng.choice(examples)
        drawn["keyword"].append(Question(keywords(rng.choice(texts)), "keyword", fact_id))
        fact_id, texts = rng.choice(examples)
        drawn["typo"].append(Question(misspell(rng, rng.choice(texts), rng.choice((1, 2))), "typo", fact_id))
        name = rng.choice(names)
        if rng.random() < 0.5:
            text = rng.choice(_UNRELATED).format(
                name=name,
                food=rng.choice(_FOODS),
                item=rng.choice(_ITEMS),
                animal=rng.choice(_ANIMALS),
                person=f"{name} {rng.choice(names)}",
            )
        else:
            _, texts = rng.choice(examples)
            words = keywords(rng.choice(texts), known_names)  # the fact's words, about a name it has never heard of
            text = f"How many {words} does {name} have?" if rng.random() < 0.5 else f"{words} in {name}"
        drawn["out_of_scope"].append(Question(text, "out_of_scope", None))
    return [drawn[kind][i] for i in range(per_kind) for kind in KINDS]
