"""Ways of putting a question that carry over from one asker to the next: slips in question words and names,
shorthand figures, informal nouns, how a date or a worth is asked, and questions listed after a colon.

Each case is worded here, not copied from a development or blind set: these guard the classes.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.engine.facade import Engine
from bot.engine.knowledge import KnowledgeStore
from bot.engine.question import read
from bot.engine.smalltalk import small_talk
from bot.engine.spelling import QUESTION_WORD_TYPOS, is_word

FACTS = Path(__file__).resolve().parent.parent / "facts"


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(KnowledgeStore(FACTS))


def _first(engine: Engine, question: str, chat: str | None = None) -> str | None:
    facts = engine.ask(question, chat=chat).facts
    return facts[0].id if facts else None


def test_question_words_with_two_letters_swapped_are_read_as_meant() -> None:
    assert read("whihc city hosts the park?").wants == "place"
    assert read("wehn did the two cities meet?").wants == "date"
    assert QUESTION_WORD_TYPOS["waht"] == "what"
    assert "hwo" not in QUESTION_WORD_TYPOS  # how or who: a guess either way
    swapped = [slip for slip, word in QUESTION_WORD_TYPOS.items() if sorted(slip) == sorted(word)]
    assert "whihc" in swapped and not any(is_word(slip) for slip in swapped)  # a real word is never a slip


@pytest.mark.parametrize(
    ("question", "fact_id"),
    [
        ("waht is the name of the cio at north hauller?", "wang-long-chief-information-officer"),  # a letter twice
        ("which city is the menngniu industrial park in", "mengniu-dairy-industrial-park"),
        ("whos the cio of north hauler", "wang-long-chief-information-officer"),
    ],
)
def test_slips_in_question_words_and_names_do_not_cost_the_answer(engine: Engine, question: str, fact_id: str) -> None:
    assert _first(engine, question) == fact_id


@pytest.mark.parametrize(
    ("question", "fact_id"),
    [
        ("Which lender put up the 12m yuan?", "spdb-technology-financing"),  # 12m: 12 million
        ("Where is North Hauler's head office?", "north-hauler-mining-truck-consortium"),  # head office: located
        ("How many firms got the leading tech enterprise badge?", "leading-technology-enterprises"),  # badge: title
        ("What's the timestamp on the consortium story?", "consortium-article-updated"),  # timestamp: date
    ],
)
def test_informal_words_reach_the_fact_they_mean(engine: Engine, question: str, fact_id: str) -> None:
    assert _first(engine, question) == fact_id


def test_informal_nouns_for_kinds_of_organisation_ask_for_that_kind() -> None:
    assert read("which unis joined?").kind == "university"
    assert read("which startups got loans?").kind == "company"


def test_what_is_the_date_asks_a_date_and_a_worth_after_a_possessive_an_amount(engine: Engine) -> None:
    assert read("what's the date of the March event?").wants == "date"
    assert read("what's Baotou's mining sector worth?").wants == "amount"
    assert _first(engine, "what's Baotou's mining sector worth?") is None  # no fact gives what it is worth


def test_how_many_with_a_participle_counts_what_came_before(engine: Engine) -> None:
    assert read("consortium titles - how many given out?").focus == "consortium titles"
    assert _first(engine, "leading tech enterprise titles - how many handed out?") == "leading-technology-enterprises"


def test_the_date_on_an_article_is_that_articles_date(engine: Engine) -> None:
    """The consortium article gives its date; the Hohhot article gives none, so its date is not the other's."""
    assert _first(engine, "what's the date on the consortium article?") == "consortium-article-updated"
    assert _first(engine, "what's the date on the Hohhot article?") is None


def test_questions_listed_after_a_colon_are_each_answered(engine: Engine) -> None:
    answer = engine.ask("About the March 23 event: how many consortiums got titles, and was anything signed?")
    assert {fact.id for fact in answer.facts} == {
        "innovation-consortium-titles",
        "first-machinery-cooperation-projects",
    }


def test_compared_with_the_other_city_asks_of_each(engine: Engine) -> None:
    answer = engine.ask("与包头相比，呼和浩特的优势是什么？")
    assert "hohhot-universities-institutes" in {fact.id for fact in answer.facts}
    assert "baotou-industrial-system" in {fact.id for fact in answer.facts}


def test_a_load_asked_needs_a_figure_in_tonnes_and_a_size_does_not(engine: Engine) -> None:
    """ "Large-tonnage trucks" says how big they are, not what they carry."""
    assert _first(engine, "What load capacity do North Hauler's trucks have?") is None
    assert _first(engine, "How big are North Hauler's trucks?") == "north-hauler-mining-truck-consortium"


def test_the_x_one_asks_the_last_question_of_x(engine: Engine) -> None:
    assert _first(engine, "What date is on the consortium story?", chat="one") == "consortium-article-updated"
    answer = engine.ask("and the Hohhot one?", chat="one")
    assert answer.fact is None  # the Hohhot article gives no date
    assert "Hohhot story" in answer.understood


def test_a_follow_up_pointing_back_inside_a_date_question_is_read_in_context(engine: Engine) -> None:
    assert _first(engine, "When was the consortium article last updated?", chat="it") == "consortium-article-updated"
    assert _first(engine, "and the date of the event it reports?", chat="it") == "hohhot-baotou-event-2024"


def test_a_total_split_across_a_count_asks_the_count(engine: Engine) -> None:
    assert _first(engine, "How much financing did Pudong bank provide?", chat="split") == "spdb-technology-financing"
    answer = engine.ask("divided among how many firms?", chat="split")
    assert answer.fact is not None and answer.fact.id == "spdb-technology-financing"
    assert answer.match is not None and answer.match.reading.wants == "count"


def test_a_chinese_count_is_of_what_the_figure_counts_not_the_means_named_after_it(engine: Engine) -> None:
    """ "4家企业凭借高新技术企业资质..." counts companies; it does not say how many high-tech enterprises there are."""
    assert _first(engine, "呼和浩特有多少家高新技术企业？") is None
    assert _first(engine, "有多少家企业拿到了浦发银行的科技融资？") == "spdb-technology-financing"
    assert _first(engine, "这次活动评出了几家科技领军企业？") == "leading-technology-enterprises"


def test_a_fourth_question_in_one_message_is_answered_too(engine: Engine) -> None:
    answer = engine.ask(
        "For my notes on Hohhot: how many R&D institutions does it have, how many innovation platforms does it have, "
        "which bank gave its firms tech loans, and which sectors does its sci-tech bureau target?"
    )
    assert len(answer.parts) == 4
    assert "bureau-priority-sectors" in {fact.id for fact in answer.facts}


def test_a_main_or_key_strength_is_a_strength(engine: Engine) -> None:
    assert _first(engine, "What is Baotou's key strength?") == "baotou-industrial-system"
    assert _first(engine, "What is Baotou's main strength according to the consortium article?") == (
        "baotou-industrial-system"
    )


def test_where_from_before_a_kind_of_organisation_asks_a_place() -> None:
    assert read("一机集团跟哪里的单位签约了？").wants == "place"
    assert read("一机集团跟哪些单位签约了？").wants == "organisation"


def test_a_venue_is_not_given_by_the_city_an_event_was_in(engine: Engine) -> None:
    assert _first(engine, "At which venue did the two cities hold the March 23 event?") is None
    assert _first(engine, "Where did the March 23 event take place?") == "hohhot-baotou-event-2024"
    assert read("Who's building the trucks, and where?").kind != "venue"  # building, the verb


def test_thanks_or_a_greeting_with_a_remark_is_small_talk_and_a_name_after_hi_is_not() -> None:
    assert small_talk("Thanks a lot, that was useful for my thesis!") == "thanks"
    assert small_talk("Hello! I'm a journalist covering Inner Mongolia.") == "greeting"
    assert small_talk("你好，我在写一篇关于包头的论文。") == "greeting"
    assert small_talk("hi, north hauler") is None  # what it asks about
    assert small_talk("Hello! I'm a journalist, tell me about Baotou.") is None  # a request


def test_which_ones_in_chinese_after_a_count_asks_the_names_the_count_does_not_give(engine: Engine) -> None:
    engine.ask("How many leading tech enterprises were named?", chat="names")
    answer = engine.ask("具体是哪几家？", chat="names")
    assert answer.fact is None


def test_a_follow_up_about_the_thing_itself_is_not_the_last_facts(engine: Engine) -> None:
    engine.ask("When was the consortium article updated?", chat="itself")
    assert _first(engine, "and when did the event itself happen?", chat="itself") == "hohhot-baotou-event-2024"


def test_a_switch_to_the_other_of_two_named_asks_of_it(engine: Engine) -> None:
    assert _first(engine, "在呼包合作中，呼和浩特有什么优势？", chat="beside") == "hohhot-universities-institutes"
    answer = engine.ask("那包头呢？", chat="beside")
    assert answer.fact is not None and answer.fact.id == "baotou-industrial-system"
    assert "包头有什么优势" in answer.understood


def test_a_question_declined_for_what_it_asked_leaves_its_subject_for_the_next(engine: Engine) -> None:
    """The event's fact gives no venue, but it is what "it" is next."""
    assert _first(engine, "Where exactly was the March 23 event held?", chat="subject") is None
    assert _first(engine, "when was it, then?", chat="subject") == "hohhot-baotou-event-2024"


def test_titles_two_facts_each_count_are_given_both_with_their_sum(engine: Engine) -> None:
    """Without "in total": consortium titles and enterprise titles are both titles, close to the question alike."""
    answer = engine.ask("How many titles were given out at the March event?")
    assert {fact.id for fact in answer.facts} == {"leading-technology-enterprises", "innovation-consortium-titles"}
    assert "18" in answer.worked_out
    assert _first(engine, "How many people attended the March 23 event?") is None  # nobody counts them


def test_informal_ways_of_asking_who_and_what_for(engine: Engine) -> None:
    assert read("who's the Yili guy?").kind == "person"
    assert _first(engine, "王龙是干嘛的？") == "wang-long-chief-information-officer"  # what he does, not why
    assert _first(engine, "What does Baotou have going for it?") == "baotou-industrial-system"


def test_the_photos_for_an_article_are_that_articles(engine: Engine) -> None:
    assert _first(engine, "Who provided the photos for the consortium article?") == "consortium-photos-baotou-news"
    assert _first(engine, "Who provided the photos for the Hohhot article?") == "hohhot-photos-hohhot-daily"
    assert _first(engine, "Whose photos illustrate the consortium article?") == "consortium-photos-baotou-news"


def test_who_supplies_a_thing_needs_a_fact_that_mentions_it(engine: Engine) -> None:
    assert _first(engine, "Who supplies the batteries for North Hauler's trucks?") is None


def test_names_asked_of_a_kind_need_a_fact_naming_them() -> None:
    assert read("any company names?").wants == "who"
    assert read("which fields in particular?").wants is None  # fields are not named like people or firms


def test_a_choice_of_two_places_may_name_what_each_is(engine: Engine) -> None:
    assert (
        _first(engine, "Is North Hauler a Hohhot company or a Baotou company?")
        == "north-hauler-mining-truck-consortium"
    )


def test_a_clause_keeps_the_article_the_question_cites(engine: Engine) -> None:
    """The consortium story says Hohhot gathered universities; the Hohhot story counts its platforms."""
    facts = {f.id for f in engine.ask("According to the consortium story, what has Hohhot gathered a lot of?").facts}
    assert "hohhot-universities-institutes" in facts
    assert "hohhot-innovation-platforms" not in facts


def test_a_citys_administrative_role_is_its_status(engine: Engine) -> None:
    assert _first(engine, "What administrative role does Hohhot hold within Inner Mongolia?") == (
        "hohhot-capital-of-inner-mongolia"
    )


def test_one_vowel_for_another_in_a_persons_name_still_names_them(engine: Engine) -> None:
    assert _first(engine, "who is wang lung?") == "wang-long-chief-information-officer"


def test_two_facts_giving_the_same_date_answer_a_date_question(engine: Engine) -> None:
    """The event's fact and the fact of what was signed at it both say March 23: either answers."""
    assert _first(engine, "包头呼市那个活动几号") == "hohhot-baotou-event-2024"


def test_supplying_photos_is_taking_them(engine: Engine) -> None:
    assert _first(engine, "Who supplied the photos for the consortium article?") == "consortium-photos-baotou-news"


def test_a_noun_pointed_back_to_must_be_in_the_answer(engine: Engine) -> None:
    """The dairy project counts two companies, but not the ones that joined the bureau's meetings."""
    engine.ask("What did the bureau organise between banks and businesses?", chat="those")
    assert engine.ask("how many companies joined those meetings?", chat="those").fact is None
    assert _first(engine, "What powers the mining trucks that North Hauler's group works on?") == (
        "north-hauler-mining-truck-consortium"
    )  # "that" here is no pointing back


@pytest.mark.parametrize(
    ("question", "fact_id"),
    [
        ("What is special about Baotou?", "baotou-industrial-system"),  # special about: strengths
        ("What is the home city of North Hauler?", "north-hauler-mining-truck-consortium"),  # home city: a place
        (
            "Moving on to Hohhot's tech finance - which bank lent the money?",
            "spdb-technology-financing",
        ),  # after a dash
        (
            "报道说呼和浩特的乳业是什么地位？",
            "hohhot-dairy-competitive",
        ),  # 报道说: where it was read, not what is asked
    ],
)
def test_preambles_dashes_and_informal_nouns(engine: Engine, question: str, fact_id: str) -> None:
    assert _first(engine, question) == fact_id


def test_what_does_each_city_bring_asks_no_place() -> None:
    """An auxiliary between "what" and "city" makes "city" the subject, not the answer."""
    assert read("so what does each city bring to the table?").wants is None
    assert read("In what two cities was the event held?").wants == "place"


def test_two_facts_about_the_same_person_answer_who_they_are(engine: Engine) -> None:
    assert _first(engine, "Who is the North Hauler man?") == "wang-long-chief-information-officer"


def test_what_a_figure_stands_for_is_answered_whatever_came_before(engine: Engine) -> None:
    engine.ask("How many R&D institutions does Hohhot have?", chat="figure")
    assert _first(engine, "and what does the 193 stand for?", chat="figure") == "hohhot-innovation-platforms"


def test_an_article_named_in_chinese_by_its_subject_is_cited(engine: Engine) -> None:
    """呼市科技那篇文章 is the Hohhot article, which gives no date: the consortium article's date is no answer."""
    assert _first(engine, "呼市科技那篇文章是哪天发布的？") is None


def test_an_article_named_before_the_question_is_cited(engine: Engine) -> None:
    facts = {f.id for f in engine.ask("Now the consortium article: what has Hohhot gathered?").facts}
    assert "hohhot-universities-institutes" in facts and "hohhot-innovation-platforms" not in facts


def test_exactly_where_asks_a_place_and_a_hall_a_venue(engine: Engine) -> None:
    assert read("Exactly where did the event happen?").wants == "place"
    assert _first(engine, "Exactly where was the March 23 event held, which hall or hotel?") is None


def test_what_comes_next_is_not_what_happened(engine: Engine) -> None:
    """No fact says when the next event is; the date of the last one does not answer."""
    assert _first(engine, "When is the next Hohhot-Baotou sci-tech achievements event planned for?") is None
    assert _first(engine, "When was the Hohhot-Baotou sci-tech achievements event?") == "hohhot-baotou-event-2024"


def test_a_city_office_is_no_place_and_a_home_city_is_a_city(engine: Engine) -> None:
    assert read("Which city office pushed the sector breakthroughs?").wants != "place"
    assert _first(engine, "What does my home city Baotou bring to the table?") == "baotou-industrial-system"


def test_asking_the_bots_own_likes_is_small_talk() -> None:
    assert small_talk("do you like yili?") == "opinion"
    assert small_talk("你喜欢喝牛奶吗？") == "opinion"
    assert small_talk("Do you know who Wang Long is?") is None  # a question about the facts


def test_these_articles_say_where_it_was_read_not_what_is_asked(engine: Engine) -> None:
    assert _first(engine, "What do these articles say Baotou is known for?") == "baotou-industrial-system"


def test_hoping_one_has_a_good_day_is_small_talk() -> None:
    assert small_talk("Hello! Hope you're having a good day.") == "greeting"
    assert small_talk("have a great day!") == "wellbeing"


def test_who_called_it_a_thing_asks_who_said_so(engine: Engine) -> None:
    assert _first(engine, "who called it a key core technology?") == "wang-long-quote"


def test_an_ampersand_between_words_is_and(engine: Engine) -> None:
    assert _first(engine, "hohhot research & development bodies - how many?") == "hohhot-rd-institutions"
