"""Shared helpers for the rule patterns of ``geo.extract``.

Every cue list in this package is an English, case-insensitive regular expression;
``ci`` compiles one so the modules do not each repeat the flags. Matches claim the text they
cover: ``overlaps`` tells whether a new span falls on one already taken.
"""

from __future__ import annotations

import re
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
