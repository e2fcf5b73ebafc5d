"""How much work one extraction may do: a budget in seconds and characters.

Extraction is linear in the text's length (see docs/reliability.md), but a report of
megabytes still takes a minute of one core. A dashboard that serves many visitors gives
each report a budget; when a report exceeds it, extraction stops with a message that names
the report, the limit and what to do:

    big.txt: extraction stopped after 20 s (limit 20 s); the report is 4.5 MB, split it into smaller reports

The budget is passed to :func:`geo.extract.extract_report` or set for a block of code with
:func:`limits`, so that callers that reach extraction through other functions
(``geo.pipeline.events_of_report``) are bounded too::

    with limits(Budget(seconds=20)):
        events = events_of_report(report)

Without a budget (the command line, batch imports) extraction runs to the end.
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Iterator

from geo.errors import ReportError


class ExtractionLimit(ReportError):
    """A report needs more work than the budget of one extraction allows."""


@dataclass(frozen=True)
class Budget:
    """The most one extraction may do.

    Parameters
    ----------
    seconds : float, optional
        Wall-clock time from the start of the extraction (s); checked between sentences.
    chars : int, optional
        Length of the report's text (characters); checked before any work.
    """

    seconds: float | None = None
    chars: int | None = None


_CURRENT: ContextVar[Budget | None] = ContextVar("geo_extract_budget", default=None)


@contextmanager
def limits(budget: Budget | None) -> Iterator[None]:
    """Apply ``budget`` to every extraction inside the ``with`` block (this thread or task only)."""
    token = _CURRENT.set(budget)
    try:
        yield
    finally:
        _CURRENT.reset(token)


def current_budget() -> Budget | None:
    """The budget set by the innermost :func:`limits` block, if any."""
    return _CURRENT.get()


def size_text(text: str) -> str:
    """The size of ``text`` in UTF-8 as people write it: "4.5 MB", "300 KB", "120 bytes"."""
    n = len(text.encode("utf-8", errors="replace"))
    if n >= 1_000_000:
        return f"{n / 1_000_000:.1f} MB"
    if n >= 1_000:
        return f"{n / 1_000:.0f} KB"
    return f"{n} bytes"


def _seconds(s: float) -> str:
    return f"{s:.0f} s" if s >= 10 else f"{s:.2g} s"


class Deadline:
    """The budget of one extraction as it runs: :meth:`check` raises once it is spent.

    Raises
    ------
    ExtractionLimit
        At construction, when the text is longer than ``budget.chars``.
    """

    __slots__ = ("source", "text", "seconds", "started", "until")

    def __init__(self, source: str, text: str, budget: Budget | None) -> None:
        self.source, self.text = source, text
        self.started = time.monotonic()
        self.seconds = budget.seconds if budget is not None else None
        self.until = self.started + self.seconds if self.seconds is not None else None
        if budget is not None and budget.chars is not None and len(text) > budget.chars:
            raise ExtractionLimit(
                f"{source}: the report is {size_text(text)} ({len(text):,} characters), over the limit of "
                f"{budget.chars:,} characters for one extraction; split it into smaller reports")

    def check(self) -> None:
        """Raise :class:`ExtractionLimit` when the time is up (costs about 50 ns otherwise)."""
        if self.until is not None and time.monotonic() > self.until:
            elapsed = time.monotonic() - self.started
            raise ExtractionLimit(
                f"{self.source}: extraction stopped after {_seconds(elapsed)} (limit {_seconds(self.seconds)}); "
                f"the report is {size_text(self.text)}, split it into smaller reports")
