"""Drafting facts from an article: on articles the tool was not written against, and on the seed article.

The articles in fixtures/articles were written before the tool, in the style of the seed articles (a different
Inner Mongolian city, figures, dates, organisations). For each: the draft parses; every quote is verbatim in the
article; every figure of the article is in some drafted fact; known entities are used by id; and once the TODOs
are filled in with the article's own words, the file loads, passes the collision check and every one of its
example questions is answered with its own fact.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.curation.draft import Draft, DraftError, draft
from bot.engine.facade import Engine
from bot.engine.figures import figures
from bot.engine.knowledge import KnowledgeStore
from bot.engine.loader import load
from bot.engine.model import FactBase

ROOT = Path(__file__).resolve().parent.parent
FACTS = ROOT / "facts"
ARTICLES = Path(__file__).parent / "fixtures" / "articles"
SEED = FACTS / "articles" / "hohhot-sci-tech-boosts-industry.txt"
UNSEEN = {
    "baotou-rare-earth-park.txt": ["baotou", "inner-mongolia", "north-china", "northern-rare-earth", "china"],
    "ordos-hydrogen-park.txt": ["ordos", "inner-mongolia", "sinopec"],
    "ulanqab-data-center.txt": ["ulanqab", "inner-mongolia", "alibaba", "huawei"],
    # Written with the others but kept aside (Chifeng was drafted once by mistake mid-way; Bayannur only when the
    # tool was done, and it met every check here at that first run; what its draft showed was fixed as general rules).
    "chifeng-agritech-park.txt": ["chifeng", "inner-mongolia", "inner-mongolia-agricultural-university"],
    "bayannur-dairy-cluster.txt": ["bayannur", "inner-mongolia", "yili", "mengniu"],
}
_CAPTION_CREDIT = re.compile(r"\[Photo/[^\]]*\]")
_METADATA = re.compile(r"^(?:Home\s*>.*|Updated: .*)$")


@pytest.fixture(scope="module")
def base() -> FactBase:
    return load(FACTS)


def squash(text: str) -> str:
    return " ".join(text.split())


def drafted(base: FactBase, article: Path) -> tuple[Draft, dict[str, Any]]:
    result = draft(article.read_text(encoding="utf-8"), article.name, base)
    return result, yaml.safe_load(result.text)


def article_figures(article: Path) -> set[float]:
    """The figures of the article's prose and captions: every line but the breadcrumb, the title and the date."""
    lines = [line.strip() for line in article.read_text(encoding="utf-8").splitlines() if line.strip()]
    prose = [_CAPTION_CREDIT.sub("", line) for line in lines[2:] if not _METADATA.match(line)]
    return {value for line in prose for value in figures(line)}


def fill_todos(value: Any) -> Any:
    """Fill every TODO as a curator would, with the article's own content (the English words standing in for
    the Chinese ones, as the fact base does where no Chinese name is known)."""
    if isinstance(value, dict):
        filled = {key: fill_todos(item) for key, item in value.items()}
        for key, item in value.items():
            if isinstance(item, str) and item.startswith("TODO"):
                filled[key] = _fill(key, item, value)
        return filled
    if isinstance(value, list):
        return [fill_todos(item) for item in value]
    return value


def _fill(key: str, todo: str, entry: dict[str, Any]) -> str:
    if key == "kind":
        return "organisation"
    if key == "date":
        return "2023"
    if key == "text":
        return todo.split("keep only the sentence: ", 1)[1]
    if key == "text_zh":
        text = entry["text"]
        return "中文：" + (text.split("keep only the sentence: ", 1)[1] if text.startswith("TODO") else text)
    english = {"title_zh": "title", "publisher_zh": "publisher", "name_zh": "name", "date_note_zh": "date_note"}
    return str(entry[english[key]])


def fill_lists(fact: dict[str, Any]) -> None:
    """TODO items of a fact's lists: topics, English and Chinese example questions."""
    fact["topics"] = [t for t in fact["topics"] if not t.startswith("TODO")] or ["industry"]
    english = [q for q in fact["questions"] if not q.startswith("TODO")]
    english += [f"tell me more: {fact['quote']}"] * (len(fact["questions"]) > len(english))
    fact["questions"] = english
    fact["questions_zh"] = ["请问" + question for question in english[:3]]


@pytest.mark.parametrize("name", sorted(UNSEEN))
def test_the_draft_of_an_unseen_article_parses_quotes_verbatim_and_keeps_every_figure(
    base: FactBase, name: str
) -> None:
    article = ARTICLES / name
    result, parsed = drafted(base, article)
    text = squash(article.read_text(encoding="utf-8"))
    facts = parsed["facts"]
    assert result.facts == len(facts) >= 5
    assert all(squash(fact["quote"]) in text for fact in facts)
    stated = {value for fact in facts for value in figures(fact["text"])}
    assert article_figures(article) <= stated
    used = {entity for fact in facts for entity in fact["entities"]}
    assert set(UNSEEN[name]) <= used
    new_names = {entity["name"].lower() for entity in parsed.get("entities", [])}
    known_names = {name.lower() for entity in base.entities.values() for name in (entity.name, *entity.aliases)}
    assert not new_names & known_names


@pytest.mark.parametrize("name", sorted(UNSEEN))
def test_an_unseen_draft_with_its_todos_filled_loads_and_answers_its_questions(
    base: FactBase, name: str, tmp_path: Path
) -> None:
    article = ARTICLES / name
    result, parsed = drafted(base, article)
    facts = tmp_path / "facts"
    shutil.copytree(FACTS, facts)
    # The regression checks guard the curated facts: a new article may well answer what one says must be declined
    # (Baotou's research centres), which a curator settles by editing that check. Drafting is this test's subject.
    (facts / "checks.yaml").unlink()
    shutil.copy(article, facts / "articles" / name)
    (facts / "draft.yaml").write_text(result.text, encoding="utf-8")
    with pytest.raises(Exception, match="TODO"):
        KnowledgeStore(facts)  # a draft never loads by accident
    finished = fill_todos(parsed)
    for fact in finished["facts"]:
        fill_lists(fact)
    (facts / "draft.yaml").write_text(yaml.safe_dump(finished, allow_unicode=True), encoding="utf-8")
    engine = Engine(KnowledgeStore(facts))  # loads, with the collision check
    for fact in finished["facts"]:
        for question in fact["questions"] + fact["questions_zh"]:
            reply = engine.ask(question)
            assert reply.fact is not None and reply.fact.id == fact["id"], (question, reply.decision)


def test_the_seed_article_draft_recovers_every_curated_figure(base: FactBase) -> None:
    _, parsed = drafted(base, SEED)
    curated = {value for fact in base.facts if fact.source == "hohhot-sci-tech" for value in figures(fact.text)}
    assert {193, 464, 12e6, 1.9e6, 2020, 4} <= curated
    stated = {value for fact in parsed["facts"] for value in figures(fact["text"])}
    assert curated <= stated


def test_the_seed_draft_says_which_facts_already_quote_a_sentence(base: FactBase) -> None:
    result, _ = drafted(base, SEED)
    assert "Already in the fact base: fact hohhot-rd-institutions" in result.text


def test_an_undated_article_leaves_the_date_to_the_curator(base: FactBase) -> None:
    _, parsed = drafted(base, ARTICLES / "ordos-hydrogen-park.txt")
    source = parsed["sources"][0]
    assert source["date"].startswith("TODO") and "2025" in source["date"]
    assert source["date_note"] == "The article gives no date, so the exact date is not known."
    assert source["publisher"] == "Not named in the article"


def test_a_dated_article_gets_its_date_and_its_title(base: FactBase) -> None:
    _, parsed = drafted(base, ARTICLES / "baotou-rare-earth-park.txt")
    source = parsed["sources"][0]
    assert (source["id"], source["date"], source["title"]) == (
        "baotou-rare-earth-park",
        "2023-06-19",
        "Baotou rare earth park draws high-tech firms",
    )


def test_references_back_are_replaced_by_the_names_the_article_gives(base: FactBase) -> None:
    _, parsed = drafted(base, ARTICLES / "baotou-rare-earth-park.txt")
    texts = {squash(fact["quote"]): fact["text"] for fact in parsed["facts"]}
    assert texts[
        "The city has set up a rare earth industry fund worth 2 billion yuan to support new materials companies."
    ] == ("Baotou has set up a rare earth industry fund worth 2 billion yuan to support new materials companies.")
    assert texts["The company plans to train 150 engineers over the next three years."].startswith(
        "China Northern Rare Earth plans"
    )


def test_new_names_are_proposed_with_a_guessed_kind(base: FactBase) -> None:
    _, parsed = drafted(base, ARTICLES / "ulanqab-data-center.txt")
    kinds = {entity["name"]: entity["kind"] for entity in parsed["entities"]}
    assert kinds["Ulanqab Big Data Bureau"] == "organisation"
    assert kinds["Jining Normal University"] == "organisation"
    assert kinds["Jining"] == "place"
    assert kinds["Apple"].startswith("TODO: place, organisation or person?")


def test_a_source_id_already_taken_is_refused(base: FactBase) -> None:
    with pytest.raises(DraftError, match="already has a source 'hohhot-sci-tech'"):
        draft(SEED.read_text(encoding="utf-8"), SEED.name, base, "hohhot-sci-tech")


def test_an_article_without_sentences_is_refused(base: FactBase) -> None:
    with pytest.raises(DraftError, match="no sentences"):
        draft("Home > News\n\nJust a title\n", "empty.txt", base)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.one_of(
            st.text(max_size=80),
            st.sampled_from(["Home > News", "Updated: 2024-03-25", "Baotou has 12 parks.", '"Yes," said Li Hua.']),
        ),
        max_size=8,
    )
)
def test_any_article_gives_a_draft_that_parses_or_a_clear_refusal(lines: list[str]) -> None:
    try:
        result = draft("\n\n".join(lines), "any.txt", load(FACTS))
    except DraftError as error:
        assert error.key == "draft_no_statements"
        return
    parsed = yaml.safe_load(result.text)
    article = squash("\n\n".join(lines))
    assert all(squash(fact["quote"]) in article for fact in parsed["facts"])
