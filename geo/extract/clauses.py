"""Which triggers of a sentence make events, and where each launch's clause begins.

One event per trigger type, except separate launches in one sentence ("fired ... on
Monday and launched ... on Wednesday", "fired one ... and another ..."); a noun trigger
makes an event only alone or with a date of its own. Offsets are into the sentence.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Iterable

from geo.extract.dates import DateMention
from geo.extract.patterns import ci
from geo.extract.taxonomy import LAUNCH_TYPES, Trigger

def nearest(triggers: list[Trigger], start: int, end: int) -> Trigger:
    """The trigger closest to ``[start, end)`` (0 apart when they overlap; the first of equals)."""
    def gap(t: Trigger) -> int:
        if end <= t.start:
            return t.start - end
        if t.end <= start:
            return start - t.end
        return 0

    return min(triggers, key=gap)


def choose_triggers(triggers: list[Trigger], dates: list[DateMention], extra: Iterable[Trigger] = ()) -> list[Trigger]:
    """One trigger per type (plus ``extra``: further launches of their own); noun-only types
    kept only alone or with their own date."""
    by_type: dict[str, Trigger] = {}
    for t in triggers:
        cur = by_type.get(t.type)
        if cur is None or (cur.strength == "noun" and t.strength == "verb"):
            by_type[t.type] = t
    chosen = list(by_type.values())
    has_verb = any(t.strength == "verb" for t in chosen)
    if has_verb:
        keep = []
        for t in chosen:
            if t.strength == "verb" or (t.type in LAUNCH_TYPES and t.strength == "noun"):
                keep.append(t)  # a launch named by a noun is still the launch ("... was a peaceful satellite launch")
            elif any(nearest(triggers, d.start, d.end) is t for d in dates):
                keep.append(t)
        chosen = keep
    chosen += [t for t in extra if all(t is not c for c in chosen)]
    chosen.sort(key=lambda t: t.start)
    return chosen


# "fired one missile on Monday and another on Wednesday": an elliptical second launch
_ANOTHER_LAUNCH = ci(
    r"(?:,\s*|\s+)(?:and|then|before|followed by)\s+(?:then\s+)?(?:later\s+)?"
    r"(?P<t>another(?:\s+one)?|a second(?:\s+one)?|a third(?:\s+one)?|(?:two|three|four|five) more)\b"
)
# where a coordinated clause begins: ", and", "; ", " then"
_CLAUSE_START = re.compile(r"(?:,\s*(?:and|then|before|while)?|;|\s(?:and|then|before|while))\s")


def clause_starts(text: str, trigs: list[Trigger]) -> list[int]:
    """Where the clause of each trigger (sorted by start) begins: the last coordinator between the
    previous trigger and it ("fired ... on Monday | and launched ... on Wednesday"); 0 for the first."""
    starts = [0]
    for prev, t in zip(trigs, trigs[1:]):
        cuts = [m.start() for m in _CLAUSE_START.finditer(text, prev.end, t.start)]
        starts.append(cuts[-1] if cuts else t.start)
    return starts


def clause_owner(trigs: list[Trigger], starts: list[int], pos: int) -> Trigger:
    """The trigger whose clause holds offset ``pos``."""
    owner = trigs[0]
    for t, st in zip(trigs, starts):
        if st <= pos:
            owner = t
    return owner


def separate_launches(text: str, triggers: list[Trigger], dates: list[DateMention]) -> list[Trigger]:
    """Launch triggers beyond the first that report launches of their own.

    A sentence can report two launches: "fired ... on March 3 and launched ... on March 5"
    (a second launch verb whose clause has a day of its own, different from the first's) or
    "fired one on Monday and another on Wednesday" ("another", "a second" coordinated after a
    launch verb, without a verb of its own). Other repeated launch verbs describe the same
    launch ("fired a missile, which was launched from ...").
    """
    verbs = sorted((t for t in triggers if t.type in LAUNCH_TYPES and t.strength == "verb"), key=lambda t: t.start)
    if not verbs:
        return []
    first = verbs[0]
    extra: list[Trigger] = []
    for m in _ANOTHER_LAUNCH.finditer(text, first.end):
        own_verb = any(m.end() <= t.start <= m.end() + 40 and t.type in LAUNCH_TYPES for t in triggers)
        if not own_verb:
            extra.append(Trigger(first.type, first.subtype, "verb", m.start("t"), m.end("t"), m.group("t")))
    dated = [d for d in dates if d.precision in ("day", "range")]
    if len(verbs) > 1 and len(dated) > 1:
        starts = clause_starts(text, verbs)
        day_of: dict[int, dt.date] = {}
        for d in dated:
            day_of.setdefault(id(clause_owner(verbs, starts, d.start)), d.date)
        seen = {day_of.get(id(first))}
        for t in verbs[1:]:
            day = day_of.get(id(t))
            if day is not None and None not in seen and day not in seen:
                extra.append(t)
                seen.add(day)
    return sorted(extra, key=lambda t: t.start)

