"""A fact answers a question only if it holds what was asked: a count, an amount, a date, a place, a name...

For each kind of answer, a question the real fact base answers and a trap about the same subject that it must not
answer. The wording is this file's own (not the development sets'), so these guard the classes, not strings.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.engine.answers import Answer
from bot.engine.facade import Engine
from bot.engine.knowledge import KnowledgeStore
from bot.engine.phrasing import parts
from bot.engine.question import Reading, read
from bot.engine.reply import plain_text
from bot.engine.spelling import Speller, is_word

FACTS = Path(__file__).resolve().parent.parent / "facts"


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(KnowledgeStore(FACTS))


@pytest.mark.parametrize(
    ("question", "wants", "focus", "kind"),
    [
        ("How many research institutes are there in Baotou?", "count", "research institutes", ""),
        ("What's the number of platforms in Hohhot?", "count", "platforms", ""),
        ("innovation consortium count", "count", "innovation consortium", ""),
        ("When it comes to research labs, how many does Hohhot have?", "count", "research labs", ""),  # no date
        ("How many are there in Baotou?", "count", "", ""),  # what is counted is not named here
        ("How much money did the firms get?", "amount", "money", ""),
        ("how many dolars did they raise", "amount", "dolars", ""),
        ("When did the two cities meet?", "date", "", ""),
        ("In which city is Yili based?", "place", "", "located"),
        ("Can you tell me where the park is?", "place", "", ""),
        ("Which lender provided the loans?", "organisation", "lender", "bank"),
        ("Which four companies got the money?", "organisation", "four companies", "company"),
        ("Which academic partners joined?", "organisation", "academic partners", "university"),
        ("Who leads the bureau?", "who", "", ""),
        ("Why did the bureau hold those meetings?", "reason", "", ""),
        ("Which company needs money?", "organisation", "company", "company"),
        ("In tech finance, what company needs does the bureau focus on?", None, "", ""),  # needs, not a company
        ("What were they hoping to achieve with the consortiums?", "reason", "", ""),
        ("How big is the dairy park?", "measure", "", ""),
        ("包头有多少家研发机构？", "count", "研发机构", ""),
        ("给企业贷款的是哪家银行？", "organisation", "银行", "bank"),
        ("这个活动是哪一年办的？", "date", "", ""),
        ("为什么要组建创新联合体？", "reason", "", ""),
    ],
)
def test_questions_are_read_for_the_kind_of_answer_they_expect(
    question: str, wants: str | None, focus: str, kind: str
) -> None:
    reading = read(question)
    assert (reading.wants, reading.focus, reading.kind) == (wants, focus, kind)


@pytest.mark.parametrize(
    "question",
    [
        "Who is Wang Long?",  # about him: any statement about him answers it
        "What does the bureau focus on when it lends?",  # "when" inside a clause asks no date
        "We are thinking about where to expand: is Hohhot good for pharma?",  # nor an embedded "where"
        "How does the bureau find out what businesses need?",  # nor a relative "what ... businesses"
        "呼市有很多大学吗",  # 很多大 is not 多大 (how big)
    ],
)
def test_question_words_that_ask_nothing_are_not_read_as_a_kind_of_answer(question: str) -> None:
    assert read(question).wants is None


@pytest.mark.parametrize(
    ("question", "must"),
    [
        ("What's the tally of research organisations in Hohhot?", "464"),  # count, paraphrased
        ("How much did the four firms raise from the bank?", "12 million"),  # amount
        ("On which day did Hohhot and Baotou hold their sci-tech achievements event?", "March 23"),  # date
        ("Where can I find Mengniu's dairy industrial park?", "Hohhot"),  # place
        ("When it comes to research institutions, how many does Hohhot have?", "464"),  # named first, then counted
        ("What does Hohhot have in the way of innovation platforms?", "193"),  # "in the way of" only says "about"
        ("What's the number of research and development outfits operating in Hohhot?", "464"),  # -ing ends the focus
        ("Roughly how much was the technology financing worth in US dollars?", "1.9 million"),  # "worth" asks, only
        ("Who does Wang Long work for?", "North Hauler"),  # an employer is a position
        ("Who spoke for North Hauler about the consortium?", "Wang Long"),  # spoke: said
        ("Hohhot is the seat of government for which part of China?", "Inner Mongolia"),  # China contains it
        ("r n d institutons in hohhot how meny?", "464"),  # what is counted, named before "how many"
        ("为什么说呼和浩特和包头合作潜力很大？", "高校"),  # a reason only one fact gives, well ahead of any other
        ("Where did the milk quality project rank in the national science and technology awards?", "second"),
        ("mengniu dairy industrial prak where is it", "Hohhot"),  # two letters swapped in a name
        ("浦发银行一共给几家企业提供了科技融资？", "4"),  # the verb after the counted noun is not part of it
        ("这次活动上评出了几家科技领军企业？", "6"),  # a quoted title is part of what a figure counts
        ("包头北方股份的首席信息官叫什么名字？", "Wang Long"),  # asking a name asks who
        ("How many of the innovation consortiums received the title at the March event?", "12"),  # of the X: X
        ("In which city is North Hauler based?", "Baotou"),  # place: "city" names the answer, no fact need say it
        ("北方股份在哪个城市？", "包头"),
        ("Which lender gave the four companies their technology loans?", "Shanghai Pudong"),  # organisation: bank
        ("Which universities joined North Hauler's consortium?", "Jiao Tong"),  # organisation: university
        ("Who said unmanned driving is a key core technology?", "Wang Long"),  # who
        ("Why did the bureau organise the bank-enterprise matchmaking?", "needs"),  # reason
        ("What size of trucks is North Hauler's consortium working on?", "large-tonnage"),  # measure
        ("哪家银行给四家企业提供了科技融资？", "上海浦东发展银行"),
        ("Which sector gives Hohhot its biggest competitive edge?", "dairy"),  # the biggest of what the fact says
        ("Who took the photos of the consortium event?", "Baotou news network"),  # who: an organisation may answer
        ("Did any companies get money from a bank?", "12 million"),  # getting money: obtaining financing
        ("What does the sci-tech bureau pay attention to in tech finance?", "listing"),  # paying attention: focus
        ("科技局在科技金融方面关注什么？", "上市"),
        ("On what date was the consortium article last updated?", "2024-03-25"),  # a day: the fact gives one
        ("How many yuan did the four companies obtain?", "12 million"),  # a currency the fact gives
        ("On what basis did the four firms get their bank funding?", "intellectual property"),  # basis: by means of
        ("这几家公司是靠啥拿到浦发的融资的？", "知识产权"),  # 这几家 points at the companies, it does not count them
        ("What's the tech financing worth in US dollars?", "1.9 million"),  # what's ... worth: an amount
        ("Do the North Hauler trucks need drivers?", "unmanned"),  # whether they have drivers: unmanned
        ("Which line of business is considered among Hohhot's most competitive?", "dairy"),  # a line of business
        ("How is Baotou's industry described?", "most complete"),  # "described" says nothing of what is asked
        ("Which Shanghai univ is in the truck consortium?", "Jiao Tong"),  # univ: university
        ("What type of companies did the two municipalities urge to partner with academia?", "leading"),
        ("What power source will the mining trucks in the consortium run on?", "electric"),  # what it runs on
        ("呼包两市这次评了几家领军科技企业？", "6家"),  # 呼包: both cities, named by their first characters
        ("那六家公司拿到的是啥称号？", "科技领军企业"),  # 六家: 6家, as the fact writes it
        ("四家公司一共融了多少美元？", "190万美元"),  # 融了: raised financing; 一共 says nothing
        ("包头凭啥适合跟呼和浩特搞合作？", "工业基础"),  # 凭啥: on what basis; 搞 and 适合 say nothing
        ("王龙是哪家公司的？", "北方"),  # two close facts naming the same company: no choice to make
        ("Which university from Shanghai is in North Hauler's consortium?", "Jiao Tong"),  # a university, from ...
        ("What powers North Hauler's new mining trucks?", "electric"),  # "Baotou's new": not Baotou News
        ("包头在工业上有啥长处？", "工业基础"),  # 长处: 优势
        ("呼和浩特的生物医药主要搞啥方向？", "疫苗"),  # 方向: 领域
        ("What does the figure 193 count in the Hohhot report?", "platforms"),  # "in the ... report" cites it
        ("伊利蒙牛参与的那个项目叫啥名字？", "安全控制"),  # a project's name is a title, not who
        ("Who is credited for the picture of the Mengniu industrial park?", "Hohhot Daily"),  # a photo credit
        ("Who organised the bank-enterprise matchmaking meetings?", "science and technology bureau"),  # the doer
        ("Are the North Hauler trucks diesel?", "pure-electric"),  # what they run on
        ("Which company employs Wang Long?", "North Hauler"),  # employs: a position
        ("How does the Hohhot report characterise the city's milk sector?", "competitive"),  # a milk sector: dairy
        ("呼市科技金融这块主要盯着企业哪些需求？", "上市"),  # 盯着: focuses on
        ("Was Mengniu involved in the milk safety project?", "Mengniu"),  # involved in: took part in
        ("Forget that. When was the consortium article updated?", "2024-03-25"),  # "forget that" says nothing
        ("包头的一机集团在活动上干嘛了？", "签约"),  # 干嘛了: what it did, not why
        ("What does Hohhot have plenty of, per the consortium article?", "universities"),  # per the article: cites it
        ("呼市科技局在哪几个领域搞技术攻关？", "乳业"),  # 哪几个: which ones, not how many nor where
        ("What designation did the half-dozen technology firms receive?", "leading technology enterprise"),
        ("What role does Wang Long have at the Baotou truck maker?", "chief information officer"),  # role: position
    ],
)
def test_each_kind_of_answer_is_given_when_a_fact_holds_it(engine: Engine, question: str, must: str) -> None:
    answer = engine.ask(question)
    assert answer.fact is not None, plain_text(answer.reply)
    assert must in plain_text(answer.reply)


@pytest.mark.parametrize(
    "question",
    [
        "How many universities does Hohhot have?",  # count: "numerous" is no figure
        "How many R&D institutions are there in Baotou?",  # count: Baotou's facts count nothing of the kind
        "How many consortiums did the six leading enterprises form?",  # count of one thing, figure of another
        "How much did Mengniu spend on the milk safety project?",  # amount: no money in that fact
        "When was Baotou's industrial system built?",  # date
        "How big is the Mengniu Dairy Industrial Park?",  # measure
        "Which vaccine makers are based in Hohhot?",  # organisation: the fact names no company
        "Name the universities First Machinery Group signed projects with.",  # organisation: not named
        "Who is the chairman of the Hohhot science and technology bureau?",  # who: nobody is named
        "Who is the CEO of North Hauler?",  # an exclusive role: the CIO does not answer it
        "Who took first place in the National Science and Technology Progress Awards?",  # a rank: second is not first
        "What did Wang Long say about dairy farming?",  # said about something the fact does not mention
        "Why did Yili take part in the milk safety project?",  # reason: none given
        "包头有多少家研发机构？",
        "When it comes to R&D institutions, how many does Baotou have?",  # the topic named first is what is counted
        "Which district of Hohhot is the Mengniu Dairy Industrial Park in?",  # a part of Hohhot: the city is no answer
        "蒙牛乳业工业园在呼和浩特哪个区？",
        "What are the names of the six leading technology enterprises?",  # names: the fact gives only how many
        "Which of the four companies got the biggest share of the financing?",  # the fact names none of them
        "Apart from Beijing Mining University and Shanghai Jiao Tong, which other universities joined North Hauler?",
        "What is the budget of the North Hauler mining truck consortium?",  # no fact mentions a budget
        "What interest rate did the bank charge on the 12 million yuan?",
        "北方股份联合体的预算是多少？",
        "When was the North Hauler consortium set up?",  # the consortium article's update is no founding date
        "When was Inner Mongolia First Machinery Group founded?",
        "What about Ordos, is it part of this?",  # about Ordos: a clause without it does not decide
        "At which venue was the March 23 activity held?",  # no fact mentions a venue
        "What is the largest R&D institution in Hohhot?",  # a superlative no fact states
        "What is the biggest industry in Hohhot?",  # the most competitive is not the biggest
        "Who was the reporter of the Hohhot sci-tech article?",  # a person: the newspaper is no answer
        "呼和浩特那篇文章的记者是谁？",
        "How much is the four companies' financing in euros?",  # a currency the fact does not give
        "那笔融资合多少欧元？",
        "How much did each of the four companies receive from the bank?",  # a share: the total is no answer
        "每家企业平均拿到多少钱？",
        "In which month were the bank-enterprise matchmaking meetings held?",  # a month: "last year" is none
        "银企对接会是哪个月举办的？",
        "What is the loan period of the Pudong financing?",  # a duration: the amount is no answer
        "浦发银行的贷款期限是多少？",
        "Who handed out the awards at the Hohhot-Baotou event?",  # the giver: a fact naming winners does not say
        "What payload, in tonnes, can the unmanned mining trucks carry?",  # a figure in tonnes: large-tonnage is none
        "What was the Hohhot science and technology bureau's budget last year?",  # X's budget: no fact has one
        "那六家科技领军企业都叫啥？",  # names: the fact gives only how many
        "List the twelve groups that were named innovation consortiums.",  # list the groups: names again
        "Which grass seed varieties is Hohhot developing?",  # varieties: no fact names any
        "On what date was the Hohhot sci-tech industry article published?",  # that article gives no date
        "What is the 12 million yuan financing worth in euros?",  # asked in euros, though yuan are named too
        "How many of the twelve consortiums are led by Baotou companies?",  # a part of the 12: the 12 is no answer
        "What was the prize money for the dairy project's second prize?",  # money: the award fact mentions none
        "Which digital economy projects did the Hohhot bureau fund?",  # projects: the sectors fact names none
    ],
)
def test_a_fact_about_the_subject_that_lacks_what_was_asked_is_not_an_answer(engine: Engine, question: str) -> None:
    answer = engine.ask(question)
    assert answer.fact is None, f"{question!r} was answered with {answer.fact.id if answer.fact else None}"


def test_a_decline_says_what_is_missing_and_what_is_known(engine: Engine) -> None:
    answer = engine.ask("Which four companies got the technology loans from Shanghai Pudong Development Bank?")
    assert answer.fact is None
    text = plain_text(answer.reply)
    assert text.startswith("The articles don't name the four companies.")
    assert "What I do know:" in text and "12 million yuan" in text and "Source:" in text
    count = plain_text(engine.ask("How many R&D institutions are there in Baotou?").reply)
    assert count.startswith("I don't have a figure for R&D institutions in Baotou.")


@pytest.mark.parametrize(
    ("question", "opening"),
    [
        ("How much is the financing in euros?", "The articles don't give that amount in euros."),
        ("How much did each of the four companies get?", "The articles give only the total, not each one's share."),
        ("In which month were the matchmaking meetings held?", "The articles don't say in which month."),
        ("Who was the reporter of the Hohhot article?", "The articles don't name a person for that."),
        ("那笔融资合多少欧元？", "文章没有给出以欧元计的金额。"),
    ],
)
def test_a_decline_names_the_detail_that_is_missing(engine: Engine, question: str, opening: str) -> None:
    answer = engine.ask(question)
    assert answer.fact is None
    assert plain_text(answer.reply).startswith(opening)


@pytest.mark.parametrize("question", ["1+1", "What is 1 + 1?", "2024", "12 * 12 = ?"])
def test_digits_and_arithmetic_are_not_questions_about_the_facts(engine: Engine, question: str) -> None:
    assert engine.ask(question).fact is None


def test_spelling_correction_leaves_real_words_alone(engine: Engine) -> None:
    normaliser = engine.knowledge.matcher.normaliser
    for word in ("weather", "head", "population", "honour", "recognised"):
        assert is_word(word) and normaliser.correct(word) == word
    assert normaliser.correct("platfroms") == "platforms"  # not a word: corrected
    assert normaliser.correct("consortum") == "consortium"  # even though an example question spells it so
    assert engine.ask("What is the weather in Hohhot?").fact is None


def test_one_wrong_letter_or_a_name_cut_short_is_still_the_name(engine: Engine) -> None:
    normaliser = engine.knowledge.matcher.normaliser
    assert normaliser.correct("haular") == "hauler"  # one letter wrong: the ratio alone counts it as two edits
    assert normaliser.correct("hauk") == "hauk"  # a short word is too ambiguous to correct by one letter
    speller = Speller(["hauler", "nivin"])
    assert speller.closest("haular", 85) == "hauler" and speller.closest("givin", 85) is None  # not the first letter
    assert "@north_hauler" in normaliser.tokens("north haular trucks")
    assert "@wang_long" in normaliser.tokens("who is wang lon")  # the last letter of a name left off
    assert [fact.id for fact in engine.ask("who is wang lon").facts] == ["wang-long-chief-information-officer"]
    assert "@baotou_news_network" not in normaliser.tokens("Baotou's new trucks")  # "new" is a word: no cut name
    assert "@first_machinery_group" in normaliser.tokens("1st machinery grp")  # shorthand, before names are read
    assert normaliser.correct("natl") == "national"


def test_a_slip_in_a_longer_name_or_a_letter_changed_is_still_read(engine: Engine) -> None:
    normaliser = engine.knowledge.matcher.normaliser
    assert normaliser.correct("sistem") == "system"  # a letter the word lacks, in place of one it has
    assert Speller(["hailar", "hauler"]).closest("haular", 85) == "hauler"  # one of its letters changed, not two
    assert Speller(["haulir", "hauler"]).closest("haulxr", 85) is None  # two equally close: no guess
    # any word of a name of three words or more may lose its last letter, even when what is left is a word
    assert "@first_machinery_group" in normaliser.tokens("what did firs machinery group sign")
    assert normaliser.correct("norht") == "north"  # a name cut short is no word to correct into ("nort")
    assert "@baotou_news_network" not in normaliser.tokens("Baotou's new trucks")  # two words: only a non-word cut


@pytest.mark.parametrize(
    ("question", "wants"),
    [
        ("In what area do the two cities see potential?", None),  # a field, not a size
        ("What area does the industrial park cover?", "measure"),
        ("what were they for?", "reason"),
        ("What is it used for?", "reason"),
    ],
)
def test_in_what_area_asks_for_a_field_and_what_for_asks_a_reason(question: str, wants: str | None) -> None:
    assert read(question).wants == wants


@pytest.mark.parametrize(
    ("question", "place"),
    [
        ("Is North Hauler a Hohhot company?", "Baotou"),
        ("Is Yili based in Baotou?", "Hohhot"),
        ("伊利是包头的企业吗？", "呼和浩特"),
    ],
)
def test_a_yes_no_question_putting_something_in_the_wrong_place_is_told_where_it_is(
    engine: Engine, question: str, place: str
) -> None:
    reply = engine.ask(question)
    assert reply.fact is not None and place in plain_text(reply.reply)
    assert reply.understood.startswith(("Where is", "伊利在哪"))


def test_a_yes_no_question_about_a_place_no_fact_contradicts_is_not_answered_that_way(engine: Engine) -> None:
    """North Hauler's plant is not placed by any fact: where the company is does not answer it."""
    assert engine.ask("Does North Hauler have a plant in Hohhot?").fact is None


def test_a_compound_question_gets_both_answers_each_with_its_source(engine: Engine) -> None:
    answer = engine.ask("How many R&D institutions does Hohhot have, and how many innovation platforms?")
    assert [fact.id for fact in answer.facts] == ["hohhot-rd-institutions", "hohhot-innovation-platforms"]
    text = plain_text(answer.reply)
    assert "464" in text and "193" in text and text.count("Source:") == 2


def test_a_compound_question_says_which_part_is_not_known(engine: Engine) -> None:
    answer = engine.ask("How many innovation platforms does Hohhot have, and what is its population?")
    assert [fact.id for fact in answer.facts] == ["hohhot-innovation-platforms"]
    assert "I don't know the answer to \u201cwhat is its population?\u201d yet." in plain_text(answer.reply)


def test_a_compound_question_reads_a_pronoun_with_the_part_before(engine: Engine) -> None:
    answer = engine.ask("Where is North Hauler based, and what does its consortium work on?")
    assert [fact.id for fact in answer.facts] == ["north-hauler-mining-truck-consortium"]
    assert "I don't know" not in plain_text(answer.reply)


def test_a_question_is_split_only_where_a_second_question_starts() -> None:
    assert parts("Which consortiums and leading enterprises were named?") == [
        "Which consortiums and leading enterprises were named?"
    ]  # one question about two things (counting two things is two questions: see below)
    assert parts("Which prize did Yili win, and in which year?") == ["Which prize did Yili win", "in which year?"]
    assert parts("Which fields did it target, what did it want, and who reported it?") == [
        "Which fields did it target",
        "what did it want",
        "who reported it?",
    ]  # a list of questions
    assert parts("In terms of tech finance, what does the bureau focus on?") == [
        "In terms of tech finance, what does the bureau focus on?"
    ]  # a preamble before the comma asks nothing


def test_a_part_naming_what_the_part_before_named_is_read_with_it(engine: Engine) -> None:
    """'the group' is the consortium the part before asked about: the twelve consortiums are no answer to it."""
    answer = engine.ask(
        "Can you confirm which Baotou company leads the driverless mining truck consortium, who its information chief"
        " is, and what exactly the group is researching?"
    )
    ids = [fact.id for fact in answer.facts]
    assert ids[:2] == ["north-hauler-mining-truck-consortium", "wang-long-chief-information-officer"]
    assert "innovation-consortium-titles" not in ids


def test_explanations_show_the_reading_and_each_candidate(engine: Engine) -> None:
    answer = engine.ask("Which vaccine makers are based in Hohhot?")
    assert answer.match is not None and answer.match.reading == Reading("organisation", "vaccine makers", "company")
    text = plain_text(engine.explain("Which vaccine makers are based in Hohhot?"))
    assert "Asks for: organisation (company) of 'vaccine makers'" in text
    assert "EXCLUDED (answer)" in text


@settings(max_examples=300, deadline=None)
@given(question=st.text(max_size=400))
def test_any_text_gets_a_decision_and_never_an_exception(engine: Engine, question: str) -> None:
    answer: Answer = engine.ask(question)
    assert answer.decision in ("answered", "suggested", "declined", "smalltalk")
    assert plain_text(answer.reply)


@pytest.mark.parametrize(
    "question", ["what did it sign?", "how many has it built?", "who built you?", "它签的是什么？"]
)
def test_a_message_pointing_at_what_it_does_not_name_is_not_answered_on_its_own(engine: Engine, question: str) -> None:
    """Without a conversation to name "it", any fact would be a guess: did-you-mean choices, not an answer."""
    assert engine.ask(question).fact is None


def test_a_compound_question_joined_by_and_also_gets_both_answers(engine: Engine) -> None:
    answer = engine.ask(
        "Could you remind me how many R&D institutions Hohhot has, and also how many innovation platforms?"
    )
    assert {fact.id for fact in answer.facts} == {"hohhot-rd-institutions", "hohhot-innovation-platforms"}


def test_a_clause_that_names_what_it_counts_decides_however_short(engine: Engine) -> None:
    """'how many consortiums' is one word besides its question words, and still the question of the message."""
    question = "My cousin went to an event in March where Hohhot and Baotou handed out titles. How many consortiums?"
    answer = engine.ask(question)
    assert answer.fact is not None and answer.fact.id == "innovation-consortium-titles"


@pytest.mark.parametrize(
    ("question", "source"),
    [
        ("What are Hohhot's strengths according to the consortium article?", "consortium-2024"),
        ("What are Hohhot's strengths according to the sci-tech story?", "hohhot-sci-tech"),
    ],
)
def test_a_question_citing_an_article_is_answered_from_that_article(engine: Engine, question: str, source: str) -> None:
    answer = engine.ask(question)
    assert answer.facts and {fact.source for fact in answer.facts} == {source}


def test_facts_that_answer_equally_well_are_all_given(engine: Engine) -> None:
    """Universities, dairy and biomedicine are each one of Hohhot's strengths: choosing one would be a guess."""
    answer = engine.ask("What are Hohhot's strengths?")
    ids = {fact.id for fact in answer.facts}
    assert {"hohhot-universities-institutes", "hohhot-dairy-competitive"} <= ids and len(ids) <= 3
    assert plain_text(answer.reply).count("Source: ") == len(ids) and answer.decision == "answered"


@pytest.mark.parametrize("question", ["Is Yili better than Mengniu?", "Who founded Yili?"])
def test_two_close_facts_do_not_answer_a_yes_no_or_a_specific_question(engine: Engine, question: str) -> None:
    assert engine.ask(question).fact is None


def test_a_place_in_the_name_of_an_organisation_is_not_a_place_no_fact_is_about(engine: Engine) -> None:
    """ "Which Shanghai university ...": Shanghai names the university; no fact is about the city itself."""
    answer = engine.ask("Which Shanghai university belongs to North Hauler's consortium?")
    assert answer.match is not None
    assert "north-hauler-mining-truck-consortium" in [c.fact_id for c in answer.match.candidates]  # not excluded


def test_a_citation_names_the_one_article_its_known_words_fit(engine: Engine) -> None:
    """ "The Hohhot report" is the article whose title names Hohhot alone; "the Hohhot Daily coverage" the one the
    Hohhot Daily published. Their facts alone answer."""
    cited = engine.ask("What figures does the Hohhot report give for its research institutions?")
    assert [fact.id for fact in cited.facts] == ["hohhot-rd-institutions"]
    answer = engine.ask("What does the Hohhot Daily coverage say about dairy?")
    assert answer.facts and all(fact.source == "hohhot-sci-tech" for fact in answer.facts)


@pytest.mark.parametrize("language", ["en", "zh"])
def test_every_kind_of_answer_has_a_decline_that_says_what_is_missing(language: str) -> None:
    from bot.engine.messages import text
    from bot.engine.question import WANTS

    for wants in WANTS:
        assert text(language, f"lacks_{wants}", focus="x", where="", topic="y")


@pytest.mark.parametrize(
    "question", ["How long do First Machinery's projects with Hohhot partners run?", "北方股份和高校合作多久了？"]
)
def test_a_duration_is_not_answered_by_a_date(engine: Engine, question: str) -> None:
    answer = engine.ask(question)
    assert answer.fact is None and answer.match is not None and answer.match.reading.wants == "duration"


def test_a_question_pointing_back_reads_its_subject_from_the_message_before_it(engine: Engine) -> None:
    """The preamble names the consortium's city; "it" in the question is read with it."""
    question = (
        "My aunt works at an open-pit mine and keeps talking about driverless trucks. Apparently there's a "
        "consortium for this in Baotou. What exactly is it focused on?"
    )
    assert [fact.id for fact in engine.ask(question).facts] == ["north-hauler-mining-truck-consortium"]


@pytest.mark.parametrize(
    ("question", "first", "also"),
    [
        ("Hohhot biomedicine", "hohhot-biomedical-foundations", "hohhot-vaccines-pharma-rd"),
        ("pharma", "hohhot-vaccines-pharma-rd", "hohhot-biomedical-foundations"),
        ("生物医药", "hohhot-biomedical-foundations", "hohhot-vaccines-pharma-rd"),
    ],
)
def test_a_topic_named_alone_gets_its_facts_best_first(engine: Engine, question: str, first: str, also: str) -> None:
    """A keyword names a topic, not one of its facts: the vaccines are what Hohhot's biomedicine is about."""
    answer = engine.ask(question)
    ids = [fact.id for fact in answer.facts]
    assert answer.decision == "answered" and ids[0] == first and also in ids
    assert plain_text(answer.reply).count("Source:") + plain_text(answer.reply).count("来源：") == len(ids)


def test_a_topic_with_a_question_about_it_gets_one_answer(engine: Engine) -> None:
    answer = engine.ask("How many innovation platforms does Hohhot have?")
    assert [fact.id for fact in answer.facts] == ["hohhot-innovation-platforms"]


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("baotou vs hohhot strengths?", {"baotou-industrial-system", "hohhot-universities-institutes"}),
        ("呼和浩特和包头各自有什么优势？", {"baotou-industrial-system", "hohhot-universities-institutes"}),
        # named in the preamble, asked of "each city": each is named where "each city" was
        (
            "My family is from Hohhot and I work in Baotou. What strengths does each city have?",
            {"baotou-industrial-system", "hohhot-universities-institutes"},
        ),
        # "which one" is the noun the part before asked for (which city), not the city it was answered with
        (
            "Which city has many universities and research institutes, and which one has the most complete "
            "industrial system?",
            {"baotou-industrial-system", "hohhot-universities-institutes"},
        ),
    ],
)
def test_a_question_comparing_two_places_answers_for_each(engine: Engine, question: str, expected: set[str]) -> None:
    """No fact is about both cities' strengths: each is asked about on its own, and both are answered."""
    answer = engine.ask(question)
    assert expected <= {fact.id for fact in answer.facts}


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        (
            "How many consortiums and leading enterprises were honoured in March?",
            ["How many consortiums were honoured in March?", "How many leading enterprises were honoured in March?"],
        ),
        ("How many research and development institutions does Hohhot have?", None),  # one thing, not two
        (
            "Which city is known for dairy, and which one for industry?",
            ["Which city is known for dairy", "which city for industry?"],
        ),
    ],
)
def test_a_question_counting_two_things_or_asking_which_one_is_split_into_its_questions(
    question: str, expected: list[str] | None
) -> None:
    assert parts(question) == (expected or [question])


def test_a_comparison_says_which_place_is_not_known(engine: Engine) -> None:
    answer = engine.ask("How many R&D institutions do Hohhot and Baotou each have?")
    assert [fact.id for fact in answer.facts] == ["hohhot-rd-institutions"]
    assert "I don't know the answer to \u201cHow many R&D institutions do Baotou have?\u201d yet." in plain_text(
        answer.reply
    )


@pytest.mark.parametrize(
    ("question", "fact_id"),
    [
        ("What was the full title of the dairy project Yili and Mengniu joined?", "yili-mengniu-milk-safety-project"),
        ("Which government department is behind Hohhot's key tech breakthroughs?", "bureau-priority-sectors"),
        ("Which industrial park is shown in the photos of the Hohhot Daily?", "hohhot-photos-hohhot-daily"),
        ("What is North Hauler's consortium developing?", "north-hauler-mining-truck-consortium"),
    ],
)
def test_what_is_asked_of_a_subject_may_be_a_name_an_organisation_or_a_name_the_fact_holds(
    engine: Engine, question: str, fact_id: str
) -> None:
    """The asked head must be one the answering fact mentions, except a title (any fact names things), a kind of
    organisation (a department), a word of the name of what it is about (the park) or a verb ("developing")."""
    assert [fact.id for fact in engine.ask(question).facts] == [fact_id]


@pytest.mark.parametrize(
    "question", ["How many titles were given out in total at the March event?", "一共颁发了多少个称号？"]
)
def test_a_total_no_fact_gives_is_added_up_from_the_facts_giving_its_parts(engine: Engine, question: str) -> None:
    """12 consortium titles and 6 leading enterprise titles: the sum is said to be worked out, each part cited."""
    answer = engine.ask(question)
    assert {fact.id for fact in answer.facts} == {"innovation-consortium-titles", "leading-technology-enterprises"}
    assert answer.worked_out.endswith(("= ~18.", "= ~18。")) and answer.worked_out in plain_text(answer.reply)


def test_a_total_one_fact_gives_is_that_fact_alone(engine: Engine) -> None:
    answer = engine.ask("How many consortiums were recognised altogether?")
    assert [fact.id for fact in answer.facts] == ["innovation-consortium-titles"] and not answer.worked_out


@pytest.mark.parametrize(
    ("question", "fact_id"),
    [
        # "the Hohhot article" is the one whose title names Hohhot alone, not "Hohhot, Baotou jointly build ..."
        ("Which companies come up in the Hohhot article?", "yili-mengniu-milk-safety-project"),
        ("What does the number 193 count in the Hohhot report?", "hohhot-innovation-platforms"),  # a cited figure
        ("Which two Baotou companies are mentioned?", "first-machinery-cooperation-projects"),  # mentioned: no word
    ],
)
def test_where_a_question_says_it_read_something_narrows_it_and_says_nothing_else(
    engine: Engine, question: str, fact_id: str
) -> None:
    assert [fact.id for fact in engine.ask(question).facts][:1] == [fact_id]


def test_arithmetic_is_no_question_even_when_it_cites_an_article(engine: Engine) -> None:
    assert engine.ask("what's 2+2 according to the Hohhot article?").fact is None


@pytest.mark.parametrize(
    ("question", "fact_id", "opening"),
    [
        ("Did Yili and Mengniu win first prize?", "milk-safety-project-award", "Not first: the article says second."),
        ("Is Wang Long North Hauler's CEO?", "wang-long-chief-information-officer", "Not chief executive officer"),
        ("伊利和蒙牛拿的是一等奖吗？", "milk-safety-project-award", "不是“一等”：文章说的是“二等”。"),
    ],
)
def test_a_yes_no_question_naming_the_wrong_rank_or_role_is_told_what_the_article_says(
    engine: Engine, question: str, fact_id: str, opening: str
) -> None:
    answer = engine.ask(question)
    assert [fact.id for fact in answer.facts] == [fact_id] and plain_text(answer.reply).startswith(opening)


def test_the_wrong_rank_asked_without_yes_or_no_is_still_declined(engine: Engine) -> None:
    assert engine.ask("Who won first prize?").fact is None


@pytest.mark.parametrize(
    ("question", "fact_id"),
    [
        ("Is the Mengniu park in Hohhot or Baotou?", "mengniu-dairy-industrial-park"),  # one of the two: answered
        ("北方股份在呼和浩特还是包头？", "north-hauler-mining-truck-consortium"),
        ("Which city has the more complete industrial system, Hohhot or Baotou?", "baotou-industrial-system"),
        ("Where was the March 23 ceremony held, Hohhot or Baotou?", None),  # the event is both cities': not said
        ("Which city has more universities, Hohhot or Baotou?", None),  # no fact compares them
    ],
)
def test_a_choice_between_two_places_is_answered_only_by_a_fact_placing_it_in_one(
    engine: Engine, question: str, fact_id: str | None
) -> None:
    assert [fact.id for fact in engine.ask(question).facts] == ([fact_id] if fact_id else [])


@pytest.mark.parametrize(
    ("question", "fact_id"),
    [
        ("Which parts of biomedicine are clustering in Hohhot?", "hohhot-vaccines-pharma-rd"),  # parts of: biomedicine
        ("Who's the man quoted on driverless mining trucks?", "wang-long-quote"),  # quoted: a person who spoke
        ("who's this Wang Long fellow?", "wang-long-chief-information-officer"),  # who's X: who X is
        ("how many got the leading-enterprise label?", "leading-technology-enterprises"),  # counts who got it
    ],
)
def test_what_a_question_asks_is_read_past_its_wrapping_words(engine: Engine, question: str, fact_id: str) -> None:
    assert [fact.id for fact in engine.ask(question).facts][:1] == [fact_id]


def test_which_of_the_two_cities_is_answered_only_by_a_fact_about_one_of_them(engine: Engine) -> None:
    """The fact about both cities encouraging consortiums mentions universities, but says neither is the one."""
    answer = engine.ask("Which of the two cities is the college town?")
    assert [fact.id for fact in answer.facts] == ["hohhot-universities-institutes"]


@pytest.mark.parametrize(
    ("question", "opens_with_yes"),
    [
        ("Did Yili win a prize?", True),  # the fact's own text says every word asked
        ("伊利获奖了吗？", True),
        ("Didn't Yili win a prize?", False),  # a negation the words alone cannot confirm
        ("Is the grass seed industry one of the areas the bureau focuses on?", False),  # the text never says focus
    ],
)
def test_a_yes_no_question_is_confirmed_only_when_the_facts_own_text_says_every_word(
    engine: Engine, question: str, opens_with_yes: bool
) -> None:
    answer = engine.ask(question)
    assert answer.fact is not None
    assert plain_text(answer.reply).startswith(("Yes.", "是的。")) == opens_with_yes
    assert bool(answer.worked_out) == opens_with_yes


@pytest.mark.parametrize(
    ("question", "fact_id"),
    [
        ("On what date was the article about Hohhot's sci-tech progress published?", None),  # that article: no date
        ("Was the March 23 ceremony held in Hohhot or in Baotou?", None),  # both cities': not one of them
        ("How big was the tech financing package from the Pudong bank?", "spdb-technology-financing"),  # an amount
        ("四家企业一共获得了多少科技金融支持？", "spdb-technology-financing"),  # 金融支持: an amount, not a count
        ("What place did Yili and Mengniu get in the awards?", "milk-safety-project-award"),  # a rank, not a location
        ("How many tech firms were singled out as leaders?", "leading-technology-enterprises"),
    ],
)
def test_what_kind_of_answer_is_asked_is_read_from_the_words_around_it(
    engine: Engine, question: str, fact_id: str | None
) -> None:
    assert [fact.id for fact in engine.ask(question).facts][:1] == ([fact_id] if fact_id else [])


@pytest.mark.parametrize(
    ("question", "name"),
    [
        ("What is North Hauler's full company name?", "Inner Mongolia North Hauler Joint Stock Co"),
        ("official name of SPDB?", "Shanghai Pudong Development Bank"),
        ("北方股份的全称是什么？", "内蒙古北方重型汽车股份有限公司"),
    ],
)
def test_a_name_asked_in_full_is_given_from_a_fact_that_writes_it(engine: Engine, question: str, name: str) -> None:
    answer = engine.ask(question)
    assert answer.fact is not None and name in answer.worked_out
    assert name in (answer.fact.text_zh if answer.language == "zh" else answer.fact.text)  # as the fact writes it


@pytest.mark.parametrize(
    ("question", "fact_id"),
    [
        ("What were First Machinery Group's projects about?", None),  # the fact only says they were signed
        ("What is North Hauler's consortium about?", "north-hauler-mining-truck-consortium"),  # "focused on ..."
        ("what was the project Yili and Mengniu joined about?", "yili-mengniu-milk-safety-project"),  # its title
    ],
)
def test_what_something_is_about_needs_a_fact_that_says_it(engine: Engine, question: str, fact_id: str | None) -> None:
    assert [fact.id for fact in engine.ask(question).facts][:1] == ([fact_id] if fact_id else [])


@pytest.mark.parametrize(
    "question",
    [
        "Whom were the big firms of the two cities encouraged to cooperate with?",
        "The leading companies were told to partner with whom?",
        "两市鼓励龙头企业跟谁合作？",
    ],
)
def test_a_partner_asked_for_may_be_named_by_its_kind(engine: Engine, question: str) -> None:
    """ "To cooperate with universities and research institutes": no one is named, but the kind of partner is."""
    assert [fact.id for fact in engine.ask(question).facts] == ["cities-encourage-consortiums"]


@pytest.mark.parametrize(
    ("question", "fact_id"),
    [
        ("北方股份跟上海哪所大学合作？", "north-hauler-mining-truck-consortium"),  # 上海: in 上海交通大学's name
        ("Name the Beijing institution partnering with North Hauler.", "north-hauler-mining-truck-consortium"),
        ("Who spoke for the company building driverless trucks in Baotou?", "wang-long-quote"),  # a person speaks
    ],
)
def test_a_place_in_an_organisations_name_speaks_of_it(engine: Engine, question: str, fact_id: str) -> None:
    assert [fact.id for fact in engine.ask(question).facts][:1] == [fact_id]


def test_a_place_in_an_organisations_name_does_not_make_its_facts_about_the_place(engine: Engine) -> None:
    assert engine.ask("How many R&D institutions does Shanghai have?").fact is None


def test_an_attribute_of_two_words_owned_by_a_name_is_read_whole() -> None:
    """ "Hohhot's administrative status within ..." asks for a status, not for an 'administrative'."""
    from bot.engine.phrasing import asked_attribute

    assert asked_attribute("What is Hohhot's administrative status within Inner Mongolia?") == "administrative status"
    assert asked_attribute("What was the bureau's budget last year?") == "budget"


def test_a_count_of_two_things_is_asked_as_two_counts_however_it_is_put() -> None:
    assert parts("Give me Hohhot's count of innovation platforms and R&D institutions") == [
        "Give me Hohhot's count of innovation platforms",
        "Give me Hohhot's count of R&D institutions",
    ]


@pytest.mark.parametrize(
    ("question", "fact_id"),
    [
        ("Tell me about biotech in Hohhot", "hohhot-biomedical-foundations"),  # biotech: biomedicine
        ("Which of the two cities is an academic hub?", "hohhot-universities-institutes"),  # academic hub
        ("蒙牛乳业产业园在哪？", "mengniu-dairy-industrial-park"),  # 产业园: the park's other name
        ("What is Baotou's strongest suit?", "baotou-industrial-system"),
        ("Why are Hohhot and Baotou a natural fit for working together?", "hohhot-baotou-cooperation-potential"),
        (
            "Is Shanghai Jiao Tong University part of the North Hauler consortium?",
            "north-hauler-mining-truck-consortium",
        ),
        ("Will North Hauler's new trucks need a human behind the wheel?", "north-hauler-mining-truck-consortium"),
        ("What is Hohhot's administrative status within Inner Mongolia?", "hohhot-capital-of-inner-mongolia"),
        ("Which city is home to the Mengniu Dairy Industrial Park?", "mengniu-dairy-industrial-park"),
        ("包头有啥特点？", "baotou-industrial-system"),  # 特点: what it is strong at
        ("What niches is Hohhot's biomedicine clustering in?", "hohhot-vaccines-pharma-rd"),
        ("Give me the lowdown on biomedicine in Hohhot.", "hohhot-biomedical-foundations"),
        ("Which national prize scheme recognised the dairy project?", "milk-safety-project-award"),  # scheme: award
        ("Which venue hosted the March 23 event?", None),  # a venue: no fact names one
        ("有几家公司被评为领军科技企业？", "leading-technology-enterprises"),  # 公司: 企业
        ("呼和浩特和包头为何具有很大的合作潜力？", "hohhot-baotou-cooperation-potential"),
        ("How many groups walked away with consortium titles in March?", "innovation-consortium-titles"),
        ("Which two big dairy brands does the Hohhot story name?", "yili-mengniu-milk-safety-project"),
        ("biomedcine feilds hohhot", "hohhot-vaccines-pharma-rd"),  # fields: which parts cluster
    ],
)
def test_paraphrases_by_class_of_meaning_reach_their_fact_or_none(
    engine: Engine, question: str, fact_id: str | None
) -> None:
    """One case or two per class of meaning (lexicon class, curated phrasing, question word), never a set's string."""
    assert [fact.id for fact in engine.ask(question).facts][:1] == ([fact_id] if fact_id else [])


@pytest.mark.parametrize(
    ("question", "fact_id"),
    [
        ("What does the figure 193 stand for?", "hohhot-innovation-platforms"),  # the one fact stating it
        ("464指的是什么？", "hohhot-rd-institutions"),
        ("What does the figure 7 stand for?", None),  # no fact states it
        ("北方股份是哪个城市的企业？", "north-hauler-mining-truck-consortium"),  # which city: a place, not a company
        ("Could you list all twelve consortiums that got the title?", None),  # their names: the fact gives a count
        ("What hour of the day did the March 23 event begin?", None),  # a clock time: the fact gives a date
    ],
)
def test_figures_places_lists_and_times_are_read_for_what_they_ask(
    engine: Engine, question: str, fact_id: str | None
) -> None:
    assert [fact.id for fact in engine.ask(question).facts][:1] == ([fact_id] if fact_id else [])


def test_a_count_asked_again_with_only_a_preposition_has_no_focus_of_its_own(engine: Engine) -> None:
    """ "..., and how many by Baotou companies?" counts what the first part counted, not the companies."""
    answer = engine.ask("How many of the twelve consortiums are run by Hohhot firms, and how many by Baotou firms?")
    assert answer.fact is None
    assert read("and how many by Baotou companies?").focus == ""
