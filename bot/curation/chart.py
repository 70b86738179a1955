"""The /stats chart: questions per day (answered, suggested, declined stacked) beside the most missed questions.

Drawn with matplotlib's object-oriented API on the Agg canvas: no pyplot and no global state, so a worker thread
can draw while the bot answers. matplotlib is imported only when a chart is drawn, so starting the bot does not pay
for it. Labels are Chinese for an admin who reads Chinese when an installed font has the glyphs (found through
matplotlib's font manager), English otherwise; a question in Chinese is then shown by its number only.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Sequence
from typing import TYPE_CHECKING

from bot.curation.stats import DayCount
from bot.engine.normalise import has_cjk

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties

SIZE_INCHES = (11.0, 4.8)
DPI = 100  # 1100 x 480 pixels: readable on a phone, far below Telegram's photo limits
ANSWERED_COLOUR = "#1f77b4"  # blue, yellow and vermilion stay apart for colour-blind readers
SUGGESTED_COLOUR = "#e6b800"
DECLINED_COLOUR = "#d55e00"
GROUP_LABEL = 32  # characters of a question shown beside its bar
DATE_LABELS = 7
TOP_GROUPS = 8
CJK_PROBE = "问答"  # a font that has these has the glyphs of our labels

_LABELS = {
    "en": {
        "title": "Questions per day",
        "answered": "answered",
        "suggested": "suggested",
        "declined": "declined",
        "questions": "questions",
        "groups": "Most frequent unanswered questions",
        "times": "times asked",
        "none": "none",
        "chinese": "(question in Chinese)",
    },
    "zh": {
        "title": "每日提问",
        "answered": "已回答",
        "suggested": "给出建议",
        "declined": "未回答",
        "questions": "提问数",
        "groups": "最常见的未回答问题",
        "times": "提问次数",
        "none": "无",
        "chinese": "（中文问题）",
    },
}


def chart_png(daily: Sequence[DayCount], groups: Sequence[tuple[str, int]], language: str = "en") -> bytes:
    """The chart as PNG bytes; `groups` are the top unanswered questions with their counts, most frequent first."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    figure = draw(daily, groups, language)
    FigureCanvasAgg(figure)  # the figure draws on the Agg canvas, whatever backend matplotlib would pick
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def draw(daily: Sequence[DayCount], groups: Sequence[tuple[str, int]], language: str = "en") -> Figure:
    """The chart as a matplotlib figure (the tests read its bars); see `chart_png`."""
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties

    font_file = cjk_font()
    font = FontProperties(fname=font_file) if font_file else None
    labels = _LABELS["zh" if language == "zh" and font else "en"]
    figure = Figure(figsize=SIZE_INCHES, dpi=DPI, layout="constrained")
    grid = figure.add_gridspec(1, 2, width_ratios=(3, 2))
    _days(figure.add_subplot(grid[0, 0]), daily, labels, font)
    _groups(figure.add_subplot(grid[0, 1]), groups, labels, font)
    return figure


@functools.cache
def cjk_font() -> str | None:
    """The file of an installed font that has Chinese glyphs, or None (then the labels are English)."""
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    for entry in font_manager.fontManager.ttflist:
        if entry.name.startswith("Last Resort"):  # matplotlib's fallback: a box for every character, not a glyph
            continue
        try:
            charmap = FT2Font(entry.fname).get_charmap()
        except (OSError, RuntimeError):  # a broken or unreadable font file is simply not a candidate
            continue
        if all(ord(char) in charmap for char in CJK_PROBE):
            return str(entry.fname)
    return None


def _days(axes: Axes, daily: Sequence[DayCount], labels: dict[str, str], font: FontProperties | None) -> None:
    """Stacked bars per day, dates under them (at most DATE_LABELS of them), whole numbers up the side."""
    from matplotlib.ticker import MaxNLocator

    positions = range(len(daily))
    answered = [day.answered for day in daily]
    suggested = [day.suggested for day in daily]
    declined = [day.declined for day in daily]
    below_declined = [a + s for a, s in zip(answered, suggested, strict=True)]
    axes.bar(positions, answered, color=ANSWERED_COLOUR, label=labels["answered"])
    axes.bar(positions, suggested, bottom=answered, color=SUGGESTED_COLOUR, label=labels["suggested"])
    axes.bar(positions, declined, bottom=below_declined, color=DECLINED_COLOUR, label=labels["declined"])
    step = max(1, -(-len(daily) // DATE_LABELS))
    axes.set_xticks(list(positions)[::step], [day.day.strftime("%m-%d") for day in daily][::step])
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_ylim(bottom=0, top=max([1, *(b + d for b, d in zip(below_declined, declined, strict=True))]) * 1.1)
    span = f" ({daily[0].day.isoformat()} – {daily[-1].day.isoformat()})" if daily else ""
    axes.set_title(labels["title"] + span, fontproperties=font)
    axes.set_ylabel(labels["questions"], fontproperties=font)
    axes.legend(loc="upper left", prop=font, frameon=False)
    axes.spines[["top", "right"]].set_visible(False)


def _groups(axes: Axes, groups: Sequence[tuple[str, int]], labels: dict[str, str], font: FontProperties | None) -> None:
    """Horizontal bars of the most missed questions, the most frequent on top, numbered as /unanswered lists them."""
    from matplotlib.ticker import MaxNLocator

    shown = list(groups[:TOP_GROUPS])
    names = [f"{number}. {_label(question, labels, font)}" for number, (question, _) in enumerate(shown, start=1)]
    axes.barh(range(len(shown)), [count for _, count in shown], height=0.6, color=DECLINED_COLOUR)
    axes.set_yticks(range(len(shown)), names, fontproperties=font)
    axes.invert_yaxis()
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_title(labels["groups"], fontproperties=font)
    axes.set_xlabel(labels["times"], fontproperties=font)
    if not shown:
        axes.text(0.5, 0.5, labels["none"], ha="center", va="center", transform=axes.transAxes, fontproperties=font)
        axes.set_yticks([])
        axes.set_xticks([])
    axes.spines[["top", "right"]].set_visible(False)


def _label(question: str, labels: dict[str, str], font: FontProperties | None) -> str:
    """A question cut to fit beside its bar; without a Chinese font, a Chinese question is only said to be one."""
    if has_cjk(question) and font is None:
        return labels["chinese"]
    text = " ".join(question.split())
    return text if len(text) <= GROUP_LABEL else text[: GROUP_LABEL - 1] + "…"
