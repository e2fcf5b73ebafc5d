"""Shared helpers for the rule patterns of ``geo.extract``.

Every cue list in this package is an English, case-insensitive regular expression;
``ci`` compiles one so the modules do not each repeat the flags.
"""

from __future__ import annotations

import re


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

