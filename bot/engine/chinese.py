"""Chinese content tokens: words found with a dictionary, then character bigrams within each word.

Chinese has no spaces, so text is matched by character bigrams. Bigrams that straddle two words ("给四家企业" gives
给四 and 家企) are noise, and noise that no fact has weighs the most, which sank Chinese questions. So each run is
first cut into words by forward maximum matching against jieba's dictionary (330,000 words of two to four
characters, held as an array of hashes, read once per process a line at a time, without importing jieba); bigrams
are then formed only inside words.
Question words and particles are removed first, and a lone function character (和, 在, 是) is dropped.
"""

from __future__ import annotations

import re
import threading
from collections import deque
from collections.abc import Iterator
from functools import cache

import numpy as np
import numpy.typing as npt

from bot.engine.packagedata import package_file

LONGEST_WORD = 4
# Question words, particles and colloquial fillers, removed before words are cut so that "有多少" does not make every
# counting question look alike (啥 and 咋 are colloquial 什么 and 怎么).
_FILLER = re.compile(
    "请问|请告诉我|告诉我|我想知道|想知道|一下|有多少|多少|几个|几家|几所|几项|什么|啥|咋|怎么样|怎么|怎样|如何|"
    "哪些|哪个|哪家|哪里|哪儿|哪一年|哪年|哪一天|哪天|何时|那个|这个|那笔|这笔|该笔|那些|这些|是否|有没有|是不是|做什么|干什么|是做|干嘛|主要|"
    "大概|大约|左右|换算成|换算|折合成|折合|折算|它们|他们|她们|它|他|她|吗|呢|吧|啊|呀|了|的|"
    "一共|总共|这次|那次|被认为|认为|适合|两市|两地|还是|具有"
)
_FUNCTION_CHARS = frozenset("和与及跟同在是有从对把被向给为也都还就又很最更之其这那哪谁该个家所项位种往做合搞干")


# Two cities named together by their first characters ("呼包两市"), and counts in Chinese numerals ("六家"): written
# as the fact base writes them, with both names and in digits ("6家").
_JOINT_NAMES = re.compile("呼包(?!头)")
_NUMERAL = re.compile("(?<![一二两三四五六七八九十哪第每])(十[一二]?|[一二两三四五六七八九])(?=[家个所项位名座种条])")
_DIGITS = {"一": "1", "二": "2", "两": "2", "三": "3", "四": "4", "五": "5", "六": "6", "七": "7", "八": "8", "九": "9"}
_DIGITS.update({"十": "10", "十一": "11", "十二": "12"})


def as_written(text: str) -> str:
    """Folded Chinese text with joint city names spelt out and small counts in digits, as facts write them."""
    return _NUMERAL.sub(lambda found: _DIGITS[found[1]], _JOINT_NAMES.sub("呼和浩特和包头", text))


def _entries() -> Iterator[str]:
    """jieba's dictionary words, one a line (`word frequency part-of-speech`), one at a time."""
    with package_file("jieba", "dict.txt").open(encoding="utf-8") as lines:
        for line in lines:
            yield line.split(" ", 1)[0].rstrip("\n")


@cache
def _dictionary() -> npt.NDArray[np.int64]:
    """The sorted hashes of jieba's dictionary words of two to four characters (sorted in place: np.unique imports
    numpy.ma, 8 MB)."""
    hashes = np.fromiter((hash(w) for w in _entries() if 2 <= len(w) <= LONGEST_WORD), dtype=np.int64)
    hashes.sort()
    return hashes


def _starts(run: str) -> npt.NDArray[np.bool_]:
    """Where dictionary words start in a run: row `size - 2` says, per position, whether the run's `size` characters
    from there (two to four) are a word. All substrings are looked up in one batch.

    One `searchsorted` over all of them costs about what three lookups one at a time cost, and a run of 300
    characters has 900 of them. A run within one looked up lately (a clause of a message is read after the
    message) takes that one's answers for its own positions: a word is a word wherever it is.
    """
    with _RECENT_LOCK:
        for longer, starts in _RECENT:
            at = longer.find(run)
            if at >= 0:
                part: npt.NDArray[np.bool_] = starts[:, at : at + len(run)].copy()
                for size in range(2, LONGEST_WORD + 1):
                    part[size - 2, max(len(run) - size + 1, 0) :] = False  # the word would run past this run's end
                return part
    sizes = range(2, LONGEST_WORD + 1)
    candidates = [run[start : start + size] for size in sizes for start in range(len(run) - size + 1)]
    hashes = np.fromiter((hash(candidate) for candidate in candidates), dtype=np.int64, count=len(candidates))
    dictionary = _dictionary()
    listed = dictionary[np.minimum(np.searchsorted(dictionary, hashes), len(dictionary) - 1)] == hashes
    starts = np.zeros((len(sizes), len(run)), dtype=bool)
    first = 0
    for size in sizes:
        count = max(len(run) - size + 1, 0)
        starts[size - 2, :count] = listed[first : first + count]
        first += count
    with _RECENT_LOCK:
        _RECENT.append((run, starts))
    return starts


_RECENT: deque[tuple[str, npt.NDArray[np.bool_]]] = deque(maxlen=8)  # runs looked up lately, with `_starts`
_RECENT_LOCK = threading.Lock()  # a reload tokenises in a worker thread while questions are read


def words(run: str) -> list[str]:
    """Cut a run of Chinese characters into words, longest first (forward maximum matching)."""
    longest = np.ones(len(run), dtype=np.int64)
    for size, starts in enumerate(_starts(run), start=2):
        longest[starts] = size  # a longer word wins
    lengths: list[int] = longest.tolist()
    found: list[str] = []
    start = 0
    while start < len(run):
        found.append(run[start : start + lengths[start]])
        start += lengths[start]
    return found


def cjk_tokens(run: str) -> list[str]:
    """Content tokens of a Chinese run: fillers removed, words cut, bigrams inside each word, lone content characters.

    A character left on its own is kept as a unigram (说 in 王龙说了什么), unless it is a function word.
    """
    _starts(run)  # its pieces are looked up with it
    tokens: list[str] = []
    for piece in _FILLER.split(run):
        for word in words(piece):
            if len(word) == 1:
                tokens.extend(() if word in _FUNCTION_CHARS else (word,))
            else:
                tokens.extend(word[i : i + 2] for i in range(len(word) - 1))
    return tokens
