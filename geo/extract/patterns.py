"""Shared helpers for the rule patterns of ``geo.extract``.

Every cue list in this package is an English, case-insensitive regular expression;
``ci`` compiles one so the modules do not each repeat the flags. Matches claim the text they
cover: ``overlaps`` tells whether a new span falls on one already taken.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import Iterable


def ci(pattern: str) -> re.Pattern[str]:
    """Compile ``pattern`` case-insensitively (cue words are matched in any case).

    Parameters
    ----------
    pattern : str
        A regular expression.

    Returns
    -------
    re.Pattern
        The compiled pattern with ``re.IGNORECASE``.
    """
    return re.compile(pattern, re.IGNORECASE)



def overlaps(start: int, end: int, spans: Iterable[tuple[int, int]]) -> bool:
    """True when ``[start, end)`` shares at least one character with one of ``spans``.

    Parameters
    ----------
    start, end : int
        Character offsets, end exclusive.
    spans : iterable of (start, end)
        Spans already taken, end exclusive.
    """
    return any(start < e and s < end for s, e in spans)


class SpanIndex:
    """Spans taken, for :func:`overlaps` tests in logarithmic rather than linear time.

    ``SpanIndex(spans).overlaps(start, end) == overlaps(start, end, spans)``: the spans are
    sorted by start with the running maximum of their ends, so the spans that start before
    ``end`` are a prefix and one of them reaches past ``start`` exactly when the largest end
    of that prefix does. A report of megabytes has tens of thousands of mentions; testing
    each against all the others made extraction quadratic in the text's length.

    Parameters
    ----------
    spans : iterable of (start, end)
        Character offsets, end exclusive; any order, overlapping or not.
    """

    __slots__ = ("_starts", "_reach")

    def __init__(self, spans: Iterable[tuple[int, int]] = ()) -> None:
        pairs = sorted(spans)
        self._starts = [s for s, _ in pairs]
        self._reach: list[int] = []
        top = None
        for _, e in pairs:
            top = e if top is None or e > top else top
            self._reach.append(top)

    def overlaps(self, start: int, end: int) -> bool:
        """True when ``[start, end)`` shares at least one character with one of the spans."""
        k = bisect_left(self._starts, end)  # spans [0, k) start before ``end``
        return k > 0 and self._reach[k - 1] > start


class DisjointSpans:
    """A growing set of spans that never overlap one another (the text matches have claimed).

    ``free(start, end)`` is ``not overlaps(start, end, taken)`` in logarithmic time; ``add``
    keeps the spans sorted. Because the spans are disjoint, sorted by start they are also
    sorted by end, so the only span that can reach into ``[start, end)`` from the left is the
    last one starting before ``end``.
    """

    __slots__ = ("_starts", "_ends")

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []

    def free(self, start: int, end: int) -> bool:
        """True when ``[start, end)`` shares no character with a span taken."""
        k = bisect_left(self._starts, end)
        return not (k > 0 and self._ends[k - 1] > start)

    def add(self, start: int, end: int) -> None:
        """Take ``[start, end)``; the caller has checked that it is free (or it is a span of
        one ``finditer`` pass, whose matches never overlap)."""
        k = bisect_left(self._starts, start)
        self._starts.insert(k, start)
        self._ends.insert(k, end)
