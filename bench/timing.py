"""Small statistics helpers (no numpy needed for a handful of numbers)."""

from __future__ import annotations

import math
from collections.abc import Sequence


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100) by linear interpolation, as numpy's default; nan for no values."""
    if not values:
        return math.nan
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def ms(seconds: float) -> str:
    """Milliseconds with sensible precision."""
    if math.isnan(seconds):
        return "n/a"
    value = seconds * 1000
    if value < 1:
        return f"{value:.3f}"
    if value < 10:
        return f"{value:.2f}"
    if value < 100:
        return f"{value:.1f}"
    return f"{value:.0f}"


def most_within(times: Sequence[float], span: float) -> int:
    """The most events in any window of `span` seconds: sends per second, or calls held at once for `span`."""
    ordered = sorted(times)
    most, low = 0, 0
    for high, moment in enumerate(ordered):
        while ordered[low] <= moment - span:
            low += 1
        most = max(most, high - low + 1)
    return most
