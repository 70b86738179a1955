"""Conversations: small talk, overviews, follow-ups read in context, in English and Chinese.

Each test runs a short conversation in its own chat through the engine façade, as every front end does. The wording
is this file's own, not the development set's.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.engine.conversation import Conversations
from bot.engine.facade import Engine
from bot.engine.knowledge import KnowledgeStore, build
from bot.engine.reply import plain_text
from bot.engine.smalltalk import small_talk

FACTS = Path(__file__).resolve().parent.parent / "facts"
RD = "hohhot-rd-institutions"
NORTH_HAULER = "north-hauler-mining-truck-consortium"
CIO = "wang-long-chief-information-officer"


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(scope="module")
def store() -> KnowledgeStore:
    return KnowledgeStore(FACTS)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def engine(store: KnowledgeStore, clock: Clock) -> Engine:
    return Engine(store, Conversations(clock=clock))


def ids(engine: Engine, message: str, chat: str = "c") -> list[str]:
    return [fact.id for fact in engine.ask(message, chat=chat).facts]


@pytest.mark.parametrize(
    ("message", "kind"),
    [
        ("hi", "greeting"),
        ("Hello there!", "greeting"),
        ("你好", "greeting"),
        ("thanks a lot", "thanks"),
        ("谢谢", "thanks"),
        ("bye", "goodbye"),
        ("再见", "goodbye"),
        ("help", "help"),
        ("what can you do?", "help"),
        ("你能做什么", "help"),
        ("who are you?", "identity"),
        ("are you a bot?", "identity"),
        ("how's it going?", "wellbeing"),
        ("ok", "acknowledgement"),
        ("hey, thanks! 👍", "greeting"),
        ("thx, that was really helpful", "thanks"),  # praise is thanks
        ("bye for now", "goodbye"),  # softened
        ("你好呀", "greeting"),  # with a particle
        ("who built you?", "identity"),
        ("你能帮我干啥？", "help"),
    ],
)
def test_small_talk_is_recognised_in_both_languages(message: str, kind: str) -> None:
    assert small_talk(message) == kind


@pytest.mark.parametrize(
    "message", ["Hi, how many R&D institutions does Hohhot have?", "thanks for the help with Yili", "helping firms"]
)
def test_a_question_wrapped_in_small_talk_is_a_question(message: str) -> None:
    assert small_talk(message) is None


@pytest.mark.parametrize("message", ["hello!", "谢谢你", "what should I ask?", "你是谁"])
def test_small_talk_gets_a_friendly_reply_and_no_fact(engine: Engine, message: str) -> None:
    reply = engine.ask(message, chat="c")
    assert reply.decision == "smalltalk" and reply.fact is None and reply.match is None
    assert plain_text(reply.reply) and "don't know" not in plain_text(reply.reply)


def test_small_talk_does_not_break_the_conversation(engine: Engine) -> None:
    assert ids(engine, "How many R&D institutions does Hohhot have?") == [RD]
    assert engine.ask("thanks!", chat="c").decision == "smalltalk"
    assert engine.ask("and in Baotou?", chat="c").fact is None  # still the R&D question, now about Baotou


@pytest.mark.parametrize(("message", "title"), [("yili", "Yili"), ("north hauler", "North Hauler"), ("蒙牛", "蒙牛")])
def test_a_bare_name_or_topic_gets_an_overview(engine: Engine, message: str, title: str) -> None:
    reply = engine.ask(message)
    text = plain_text(reply.reply)
    assert reply.decision == "suggested" and title in text.splitlines()[0]
    assert reply.reply.choices and all(choice.kind == "fact" for choice in reply.reply.choices)


@pytest.mark.parametrize(("message", "title"), [("tell me about Baotou", "Baotou"), ("介绍一下包头", "包头")])
def test_asking_for_everything_about_a_name_gets_an_overview_even_when_one_fact_is_close(
    engine: Engine, message: str, title: str
) -> None:
    alone = engine.ask(title)
    assert alone.answered, "the bare name should match one fact closely, or this test shows nothing"
    reply = engine.ask(message)
    assert reply.fact is None and reply.decision == "suggested"
    assert title in plain_text(reply.reply).splitlines()[0] and len(reply.reply.choices) > 1


def test_a_question_naming_the_same_place_again_is_not_an_entity_switch(engine: Engine) -> None:
    assert ids(engine, "How many R&D institutions does Hohhot have?") == [RD]
    reply = engine.ask("What is the capital of Inner Mongolia?", chat="c")  # names Hohhot, asks its own question
    assert [fact.id for fact in reply.facts] == ["hohhot-capital-of-inner-mongolia"] and not reply.understood


def test_a_fact_opened_from_a_button_becomes_the_context(engine: Engine) -> None:
    assert engine.fact(NORTH_HAULER, "en", chat="c") is not None
    reply = engine.ask("who is its chief information officer?", chat="c")
    assert [fact.id for fact in reply.facts] == [CIO]


def test_what_can_you_tell_me_lists_the_topics(engine: Engine) -> None:
    reply = engine.ask("What can you tell me?")
    assert [choice.kind for choice in reply.reply.choices] == ["topic"] * len(engine.knowledge.base.topics)


def test_an_entity_switch_asks_the_last_question_about_the_new_entity(engine: Engine) -> None:
    assert ids(engine, "Which prize did Yili win?") == ["milk-safety-project-award"]
    reply = engine.ask("and Mengniu?", chat="c")
    assert [fact.id for fact in reply.facts] == ["milk-safety-project-award"]
    assert reply.understood == "Which prize did Mengniu win?"
    assert plain_text(reply.reply).startswith("Mengniu \u2014")


def test_an_entity_switch_the_facts_cannot_answer_is_declined_saying_what_is_missing(engine: Engine) -> None:
    assert ids(engine, "How many R&D institutions does Hohhot have?") == [RD]
    reply = engine.ask("what about Baotou?", chat="c")
    assert reply.fact is None
    assert "I don't have a figure for R&D institutions in Baotou." in plain_text(reply.reply)


@pytest.mark.parametrize(
    ("first", "follow_up", "understood", "expected"),
    [
        (
            "How many innovation platforms are there in Hohhot?",
            "and R&D institutions?",
            "How many R&D institutions are there in Hohhot?",
            RD,
        ),
        ("呼和浩特有多少个创新平台？", "研发机构呢？", "呼和浩特有多少个研发机构？", RD),
    ],
)
def test_a_follow_up_naming_only_what_to_count_asks_the_last_question_of_it(
    engine: Engine, first: str, follow_up: str, understood: str, expected: str
) -> None:
    assert ids(engine, first) == ["hohhot-innovation-platforms"]
    reply = engine.ask(follow_up, chat="c")
    assert [fact.id for fact in reply.facts] == [expected] and reply.understood == understood
    switched = engine.ask("what about Baotou?" if first.isascii() else "包头呢？", chat="c")
    assert switched.fact is None  # no figure for Baotou's R&D institutions: no other Baotou fact stands in


def test_which_of_them_chooses_the_one_a_fact_answers_for(engine: Engine) -> None:
    """Yili and Mengniu together have no park: Mengniu alone does."""
    assert ids(engine, "Which two dairy companies took part in the milk safety project?")
    reply = engine.ask("which of them has an industrial park?", chat="c")
    assert [fact.id for fact in reply.facts] == ["mengniu-dairy-industrial-park"]
    assert reply.understood.endswith("[Mengniu]")


def test_which_of_those_chooses_among_the_topics_just_given(engine: Engine) -> None:
    assert ids(engine, "Which sectors does Hohhot's science and technology bureau focus on?")
    assert ids(engine, "which of those is the city's most competitive?") == ["hohhot-dairy-competitive"]


def test_which_of_them_is_not_answered_by_a_fact_about_something_else(engine: Engine) -> None:
    assert ids(engine, "Which two dairy companies took part in the milk safety project?")
    assert ids(engine, "which of them has the most employees?") == []


def test_a_year_asked_of_the_last_answer_is_its_year(engine: Engine) -> None:
    assert ids(engine, "Which prize did Yili and Mengniu win?") == ["milk-safety-project-award"]
    assert ids(engine, "which awards edition was that, year-wise?") == ["milk-safety-project-award"]


@pytest.mark.parametrize(
    ("count", "names"),
    [
        ("How many companies got tech financing from the Pudong bank?", "what are their names?"),
        ("How many companies got tech financing from the Pudong bank?", "what are those companies called?"),
        ("这次活动评了几家领军科技企业？", "都是哪几家？"),
        ("How many companies got tech financing from the Pudong bank?", "which firms exactly?"),
    ],
)
def test_names_asked_after_a_count_are_names_of_what_was_counted(engine: Engine, count: str, names: str) -> None:
    """The financing fact names the bank, not the four companies: it does not answer 'what are their names?'."""
    assert ids(engine, count)
    reply = engine.ask(names, chat="c")
    assert reply.fact is None and reply.understood


def test_a_message_naming_something_the_facts_never_mention_is_not_a_follow_up(engine: Engine) -> None:
    assert ids(engine, "How many R&D institutions does Hohhot have?") == [RD]
    assert ids(engine, "Unrelated: how many R&D institutions does Germany have?") == []


@pytest.mark.parametrize(
    ("first", "follow_up"),
    [
        ("How much did the four companies get from the bank?", "which one got the most?"),  # the most: a size
        ("How much did the four companies get from the bank?", "what's 1.9 times 2?"),  # arithmetic
        ("What paper was the source for the Hohhot sci-tech report?", "when was that report published?"),  # its source
        ("呼和浩特有多少个研发机构？", "其中国家级的有几个？"),  # a part of the total
        ("How many consortiums got titles?", "how many of them are led by Baotou firms?"),
    ],
)
def test_a_follow_up_the_last_fact_seems_to_answer_but_does_not_is_declined(
    engine: Engine, first: str, follow_up: str
) -> None:
    assert ids(engine, first)
    assert ids(engine, follow_up) == []


def test_a_question_both_articles_answer_is_answered_from_the_one_the_conversation_is_about(engine: Engine) -> None:
    """Both articles credit their photos; after the Hohhot-Baotou event, 'the photos' are the event's."""
    assert ids(engine, "What happened at the March 23 event between Hohhot and Baotou?")
    assert ids(engine, "who supplied the photos?") == ["consortium-photos-baotou-news"]
    assert ids(engine, "Who took the photos in the Hohhot sci-tech article?", chat="d") == [
        "hohhot-photos-hohhot-daily"
    ]


@pytest.mark.parametrize(
    ("first", "understood"),
    [
        ("How many R&D institutions does Hohhot have?", "How many R&D institutions does Baotou have?"),
        ("What is Baotou known for?", "What is Hohhot known for?"),
    ],
)
def test_the_other_city_is_the_place_beside_the_one_named(engine: Engine, first: str, understood: str) -> None:
    assert ids(engine, first)
    assert engine.ask("and the other city?", chat="c").understood == understood


def test_it_after_several_is_not_read_with_each_in_turn(engine: Engine) -> None:
    """'It' is one thing: a follow-up pointing at it is not read with each of the places the conversation named."""
    assert ids(engine, "What happened at the March 23 event between Hohhot and Baotou?")
    assert ids(engine, "how much money did it get from banks?") == []


def test_their_after_several_is_the_one_a_fact_answers_for(engine: Engine) -> None:
    """North Hauler and two universities lead the consortium: only North Hauler has a CIO in the facts."""
    assert NORTH_HAULER in ids(engine, "Which Baotou firm heads the consortium on driverless mine trucks?")
    reply = engine.ask("who's their CIO?", chat="c")
    assert [fact.id for fact in reply.facts] == [CIO]


def test_the_two_cities_after_one_are_it_and_the_one_beside_it(engine: Engine) -> None:
    assert ids(engine, "What is Baotou known for?")
    assert engine.ask("and the other city?", chat="c").understood == "What is Hohhot known for?"
    reply = engine.ask("so how did the cities try to pair them up?", chat="c")
    assert reply.understood.endswith("[Hohhot, Baotou]") and reply.fact is not None


def test_those_trucks_are_the_ones_the_last_answer_is_about(engine: Engine) -> None:
    assert NORTH_HAULER in ids(engine, "What is North Hauler's consortium working on?")
    assert ids(engine, "what's special about those trucks?") == [NORTH_HAULER]


def test_an_entity_switch_in_chinese(engine: Engine) -> None:
    assert ids(engine, "呼和浩特有多少个创新平台？") == ["hohhot-innovation-platforms"]
    reply = engine.ask("包头呢？", chat="c")
    assert reply.fact is None and reply.understood == "包头有多少个创新平台？"
    assert "包头" in plain_text(reply.reply)


@pytest.mark.parametrize(
    ("first", "follow_up", "expected"),
    [
        ("What does North Hauler's consortium work on?", "which universities are in it?", NORTH_HAULER),
        ("What does North Hauler's consortium work on?", "who is its chief information officer?", CIO),
        ("When did Hohhot and Baotou hold their sci-tech event?", "what year was that?", "hohhot-baotou-event-2024"),
        ("北方股份和哪些高校组建了创新联合体？", "它在哪里？", "north-hauler-mining-truck-consortium"),
        ("四家企业拿到了多少科技融资？", "是哪家银行提供的？", "spdb-technology-financing"),
        ("Who is Wang Long?", "where is his company based?", NORTH_HAULER),  # his company: the answer's organisation
        ("王龙是谁？", "他的公司在哪个城市？", NORTH_HAULER),
        ("What is North Hauler's consortium working on?", "which schools are involved?", NORTH_HAULER),
    ],
)  # fmt: skip
def test_pronouns_and_ellipsis_are_read_with_the_last_question(
    engine: Engine, first: str, follow_up: str, expected: str
) -> None:
    assert engine.ask(first, chat="c").answered
    reply = engine.ask(follow_up, chat="c")
    assert [fact.id for fact in reply.facts] == [expected], plain_text(reply.reply)
    assert reply.understood and "\u2014" in plain_text(reply.reply).splitlines()[0]


@pytest.mark.parametrize(
    ("first", "follow_up"),
    [
        ("How much technology financing did the four companies get?", "what was the interest rate?"),
        ("Where is the Mengniu Dairy Industrial Park?", "how big is it?"),
        ("How many leading technology enterprises were named?", "where are they based?"),
        ("北方股份的创新联合体聚焦什么？", "它造了多少辆卡车？"),
        ("Which Baotou company signed projects with Hohhot universities?", "what were the deals worth?"),
        ("Who is Wang Long?", "how long has he held that job?"),  # a duration: no fact dates his job
        ("How many leading technology enterprises were named?", "can you name them?"),  # only counted, never named
        ("四家企业拿到了多少科技融资？", "利率多少呢？"),  # an interest rate: no fact knows of one
        ("What titles were given out at the joint Hohhot and Baotou activity?", "how many of each?"),  # of what?
        ("How much did the four Hohhot companies obtain?", "by the way, who won the Champions League last season?"),
        ("Did Yili and Mengniu win a national award?", "who led the research team?"),  # not Yili or Mengniu
        ("包头哪家企业在搞无人驾驶矿车？", "合作多久了？"),  # how long: a duration no fact gives
        ("伊利、蒙牛的牛奶安全项目拿了几等奖？", "奖金有多少？"),  # prize money: no fact mentions any
        ("Tell me about the driverless mining truck consortium in Baotou.", "any others? name them"),
        ("Who was the lender behind the tech financing for the four companies?", "and the loan term?"),  # no term
    ],
)
def test_context_never_turns_a_decline_into_an_answer(engine: Engine, first: str, follow_up: str) -> None:
    assert engine.ask(first, chat="c").answered
    assert engine.ask(follow_up, chat="c").fact is None


def test_a_question_that_stands_alone_does_not_inherit_context(engine: Engine) -> None:
    assert ids(engine, "How many R&D institutions does Hohhot have?") == [RD]
    assert ids(engine, "Which bank financed the four companies?") == ["spdb-technology-financing"]
    reply = engine.ask("When was the Hohhot-Baotou event?", chat="c")
    assert [fact.id for fact in reply.facts] == ["hohhot-baotou-event-2024"] and not reply.understood


def test_an_entity_switch_in_chinese_is_answered_when_a_fact_says_it(engine: Engine) -> None:
    assert ids(engine, "伊利获得了什么奖？") == ["milk-safety-project-award"]
    reply = engine.ask("蒙牛呢？", chat="c")
    assert [fact.id for fact in reply.facts] == ["milk-safety-project-award"]
    assert reply.understood == "蒙牛获得了什么奖？" and plain_text(reply.reply).startswith("蒙牛 \u2014")


def test_a_chinese_question_that_stands_alone_does_not_inherit_context(engine: Engine) -> None:
    assert ids(engine, "呼和浩特有多少家研发机构？") == [RD]
    reply = engine.ask("北方股份的首席信息官是谁？", chat="c")
    assert [fact.id for fact in reply.facts] == [CIO] and not reply.understood


def test_chinese_context_expires_too(engine: Engine, clock: Clock) -> None:
    assert ids(engine, "呼和浩特有多少家研发机构？") == [RD]
    clock.now += 599
    assert engine.ask("包头呢？", chat="c").understood  # still within the quiet spell
    clock.now += 601
    assert engine.ask("呼和浩特呢？", chat="c").understood == ""  # read on its own: no context any more


def test_context_expires_after_a_quiet_spell_and_on_request(engine: Engine, clock: Clock) -> None:
    assert ids(engine, "How many R&D institutions does Hohhot have?") == [RD]
    clock.now += 601
    assert engine.ask("what about Baotou?", chat="c").understood == ""  # read on its own: no context any more
    assert ids(engine, "How many R&D institutions does Hohhot have?") == [RD]
    engine.forget("c")
    assert engine.ask("what about Baotou?", chat="c").understood == ""


def test_chats_do_not_share_context(engine: Engine) -> None:
    assert ids(engine, "How many R&D institutions does Hohhot have?", chat="a") == [RD]
    assert engine.ask("what about Baotou?", chat="b").understood == ""
    assert engine.ask("what about Baotou?", chat="a").understood.startswith("How many R&D institutions")


def test_the_store_of_conversations_is_bounded() -> None:
    conversations = Conversations(limit=3)
    reading = build(FACTS).matcher.match("hi").reading
    for chat in range(10):
        conversations.remember(chat, "q", (), reading, None)
    assert len(conversations) == 3 and conversations.last(0) is None and conversations.last(9) is not None


def test_that_city_after_an_answer_naming_a_new_one_is_that_one(engine: Engine) -> None:
    """The last question was about Hohhot; its answer brought in Baotou; "that city" is Baotou."""
    assert engine.ask("Which city teams up with Hohhot on innovation consortiums?", chat="c").answered
    reply = engine.ask("what is that city's industry like?", chat="c")
    assert [fact.id for fact in reply.facts] == ["baotou-industrial-system"], plain_text(reply.reply)
    assert "Baotou" in reply.understood


def test_a_follow_up_about_what_the_last_fact_does_not_say_is_not_answered_with_it(engine: Engine) -> None:
    """It asks for a place, which the capital fact gives, but about consortiums, which other facts are about."""
    assert ids(engine, "What is Hohhot the capital of?") == ["hohhot-capital-of-inner-mongolia"]
    assert "hohhot-capital-of-inner-mongolia" not in ids(engine, "which other city works with it on consortiums?")


def test_they_after_a_question_for_names_are_the_ones_named(engine: Engine) -> None:
    """The question named Hohhot; its answer named Yili and Mengniu; "they" are the two companies."""
    assert ids(engine, "Which Hohhot dairy companies won a national award?") == ["milk-safety-project-award"]
    assert ids(engine, "what ranking did they get?") == ["milk-safety-project-award"]


def test_a_follow_up_the_facts_cannot_answer_keeps_the_subject(engine: Engine) -> None:
    assert ids(engine, "On which day was the Hohhot-Baotou event held?") == ["hohhot-baotou-event-2024"]
    assert ids(engine, "at which venue?") == []
    assert ids(engine, "and what happened there?") == ["hohhot-baotou-event-2024"]


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("switching topics - who is Wang Long?", CIO),  # a turn of the conversation, not a word about the facts
        ("Hohhot's innovation platforms - how many are there?", "hohhot-innovation-platforms"),
    ],
)
def test_how_people_turn_to_a_new_question_is_not_part_of_it(engine: Engine, message: str, expected: str) -> None:
    assert ids(engine, "How many R&D institutions does Hohhot have?") == [RD]
    assert ids(engine, message) == [expected]


def test_either_of_two_years_is_what_was_asked(engine: Engine) -> None:
    assert ids(engine, "Did Yili and Mengniu get national recognition for their milk work?") == [
        "milk-safety-project-award"
    ]
    assert ids(engine, "the 2019 or 2020 edition?") == ["milk-safety-project-award"]


def test_who_is_someone_keeps_the_conversation_on_them(engine: Engine) -> None:
    """After "who is Wang Long?" his company is his company; after that, "it" is the company."""
    assert ids(engine, "who's this Wang Long person?") == [CIO]
    assert ids(engine, "which company does he work for?") == [CIO]
    assert ids(engine, "and where is it located?") == [NORTH_HAULER]


def test_numbers_in_words_are_the_figures_facts_give(engine: Engine) -> None:
    """ "the twelve groups" are the 12 consortiums the titles fact counts."""
    assert ids(engine, "What were the six tech firms recognised as?") == ["leading-technology-enterprises"]
    assert ids(engine, "and the twelve groups?") == ["innovation-consortium-titles"]


@pytest.mark.parametrize(
    ("preamble", "question"),
    [
        ("ok something else now,", "where is the Mengniu industrial park?"),
        ("On a different note:", "where is the Mengniu industrial park?"),
        ("换个话题，", "蒙牛乳业工业园在哪里？"),
    ],
)
def test_a_topic_change_said_in_words_is_read_as_the_question_after_it(
    engine: Engine, preamble: str, question: str
) -> None:
    assert ids(engine, "Who is Wang Long?") == [CIO]
    assert ids(engine, f"{preamble} {question}") == ["mengniu-dairy-industrial-park"]


def test_a_chinese_follow_up_opening_with_na_names_what_to_count_instead(engine: Engine) -> None:
    assert ids(engine, "呼和浩特有多少个创新平台？") == ["hohhot-innovation-platforms"]
    reply = engine.ask("那研发机构呢？", chat="c")
    assert [fact.id for fact in reply.facts] == [RD] and reply.understood == "呼和浩特有多少个研发机构？"


def test_a_date_asked_of_one_thing_is_asked_of_the_next_thing_named(engine: Engine) -> None:
    """ "And the achievements event?" after when the article was updated asks when the event was."""
    assert ids(engine, "When was the consortium article updated?") == ["consortium-article-updated"]
    reply = engine.ask("and the sci-tech achievements event itself?", chat="c")
    assert reply.understood == "When was the sci-tech achievements event itself?"
    assert [fact.id for fact in reply.facts] == ["hohhot-baotou-event-2024"] and "23" in plain_text(reply.reply)
    assert ids(engine, "Where is the Mengniu Dairy Industrial Park?") == ["mengniu-dairy-industrial-park"]
    assert engine.ask("and the milk safety project?", chat="c").understood == "Where is the milk safety project?"


def test_what_they_were_for_after_a_declined_follow_up_is_asked_of_the_last_answer(engine: Engine) -> None:
    first = ids(engine, "How did the science bureau try to improve the business environment?")
    assert first == ["bureau-financing-matchmaking"]
    assert ids(engine, "how many such meetings were held?") == []  # no count of the meetings
    assert ids(engine, "what were they for?") == first  # why the meetings were held: the last answer says


def test_who_spoke_on_behalf_of_the_company_asks_who_spoke_not_what_about(engine: Engine) -> None:
    assert ids(engine, "Tell me about the driverless mining truck consortium in Baotou.") == [NORTH_HAULER]
    assert ids(engine, "and who spoke on behalf of the company?") == ["wang-long-quote"]


def test_a_one_word_follow_up_question_asks_about_what_was_just_said(engine: Engine) -> None:
    """ "In which field?" alone would match any fact with a sector; after Wang Long's words it asks about them."""
    assert ids(engine, "What did Wang Long say about driverless technology?") == ["wang-long-quote"]
    assert ids(engine, "in which field?") == ["wang-long-quote"]


@pytest.mark.parametrize(
    ("first", "fact_id", "other", "understood", "other_fact"),
    [
        (
            "Which of the two cities is the college town?",
            "hohhot-universities-institutes",
            "and the other one?",
            "What is Baotou known for?",
            "baotou-industrial-system",
        ),
        (
            "哪个城市的工业体系最完整？",
            "baotou-industrial-system",
            "另一个城市呢？",
            "呼和浩特有什么优势？",
            "hohhot-universities-institutes",
        ),
    ],
)
def test_the_other_city_after_asking_which_city_is_what_that_one_is_known_for(
    engine: Engine, first: str, fact_id: str, other: str, understood: str, other_fact: str
) -> None:
    """The first question named no city: the one answered is the one 'the other' is beside."""
    assert ids(engine, first) == [fact_id]
    reply = engine.ask(other, chat="c")
    assert reply.understood == understood and other_fact in [fact.id for fact in reply.facts]


@pytest.mark.parametrize(
    ("first", "whom"),
    [
        ("How much tech financing did the four firms get?", "from whom?"),
        ("那四家企业拿到多少科技贷款？", "从谁那里拿到的？"),
    ],
)
def test_from_whom_may_be_answered_by_one_the_last_answer_named(engine: Engine, first: str, whom: str) -> None:
    """The bank is in the financing answer, so it is context; "from whom?" asks for it all the same."""
    assert ids(engine, first) == ["spdb-technology-financing"]
    assert ids(engine, whom) == ["spdb-technology-financing"]


def test_who_leads_it_is_not_answered_by_what_it_refers_to(engine: Engine) -> None:
    """ "It" is North Hauler: North Hauler is no answer to who leads it."""
    assert ids(engine, "Tell me about North Hauler") != []
    assert ids(engine, "who leads it?") == []


def test_who_did_it_may_be_one_the_last_answer_named(engine: Engine) -> None:
    """The meetings' fact says the bureau organised them: "who organised them?" asks for the bureau."""
    assert ids(engine, "Why were the bank-enterprise matchmaking meetings held?") == ["bureau-financing-matchmaking"]
    assert ids(engine, "who organised them?") == ["bureau-financing-matchmaking"]
    assert ids(engine, "Tell me about Baotou's driverless truck consortium.") == [NORTH_HAULER]
    assert ids(engine, "who's the exec quoted on it?") == ["wang-long-quote"]  # exec: an executive, a person


def test_and_the_date_of_something_asks_that_date_not_when_the_date_was(engine: Engine) -> None:
    """A follow-up naming the kind of answer itself ("the date of the event") is not wrapped in "When was ...?"."""
    assert ids(engine, "When was the consortium article updated?") == ["consortium-article-updated"]
    reply = engine.ask("and the date of the event it reports?", chat="c")
    assert [fact.id for fact in reply.facts] == ["hohhot-baotou-event-2024"]
    assert not reply.understood.startswith("When was")


def test_a_part_of_what_was_counted_and_a_currency_are_not_a_new_focus(engine: Engine) -> None:
    """ "How many of those work on dairy?" asks a part of the 464, which no fact gives; "折合美元呢？" asks the same
    amount in dollars, not the financing of "折合美元"."""
    assert ids(engine, "How many R&D institutions does Hohhot have?") == [RD]
    assert ids(engine, "how many of those do dairy research?") == []
    assert ids(engine, "浦发银行给四家企业贷了多少钱？") == ["spdb-technology-financing"]
    reply = engine.ask("折合美元呢？", chat="c")
    assert [fact.id for fact in reply.facts] == ["spdb-technology-financing"] and "190万美元" in plain_text(reply.reply)


def test_what_about_a_new_topic_is_not_answered_with_the_list_just_given(engine: Engine) -> None:
    """After the bureau's sectors, "what about biomedicine, which parts in particular?" asks about biomedicine: the
    sectors fact, naming it among five, is no answer to which parts."""
    assert ids(engine, "Which sectors does the Hohhot science bureau push breakthroughs in?") == [
        "bureau-priority-sectors"
    ]
    assert "hohhot-vaccines-pharma-rd" in ids(engine, "what about biomedicine, which areas specifically?")


def test_when_the_article_about_it_came_out_is_the_articles_date_not_the_events(engine: Engine) -> None:
    assert ids(engine, "When were the consortium titles awarded?") == ["innovation-consortium-titles"]
    assert ids(engine, "and when was the article about it published?") == ["consortium-article-updated"]
