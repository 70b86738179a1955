"""What a conversation carries from one turn to the next besides its entities: a topic named by a word, a switch
put as a comparison, and nothing at all once a message says it changes the subject.

Each case is worded here, not copied from a development or blind set.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.engine.carried import changes_topic
from bot.engine.facade import Engine
from bot.engine.knowledge import KnowledgeStore

FACTS = Path(__file__).resolve().parent.parent / "facts"


@pytest.fixture
def engine() -> Engine:
    return Engine(KnowledgeStore(FACTS))


def _turns(engine: Engine, *messages: str) -> list[tuple[str | None, str]]:
    """Each message asked in one chat: the first fact of its reply and how it was understood."""
    replies = [engine.ask(message, chat="one") for message in messages]
    return [(reply.facts[0].id if reply.facts else None, reply.understood) for reply in replies]


def test_a_topic_named_by_the_last_question_is_carried_to_a_follow_up_naming_none(engine: Engine) -> None:
    """Without it, "which fields?" about Hohhot is answered by Hohhot's most competitive sector, dairy."""
    _, (fact, understood) = _turns(engine, "Is Hohhot strong in biomedicine?", "which fields in particular?")
    assert fact == "hohhot-vaccines-pharma-rd"
    assert "Biomedicine" in understood  # the reply shows what it understood


def test_a_follow_up_pointing_at_the_entity_does_not_take_the_topic(engine: Engine) -> None:
    _, (fact, understood) = _turns(engine, "Who is Wang Long?", "what's his job?")
    assert fact == "wang-long-chief-information-officer"
    assert "(" not in understood


def test_a_comparison_with_another_entity_asks_the_last_question_of_it(engine: Engine) -> None:
    _, (fact, understood) = _turns(
        engine, "How many R&D institutions does Hohhot have?", "how does that compare with Baotou?"
    )
    assert fact is None  # no fact counts Baotou's
    assert understood == "How many R&D institutions does Baotou have?"


def test_a_message_that_changes_the_subject_is_read_on_its_own(engine: Engine) -> None:
    """ "their financing" would otherwise point at North Hauler, which no financing fact is about."""
    _, (fact, understood) = _turns(
        engine,
        "What does the North Hauler consortium work on?",
        "OK, different question: how did the four companies qualify for their financing?",
    )
    assert fact == "spdb-technology-financing"
    assert understood == ""
    assert changes_topic("换个话题，王龙是谁？") and changes_topic("unrelated but, who is Wang Long?")
    assert not changes_topic("What is the other topic the bureau works on?")


def test_a_message_answered_far_more_clearly_on_its_own_leaves_the_context(engine: Engine) -> None:
    """After the bureau's sectors, the clustering fields of biomedicine are the clustering fact's, not the bureau's."""
    _, _, (fact, understood) = _turns(
        engine,
        "Which sectors did Hohhot's sci-tech bureau target?",
        "why?",
        "which biomedical areas in particular are concentrating in the city?",
    )
    assert fact == "hohhot-vaccines-pharma-rd"
    assert understood == ""


def test_contact_details_no_fact_gives_are_not_the_last_facts(engine: Engine) -> None:
    _, (fact, _) = _turns(engine, "Who is Wang Long?", "how can I reach him?")
    assert fact is None


def test_a_total_asked_after_two_counts_adds_them_up(engine: Engine) -> None:
    replies = [
        engine.ask(message, chat="total")
        for message in ("How many tech firms got titles?", "and how many consortiums?", "so how many titles in all?")
    ]
    assert {fact.id for fact in replies[-1].facts} == {"leading-technology-enterprises", "innovation-consortium-titles"}
    assert "18" in replies[-1].worked_out


def test_a_claim_put_as_a_follow_up_is_checked_in_context(engine: Engine) -> None:
    _, (fact, _) = _turns(
        engine, "What did Yili and Mengniu win?", "a friend said it was a first prize, is that right?"
    )
    assert fact == "milk-safety-project-award"


def test_a_switch_to_a_city_after_which_city_asks_what_it_is_known_for(engine: Engine) -> None:
    """Not "呼和浩特哪个城市工业体系最完整": Hohhot has no cities."""
    _, (fact, understood) = _turns(engine, "内蒙古哪个城市工业体系最完整？", "那呼和浩特呢？")
    assert fact is not None and understood == "呼和浩特有什么优势？"


def test_the_paper_behind_the_figures_just_given_is_their_articles(engine: Engine) -> None:
    """After Hohhot's counts and a switch to Baotou, "those figures" are still the Hohhot article's."""
    *_, (fact, _) = _turns(
        engine,
        "How many innovation platforms does Hohhot have?",
        "and R&D institutions?",
        "what about Baotou?",
        "which newspaper reported those figures?",
    )
    assert fact is not None and fact.startswith("hohhot-")  # the Hohhot Daily, not the consortium story's photos
    _, (author, _) = _turns(engine, "Which newspaper reported Hohhot's progress?", "who wrote that story?")
    assert author is None  # a writer, whom the article does not name
