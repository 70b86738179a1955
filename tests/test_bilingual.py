"""Chinese and English on the real fact base: matching, reply language, topics, and the curated translations."""

from __future__ import annotations

import pytest
import zhconv
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.config import DEFAULT_FACTS
from bot.engine.answers import answer
from bot.engine.knowledge import Knowledge, build
from bot.engine.loader import load
from bot.engine.normalise import fold
from bot.engine.reply import plain_text
from bot.engine.simplified import _table, simplified


@pytest.fixture(scope="module")
def knowledge() -> Knowledge:
    return build(DEFAULT_FACTS)


def test_every_fact_topic_and_source_has_a_chinese_text() -> None:
    base = load(DEFAULT_FACTS)
    assert all(fact.text_zh for fact in base.facts)
    assert all(len([e for e in fact.examples if e.language == "zh"]) >= 3 for fact in base.facts)
    assert all(topic.name_zh for topic in base.topics.values())
    assert all(source.title_zh and source.publisher_zh for source in base.sources.values())


@pytest.mark.parametrize(
    "question",
    [
        "呼和浩特有多少研发机构？",
        "呼和浩特有多少研發機構？",  # traditional characters
        "呼和浩特有多少研发机构?",  # half-width question mark
        "呼市　研发机构　数量",  # a colloquial name and full-width spaces
    ],
)
def test_chinese_questions_in_any_form_get_the_same_fact(knowledge: Knowledge, question: str) -> None:
    reply = answer(knowledge, question)
    assert reply.fact is not None and reply.fact.id == "hohhot-rd-institutions"
    text = plain_text(reply.reply)
    assert "464" in text and "来源：" in text


def test_replies_come_in_the_language_of_the_question(knowledge: Knowledge) -> None:
    english = plain_text(answer(knowledge, "How many R&D institutions does Hohhot have?").reply)
    assert english.startswith("Hohhot has 464") and "Source:" in english
    forced = plain_text(answer(knowledge, "How many R&D institutions does Hohhot have?", "zh").reply)
    assert "464" in forced and "来源" in forced


def test_a_chinese_question_the_facts_do_not_answer_is_declined_in_chinese(knowledge: Knowledge) -> None:
    reply = answer(knowledge, "鄂尔多斯有多少研发机构？")
    assert reply.fact is None
    assert "鄂尔多斯" in plain_text(reply.reply)


def test_topics_are_found_by_their_chinese_names(knowledge: Knowledge) -> None:
    assert knowledge.matcher.find_topic("乳业") == "dairy"
    assert knowledge.matcher.find_topic("milk") == "dairy"
    assert knowledge.matcher.find_topic("diary") == "dairy"


def test_transliterated_and_english_names_reach_the_same_entity(knowledge: Knowledge) -> None:
    for name in ("Hohhot", "Huhhot", "Huhehaote", "呼和浩特", "呼市"):
        assert knowledge.matcher.normaliser.tokens(name) == ["@hohhot"], name


def test_source_line_says_what_is_unknown_in_both_languages(knowledge: Knowledge) -> None:
    reply = answer(knowledge, "Which bank gave technology financing to Hohhot companies?")
    assert "2021 (exact date not known)" in plain_text(reply.reply)
    reply_zh = answer(knowledge, "浦发银行提供了多少科技融资？")
    assert "2021（具体日期不详）" in plain_text(reply_zh.reply)


def test_every_message_of_the_bot_is_in_both_languages_with_the_same_placeholders() -> None:
    from string import Formatter

    from bot.engine.messages import _TEXTS

    def placeholders(template: str) -> set[str]:
        return {name for _, name, _, _ in Formatter().parse(template) if name}

    assert set(_TEXTS["en"]) == set(_TEXTS["zh"])
    for key, english in _TEXTS["en"].items():
        assert placeholders(english) == placeholders(_TEXTS["zh"][key]), key


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF) | st.sampled_from("臺灣發展乾隆 a,。"))
)
def test_traditional_chinese_is_simplified_as_zhconv_does(text: str) -> None:
    """bot.engine.simplified reads zhconv's table without importing zhconv, and must convert just as it does."""
    assert simplified(text) == zhconv.convert(text, "zh-hans")


def test_every_phrase_of_the_table_is_simplified_as_zhconv_does() -> None:
    phrases = _table().phrases
    text = "".join(phrases)  # longest match first: a phrase may swallow the start of the next one, in both
    assert [simplified(p) for p in phrases] == [zhconv.convert(p, "zh-hans") for p in phrases]
    assert simplified(text) == zhconv.convert(text, "zh-hans")


def test_chinese_is_read_as_the_facts_write_it() -> None:
    assert fold("呼包两市") == "呼和浩特和包头两市"  # two cities named by their first characters
    assert fold("包头") == "包头"
    assert fold("那六家公司和十二个联合体") == "那6家公司和12个联合体"  # counts in digits
    assert fold("哪一个城市") == "哪一个城市" and fold("第一个") == "第一个"  # "which one", "the first": no count
