"""What one message may cost: only its beginning is matched, a compound question has a few parts, and the caches
every question passes through are bounded in entries and in bytes. (Timings are measured in bench/hostile.py.)"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.engine import matcher as matcher_module
from bot.engine import normalise
from bot.engine.answers import MAX_PARTS
from bot.engine.budget import MAX_READS, Clause
from bot.engine.cache import BoundedCache
from bot.engine.facade import MAX_MATCHED_CHARS, Engine
from bot.engine.index import Index
from bot.engine.knowledge import KnowledgeStore
from bot.engine.matcher import Matcher
from bot.engine.reply import plain_text
from bot.engine.scoring import Scored

ROOT = Path(__file__).resolve().parent.parent
FACTS = ROOT / "facts"


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(KnowledgeStore(FACTS))


@pytest.mark.parametrize(
    ("padding", "notice"),
    [
        (" and more words" * 300, "I read only its first 300 characters"),
        ("，还有更多的话" * 300, "我只读取了前 300 个字符"),
    ],
)
def test_only_the_beginning_of_a_long_message_is_read_and_the_reply_says_so(
    engine: Engine, padding: str, notice: str
) -> None:
    question = "How many R&D institutions does Hohhot have?" if padding.isascii() else "呼和浩特有多少研发机构？"
    answer = engine.ask(question + padding)
    assert len(answer.question) <= MAX_MATCHED_CHARS and answer.question.startswith(question)
    assert notice in plain_text(answer.reply).split("\n")[0] and "464" in plain_text(answer.reply)
    assert notice not in plain_text(engine.ask(question).reply)


def test_a_compound_question_has_at_most_a_few_parts(engine: Engine) -> None:
    many = " ".join(["How many R&D institutions does Hohhot have?", "Who is Wang Long?"] * 10)
    assert 1 < len(engine.ask(many).parts) <= MAX_PARTS


def test_the_text_cache_is_bounded_in_bytes_and_entries() -> None:
    def size(key: str, value: str) -> int:
        return 2 * len(key)

    cache: BoundedCache[str, str] = BoundedCache(str.upper, max_entries=1000, max_bytes=128_000, size=size)
    for number in range(1000):
        cache(f"{number:05d}" + "x" * 500)  # 1,010 bytes each: the byte budget binds first
    assert len(cache) == 126 and cache.bytes <= 128_000
    cache("y" * 10_000)  # more than a 64th of the budget: computed, not kept
    assert len(cache) == 126 and cache("00999" + "x" * 500) == ("00999" + "x" * 500).upper()
    small: BoundedCache[int, int] = BoundedCache(lambda n: n * n, max_entries=10, max_bytes=10**6, size=lambda k, v: 1)
    assert [small(n) for n in range(50)][-1] == 49 * 49 and len(small) == 10


def test_long_words_are_stemmed_without_being_cached() -> None:
    before = normalise._cached_stem.cache_info().currsize
    assert normalise.stem("institutions" * 100) == normalise._stem("institutions" * 100)
    assert normalise._cached_stem.cache_info().currsize == before
    normalise.stem("institutionz")
    assert normalise._cached_stem.cache_info().currsize == before + 1


def test_word_lists_are_read_without_importing_their_packages_or_numpy_ma() -> None:
    """Importing jieba, pyspellchecker or zhconv (pkg_resources), or calling np.unique (numpy.ma), costs about
    45 MB of peak memory at start-up for modules the bot never uses (bench section 2: peak RSS <= 100 MB)."""
    script = (
        "import sys\n"
        "from bot.engine.facade import Engine\n"
        "from bot.engine.knowledge import KnowledgeStore\n"
        f"engine = Engine(KnowledgeStore({str(FACTS)!r}))\n"
        "for question in ('呼和浩特有多少研發機構？', 'how many reserch institutes in hohot'):\n"
        "    assert engine.ask(question).answered\n"
        "print(sorted({'jieba', 'spellchecker', 'zhconv', 'pkg_resources', 'numpy.ma'} & set(sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT)
    assert done.stdout.strip() == "[]"


def test_a_message_reads_each_text_once_and_only_so_many(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    """A message of many short questions was read some forty times, clause by clause (bench section 6)."""
    read: list[tuple[str, tuple[str, ...], bool]] = []
    plain = Matcher._read

    def counted(self: Matcher, clause: str, context: tuple[str, ...], whole: bool) -> Clause:
        read.append((clause, context, whole))
        return plain(self, clause, context, whole)

    monkeypatch.setattr(Matcher, "_read", counted)
    engine.ask("dairy farm, milk price: Hohhot? " * 12)
    assert len(read) == len(set(read))  # each text, in each context, read once
    clauses = [at for at, (_, _, whole) in enumerate(read) if not whole]
    assert clauses and max(clauses) < MAX_READS  # a clause is read only while fewer texts than that were read
    read.clear()
    question = "Hi, I'm a dairy farmer from Hebei, and I wonder, as a newcomer, how many R&D institutions Hohhot has?"
    assert "464" in plain_text(engine.ask(question).reply)  # a question people ask is read in full
    assert 1 < len(read) <= MAX_READS


def test_a_clause_naming_what_no_fact_is_about_is_not_scored(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every fact is out for such a clause: it would score nothing, so it can replace no decision (matcher._read)."""
    ranked: list[list[str]] = []
    plain = matcher_module.rank

    def counted(index: Index, tokens: list[str]) -> list[Scored]:
        ranked.append(tokens)
        return plain(index, tokens)

    monkeypatch.setattr(matcher_module, "rank", counted)
    answer = engine.ask("Hi, I'm Bob from Zorbia, how many R&D institutions does Hohhot have?")
    assert "464" in plain_text(answer.reply)
    assert (
        len(ranked) == 2
    )  # the whole question (its match is explained) and its last clause, not "I'm Bob from Zorbia, ..."
