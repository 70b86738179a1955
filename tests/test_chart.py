"""The /stats chart: a valid PNG whose bars are the data, labels in the admin's language when a font allows."""

from __future__ import annotations

import io
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from matplotlib import font_manager
from matplotlib.colors import to_rgb
from PIL import Image

from bot.curation import chart
from bot.curation.chart import ANSWERED_COLOUR, DECLINED_COLOUR, DPI, SIZE_INCHES, chart_png, draw
from bot.curation.stats import DayCount

DAY = date(2024, 5, 1)
GROUPS = [("How many R&D institutions does Ordos have?", 7), ("呼和浩特的天气怎么样", 3), ("mayor of baotou", 2)]


def series(*counts: tuple[int, int, int]) -> list[DayCount]:
    return [DayCount(DAY + timedelta(days=i), *count) for i, count in enumerate(counts)]


def pixels(png: bytes, colour: str) -> int:
    """How many pixels of the PNG have exactly this colour."""
    rgb = tuple(round(channel * 255) for channel in to_rgb(colour))
    colours = Image.open(io.BytesIO(png)).convert("RGB").getcolors(1 << 24) or []
    return next((count for count, found in colours if found == rgb), 0)


def test_the_chart_is_a_valid_png_of_the_expected_size() -> None:
    png = chart_png(series((3, 1, 2), (5, 0, 2)), GROUPS)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    image = Image.open(io.BytesIO(png))
    image.verify()  # checks the chunks and their CRCs
    assert image.size == (round(SIZE_INCHES[0] * DPI), round(SIZE_INCHES[1] * DPI))


def test_bars_are_the_data_stacked_answered_suggested_declined() -> None:
    daily = series((2, 1, 3), (8, 0, 1), (0, 0, 0), (4, 2, 0))
    days, groups = draw(daily, GROUPS).axes
    answered, suggested, declined = days.containers
    assert [bar.get_height() for bar in answered] == [2, 8, 0, 4]
    assert [bar.get_height() for bar in suggested] == [1, 0, 0, 2]
    assert [bar.get_y() for bar in suggested] == [2, 8, 0, 4]
    assert [bar.get_height() for bar in declined] == [3, 1, 0, 0]
    assert [bar.get_y() for bar in declined] == [3, 8, 0, 6]
    assert [text.get_text() for text in days.get_legend().get_texts()] == ["answered", "suggested", "declined"]
    (counts,) = groups.containers
    assert [bar.get_width() for bar in counts] == [7, 3, 2]
    labels = [label.get_text() for label in groups.get_yticklabels()]
    assert labels[0].startswith("1. How many R&D institutions") and labels[2] == "3. mayor of baotou"


def test_more_questions_draw_more_of_their_colour() -> None:
    few = chart_png(series((2, 0, 1), (0, 0, 0)), [])
    many = chart_png(series((8, 0, 1), (0, 0, 0)), [])
    assert pixels(many, ANSWERED_COLOUR) > pixels(few, ANSWERED_COLOUR)
    none_declined = chart_png(series((2, 0, 0), (0, 0, 0)), [])
    assert pixels(few, DECLINED_COLOUR) > pixels(none_declined, DECLINED_COLOUR) > 0  # the legend's patch remains


def test_an_empty_log_still_draws() -> None:
    for daily in ([], series((0, 0, 0))):
        png = chart_png(daily, [])
        Image.open(io.BytesIO(png)).verify()


def test_without_a_chinese_font_a_chinese_admin_gets_english_labels(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(chart, "cjk_font", lambda: None)
    days, groups = draw(series((1, 1, 1)), GROUPS, "zh").axes
    assert days.get_title().startswith("Questions per day")
    assert [label.get_text() for label in groups.get_yticklabels()][1] == "2. (question in Chinese)"


def test_with_a_chinese_font_a_chinese_admin_gets_chinese_labels(monkeypatch: pytest.MonkeyPatch) -> None:
    font = font_manager.findfont("DejaVu Sans")  # stands in for a CJK font: the figure is not rendered
    monkeypatch.setattr(chart, "cjk_font", lambda: font)
    days, groups = draw(series((1, 1, 1)), GROUPS, "zh").axes
    assert days.get_title().startswith("每日提问")
    assert [text.get_text() for text in days.get_legend().get_texts()] == ["已回答", "给出建议", "未回答"]
    assert [label.get_text() for label in groups.get_yticklabels()][1] == "2. 呼和浩特的天气怎么样"
    english_days, _ = draw(series((1, 1, 1)), GROUPS, "en").axes
    assert english_days.get_title().startswith("Questions per day")


def test_the_chinese_font_is_found_through_the_font_manager_and_never_the_fallback() -> None:
    found = chart.cjk_font()
    names = {entry.fname: entry.name for entry in font_manager.fontManager.ttflist}
    if found is None:  # this machine has no CJK font: English labels, as above
        assert any(name.startswith("Last Resort") for name in names.values())  # which has a box for every char
    else:
        assert not names[found].startswith("Last Resort")


def test_matplotlib_is_imported_only_when_a_chart_is_drawn() -> None:
    code = (
        "import sys; import bot.telegram.app, bot.curation.summary, bot.cli.commands;print('matplotlib' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=Path(__file__).parent.parent
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"
