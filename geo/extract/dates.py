"""Dates in report text, resolved against the report's publication date.

What is understood (case-insensitive), with the precision kept as the text gives it:

========================================  ==========================================
text                                      result (report dated Monday 2023-12-18)
========================================  ==========================================
``2023-12-17``, ``December 17, 2023``,    that day (``day``)
``17 December 2023``, ``the 4th of July``
``December 17`` (no year)                 the latest such day not more than a week
                                          after the report (or the next one when the
                                          sentence speaks of plans)
``May 29-30, 1993``                       ``range`` 1993-05-29 .. 1993-05-30
``on Sunday``, ``Sunday night``           the latest Sunday on or before the report
                                          date: 2023-12-17 (``day``)
``last Sunday`` / ``next Sunday``         the Sunday strictly before / after
``on Saturday and Sunday``                ``range`` of the two days
``today``, ``yesterday``, ``tomorrow``    ``day``
``last month``, ``earlier this month``    2023-11 / 2023-12 (``month``)
``in April`` / ``in April 2023``          ``month`` (year inferred as for days)
``last year``, ``in 2021``                ``year``
``last week``                             ``range`` Monday .. Sunday of that week
``next summer``, ``in the summer of 2020``  ``range`` June 1 .. August 31 (northern
                                          meteorological seasons), ``planned`` when
                                          it lies after the report date
``since the beginning of 2022``,          ``range`` 2022-01-01 .. report date
``since 2022``, ``since March 2020``
``three days ago``, ``two months ago``    ``day`` / ``month`` / ``year``
``between April and September of 1984``   ``range`` 1984-04-01 .. 1984-09-30
``the day before``, ``two days later``    counted from the latest day given before
                                          (in the sentence, else earlier in the text)
``minutes later``, ``soon after the       that same day (``day``)
launch``, ``later that day``
``one hour later``, ``hours after it``    ``range`` that day .. the next (the hour of
                                          the first event is rarely known)
========================================  ==========================================

Nothing is invented: a month stays a month, a year a year. Expressions the
module cannot anchor ("the previous day" with no day before it) are left alone.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, replace

from geo.extract.patterns import ci, overlaps

MONTHS = {
    name: i
    for i, names in enumerate(
        [
            (),
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for name in names
}
WEEKDAYS = {d: i for i, d in enumerate(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])}
SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11), "winter": (12, 2)}
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "a few": 3, "several": 3, "a couple of": 2,
}

_MONTH = r"(?P<month>january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?"
_MONTH2 = _MONTH.replace("?P<month>", "?P<month2>")
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_DAY2 = r"(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>1[89]\d\d|20\d\d)"
_WEEKDAY = r"(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_UNIT = r"(?P<unit>day|week|month|year|summer|winter|spring|autumn|fall)s?"
_NUM = r"(?P<num>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a few|several|a couple of)"

# Order matters: longer, more specific forms first; overlapping later matches are dropped.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (kind, ci(p))
    for kind, p in [
        ("iso", r"\b(?P<year>\d{4})-(?P<m>\d\d)-(?P<d>\d\d)\b"),
        ("between_months", rf"\bbetween {_MONTH} and {_MONTH2},? (?:of )?{_YEAR}\b"),
        ("since", r"\bsince (?:the (?:beginning|start) of )?(?:(?P<rel>this|last) year|" + _MONTH + r",? " + _YEAR + r"|(?P<year2>1[89]\d\d|20\d\d))\b"),
        ("month_day_range", rf"\b{_MONTH} {_DAY}\s?(?:-|\u2013|to|and)\s?{_DAY2}(?:,? {_YEAR})?\b"),
        ("month_day", rf"\b{_MONTH} {_DAY}(?:,? {_YEAR})?\b(?![:\d])"),
        ("day_month", rf"\b(?:the )?{_DAY} (?:of )?{_MONTH}(?:,? {_YEAR})?\b"),
        ("season_of", rf"\b(?:the )?(?P<season>summer|winter|spring|autumn|fall) (?:of )?{_YEAR}\b"),
        ("month_year", rf"\b{_MONTH},? (?:of )?{_YEAR}\b"),
        ("weekday_pair", rf"\b(?:on )?{_WEEKDAY} (?:and|to|through|-) {_WEEKDAY.replace('?P<weekday>', '?P<weekday2>')}\b"),
        ("rel_weekday", rf"\b(?P<rel>last|next|this|this past|this coming) {_WEEKDAY}\b"),
        ("weekday", rf"\b(?:on |early |late )?{_WEEKDAY}\b"),
        ("rel_unit", r"\b(?:(?P<mod>earlier|later) )?(?P<rel>last|next|this|the past|the previous|the coming|the next) " + _UNIT + r"\b"),
        ("ago", rf"\b{_NUM} {_UNIT} ago\b"),
        ("in_month", rf"\b(?P<prep>in|since|until|by|during|early|late|mid-?|last|next|this) {_MONTH}\b(?! \d)"),
        ("year", rf"\b(?P<prep>in|of|since|during|by|until|early|late|mid-?) {_YEAR}\b"),
        ("word", r"\b(?P<word>today|yesterday|tomorrow|tonight|this morning|this evening|last night)\b"),
    ]
]
# Days counted from another date in the text, not from the report date.
_RELATIVE_DAY = ci(
    r"\b(?:(?P<before>the (?:day|night) before|the previous day|the preceding day)|(?P<after>the (?:day|night) after|the following day|the next day)"
    r"|(?P<n>a|one|two|three|four|five|six|seven|\d+) days? (?P<dir>later|earlier|after|before)\b(?!\s+(?:the|it|its|a|an)\b))",
)
# Times counted from an event or a day in the text ("one hour later", "soon after the launch"):
# within minutes it is the same day; hours may cross midnight, so they give the day and the next.
_RELATIVE_TIME = ci(
    r"\b(?:(?:(?P<hours>(?:a few|several|a couple of|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,2})\s+hours?)"
    r"|(?:a few|several|an?|one|two|three|five|ten|fifteen|twenty|thirty|forty|forty-five|\d{1,2})\s+minutes?|moments|seconds|minutes)"
    r"\s+(?:later(?!\s+than)|afterwards?|after(?=\s+(?:the|it|its|that|this)\b))"
    r"|(?:soon|shortly|immediately|right|just)\s+(?:afterwards?|after(?=\s*(?:[,.;]|$|(?:the|it|its|that|this)\b))|later(?!\s+than))"
    r"|later (?:that|the same) (?:day|morning|afternoon|evening|night)|(?:on |later )?the same day|within hours|hours later)\b"
)
# "soon after the launch": counted from the event named, not from the last day written
_AFTER_EVENT = ci(r"\s*(?:the|its|this|that)\s+(?:(?:first|second|latest|missile|rocket|satellite)\s+)*(?:launch|launches|test|tests|firing|liftoff)\b")
_PLANNED_CUES = ci(r"\b(?:will|plans? to|planned|planning to|scheduled|to be held|intends? to|upcoming|expected to)\b")


@dataclass(frozen=True)
class DateMention:
    """A date expression and what it means.

    ``date`` is the first day covered; ``date_end`` the last day for ranges,
    months and years (``None`` for a single day); ``precision`` is ``day``,
    ``month``, ``year`` or ``range``; ``planned`` is true when it lies after the
    report date. Offsets are into the text given to :func:`find_dates`.
    ``relative`` is set for times counted from something else: ``"event"`` when
    the text names the event ("soon after the launch"; the caller may re-anchor it
    on that event's date), ``"text"`` when counted from the last day written
    ("one hour later").
    """

    text: str
    start: int
    end: int
    date: dt.date
    precision: str
    date_end: dt.date | None = None
    planned: bool = False
    relative: str | None = None


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    idx = year * 12 + (month - 1) + delta
    return idx // 12, idx % 12 + 1


def _infer_year(month: int, day: int, report: dt.date, future: bool) -> int | None:
    """The year of a day given without one: the latest not far after the report date."""
    for year in ((report.year, report.year + 1) if future else (report.year, report.year - 1)):
        try:
            d = dt.date(year, month, day)
        except ValueError:
            continue
        if future and d >= report - dt.timedelta(days=7):
            return year
        if not future and d <= report + dt.timedelta(days=7):
            return year
    return None


def _season(season: str, year: int) -> tuple[dt.date, dt.date]:
    first, last = SEASONS[season]
    end_year = year + 1 if last < first else year
    return dt.date(year, first, 1), _month_end(end_year, last)


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _resolve(kind: str, g: dict, report: dt.date, future: bool) -> tuple[dt.date, str, dt.date | None] | None:
    """Turn one match into ``(date, precision, date_end)``; ``None`` when it is not a date."""
    if kind == "iso":
        d = _safe_date(int(g["year"]), int(g["m"]), int(g["d"]))
        return (d, "day", None) if d else None
    if kind == "between_months":
        y = int(g["year"])
        m1, m2 = MONTHS[g["month"].lower()], MONTHS[g["month2"].lower()]
        if m2 < m1:
            return None
        return dt.date(y, m1, 1), "range", _month_end(y, m2)
    if kind == "since":
        if g.get("rel"):
            y = report.year - (1 if g["rel"].lower() == "last" else 0)
            start = dt.date(y, 1, 1)
        elif g.get("month"):
            start = dt.date(int(g["year"]), MONTHS[g["month"].lower()], 1)
        else:
            start = dt.date(int(g["year2"]), 1, 1)
        return (start, "range", report) if start <= report else None
    if kind in ("month_day", "month_day_range", "day_month"):
        month, day = MONTHS[g["month"].lower()], int(g["day"])
        year = int(g["year"]) if g.get("year") else _infer_year(month, day, report, future)
        if year is None:
            return None
        d = _safe_date(year, month, day)
        if d is None:
            return None
        if kind == "month_day_range":
            d2 = _safe_date(year, month, int(g["day2"]))
            if d2 is None or d2 <= d:
                return None
            return d, "range", d2
        return d, "day", None
    if kind == "season_of":
        a, b = _season(g["season"].lower(), int(g["year"]))
        return a, "range", b
    if kind == "month_year":
        y, m = int(g["year"]), MONTHS[g["month"].lower()]
        return dt.date(y, m, 1), "month", _month_end(y, m)
    if kind == "weekday_pair":
        first = _resolve("weekday", {"weekday": g["weekday"]}, report, future)
        second = _resolve("weekday", {"weekday": g["weekday2"]}, report, future)
        if not first or not second:
            return None
        a, b = first[0], second[0]
        if b < a:  # "Saturday and Sunday" said on a Sunday: the Saturday before
            a -= dt.timedelta(days=7)
        return (a, "range", b) if (b - a).days <= 6 else None
    if kind in ("rel_weekday", "weekday"):
        wd = WEEKDAYS[g["weekday"].lower()]
        rel = (g.get("rel") or "").lower()
        back = (report.weekday() - wd) % 7
        if rel == "next" or rel == "this coming" or (not rel and future):
            ahead = (wd - report.weekday()) % 7 or 7
            return report + dt.timedelta(days=ahead), "day", None
        if rel in ("last", "this past"):
            back = back or 7
        return report - dt.timedelta(days=back), "day", None
    if kind == "rel_unit":
        rel, unit, mod = g["rel"].lower(), g["unit"].lower(), (g.get("mod") or "").lower()
        step = {"last": -1, "the past": -1, "the previous": -1, "this": 0, "next": 1, "the coming": 1, "the next": 1}[rel]
        if mod and rel != "this":
            return None  # "earlier last year" is vague; leave it
        if unit == "day":
            return None
        if unit == "week":
            monday = report - dt.timedelta(days=report.weekday()) + dt.timedelta(weeks=step)
            return monday, "range", monday + dt.timedelta(days=6)
        if unit == "month":
            y, m = _add_months(report.year, report.month, step)
            return dt.date(y, m, 1), "month", _month_end(y, m)
        if unit == "year":
            y = report.year + step
            return dt.date(y, 1, 1), "year", dt.date(y, 12, 31)
        # seasons: "next summer" is the first one starting after the report; "last" the one before
        first, _ = SEASONS[unit]
        year = report.year
        if step > 0:
            while dt.date(year, first, 1) <= report:
                year += 1
        elif step < 0:  # the latest season already over
            while _season(unit, year)[1] >= report:
                year -= 1
        elif unit == "winter" and report.month <= 2:
            year -= 1  # "this winter" in January began last December
        a, b = _season(unit, year)
        return a, "range", b
    if kind == "ago":
        n = NUMBER_WORDS.get(g["num"].lower()) or int(g["num"])
        unit = g["unit"].lower()
        if unit == "day":
            return report - dt.timedelta(days=n), "day", None
        if unit == "week":
            return None  # "two weeks ago" is a week, which the precisions cannot say without a range
        if unit == "month":
            y, m = _add_months(report.year, report.month, -n)
            return dt.date(y, m, 1), "month", _month_end(y, m)
        if unit == "year":
            y = report.year - n
            return dt.date(y, 1, 1), "year", dt.date(y, 12, 31)
        return None
    if kind == "in_month":
        m = MONTHS[g["month"].lower()]
        prep = g["prep"].lower()
        if g["month"].lower() in ("may", "mar") and prep in ("in", "by", "until", "during") and g["month"][0].islower():
            return None  # "may" the verb, "mar" the verb
        if prep == "last":
            y = report.year if m < report.month else report.year - 1
        elif prep == "next":
            y = report.year if m > report.month else report.year + 1
        elif prep == "this":
            y = report.year
        else:
            y = report.year if (m <= report.month or future) else report.year - 1
            if future and m < report.month:
                y = report.year + 1
        if prep == "since":
            start = dt.date(y, m, 1)
            return (start, "range", report) if start <= report else None
        return dt.date(y, m, 1), "month", _month_end(y, m)
    if kind == "year":
        y = int(g["year"])
        if g["prep"].lower() == "since":
            return (dt.date(y, 1, 1), "range", report) if y <= report.year else None
        return dt.date(y, 1, 1), "year", dt.date(y, 12, 31)
    if kind == "word":
        w = g["word"].lower()
        delta = {"today": 0, "tonight": 0, "this morning": 0, "this evening": 0, "yesterday": -1, "last night": -1, "tomorrow": 1}[w]
        return report + dt.timedelta(days=delta), "day", None
    return None


def _counted_from(pattern: re.Pattern, text: str, taken: list, found: list, anchor: dt.date | None):
    """Matches of a relative phrase ("two days later") not inside a date already found, each
    with the day it counts from: the last day-precision date before it, else ``anchor``."""
    for m in pattern.finditer(text):
        s, e = m.span()
        if overlaps(s, e, taken):
            continue
        base = next((d.date for d in reversed(found) if d.start < s and d.precision == "day"), anchor)
        if base is not None:
            yield m, s, e, base


def find_dates(text: str, report_date: dt.date, *, future: bool | None = None,
               anchor: dt.date | None = None) -> list[DateMention]:
    """Find and resolve the date expressions of one sentence.

    Parameters
    ----------
    text : str
        A sentence (or any text); offsets of the results are into it.
    report_date : date
        The publication date that relative words refer to.
    future : bool, optional
        Whether the sentence speaks of plans; guessed from words such as
        "will", "plans", "scheduled" when not given. It decides which way a
        bare weekday or a day without a year points.

    anchor : date, optional
        The last day the text gave before this sentence; "the day before", "the
        following day", "two days later" count from the latest day given earlier in
        the sentence, else from it. Without either they are left alone.

    Returns
    -------
    list of DateMention
        Sorted by start, not overlapping.
    """
    if future is None:
        future = bool(_PLANNED_CUES.search(text))
    taken: list[tuple[int, int]] = []
    found: list[DateMention] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            s, e = m.span()
            if overlaps(s, e, taken):
                continue
            resolved = _resolve(kind, m.groupdict(), report_date, future)
            if resolved is None:
                continue
            date, precision, date_end = resolved
            span_text = text[s:e]
            last = date_end or date
            # a day just after the report date is a time-zone matter ("January 30 (local time)" in a
            # report dated in UTC), not a plan, unless the sentence speaks of plans
            planned = date > report_date + dt.timedelta(days=1) or (future and date >= report_date and last > report_date)
            found.append(DateMention(span_text, s, e, date, precision, date_end, planned))
            taken.append((s, e))
    found.sort(key=lambda d: d.start)
    for m, s, e, base in _counted_from(_RELATIVE_DAY, text, taken, found, anchor):
        if m.group("before"):
            delta = -1
        elif m.group("after"):
            delta = 1
        else:
            n = NUMBER_WORDS.get(m.group("n").lower()) or int(m.group("n"))
            delta = n if m.group("dir").lower() in ("later", "after") else -n
        day = base + dt.timedelta(days=delta)
        found.append(DateMention(text[s:e], s, e, day, "day", None, day > report_date + dt.timedelta(days=1)))
        taken.append((s, e))
    found.sort(key=lambda d: d.start)
    for m, s, e, base in _counted_from(_RELATIVE_TIME, text, taken, found, anchor):
        after_event = bool(_AFTER_EVENT.match(text, e)) if text[s:e].lower().endswith("after") else False
        if m.group("hours") or m.group().lower() in ("within hours", "hours later"):
            # hours after a time we may not know can fall on the next day: say both
            mention = DateMention(text[s:e], s, e, base, "range", base + dt.timedelta(days=1), base > report_date)
        else:
            mention = DateMention(text[s:e], s, e, base, "day", None, base > report_date + dt.timedelta(days=1))
        found.append(replace(mention, relative="event" if after_event else "text"))
        taken.append((s, e))
    found.sort(key=lambda d: d.start)
    return found
