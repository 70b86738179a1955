"""A reload that takes over what the previous knowledge computed gives exactly what building afresh gives.

A reload reuses the files whose text is unchanged, the tokens of unchanged texts, all a fact derives (examples,
what it gives and counts, terms, entities, years) while the tables every fact shares are unchanged, everything
computed across facts when every fact is kept, and the collision check's verdicts. Each edit below changes one of
those inputs; whatever it is, the reloaded knowledge must be the one a fresh build makes of the same files.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise
from pathlib import Path

import pytest

from bot.engine.knowledge import Knowledge, build, collisions
from bot.engine.model import FactBaseError

FACTS = Path(__file__).resolve().parent.parent / "facts"


def fingerprint(knowledge: Knowledge) -> dict[str, object]:
    """All the index holds and all matching and checking give, in comparable form."""
    index = knowledge.matcher.index
    words = {at: token for token, at in index.word_ids.items()}
    starts = index.word_start.tolist()
    rows = [[words[at] for at in index.example_words[a:b].tolist()] for a, b in pairwise(starts)]
    questions = [example.text for fact in knowledge.base.facts for example in fact.examples]
    return {
        "per fact": [
            repr(values)
            for values in (
                index.examples,
                index.own_entities,
                index.allowed_entities,
                index.years,
                index.gives,
                [sorted(counted) for counted in index.counted],
                [sorted(terms) for terms in index.terms],
                index.exclusive,
            )
        ],
        "postings": {token: ids.tolist() for token, ids in index.postings.items()},
        "idf": dict(index.idf),
        "rows": (rows, index.example_start.tolist(), index.example_weights.tolist()),
        "text tokens": {text: list(tokens) for text, tokens in index.text_tokens.items()},
        "verdicts": [[(reason, sorted(words)) for reason, words in fact] for fact in knowledge.verdicts],
        "collisions": collisions(knowledge.matcher),
        "matches": [repr(knowledge.matcher.match(question + " please")) for question in questions],
        "facts": knowledge.base.facts,
    }


def outcome(path: Path, replace: dict[Path, str | None], previous: Knowledge | None) -> object:
    try:
        return fingerprint(build(path, replace, previous))
    except FactBaseError as error:
        return error.problems


Edit = Callable[[dict[str, str]], None]


def _replace(file: str, old: str, new: str) -> Edit:
    def edit(texts: dict[str, str]) -> None:
        assert old in texts[file]
        texts[file] = texts[file].replace(old, new, 1)

    return edit


def _move_first_fact_to_the_end(texts: dict[str, str]) -> None:
    text = texts["hohhot-sci-tech.yaml"]
    first = text.index("  - id: hohhot-dairy-competitive")
    second = text.index("  - id: hohhot-capital-of-inner-mongolia")
    texts["hohhot-sci-tech.yaml"] = text[:first] + text[second:].rstrip("\n") + "\n\n" + text[first:second]


EDITS: dict[str, Edit] = {
    "nothing": lambda texts: None,
    "an example question added": _replace(
        "hohhot-sci-tech.yaml",
        "      - hohhot strongest sector\n",
        "      - hohhot strongest sector\n      - hohhot top trade\n",
    ),
    "a new word in a fact's text": _replace(
        "hohhot-sci-tech.yaml",
        "most competitive areas of endeavour.",
        "most competitive zorblaxian areas of endeavour.",
    ),
    "an example's misspelling made a word of a fact's text": _replace(
        "hohhot-sci-tech.yaml", "most competitive areas of endeavour.", "most competitive areas of endeavour consortum."
    ),
    "a synonym added": _replace("lexicon.yaml", "  synonyms:\n", "  synonyms:\n    top: [foremost, chief]\n"),
    "an alias added": _replace("entities.yaml", "aliases: [hohhot city,", "aliases: [hohhot town, hohhot city,"),
    "a source's date changed": _replace("sources.yaml", 'date: "2021"', 'date: "2020"'),
    "an exclusive group changed": _replace(
        "lexicon.yaml", "general manager, head, founder,", "general manager, founder,"
    ),
    "a fact moved": _move_first_fact_to_the_end,
}


@pytest.fixture(scope="module")
def served() -> Knowledge:
    return build(FACTS)


@pytest.mark.parametrize("name", EDITS)
def test_a_reload_gives_what_a_fresh_build_gives(served: Knowledge, name: str) -> None:
    texts = {path.name: path.read_text(encoding="utf-8") for path in FACTS.glob("*.yaml")}
    EDITS[name](texts)
    replace: dict[Path, str | None] = {FACTS / file: text for file, text in texts.items()}
    reloaded = outcome(FACTS, replace, served)
    assert reloaded == outcome(FACTS, replace, None)
    assert reloaded == outcome(FACTS, replace, build(FACTS, replace, served))  # and a reload of the reload


def test_a_reload_of_unchanged_facts_reads_no_file_and_keeps_every_fact(served: Knowledge) -> None:
    reloaded = build(FACTS, previous=served)
    assert all(reloaded.files[path] is found for path, found in served.files.items())  # not read again
    assert all(new is old for new, old in zip(reloaded.base.facts, served.base.facts, strict=True))
    assert reloaded.matcher.index.kept == list(range(len(served.base.facts)))
    assert reloaded.matcher.index.postings is served.matcher.index.postings
