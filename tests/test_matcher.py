"""Matcher decisions: entity swaps, typos, synonyms, near-misses; never raises, deterministic, topic lookup."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.engine.chinese import cjk_tokens
from bot.engine.knowledge import Knowledge, build
from bot.engine.matcher import Matcher
from bot.engine.normalise import clean, fold, tokens_of_units

MINI = Path(__file__).parent / "fixtures" / "mini"


@pytest.fixture(scope="module")
def knowledge() -> Knowledge:
    return build(MINI)


@pytest.fixture(scope="module")
def matcher(knowledge: Knowledge) -> Matcher:
    return knowledge.matcher


@pytest.mark.parametrize(
    "question",
    [
        "How many R&D institutions does Hohhot have?",
        "how many research and development institutions in hohhot",
        "How many R and D centres has Huhehaote got?",  # synonyms and a transliteration
        "How many reserch instituions does Hohot have?",  # misspellings
        "ＨＯＨＨＯＴ Ｒ＆Ｄ institutions",  # full-width forms
    ],
)
def test_answers_variants_of_a_question(matcher: Matcher, question: str) -> None:
    match = matcher.match(question)
    assert match.decision == "answered", match.rule
    assert match.fact_id == "hohhot-rd"


def test_an_entity_swap_is_declined_and_says_why(matcher: Matcher) -> None:
    match = matcher.match("How many R&D institutions does Ordos have?")
    assert match.decision == "declined"
    assert match.foreign == ("ordos",)
    assert "Ordos" in match.rule


def test_a_year_the_fact_does_not_cover_is_declined(matcher: Matcher) -> None:
    assert matcher.match("What prize did Yili win in 2020?").fact_id == "yili-prize"
    match = matcher.match("What prize did Yili win in 2019?")
    assert match.decision == "declined"
    assert "2019" in match.rule


def test_a_place_that_contains_the_fact_place_is_consistent(matcher: Matcher) -> None:
    # Hohhot is part of Inner Mongolia, so naming Inner Mongolia does not rule out a Hohhot fact.
    match = matcher.match("in inner mongolia, how many R&D institutions does hohhot have")
    assert match.fact_id == "hohhot-rd"


@pytest.mark.parametrize(
    "question",
    [
        "What's the temperature in Baotou?",  # shares only the city with a fact
        "How many people live in Hohhot?",
        "thanks!",
        "qwertyuiop",
        "What is the meaning of life?",
    ],
)
def test_near_misses_and_unrelated_questions_are_not_answered(matcher: Matcher, question: str) -> None:
    assert matcher.match(question).decision != "answered"


def test_an_unknown_capitalised_name_is_refused_like_an_unknown_place(matcher: Matcher) -> None:
    assert matcher.match("What prize did Yili win?").decision == "answered"
    match = matcher.match("How many R&D institutions does Zorblax have?")
    assert match.decision == "declined"
    assert match.unknown_names == ("Zorblax",)
    assert "Zorblax" in match.rule


def test_a_name_in_a_preamble_sentence_does_not_block_the_question(matcher: Matcher) -> None:
    match = matcher.match("I'm a teacher from Zhuhai. How many R&D institutions does Hohhot have?")
    assert match.decision == "answered" and match.fact_id == "hohhot-rd"
    assert match.clause == "How many R&D institutions does Hohhot have?"


def test_an_ambiguous_question_offers_choices_instead_of_guessing(matcher: Matcher) -> None:
    match = matcher.match("hohhot")
    assert match.decision in ("suggested", "answered")
    if match.decision == "suggested":
        assert set(match.suggestions) <= {"hohhot-rd", "hohhot-capital"}
        assert len(match.suggestions) >= 2


def test_decisions_are_deterministic(knowledge: Knowledge) -> None:
    again = build(MINI).matcher
    for question in ("hohhot", "baotou industry", "yili", "capital"):
        assert knowledge.matcher.match(question) == again.match(question)


def test_topic_lookup_is_fuzzy(matcher: Matcher) -> None:
    assert matcher.find_topic("dairy") == "dairy"
    assert matcher.find_topic("milk") == "dairy"
    assert matcher.find_topic("diary") == "dairy"
    assert matcher.find_topic("R&D") == "research-and-development"
    assert matcher.find_topic("volcanoes") is None


def test_normalisation() -> None:
    assert fold("ＡＢＣ１２３") == "abc123"
    assert fold("研發機構") == "研发机构"  # traditional to simplified
    assert clean("Mengniu's park, (Hohhot)!") == "mengniu park hohhot"
    assert tokens_of_units(["the", "innovative", "platforms", "@hohhot", "研", "发", "research and development"]) == [
        "innov",
        "platform",
        "@hohhot",
        "研发",
        "research",
        "develop",
    ]
    # Words first, then bigrams inside each word: no bigram straddles 研发 and 机构, or 给 and 四家.
    assert cjk_tokens("呼和浩特有多少研发机构") == ["呼和", "和浩", "浩特", "研发", "机构"]
    assert cjk_tokens("给四家企业提供科技金融的是哪家银行") == ["四家", "企业", "提供", "科技", "金融", "银行"]


def test_traditional_chinese_is_matched_like_simplified(matcher: Matcher) -> None:
    assert matcher.normaliser.tokens("研發機構") == matcher.normaliser.tokens("研发机构")


@settings(max_examples=400, deadline=None)
@given(question=st.text(max_size=300))
def test_any_unicode_question_gets_a_decision_quickly(matcher: Matcher, question: str) -> None:
    started = time.perf_counter()
    match = matcher.match(question)
    elapsed = time.perf_counter() - started
    assert match.decision in ("answered", "suggested", "declined")
    assert elapsed < 0.5  # a generous ceiling against pathological input, not a performance goal (see bench/)


def test_a_very_long_question_is_cut_not_crashed(matcher: Matcher) -> None:
    match = matcher.match("hohhot " * 5000)
    assert match.decision in ("answered", "suggested", "declined")
