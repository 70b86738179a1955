"""The fast paths compute exactly what the plain ones would: scores to the last bit, corrections, stems, words.

Matching got faster by doing in bulk (numpy, C) what was done one item at a time in Python. Each bulk path must give
the very numbers and choices of the plain loop it replaced, so that no answer changes; these tests hold each one
against that plain loop, written out here.
"""

from __future__ import annotations

import random
import string
from functools import cache
from pathlib import Path

import numpy as np
import pytest
import snowballstemmer
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz, process
from snowballstemmer.english_stemmer import EnglishStemmer

from bot.engine import chinese, question, scoring
from bot.engine.index import Index
from bot.engine.knowledge import Knowledge, build
from bot.engine.normalise import fold
from bot.engine.spelling import Speller

ROOT = Path(__file__).resolve().parent.parent
SETS = [ROOT / "tests" / "heldout_questions.yaml", ROOT.parent / "shared" / "devset" / "questions.yaml"]


@pytest.fixture(scope="module")
def knowledge() -> Knowledge:
    return build(ROOT / "facts")


@cache
def questions() -> list[str]:
    found = [str(entry["q"]) for path in SETS if path.exists() for entry in yaml.safe_load(path.read_text())]
    rng = random.Random(7)
    pieces = ["Hohhot", "Baotou", "dairy", "R&D", "2023", "how many", "which bank", "呼和浩特", "乳业", "研发机构"]
    found += [" ".join(rng.choice(pieces) for _ in range(rng.randint(1, 12))) for _ in range(200)]
    return found


def plain_coverage(index: Index, tokens: list[str], weights: np.ndarray) -> np.ndarray:
    coverage = np.zeros(len(index.fact_ids))
    for token, weight in zip(tokens, weights, strict=True):
        if token in index.postings:
            coverage[index.postings[token]] += weight
    return coverage / float(weights.sum())


def plain_score(index: Index, tokens: list[str], weights: dict[str, float], coverage: np.ndarray, facts: list[int]):  # type: ignore[no-untyped-def]
    strings = [joined for fact in facts for joined, _, _ in index.examples[fact]]
    similarity = process.cdist([" ".join(sorted(tokens))], strings, scorer=fuzz.ratio, dtype=np.float32)[0] / 100
    question_weight = sum(weights.values())
    position = 0
    for fact in facts:
        best = (-1.0, 0.0, 0.0, "")
        weights_of = index.example_weights[index.example_start[fact] : index.example_start[fact + 1]]
        for (_, words, text), example_weight in zip(index.examples[fact], weights_of, strict=True):
            shared = sum(weights[t] for t in words if t in weights)
            overlap = 2 * shared / (question_weight + example_weight) if shared else 0.0
            sim = float(similarity[position])
            position += 1
            if overlap + sim > best[0]:
                best = (overlap + sim, overlap, sim, text)
        cover = float(coverage[fact])
        yield 100 * (0.6 * cover + 0.2 * best[1] + 0.2 * best[2]), fact, cover, best[1], best[2], best[3]


def test_scores_in_bulk_are_the_scores_of_a_loop_over_each_example(knowledge: Knowledge) -> None:
    index = knowledge.matcher.index
    for asked in questions():
        tokens = list(dict.fromkeys(index.normaliser.tokens(asked)))
        if not tokens:
            continue
        weights = np.array([index.weight(token) for token in tokens])
        coverage = scoring._coverage(index, tokens, weights)
        assert coverage.tolist() == plain_coverage(index, tokens, weights).tolist(), asked
        facts = scoring._prefilter(coverage)
        bulk = scoring._score(index, tokens, dict(zip(tokens, weights, strict=True)), coverage, facts)
        plain = plain_score(index, tokens, dict(zip(tokens, weights, strict=True)), coverage, facts)
        assert sorted(bulk, key=lambda s: s.fact) == sorted((scoring.Scored(*s) for s in plain), key=lambda s: s.fact)


words = st.text(alphabet=string.ascii_lowercase, min_size=4, max_size=14)


@settings(max_examples=300, deadline=None)
@given(word=words, cutoff=st.sampled_from([80, 85]))
def test_the_speller_finds_what_extract_one_finds_over_the_whole_list(
    knowledge: Knowledge, word: str, cutoff: int
) -> None:
    vocabulary = sorted(knowledge.matcher.normaliser.vocabulary)
    found = process.extractOne(word, vocabulary, scorer=fuzz.ratio, score_cutoff=cutoff)
    closest = Speller(vocabulary).closest(word, cutoff)
    if found:
        assert closest == found[0]
    else:  # only then: a word of the list with two neighbouring letters swapped or one letter changed, or nothing
        assert closest is None or (
            closest in vocabulary and (_one_swap_apart(word, closest) or _one_letter_off(word, closest))
        )


def _one_swap_apart(word: str, other: str) -> bool:
    return any(word[:at] + word[at + 1] + word[at] + word[at + 2 :] == other for at in range(len(word) - 1))


def _one_letter_off(word: str, other: str) -> bool:
    """Same length (five or more), same first letter, one other letter changed."""
    return (
        len(word) == len(other) >= 5
        and word[0] == other[0]
        and sum(a != b for a, b in zip(word, other, strict=True)) == 1
    )


def test_two_swapped_letters_are_corrected_when_nothing_is_close_enough(knowledge: Knowledge) -> None:
    vocabulary = sorted(knowledge.matcher.normaliser.vocabulary)
    assert Speller(vocabulary).closest("prak", 85) == "park"


def test_the_speller_corrects_real_misspellings_as_extract_one_does(knowledge: Knowledge) -> None:
    vocabulary = sorted(w for w in knowledge.matcher.normaliser.vocabulary if len(w) >= 4)
    speller, rng = Speller(vocabulary), random.Random(3)
    for word in vocabulary:
        at = rng.randrange(len(word))
        for typo in (word[:at] + word[at + 1 :], word[:at] + rng.choice(string.ascii_lowercase) + word[at:]):
            found = process.extractOne(typo, vocabulary, scorer=fuzz.ratio, score_cutoff=80)
            assert speller.closest(typo, 80) == (found[0] if found else None)


def test_stemming_in_c_gives_the_stems_of_the_pure_python_stemmer(knowledge: Knowledge) -> None:
    assert not isinstance(snowballstemmer.stemmer("english"), EnglishStemmer)  # PyStemmer is installed and used
    vocabulary = [w for w in knowledge.matcher.normaliser.vocabulary if w.isalpha()]
    rng = random.Random(5)
    vocabulary += ["".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(1, 15))) for _ in range(5000)]
    c, python = snowballstemmer.stemmer("english"), EnglishStemmer()
    assert [c.stemWord(w) for w in vocabulary] == [python.stemWord(w) for w in vocabulary]


chinese_text = st.text(
    alphabet=st.sampled_from("呼和浩特研发机构有多少个乳业企业创新平台包头的是什么哪家银行给了"), max_size=40
)


@settings(max_examples=200, deadline=None)
@given(run=chinese_text, start=st.integers(0, 40), end=st.integers(0, 40))
def test_a_run_read_after_a_longer_one_is_cut_as_if_read_first(run: str, start: int, end: int) -> None:
    """A clause's run takes the dictionary words of the message's run it is part of (chinese._known)."""
    part = run[start:end]
    chinese._RECENT.clear()
    alone = chinese.cjk_tokens(part)
    chinese.cjk_tokens(run)
    assert chinese.cjk_tokens(part) == alone


pattern_words = st.sampled_from(
    "for end to purpose reason is was the aims goal hope year date day month long ago much many money yuan of big "
    "size share city town province bank company university newspaper consortium institution does did are and so "
    "but tell me know ask located based whom whose wat wen wich hw mny total? count number? tally sum? value? "
    "amount? , . ? ; : 哪 为什么 多少 几个 哪家银行 谁".split()
)


@settings(max_examples=500, deadline=None)
@given(words=st.lists(pattern_words | st.text(alphabet="abcdefghijklmnopqrstuvwxyz ", max_size=8), max_size=12))
def test_a_question_is_read_for_a_kind_of_answer_only_when_it_has_a_word_every_pattern_needs(words: list[str]) -> None:
    """question.EN_NEEDS and ZH_NEEDS spare the patterns on text that cannot match them: they must be necessary."""
    text = fold(" ".join(words))
    english = [*(pattern for _, pattern in question._EN_PATTERNS), question._EN_ORGANISATION, question._EN_WHO]
    if any(pattern.search(text) for pattern in english):
        assert question.EN_NEEDS.search(text)
    chinese_patterns = [*(pattern for _, pattern in question._ZH_PATTERNS), question._ZH_ORGANISATION]
    if any(pattern.search(text) for pattern in chinese_patterns) or "谁" in text:
        assert question.ZH_NEEDS.search(text)
    for sample in questions():
        folded = fold(sample)
        assert question.EN_NEEDS.search(folded) or not any(pattern.search(folded) for pattern in english)
