"""The parts of drafting: reading an article, finding names, making a sentence stand alone, writing YAML."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from bot.curation.drafting.article import parse_date, read_article, sentences
from bot.curation.drafting.asking import questions
from bot.curation.drafting.names import Gazetteer, find_new_entities
from bot.curation.drafting.standalone import Context, opener, stand_alone
from bot.curation.factyaml import FactFileWriter, Field, scalar
from bot.engine.loader import load
from bot.engine.model import FactBase

FACTS = Path(__file__).resolve().parent.parent / "facts"


@pytest.fixture(scope="module")
def base() -> FactBase:
    return load(FACTS)


@pytest.fixture(scope="module")
def gazetteer(base: FactBase) -> Gazetteer:
    return Gazetteer(base.entities.values())


def test_sentences_do_not_end_at_abbreviations_decimals_or_inside_quotes() -> None:
    paragraph = (
        'Baotou Steel Co. raised 1.9 billion yuan. "We are ready. We will grow," said Mr. Li. It opened in 2020.'
    )
    assert sentences(paragraph) == [
        "Baotou Steel Co. raised 1.9 billion yuan.",
        '"We are ready. We will grow," said Mr. Li.',
        "It opened in 2020.",
    ]


def test_the_article_header_is_read_and_set_aside() -> None:
    article = read_article(
        "Home > News\n\nWuhai opens a solar park\n\nUpdated: 2023-7-4\n\npark_1.jpg\n\n"
        "Wuhai opened a solar park with 300 panels on Monday.\n\n"
        "Workers clean the panels. [Photo/Wuhai Daily]\n"
    )
    assert (article.title, article.date, article.credits) == ("Wuhai opens a solar park", "2023-07-04", ["Wuhai Daily"])
    assert [(s.text, s.caption) for s in article.statements] == [
        ("Wuhai opened a solar park with 300 panels on Monday.", False),
        ("Workers clean the panels.", True),
    ]


def test_a_markdown_article_has_its_heading_as_title_and_its_markup_out_of_the_text() -> None:
    article = read_article(
        "# Ordos *builds* a park\n\nSource: Ordos Daily\n\nThe **park** covers 12 hectares of land.\n"
    )
    assert (article.title, article.publisher) == ("Ordos *builds* a park", "Ordos Daily")
    assert article.statements[0].quote == "The **park** covers 12 hectares of land."
    assert article.statements[0].text == "The park covers 12 hectares of land."


@pytest.mark.parametrize(
    ("written", "date"),
    [
        ("2024-03-25", "2024-03-25"),
        ("March 5, 2024", "2024-03-05"),
        ("5 March 2024", "2024-03-05"),
        ("June 2021", "2021-06"),
        ("soon", ""),
    ],
)
def test_dates_as_articles_write_them(written: str, date: str) -> None:
    assert parse_date(written) == date


def test_new_names_get_a_kind_from_their_suffix_their_context_or_a_todo(gazetteer: Gazetteer) -> None:
    sentence = (
        "Xilin Rare Earth Co and the Hulun Lake Park signed with Liu Yang, said Chen Bo, "
        "a manager in Dalate district; Envision works with Xinhua."
    )
    found = {
        entity.name: (entity.kind, entity.confident) for entity in find_new_entities([sentence], gazetteer, frozenset())
    }
    assert found["Xilin Rare Earth Co"] == ("organisation", True)
    assert found["Hulun Lake Park"] == ("place", True)
    assert found["Liu Yang"] == ("person", True)
    assert found["Chen Bo"] == ("person", True)
    assert found["Dalate"] == ("place", True)
    assert found["Xinhua"] == ("organisation", False)  # nothing tells: the draft leaves the kind as a TODO


def test_known_names_lists_and_quoted_titles_are_not_new_names(gazetteer: Gazetteer) -> None:
    sentence = 'Sinopec and Envision Group joined the "Green Hydrogen Demonstration Project" in Baotou Steel.'
    names = [entity.name for entity in find_new_entities([sentence], gazetteer, frozenset())]
    assert names == ["Envision Group"]


def test_a_name_containing_a_known_place_is_part_of_it(gazetteer: Gazetteer) -> None:
    (zone,) = find_new_entities(["It is in the Baotou Rare Earth High-tech Zone today."], gazetteer, frozenset())
    assert (zone.kind, zone.part_of) == ("place", ["baotou"])


def test_references_back_are_resolved_or_reported(gazetteer: Gazetteer) -> None:
    context = Context(
        gazetteer, "hohhot", ("hohhot", "mengniu", "hohhot-daily"), opener(gazetteer, "Yili won a prize.")
    )
    assert stand_alone("The city has 464 institutions.", context) == ("Hohhot has 464 institutions.", "")
    assert stand_alone("It also won a prize for the city's dairy.", context) == (
        "Yili also won a prize for Hohhot's dairy.",
        "",
    )
    assert stand_alone("The company grew.", context) == ("Mengniu grew.", "")
    assert stand_alone('"The city is great," he said.', context)[1] == "he"
    assert stand_alone("This was to help enterprises.", context)[1] == "This"
    assert stand_alone("Baotou, with its strong base, grew.", context) == ("Baotou, with its strong base, grew.", "")


def test_questions_ask_about_each_figure_organisation_and_place(gazetteer: Gazetteer) -> None:
    text = "Baotou Steel signed 3 projects with Inner Mongolia University in 2021, in Baotou."
    asked = questions(text, gazetteer.mentions(text), gazetteer, ["projects", "signed"])
    assert "How many projects at Baotou Steel?" in asked
    assert "Baotou Steel signed how many projects with Inner Mongolia University in 2021?" in asked
    assert "Baotou Steel signed 3 projects with Inner Mongolia University in which year?" in asked
    assert "Which company signed 3 projects with Inner Mongolia University in 2021?" in asked
    assert "Baotou Steel signed 3 projects with which university in 2021?" in asked


@given(st.text())
def test_any_text_is_written_as_a_scalar_that_reads_back_the_same(value: str) -> None:
    assert yaml.safe_load(f"key: {scalar(value)}") == {"key": value}
    assert yaml.safe_load(f"key: [{scalar(value, flow=True)}]") == {"key": [value]}


def test_the_writer_keeps_the_origin_of_every_line() -> None:
    writer = FactFileWriter()
    writer.section("topics")
    writer.entry([Field("id", "dairy", "Topics!A2"), Field("aliases", ["milk", "dairy: products"], "Topics!D2")])
    assert writer.text() == 'topics:\n  - id: dairy\n    aliases: [milk, "dairy: products"]\n'
    assert [writer.origin(line) for line in (1, 2, 3)] == [None, "Topics!A2", "Topics!D2"]
