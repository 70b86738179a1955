"""Loading and validation: every kind of problem is reported with its file and line, all at once."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.engine.knowledge import KnowledgeStore, build
from bot.engine.loader import load, parse
from bot.engine.model import FactBaseError

MINI = Path(__file__).parent / "fixtures" / "mini"


@pytest.fixture()
def facts_dir(tmp_path: Path) -> Path:
    """A writable copy of the mini fact base."""
    target = tmp_path / "facts"
    shutil.copytree(MINI, target)
    return target


def problems_of(directory: Path, name: str, text: str) -> list[str]:
    """Write one more file into the fact base and return the problems reported, as `file:line: message`."""
    (directory / name).write_text(text, encoding="utf-8")
    with pytest.raises(FactBaseError) as raised:
        build(directory)
    return [f"{Path(p.path).name}:{p.line}: {p.message}" for p in raised.value.problems]


FACT = """\
facts:
  - id: extra
    text: Baotou is in Inner Mongolia.
    source: mini
    quote: Baotou has the most complete industrial system in the region.
    topics: [industry]
    entities: [baotou]
    questions: [where is baotou, baotou location, which region is baotou in, baotou province]
"""


def test_the_mini_fact_base_loads() -> None:
    base = load(MINI)
    assert [f.id for f in base.facts] == ["hohhot-capital", "hohhot-rd", "baotou-industry", "yili-prize"]
    assert base.sources["mini"].date == "2021"
    assert base.synonyms["r&d"] == "research and development"


def test_yaml_syntax_error_is_reported_with_its_line(facts_dir: Path) -> None:
    problems = problems_of(facts_dir, "broken.yaml", "facts:\n  - id: a\n    text: [unclosed\n")
    assert len(problems) == 1
    assert problems[0].startswith("broken.yaml:4: YAML syntax error") or problems[0].startswith("broken.yaml:3:")


def test_unknown_and_missing_keys(facts_dir: Path) -> None:
    text = FACT.replace("    source: mini\n", "    sorce: mini\n")
    problems = problems_of(facts_dir, "extra.yaml", text)
    assert any(p.startswith("extra.yaml:4: unknown key 'sorce' in facts") for p in problems), problems
    assert "extra.yaml:2: facts entry is missing 'source'" in problems


def test_wrong_types(facts_dir: Path) -> None:
    text = FACT.replace("topics: [industry]", "topics: industry").replace(
        "text: Baotou is in Inner Mongolia.", "text: [a, b]"
    )
    problems = problems_of(facts_dir, "extra.yaml", text)
    assert "extra.yaml:3: 'text' must be a text, not a list" in problems
    assert "extra.yaml:6: 'topics' must be a list of texts, not 'industry'" in problems


def test_duplicate_ids_name_the_first_definition(facts_dir: Path) -> None:
    problems = problems_of(facts_dir, "extra.yaml", FACT.replace("id: extra", "id: hohhot-rd"))
    # Files are read in name order, so extra.yaml comes first and mini.yaml holds the duplicate.
    assert any(
        p.startswith("mini.yaml:41: duplicate fact id 'hohhot-rd' (first at") and p.endswith("extra.yaml:2)")
        for p in problems
    ), problems


def test_unknown_references(facts_dir: Path) -> None:
    text = FACT.replace("source: mini", "source: nowhere").replace("[industry]", "[industry, weather]")
    text = text.replace("entities: [baotou]", "entities: [baotou, atlantis]")
    problems = problems_of(facts_dir, "extra.yaml", text)
    assert "extra.yaml:4: unknown source 'nowhere'" in problems
    assert "extra.yaml:6: unknown topic 'weather'" in problems
    assert "extra.yaml:7: unknown entity 'atlantis'" in problems


def test_empty_text(facts_dir: Path) -> None:
    problems = problems_of(facts_dir, "extra.yaml", FACT.replace("text: Baotou is in Inner Mongolia.", 'text: "  "'))
    assert "extra.yaml:3: 'text' is empty" in problems


def test_quote_must_be_in_the_article(facts_dir: Path) -> None:
    problems = problems_of(facts_dir, "extra.yaml", FACT.replace("the most complete", "the least complete"))
    assert "extra.yaml:5: quote is not in the article of source 'mini'" in problems


def test_too_few_example_questions(facts_dir: Path) -> None:
    text = FACT.replace(
        "[where is baotou, baotou location, which region is baotou in, baotou province]", "[where is baotou]"
    )
    assert "extra.yaml:8: give at least 4 example questions, not 1" in problems_of(facts_dir, "extra.yaml", text)


def test_collision_an_example_that_belongs_to_another_fact(facts_dir: Path) -> None:
    # "hohhot research institutions" is an example of hohhot-rd: as an example of this fact it collides.
    text = FACT.replace("baotou province", "hohhot research institutions")
    problems = problems_of(facts_dir, "extra.yaml", text)
    assert any(p.startswith("extra.yaml:8: example question 'hohhot research institutions'") for p in problems)


def test_collision_an_example_naming_an_entity_the_fact_is_not_about(facts_dir: Path) -> None:
    text = FACT.replace("baotou province", "is ordos near baotou")
    problems = problems_of(facts_dir, "extra.yaml", text)
    assert any("'is ordos near baotou'" in p and "Ordos" in p for p in problems), problems


def test_every_problem_is_reported_at_once(facts_dir: Path) -> None:
    (facts_dir / "a.yaml").write_text("facts: {}\n", encoding="utf-8")
    (facts_dir / "b.yaml").write_text("topics:\n  - id: Bad Id\n    name: x\n", encoding="utf-8")
    with pytest.raises(FactBaseError) as raised:
        build(facts_dir)
    messages = [str(p) for p in raised.value.problems]
    assert any("a.yaml:1: 'facts' must be a list" in m for m in messages), messages
    assert any("b.yaml:2: topic id 'Bad Id' must be lower-case" in m for m in messages), messages


def test_missing_chinese_text_is_reported_once_others_have_one(facts_dir: Path) -> None:
    text = (
        (MINI / "mini.yaml")
        .read_text(encoding="utf-8")
        .replace(
            "    text: Yili won a prize in 2020.\n",
            "    text: Yili won a prize in 2020.\n    text_zh: 伊利在2020年获奖。\n"
            "    questions_zh: [伊利获得了什么奖, 伊利 奖项, 伊利得奖了吗]\n",
        )
    )
    (facts_dir / "mini.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(FactBaseError) as raised:
        build(facts_dir)
    messages = [f"{Path(p.path).name}:{p.line}: {p.message}" for p in raised.value.problems]
    assert "mini.yaml:30: fact has no 'text_zh' while other facts have one" in messages
    assert len(messages) == 3  # the three facts without Chinese, and nothing about the one that has it


def test_a_figure_that_differs_between_languages_is_an_error(facts_dir: Path) -> None:
    text = (MINI / "mini.yaml").read_text(encoding="utf-8")
    for fact_text, chinese in (
        ("Hohhot is the capital of Inner Mongolia.", "呼和浩特是内蒙古的首府。"),
        ("Hohhot has 464 research and development institutions of various types.", "呼和浩特拥有各类研发机构446家。"),
        ("Baotou has the most complete industrial system in Inner Mongolia.", "包头拥有内蒙古最完整的工业体系。"),
        ("Yili won a prize in 2020.", "伊利在2020年获奖。"),
    ):
        text = text.replace(
            f"    text: {fact_text}\n",
            f"    text: {fact_text}\n    text_zh: {chinese}\n    questions_zh: [一, 二, 三]\n",
        )
    (facts_dir / "mini.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(FactBaseError) as raised:
        build(facts_dir)
    figure_problems = [p for p in raised.value.problems if "figure" in p.message]
    assert len(figure_problems) == 1
    assert "464" in figure_problems[0].message and "446" in figure_problems[0].message
    assert figure_problems[0].line == 45  # the text_zh line of hohhot-rd


def test_nothing_is_half_loaded_and_the_old_knowledge_keeps_serving(facts_dir: Path) -> None:
    store = KnowledgeStore(facts_dir)
    before = store.current
    (facts_dir / "broken.yaml").write_text("facts:\n  - id: x\n", encoding="utf-8")
    with pytest.raises(FactBaseError):
        store.reload()
    assert store.current is before
    assert store.current.matcher.match("How many R&D institutions does Hohhot have?").fact_id == "hohhot-rd"


def test_install_writes_only_a_valid_file_and_keeps_a_backup(facts_dir: Path) -> None:
    store = KnowledgeStore(facts_dir)
    result = store.install("extra.yaml", FACT.encode())
    assert result.changes.added == ("extra",)
    assert (facts_dir / "extra.yaml").read_text(encoding="utf-8") == FACT
    changed = FACT.replace("Baotou is in Inner Mongolia.", "Baotou is a city in Inner Mongolia.")
    assert store.install("extra.yaml", changed.encode()).changes.changed == ("extra",)
    assert (facts_dir / "extra.yaml.bak").read_text(encoding="utf-8") == FACT
    with pytest.raises(FactBaseError):
        store.install("extra.yaml", b"facts:\n  - id: [broken\n")
    assert (facts_dir / "extra.yaml").read_text(encoding="utf-8") == changed
    assert "extra" in store.current.base.fact_by_id


def test_install_refuses_other_file_kinds(facts_dir: Path) -> None:
    store = KnowledgeStore(facts_dir)
    with pytest.raises(FactBaseError, match=r"only \.yaml"):
        store.install("notes.txt", b"hello")
    with pytest.raises(FactBaseError, match="not UTF-8"):
        store.install("x.yaml", b"\xff\xfe")


yaml_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "facts",
                    "topics",
                    "sources",
                    "entities",
                    "lexicon",
                    "id",
                    "text",
                    "questions",
                    "synonyms",
                    "name",
                    "kind",
                    "source",
                    "topics",
                    "quote",
                ]
            )
            | st.text(max_size=8),
            children,
            max_size=4,
        )
    ),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document=yaml_values)
def test_any_yaml_document_gives_a_fact_base_or_a_validation_error(document: object) -> None:
    text = yaml.safe_dump(document, allow_unicode=True)
    try:
        parse({Path("any.yaml"): text}, MINI / "articles")
    except FactBaseError as error:
        assert all(p.line >= 1 for p in error.problems)


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=200))
def test_any_text_gives_a_fact_base_or_a_validation_error(text: str) -> None:
    try:
        parse({Path("any.yaml"): text}, MINI / "articles")
    except FactBaseError as error:
        assert error.problems


def test_a_reload_reuses_tokens_only_while_the_lexicon_is_unchanged(facts_dir: Path) -> None:
    """Unchanged texts keep their tokens across a reload, unless the lexicon or aliases changed."""
    store = KnowledgeStore(facts_dir)
    before = store.current.matcher.index.text_tokens["yili award"]
    store.reload()
    assert store.current.matcher.index.text_tokens["yili award"] is before  # reused, not recomputed
    mini = facts_dir / "mini.yaml"
    mini.write_text(
        mini.read_text(encoding="utf-8").replace(
            "    institutions: [centres, centers]", "    institutions: [centres, centers]\n    honour: [award]"
        ),
        encoding="utf-8",
    )
    store.reload()
    assert store.current.matcher.index.text_tokens["yili award"] == ["@yili", "honour"]
    assert store.current.matcher.match("the honour of yili").fact_id == "yili-prize"


def test_gives_names_kinds_of_answer_the_matcher_knows(facts_dir: Path) -> None:
    text = FACT.replace("    questions:", "    gives: [place, colour]\n    questions:")
    problems = problems_of(facts_dir, "extra.yaml", text)
    assert any(p.startswith("extra.yaml:8: gives 'colour' must be one of reason, date, amount") for p in problems)
    assert not any("'place'" in p for p in problems)


def test_exclusive_groups_need_at_least_two_terms(facts_dir: Path) -> None:
    lexicon = "lexicon:\n  exclusive:\n    - [chairman, president]\n    - [mayor]\n    - chairman\n"
    problems = problems_of(facts_dir, "extra.yaml", lexicon)
    assert "extra.yaml:4: a group of exclusive terms needs at least two terms" in problems
    assert "extra.yaml:5: a group of exclusive terms must be a list of texts, not 'chairman'" in problems
    assert len(problems) == 2
