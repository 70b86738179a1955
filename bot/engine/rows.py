"""Bulk work on example questions as rows (see Index): every example question of every fact one row, a fact's
rows one after the other, so that scoring a question against a few hundred examples is a few numpy calls.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from bot.engine.index import Index


def ranges(starts: npt.NDArray[np.int64], sizes: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """The numbers start, start + 1, ... of each range one after the other, without a loop over the ranges."""
    ends = np.cumsum(sizes)
    return np.repeat(starts - (ends - sizes), sizes) + np.arange(int(ends[-1]) if len(ends) else 0)


def shared_weights(index: Index, weights: dict[str, float], rows: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
    """Per example question (row): the summed weight of the question's tokens it has.

    `np.bincount` adds each row's token weights (0.0 for a token the question lacks) one after the other, in the
    order the example's token set lists them: the very numbers a loop summing over each set gives.
    """
    known = np.zeros(len(index.word_ids))  # per token id: the weight the question gives it
    for token, weight in weights.items():
        at = index.word_ids.get(token)
        if at is not None:
            known[at] = weight
    first = index.word_start[rows]
    sizes = index.word_start[rows + 1] - first
    words = index.example_words[ranges(first, sizes)]
    owners = np.arange(len(rows)).repeat(sizes)
    return np.asarray(np.bincount(owners, weights=known[words], minlength=len(rows)), dtype=np.float64)
