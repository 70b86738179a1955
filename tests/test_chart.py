"""The questions-per-day chart: a valid PNG whose bars follow the data."""

from __future__ import annotations

import struct
import zlib
from datetime import date, timedelta

from bot.curation.chart import (
    ANSWERED_RGB,
    HEIGHT,
    TEXT_RGB,
    UNANSWERED_RGB,
    WIDTH,
    questions_per_day_png,
)

Pixels = list[list[tuple[int, int, int]]]
DAY = date(2024, 5, 1)


def decode(png: bytes) -> Pixels:
    """A strict decoder for what the chart writes: checks every CRC, IHDR and filter byte."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    position, chunks = 8, []
    while position < len(png):
        (length,) = struct.unpack(">I", png[position : position + 4])
        kind = png[position + 4 : position + 8]
        data = png[position + 8 : position + 8 + length]
        (crc,) = struct.unpack(">I", png[position + 8 + length : position + 12 + length])
        assert crc == zlib.crc32(kind + data), kind
        chunks.append((kind, data))
        position += 12 + length
    assert position == len(png)
    assert chunks[0][0] == b"IHDR" and chunks[-1] == (b"IEND", b"")
    width, height, depth, colour_type, compression, filtering, interlace = struct.unpack(">IIBBBBB", chunks[0][1])
    assert (depth, colour_type, compression, filtering, interlace) == (8, 2, 0, 0, 0)
    raw = zlib.decompress(b"".join(data for kind, data in chunks if kind == b"IDAT"))
    stride = 1 + width * 3
    assert len(raw) == height * stride
    rows = []
    for y in range(height):
        line = raw[y * stride : (y + 1) * stride]
        assert line[0] == 0  # filter type None
        rows.append([tuple(line[1 + x * 3 : 4 + x * 3]) for x in range(width)])
    return rows  # type: ignore[return-value]


def bars(pixels: Pixels) -> list[tuple[int, int]]:
    """(answered, not answered) heights of each bar, left to right, measured upwards from the
    lowest coloured row; the legend squares float above the axis and are not counted."""
    base = max(y for y, row in enumerate(pixels) if ANSWERED_RGB in row or UNANSWERED_RGB in row)
    runs: list[tuple[int, int]] = []
    previous = (0, 0)
    for x in range(len(pixels[0])):
        answered = 0
        while pixels[base - answered][x] == ANSWERED_RGB:
            answered += 1
        missed = 0
        while pixels[base - answered - missed][x] == UNANSWERED_RGB:
            missed += 1
        if (answered or missed) and previous == (0, 0):
            runs.append((answered, missed))
        previous = (answered, missed)
    return runs


def test_png_is_valid_and_640_by_320() -> None:
    png = questions_per_day_png([(DAY, 3, 1), (DAY + timedelta(1), 5, 2)], "Questions per day")
    pixels = decode(png)
    assert (len(pixels[0]), len(pixels)) == (WIDTH, HEIGHT) == (640, 320)


def test_bars_are_proportional_to_the_data() -> None:
    series = [(DAY, 2, 1), (DAY + timedelta(1), 8, 3), (DAY + timedelta(2), 4, 0)]
    (low, low_missed), (high, high_missed), (middle, middle_missed) = bars(decode(questions_per_day_png(series, "t")))
    assert high > middle > low
    assert abs(high / low - 4) < 0.1 and abs(middle / low - 2) < 0.1
    assert abs(high_missed / low_missed - 3) < 0.1 and middle_missed == 0


def test_not_answered_is_stacked_on_answered() -> None:
    ((answered, missed),) = bars(decode(questions_per_day_png([(DAY, 5, 5)], "t")))
    assert answered > 50 and abs(missed - answered) <= 1


def test_a_day_with_more_answered_has_a_taller_bar_over_a_month() -> None:
    series = [(DAY + timedelta(i), i % 7, 1) for i in range(30)]
    heights = bars(decode(questions_per_day_png(series, "Last 30 days")))
    assert len(heights) == 30
    unit = heights[6][0] / 6  # day 6 has 6 answered
    for (answered, missed), (_, count, _) in zip(heights, series, strict=False):
        assert abs(answered - count * unit) <= 1
        assert missed > 0


def test_empty_and_all_zero_series_still_render() -> None:
    for series in ([], [(DAY, 0, 0), (DAY + timedelta(1), 0, 0)]):
        pixels = decode(questions_per_day_png(series, "Nothing yet"))
        assert sum(row.count(ANSWERED_RGB) for row in pixels) == 14 * 14  # only the legend
        assert sum(row.count(UNANSWERED_RGB) for row in pixels) == 14 * 14


def test_title_and_labels_are_drawn() -> None:
    one = decode(questions_per_day_png([(DAY, 1, 1)], "Questions"))
    other = decode(questions_per_day_png([(DAY, 1, 1)], "Answers"))
    assert one[:30] != other[:30]  # the title rows differ with the title
    assert one[30:] == other[30:]
    assert any(TEXT_RGB in row for row in one[HEIGHT - 30 :])  # the date under the bars
