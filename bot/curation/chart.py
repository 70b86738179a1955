"""A questions-per-day bar chart as PNG bytes, drawn with the standard library only.

The bot sends it with the /stats report; a hand-written RGB canvas, a 5x7 bitmap font and a
minimal PNG encoder (zlib + struct) avoid pulling an imaging library onto the server.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Sequence
from datetime import date

WIDTH, HEIGHT = 640, 320
SCALE = 2  # font pixels per glyph dot: 5x7 glyphs become 10x14
ANSWERED_RGB = (31, 119, 180)  # blue and orange stay distinct for colour-blind readers
UNANSWERED_RGB = (255, 127, 14)
BACKGROUND_RGB = (255, 255, 255)
AXIS_RGB = (60, 60, 60)
GRID_RGB = (220, 220, 220)
TEXT_RGB = (30, 30, 30)

Colour = tuple[int, int, int]

# 5x7 glyphs, one string per row, '#' = ink. Lower case is drawn as upper case; anything
# missing is drawn as '?'.
_FONT: dict[str, tuple[str, ...]] = {
    "0": (".###.", "#...#", "#..##", "#.#.#", "##..#", "#...#", ".###."),
    "1": ("..#..", ".##..", "..#..", "..#..", "..#..", "..#..", ".###."),
    "2": (".###.", "#...#", "....#", "...#.", "..#..", ".#...", "#####"),
    "3": ("#####", "...#.", "..#..", "...#.", "....#", "#...#", ".###."),
    "4": ("...#.", "..##.", ".#.#.", "#..#.", "#####", "...#.", "...#."),
    "5": ("#####", "#....", "####.", "....#", "....#", "#...#", ".###."),
    "6": ("..##.", ".#...", "#....", "####.", "#...#", "#...#", ".###."),
    "7": ("#####", "....#", "...#.", "..#..", ".#...", ".#...", ".#..."),
    "8": (".###.", "#...#", "#...#", ".###.", "#...#", "#...#", ".###."),
    "9": (".###.", "#...#", "#...#", ".####", "....#", "...#.", ".##.."),
    "A": (".###.", "#...#", "#...#", "#####", "#...#", "#...#", "#...#"),
    "B": ("####.", "#...#", "#...#", "####.", "#...#", "#...#", "####."),
    "C": (".###.", "#...#", "#....", "#....", "#....", "#...#", ".###."),
    "D": ("###..", "#..#.", "#...#", "#...#", "#...#", "#..#.", "###.."),
    "E": ("#####", "#....", "#....", "####.", "#....", "#....", "#####"),
    "F": ("#####", "#....", "#....", "####.", "#....", "#....", "#...."),
    "G": (".###.", "#...#", "#....", "#.###", "#...#", "#...#", ".####"),
    "H": ("#...#", "#...#", "#...#", "#####", "#...#", "#...#", "#...#"),
    "I": (".###.", "..#..", "..#..", "..#..", "..#..", "..#..", ".###."),
    "J": ("..###", "...#.", "...#.", "...#.", "...#.", "#..#.", ".##.."),
    "K": ("#...#", "#..#.", "#.#..", "##...", "#.#..", "#..#.", "#...#"),
    "L": ("#....", "#....", "#....", "#....", "#....", "#....", "#####"),
    "M": ("#...#", "##.##", "#.#.#", "#.#.#", "#...#", "#...#", "#...#"),
    "N": ("#...#", "#...#", "##..#", "#.#.#", "#..##", "#...#", "#...#"),
    "O": (".###.", "#...#", "#...#", "#...#", "#...#", "#...#", ".###."),
    "P": ("####.", "#...#", "#...#", "####.", "#....", "#....", "#...."),
    "Q": (".###.", "#...#", "#...#", "#...#", "#.#.#", "#..#.", ".##.#"),
    "R": ("####.", "#...#", "#...#", "####.", "#.#..", "#..#.", "#...#"),
    "S": (".####", "#....", "#....", ".###.", "....#", "....#", "####."),
    "T": ("#####", "..#..", "..#..", "..#..", "..#..", "..#..", "..#.."),
    "U": ("#...#", "#...#", "#...#", "#...#", "#...#", "#...#", ".###."),
    "V": ("#...#", "#...#", "#...#", "#...#", "#...#", ".#.#.", "..#.."),
    "W": ("#...#", "#...#", "#...#", "#.#.#", "#.#.#", "#.#.#", ".#.#."),
    "X": ("#...#", "#...#", ".#.#.", "..#..", ".#.#.", "#...#", "#...#"),
    "Y": ("#...#", "#...#", ".#.#.", "..#..", "..#..", "..#..", "..#.."),
    "Z": ("#####", "....#", "...#.", "..#..", ".#...", "#....", "#####"),
    " ": (".....",) * 7,
    "-": (".....", ".....", ".....", ".###.", ".....", ".....", "....."),
    ":": (".....", ".##..", ".##..", ".....", ".##..", ".##..", "....."),
    ".": (".....", ".....", ".....", ".....", ".....", ".##..", ".##.."),
    ",": (".....", ".....", ".....", ".....", ".##..", "..#..", ".#..."),
    "/": ("....#", "....#", "...#.", "..#..", ".#...", "#....", "#...."),
    "%": ("##..#", "##..#", "...#.", "..#..", ".#...", "#..##", "#..##"),
    "(": ("...#.", "..#..", ".#...", ".#...", ".#...", "..#..", "...#."),
    ")": (".#...", "..#..", "...#.", "...#.", "...#.", "..#..", ".#..."),
    "+": (".....", "..#..", "..#..", "#####", "..#..", "..#..", "....."),
    "'": ("..#..", "..#..", ".#...", ".....", ".....", ".....", "....."),
    "?": (".###.", "#...#", "....#", "...#.", "..#..", ".....", "..#.."),
}
_ADVANCE = 6 * SCALE  # glyph width plus one dot of spacing
_TEXT_HEIGHT = 7 * SCALE


class _Canvas:
    """An RGB pixel buffer with just the drawing operations the chart needs."""

    def __init__(self, width: int, height: int, background: Colour) -> None:
        self.width = width
        self.height = height
        self.pixels = bytearray(bytes(background) * (width * height))

    def rect(self, x0: int, y0: int, x1: int, y1: int, colour: Colour) -> None:
        """Fill [x0, x1) x [y0, y1), clipped to the canvas."""
        x0, x1 = max(x0, 0), min(x1, self.width)
        y0, y1 = max(y0, 0), min(y1, self.height)
        if x0 >= x1:
            return
        span = bytes(colour) * (x1 - x0)
        for y in range(y0, y1):
            start = (y * self.width + x0) * 3
            self.pixels[start : start + len(span)] = span

    def text(self, x: int, y: int, text: str, colour: Colour) -> int:
        """Draw `text` with its top-left corner at (x, y); returns the x after the last glyph."""
        for char in text.upper():
            for row, line in enumerate(_FONT.get(char, _FONT["?"])):
                for column, dot in enumerate(line):
                    if dot == "#":
                        left, top = x + column * SCALE, y + row * SCALE
                        self.rect(left, top, left + SCALE, top + SCALE, colour)
            x += _ADVANCE
        return x

    def png(self) -> bytes:
        stride = self.width * 3
        raw = b"".join(b"\x00" + self.pixels[y * stride : (y + 1) * stride] for y in range(self.height))
        header = struct.pack(">IIBBBBB", self.width, self.height, 8, 2, 0, 0, 0)  # 8-bit RGB
        return (
            b"\x89PNG\r\n\x1a\n"
            + _chunk(b"IHDR", header)
            + _chunk(b"IDAT", zlib.compress(raw, 9))
            + _chunk(b"IEND", b"")
        )


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _text_width(text: str) -> int:
    return len(text) * _ADVANCE - SCALE


def _bar_height(value: int, peak: int, plot_height: int) -> int:
    """Pixels for `value`; at least one, so a single question on a busy chart still shows."""
    return max(round(value * plot_height / peak), 1) if value else 0


def questions_per_day_png(series: Sequence[tuple[date, int, int]], title: str) -> bytes:
    """Stacked bars per day, answered (blue) below not answered (orange); returns PNG bytes.

    `series` is (day, answered, not answered) per day, oldest first, e.g. `Stats.daily`. The
    y axis runs from 0 to the busiest day's total, labelled at both ends; the first and last
    dates are written under the bars.
    """
    canvas = _Canvas(WIDTH, HEIGHT, BACKGROUND_RGB)
    canvas.text(16, 10, title[: (WIDTH - 32) // _ADVANCE], TEXT_RGB)
    x = 16
    for colour, label in ((ANSWERED_RGB, "answered"), (UNANSWERED_RGB, "not answered")):
        canvas.rect(x, 36, x + _TEXT_HEIGHT, 36 + _TEXT_HEIGHT, colour)
        x = canvas.text(x + _TEXT_HEIGHT + 8, 36, label, TEXT_RGB) + 24

    peak = max((answered + missed for _, answered, missed in series), default=0)
    top_label = str(max(peak, 1))
    left = 16 + _text_width(top_label) + 10
    right, top, bottom = WIDTH - 16, 70, HEIGHT - 36
    plot_width, plot_height = right - left, bottom - top

    canvas.rect(left, top, right, top + 1, GRID_RGB)
    canvas.rect(left, (top + bottom) // 2, right, (top + bottom) // 2 + 1, GRID_RGB)
    canvas.text(left - 10 - _text_width(top_label), top - _TEXT_HEIGHT // 2, top_label, TEXT_RGB)
    if peak % 2 == 0 and peak > 0:
        middle = str(peak // 2)
        canvas.text(left - 10 - _text_width(middle), (top + bottom - _TEXT_HEIGHT) // 2, middle, TEXT_RGB)
    canvas.text(left - 10 - _text_width("0"), bottom - _TEXT_HEIGHT // 2, "0", TEXT_RGB)

    for index, (_, answered, missed) in enumerate(series):
        x0 = left + index * plot_width // len(series)
        x1 = left + (index + 1) * plot_width // len(series)
        gap = (x1 - x0) // 5
        low = _bar_height(answered, peak, plot_height)
        high = max(_bar_height(answered + missed, peak, plot_height), low + (1 if missed else 0))
        canvas.rect(x0 + gap, bottom - low, max(x1 - gap, x0 + gap + 1), bottom, ANSWERED_RGB)
        canvas.rect(x0 + gap, bottom - high, max(x1 - gap, x0 + gap + 1), bottom - low, UNANSWERED_RGB)

    canvas.rect(left - 1, top, left, bottom + 1, AXIS_RGB)
    canvas.rect(left - 1, bottom, right, bottom + 1, AXIS_RGB)
    if peak == 0:
        message = "no questions"
        canvas.text(
            left + (plot_width - _text_width(message)) // 2,
            (top + bottom - _TEXT_HEIGHT) // 2,
            message,
            TEXT_RGB,
        )
    if series:
        first, last = series[0][0].isoformat(), series[-1][0].isoformat()
        canvas.text(left, bottom + 10, first, TEXT_RGB)
        if len(series) > 1:
            canvas.text(right - _text_width(last), bottom + 10, last, TEXT_RGB)
    return canvas.png()
