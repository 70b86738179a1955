"""Claims put to the bot to check (factcheck.py): what the articles say is given, with the claim it checks, even
when the claim's own figure, year, term or name would keep the right fact out. Worded here, not copied from a set.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.engine.facade import Engine
from bot.engine.factcheck import claim
from bot.engine.knowledge import KnowledgeStore
from bot.engine.reply import plain_text

FACTS = Path(__file__).resolve().parent.parent / "facts"


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(KnowledgeStore(FACTS))


def test_a_claim_is_what_comes_between_who_made_it_and_the_check_asked() -> None:
    assert claim("A leaflet says Hohhot has 500 R&D institutions. Is that right?") == "Hohhot has 500 R&D institutions"
    assert claim("有人说包头是内蒙古的首府，对吗？") == "包头是内蒙古的首府"
    assert claim("Hohhot has 464 R&D institutions.") == ""  # nothing asked to check
    assert claim("Is that right?") == ""


@pytest.mark.parametrize(
    ("message", "fact_id", "said"),
    [
        ("A leaflet says Hohhot has 500 R&D institutions. Is that right?", "hohhot-rd-institutions", "464"),  # figure
        ("My notes say the dairy project won its prize in 2019. Correct?", "milk-safety-project-award", "2020"),  # year
        ("Someone told me Wang Long is the CEO of North Hauler. Is that true?", "wang-long-chief-information-officer",
         "chief information officer"),  # a term of the same group
        ("A post says the four firms borrowed from Bank of China. Is that accurate?", "spdb-technology-financing",
         "Pudong"),  # a name no fact is about
        ("有人说包头是内蒙古的首府，对吗？", "hohhot-capital-of-inner-mongolia", "呼和浩特"),  # a name a fact is about
    ],
)  # fmt: skip
def test_a_wrong_claim_gets_what_the_articles_say(engine: Engine, message: str, fact_id: str, said: str) -> None:
    answer = engine.ask(message)
    assert [fact.id for fact in answer.facts][:1] == [fact_id]
    text = plain_text(answer.reply)
    assert said in text
    assert "articles say" in text or "文章的说法" in text  # the reply says it gives what the articles say


def test_a_claim_the_articles_say_nothing_about_is_not_answered(engine: Engine) -> None:
    assert engine.ask("A blog says Baotou's mayor opened the event. Is that right?").fact is None


def test_things_asked_one_by_one_need_a_fact_naming_them(engine: Engine) -> None:
    """The vaccines fact speaks of vaccines in general; the dairy project's fact names its project in quotes."""
    assert engine.ask("Which vaccines are made in Hohhot?").fact is None
    assert engine.ask("What specific projects did First Machinery Group sign?").fact is None
    answered = engine.ask("Which specific projects did Yili and Mengniu take part in?").fact
    assert answered is not None and answered.id == "yili-mengniu-milk-safety-project"
    found = engine.ask("what projects did First Machinery sign?").fact  # not asked one by one: what they were
    assert found is not None and found.id == "first-machinery-cooperation-projects"
