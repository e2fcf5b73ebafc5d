"""A time interval for every event: the text's date, else one reasoned from the text and the report.

An event the text dates ("on Sunday", "last month") keeps that date (``date_basis``
``"text"``). Every other event gets an interval inferred from its sentence and the
report's date *R*, with ``date_precision = "reported"`` (the interval is not a date the
text gives) and ``date_basis`` saying which rule made it; the first rule that applies wins:

===========  ==============================================  ==============================
basis        words (the sentence of the event)               interval
===========  ==============================================  ==============================
``same_day`` "promptly", "immediately", "swiftly",           the interval of the launch it
             "in real time" with a reference to a launch     refers to
             ("shared the launch information")
``during``   "during these talks", "at the summit"           the interval of the last
                                                             meeting or exercise reported
``before``   "the launch followed talks", "talks before /    [L - PRECEDING_DAYS, L_end]
             ahead of the launch", "preceded the launch"     (L: the launch's interval)
``after``    any other reference to a reported launch        [L, max(L_end, R)]: a reaction
             ("the launch has been condemned", "after the    cannot come before what it
             launch", "in response to the test")             reacts to, and was reported by R
``planned``  the event is planned (modality) and undated     [R + 1, R + PLANNED_DAYS]
``present``  a present-tense verb ("condemns", "says")       [R - 1, R]: news runs a day behind
``recent``   "recent", "recently", "latest", "new"           [R - RECENT_DAYS, R]
``reported`` anything else: reported in the past tense       [R - PAST_DAYS, R]
===========  ==============================================  ==============================

The windows are conventions, stated here and in docs/extract.md: RECENT_DAYS = 30
("recent" in news means within weeks), PRECEDING_DAYS = 30 ("X followed Y" in a report tells
a sequence close in time; the gap is not given), PAST_DAYS = 365 (an undated event in a
news report is usually recent, but the text does not say how recent: a wide first day
keeps the interval honest while a date filter can still place it), PLANNED_DAYS = 365.
The last day is never after the report date for an event the text reports as done.

One pass over the events in text order, looking only at each event's own sentence (and
the launches and meetings before it): linear in the length of the text.
"""

from __future__ import annotations

import datetime as dt
import re

from geo.extract.patterns import ci
from geo.extract.taxonomy import LAUNCH_TYPES

RECENT_DAYS = 30
PRECEDING_DAYS = 30
PAST_DAYS = 365
PLANNED_DAYS = 365

_LAUNCH_REF = ci(
    r"\b(?:the|this|that|these|its|their)\s+(?:(?:recent|latest|last|new|missile|rocket|satellite|ballistic|reported)\s+){0,3}"
    r"(?:launch(?:es)?|tests?|test-firings?|firings?|missiles?)\b"
)
_SAME_DAY = ci(r"\b(?:promptly|immediately|swiftly|at once|in real[- ]time|right away|the same day|minutes (?:after|later))\b")
_DURING = ci(r"\b(?:during|at|on the (?:sidelines|margins) of|in the course of)\s+(?:the|these|those|this|that)\s+"
             r"(?:[\w-]+\s+){0,2}?(?:talks|meetings?|summit|negotiations|consultations|dialogue|visit|drills?|exercises?)\b")
# "<launch ref> followed <event>": the event came first
_REF_FOLLOWED = ci(r"^\W*(?:[\w'\u2019-]+\s+){0,4}?(?P<verb>followed|came after|comes after|was preceded by|came on the heels of)\b")
# "<event> before/ahead of <launch ref>"
_BEFORE_REF = ci(r"\b(?:before|ahead of|prior to|preceded|preceding|in the run-up to)\s+$")
_PRESENT = re.compile(r"^(?!(?:was|has|is|does|says)\b)[a-z]+(?<!s)s$|^(?:says|is|are|holds|does)$")
_PAST_AUX = ci(r"\b(?:has|have|had|was|were|did|been)\s+(?:[\w-]+\s+){0,2}$")
_RECENT = ci(r"\b(?:recent|recently|latest|newly|just)\b")


def _iso(d: dt.date) -> str:
    return d.isoformat()


def _interval(e: dict) -> tuple[dt.date, dt.date] | None:
    if not e.get("date"):
        return None
    first = dt.date.fromisoformat(e["date"])
    last = dt.date.fromisoformat(e["date_end"]) if e.get("date_end") else first
    return first, last


def _set(e: dict, first: dt.date, last: dt.date, basis: str, words: str | None) -> None:
    if last < first:
        last = first
    e["date"] = _iso(first)
    e["date_end"] = _iso(last) if last != first else None
    e["date_precision"] = "reported"
    e["date_basis"] = basis
    if words and not e.get("date_text"):
        e["date_text"] = words


def fill_intervals(events: list[dict], text: str, report_date: dt.date, verbs: list[bool] | None = None) -> None:
    """Give every event of one report (dicts in text order, modified in place) a time interval.

    Events with a date from the text get ``date_basis = "text"``; the others an interval by
    the rules of this module's docstring. ``verbs[i]`` is True when event i's trigger is a
    verb (only a verb has a tense; "arms alliance" is a noun); by default all are.
    """
    last_launch: dict | None = None  # the last launch reported before, with its interval
    last_meeting: dict | None = None
    R = report_date
    for i, e in enumerate(events):
        if e.get("date"):
            e.setdefault("date_basis", "text")
        else:
            _infer(e, text, R, last_launch, last_meeting, verbs[i] if verbs is not None else True)
        if e["type"] in LAUNCH_TYPES and e.get("date") and e.get("date_basis") == "text":
            last_launch = e
        if e["type"] in ("meeting", "military_exercise") and e.get("date"):
            last_meeting = e


def _infer(e: dict, text: str, R: dt.date, launch: dict | None, meeting: dict | None, verb_trigger: bool) -> None:
    s0 = e["start"]
    sentence = text[s0:e["end"]]
    trig = e.get("trigger") or {}
    ts, te = trig.get("start", s0) - s0, trig.get("end", s0) - s0
    ref = None if launch is None or e["type"] in LAUNCH_TYPES else _interval(launch)
    ref_m = _LAUNCH_REF.search(sentence) if ref is not None else None
    if ref_m is not None and ts <= ref_m.start() < te:
        ref_m = None  # the event's own words ("the launch information" is what was shared, still a reference)
        for m in _LAUNCH_REF.finditer(sentence):
            if not ts <= m.start() < te:
                ref_m = m
                break
        if ref_m is None and _LAUNCH_REF.search(sentence[ts:te]):
            ref_m = _LAUNCH_REF.search(sentence[ts:te])
    if ref is not None and ref_m is not None:
        first, last = ref
        same = _SAME_DAY.search(sentence)
        if same:
            return _set(e, first, last, "same_day", same.group())
        followed = _REF_FOLLOWED.search(sentence[ref_m.end():])
        if (followed and ts >= ref_m.end()) or _BEFORE_REF.search(sentence[:ref_m.start()]) and ts < ref_m.start():
            words = followed.group("verb") if followed and ts >= ref_m.end() else _BEFORE_REF.search(sentence[:ref_m.start()]).group().strip()
            return _set(e, first - dt.timedelta(days=PRECEDING_DAYS), last, "before", words)
        return _set(e, first, max(last, R), "after", ref_m.group())
    during = _DURING.search(sentence)
    if during and meeting is not None:
        first, last = _interval(meeting)
        return _set(e, first, last, "during", during.group())
    if e.get("modality") == "planned":
        return _set(e, R + dt.timedelta(days=1), R + dt.timedelta(days=PLANNED_DAYS), "planned", None)
    verb = (trig.get("text") or "").split(" ")[0].lower()
    if verb_trigger and _PRESENT.match(verb) and not _PAST_AUX.search(sentence[:ts]):
        return _set(e, R - dt.timedelta(days=1), R, "present", None)
    recent = _RECENT.search(sentence[max(0, ts - 40):te + 20])
    if recent:
        return _set(e, R - dt.timedelta(days=RECENT_DAYS), R, "recent", recent.group())
    _set(e, R - dt.timedelta(days=PAST_DAYS), R, "reported", None)
