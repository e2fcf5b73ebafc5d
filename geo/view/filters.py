"""Filters shared by the map, the table and the timeline (issue 11), as pure functions.

One :class:`ViewFilter` says what to keep; :func:`apply` keeps it. Every criterion
left empty means "no filter"; within a criterion the values are alternatives (OR);
criteria combine with AND.

Actor keys
----------
An actor filter value is a *key*:

- ``"PRK"`` (a code, no colon): the state and everything that rolls up to it, i.e.
  every actor whose ``code`` is ``PRK`` (North Korea, its Defense Ministry, Kim Jong Un);
- ``"PRK:Kim Jong Un"`` (code, colon, name): that one named actor only;
- ``":Name"`` for an actor that has no code.

Codes never contain a colon, so a key splits at its first colon (:func:`actor_key`,
:func:`split_actor_key`).

Dates
-----
:func:`effective_dates` places every event on the calendar. An event whose text gives
no date is placed on its report date and marked ``dated_by_report``; it is never
dropped. An event with no date at all (no report date either) passes every date filter
(it cannot be placed, and dropping it would hide it silently).

No Streamlit here; nothing returned is HTML.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping, NamedTuple, Sequence

from geo.events import Event, event_from_dict

# Range classes by range in km, lower bound inclusive, upper exclusive (None: no bound).
# SRBM under 1,000 km, MRBM 1,000-3,000, IRBM 3,000-5,500, ICBM over 5,500 (the usual US/DoD classes).
RANGE_CLASSES: dict[str, tuple[float | None, float | None]] = {
    "SRBM": (None, 1000.0),
    "MRBM": (1000.0, 3000.0),
    "IRBM": (3000.0, 5500.0),
    "ICBM": (5500.0, None),
}
RANGE_CLASS_LABELS: dict[str, str] = {
    "SRBM": "SRBM (under 1,000 km)",
    "MRBM": "MRBM (1,000–3,000 km)",
    "IRBM": "IRBM (3,000–5,500 km)",
    "ICBM": "ICBM (over 5,500 km)",
}
# Continents as GeoNames codes them: the "regions" filter.
REGIONS: dict[str, str] = {
    "AF": "Africa", "AN": "Antarctica", "AS": "Asia", "EU": "Europe",
    "NA": "North America", "OC": "Oceania", "SA": "South America",
}
CRITERIA = ("dates", "actors", "types", "text", "countries", "regions", "range_classes", "sources", "certainties")


def readable(value: str | None) -> str:
    """A type, role or kind as people write it: ``missile_launch`` -> "missile launch"."""
    return str(value or "").replace("_", " ").strip()


def as_event(event: Event | Mapping[str, Any]) -> Event:
    """An :class:`Event` as it is, or an EVENT dict (extraction's or the JSON form) read as one."""
    return event if isinstance(event, Event) else event_from_dict(event)


# -- countries ---------------------------------------------------------------
@functools.cache
def _countries() -> dict[str, dict]:
    from geo.names import countries  # the shared country table (GeoNames, CC BY 4.0)

    return {cc: {"iso3": c.iso3, "name": c.name, "continentcode": c.continent} for cc, c in countries().items()}


@functools.cache
def _iso3_to_2() -> dict[str, str]:
    return {c["iso3"]: iso2 for iso2, c in _countries().items() if c.get("iso3")}


def country_alpha2(code: str | None) -> str | None:
    """ISO 3166 alpha-2 for an alpha-2 or alpha-3 code (any case), or None when unknown."""
    if not code:
        return None
    c = str(code).strip().upper()
    if len(c) == 2 and c in _countries():
        return c
    return _iso3_to_2().get(c)


def country_name(code: str | None) -> str:
    """The country's English name for an ISO alpha-2/alpha-3 code, else the code itself."""
    iso2 = country_alpha2(code)
    return _countries()[iso2]["name"] if iso2 else str(code or "")


def region_of(code: str | None) -> str | None:
    """The continent code (:data:`REGIONS`) of a country code, or None."""
    iso2 = country_alpha2(code)
    return _countries()[iso2].get("continentcode") if iso2 else None


# -- range classes ------------------------------------------------------------
def range_class(range_km: float | None) -> str | None:
    """The class in :data:`RANGE_CLASSES` of a range in km, or None (no range, NaN, <= 0)."""
    if range_km is None or not isinstance(range_km, (int, float)) or math.isnan(range_km) or range_km <= 0:
        return None
    for name, (lo, hi) in RANGE_CLASSES.items():
        if (lo is None or range_km >= lo) and (hi is None or range_km < hi):
            return name
    return None


# -- actors ------------------------------------------------------------------
def actor_key(code: str | None, name: str) -> str:
    """The key of one named actor: ``"PRK:Kim Jong Un"`` (``":Name"`` without a code)."""
    return f"{code or ''}:{name}"


def split_actor_key(key: str) -> tuple[str | None, str | None]:
    """``(code, name)`` of a key: ``("PRK", None)`` for a state roll-up, ``("PRK", "Kim Jong Un")``
    for one actor, ``(None, "Name")`` for a named actor without a code."""
    code, sep, name = key.partition(":")
    if not sep:
        return code, None
    return code or None, name


def _actor_match(event: Event, keys: Sequence[str]) -> bool:
    for key in keys:
        code, name = split_actor_key(key)
        for a in event.actors:
            if name is None and a.code == code:
                return True
            if name is not None and a.name == name and (a.code or None) == code:
                return True
    return False


@dataclass(frozen=True)
class ActorOption:
    """One choice of the actor filter.

    ``key`` goes in :attr:`ViewFilter.actors`; ``label`` is what a widget shows
    ("North Korea (all: 12 events)", "Kim Jong Un (leader, 1 event)"); ``count`` the
    events it keeps; a roll-up (``parent is None``) has the named actors as ``children``.
    """

    key: str
    label: str
    name: str
    count: int
    kind: str | None = None
    parent: str | None = None
    children: tuple["ActorOption", ...] = ()


def _events_word(n: int) -> str:
    return f"{n:,} event" if n == 1 else f"{n:,} events"


def actor_options(events: Iterable[Event | Mapping[str, Any]]) -> list[ActorOption]:
    """The actor roll-ups (one per code) with their named actors, most events first.

    A roll-up is named after its ``state`` actor when the data has one, else after the
    country the code names, else after its most frequent actor. Actors without a code
    are options of their own (no children). Use :func:`flat_actor_options` for a
    multiselect listing each roll-up followed by its children.
    """
    if _is_frame(events):
        return _frame_actor_options(events)
    evs = [as_event(e) for e in events]
    per_code: dict[str, set[str]] = {}
    per_actor: dict[tuple[str | None, str], set[str]] = {}
    kinds: dict[tuple[str | None, str], Counter] = {}
    for e in evs:
        for a in e.actors:
            per_actor.setdefault((a.code or None, a.name), set()).add(e.id)
            kinds.setdefault((a.code or None, a.name), Counter())[a.kind] += 1
            if a.code:
                per_code.setdefault(a.code, set()).add(e.id)
    return _options_of({k: len(v) for k, v in per_code.items()}, {k: len(v) for k, v in per_actor.items()}, kinds)


def _options_of(per_code: Mapping[str, int], per_actor: Mapping[tuple[str | None, str], int],
                kinds: Mapping[tuple[str | None, str], Counter]) -> list[ActorOption]:
    """The options from events per code, events per (code, name) and the kinds each actor has."""
    def child(code: str | None, name: str) -> ActorOption:
        kind = kinds[(code, name)].most_common(1)[0][0]
        n = per_actor[(code, name)]
        detail = f"{readable(kind)}, {_events_word(n)}" if kind else _events_word(n)
        return ActorOption(key=actor_key(code, name), label=f"{name} ({detail})", name=name, count=n,
                           kind=kind, parent=code)

    by_code: dict[str | None, list[str]] = {}
    for (c, n) in per_actor:
        by_code.setdefault(c, []).append(n)
    options: list[ActorOption] = []
    for code, count in per_code.items():
        names = sorted(by_code.get(code, ()),
                       key=lambda n: (kinds[(code, n)].most_common(1)[0][0] != "state", -per_actor[(code, n)], n))
        states = [n for n in names if kinds[(code, n)].most_common(1)[0][0] == "state"]
        group_name = states[0] if states else (country_name(code) if country_alpha2(code) else names[0])
        options.append(ActorOption(key=code, label=f"{group_name} (all: {_events_word(count)})", name=group_name,
                                   count=count, kind="state" if states else None,
                                   children=tuple(child(code, n) for n in names)))
    for (code, name) in per_actor:
        if code is None:
            options.append(child(None, name))
    options.sort(key=lambda o: (-o.count, o.name))
    return options


def flat_actor_options(options: Sequence[ActorOption]) -> list[ActorOption]:
    """Each roll-up followed by its children: the order a multiselect lists them in."""
    return [x for o in options for x in (o, *o.children)]


# -- dates -------------------------------------------------------------------
class EffectiveDates(NamedTuple):
    """Where an event sits on the calendar: ``first``..``last`` (inclusive days)."""

    first: dt.date | None
    last: dt.date | None
    dated_by_report: bool


def effective_dates(event: Event | Mapping[str, Any]) -> EffectiveDates:
    """``(first, last, dated_by_report)`` of an event.

    The text's date when it gives one (``date``..``date_end``); else the report date,
    as a one-day interval ending on it, with ``dated_by_report=True`` (the event
    happened by then); ``(None, None, True)`` when neither is known.
    """
    e = as_event(event)
    if e.date is not None:
        last = e.date_end if e.date_end and e.date_end >= e.date else e.date
        return EffectiveDates(e.date, last, e.date_precision == "reported")
    if e.report_date is not None:
        return EffectiveDates(e.report_date, e.report_date, True)
    return EffectiveDates(None, None, True)


# -- the filter ----------------------------------------------------------------
@dataclass(frozen=True)
class ViewFilter:
    """What the map, the table and the timeline keep. Empty fields filter nothing.

    Attributes
    ----------
    since, until : datetime.date or None
        Keep events whose interval (:func:`effective_dates`) overlaps ``since..until``
        (both inclusive).
    actors : tuple of str
        Actor keys (module docstring): ``"PRK"`` or ``"PRK:Kim Jong Un"``.
    types : tuple of str
        Event types as stored (``"missile_launch"``).
    text : str
        Words that must all occur (case-insensitive) in the event's sentence or date text.
    countries : tuple of str
        ISO 3166 alpha-2 or alpha-3 codes of the places the event names.
    regions : tuple of str
        Continent codes (:data:`REGIONS`) of those places.
    range_classes : tuple of str
        Names in :data:`RANGE_CLASSES`; events without a range are left out when set.
    sources : tuple of str
        ``Event.source`` values.
    certainties : tuple of str
        ``Event.certainty`` values (:data:`geo.events.CERTAINTIES`).
    """

    since: dt.date | None = None
    until: dt.date | None = None
    actors: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    text: str = ""
    countries: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    range_classes: tuple[str, ...] = ()
    sources: tuple[str, ...] = field(default=())
    certainties: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        """True when the filter keeps everything."""
        return self == ViewFilter()


def _in_dates(e: Event, flt: ViewFilter) -> bool:
    if flt.since is None and flt.until is None:
        return True
    first, last, _ = effective_dates(e)
    if first is None:
        return True  # cannot be placed: kept (and marked where shown), never dropped silently
    return (flt.since is None or last >= flt.since) and (flt.until is None or first <= flt.until)


def _in_text(e: Event, words: Sequence[str]) -> bool:
    hay = " ".join(x for x in (e.sentence, e.date_text) if x).casefold().replace("’", "'")
    return all(w in hay for w in words)


def _passes(e: Event, flt: ViewFilter, criterion: str) -> bool:
    if criterion == "dates":
        return _in_dates(e, flt)
    if criterion == "actors":
        return not flt.actors or _actor_match(e, flt.actors)
    if criterion == "types":
        return not flt.types or e.type in flt.types
    if criterion == "text":
        words = flt.text.casefold().replace("’", "'").split()
        return not words or _in_text(e, words)
    if criterion == "countries":
        if not flt.countries:
            return True
        wanted = {country_alpha2(c) for c in flt.countries} - {None}
        return any(country_alpha2(p.country_code) in wanted for p in e.places)
    if criterion == "regions":
        return not flt.regions or any(region_of(p.country_code) in flt.regions for p in e.places)
    if criterion == "range_classes":
        return not flt.range_classes or range_class(e.range_km) in flt.range_classes
    if criterion == "sources":
        return not flt.sources or e.source in flt.sources
    if criterion == "certainties":
        return not flt.certainties or (e.certainty or "reported") in flt.certainties
    raise ValueError(f"unknown criterion {criterion!r}")


def apply(events: Iterable[Event | Mapping[str, Any]], flt: ViewFilter) -> list[Event]:
    """The events ``flt`` keeps, as :class:`Event` objects, in the order given."""
    return [e for e in (as_event(x) for x in events) if all(_passes(e, flt, c) for c in CRITERIA)]


def keep_mask(events: Sequence[Event | Mapping[str, Any]], flt: ViewFilter) -> list[bool]:
    """For each event given (Event or dict), whether ``flt`` keeps it: filter any list by it."""
    return [all(_passes(as_event(x), flt, c) for c in CRITERIA) for x in events]


def counts(events: Iterable[Event | Mapping[str, Any]], flt: ViewFilter) -> dict[str, int]:
    """How many events each criterion of ``flt`` keeps on its own, for the widget labels.

    Returns
    -------
    dict
        ``total`` (events given), ``shown`` (kept by the whole filter), and one entry per
        criterion in :data:`CRITERIA` (``dates``, ``actors``, ``types``, ``text``,
        ``countries``, ``regions``, ``range_classes``, ``sources``, ``certainties``); an unset criterion
        keeps ``total``. ``dated_by_report``: how many of the shown events are placed
        by their report date.
    """
    if _is_frame(events):
        return _frame_counts(events, flt)
    evs = [as_event(e) for e in events]
    out = {"total": len(evs)}
    for c in CRITERIA:
        out[c] = sum(_passes(e, flt, c) for e in evs)
    shown = [e for e in evs if all(_passes(e, flt, c) for c in CRITERIA)]
    out["shown"] = len(shown)
    out["dated_by_report"] = sum(effective_dates(e).dated_by_report for e in shown)
    return out


def option_counts(events: Iterable[Event | Mapping[str, Any]]) -> dict[str, dict[str, int]]:
    """Events per option of each multiple-choice filter, for labels such as "missile launch (3)".

    Returns
    -------
    dict
        ``types``, ``sources``, ``certainties``, ``range_classes`` (every class, 0 when none),
        ``countries`` (alpha-2), ``regions`` (continent codes): each ``{value: events}``,
        an event counted once per value.
    """
    if _is_frame(events):
        return _frame_option_counts(events)
    evs = [as_event(e) for e in events]
    out: dict[str, Counter] = {k: Counter() for k in ("types", "sources", "range_classes", "countries", "regions", "certainties")}
    out["range_classes"].update({k: 0 for k in RANGE_CLASSES})
    for e in evs:
        out["types"][e.type] += 1
        out["sources"][e.source] += 1
        out["certainties"][e.certainty or "reported"] += 1
        rc = range_class(e.range_km)
        if rc:
            out["range_classes"][rc] += 1
        codes = {country_alpha2(p.country_code) for p in e.places} - {None}
        out["countries"].update(codes)
        out["regions"].update({region_of(c) for c in codes} - {None})
    return {k: dict(v) for k, v in out.items()}


def clamp_span(first: dt.date | None, last: dt.date | None, lo: dt.date, hi: dt.date) -> tuple[dt.date, dt.date]:
    """A date span for a slider over ``lo``..``hi``: a missing end is that bound, each end is
    kept within the bounds, and a start after the end is swapped with it."""
    first, last = (max(lo, min(hi, d)) for d in (first or lo, last or hi))
    return (first, last) if first <= last else (last, first)


def date_bounds(events: Iterable[Event | Mapping[str, Any]], *, long_days: int | None = None
                ) -> tuple[dt.date, dt.date] | None:
    """The first and last day of the events (their effective dates), for a date slider.

    With ``long_days``, intervals longer than that many days count by their last day only,
    so "since 2022" does not stretch the slider. None when no event has a date.
    """
    if _is_frame(events):
        return _frame_date_bounds(events, long_days)
    days: list[dt.date] = []
    for e in events:
        first, last, _ = effective_dates(e)
        if first is None:
            continue
        if long_days is not None and (last - first).days > long_days:
            days.append(last)
        else:
            days += [first, last]
    return (min(days), max(days)) if days else None


# -- the same on a frame (geo.view.frame.view_frame): what the dashboard runs per rerun ----
def _is_frame(events: object) -> bool:
    import pandas as pd

    return isinstance(events, pd.DataFrame)


def _datetime(day: dt.date):
    import numpy as np

    return np.datetime64(day, "s")


def frame_mask(frame, flt: ViewFilter, criteria: Sequence[str] = CRITERIA):
    """For each row of a prepared frame (:func:`geo.view.frame.view_frame`), whether ``flt``
    keeps it: a numpy bool array, the same as :func:`keep_mask` on the rows' Events.

    ``criteria``: only these criteria of ``flt`` (default all), for :func:`counts`.
    """
    import numpy as np

    n = len(frame)
    keep = np.ones(n, dtype=bool)
    if not n:
        return keep
    for criterion in criteria:
        if criterion == "dates":
            if flt.since is None and flt.until is None:
                continue
            first = frame["first"].to_numpy(dtype="datetime64[s]")
            last = frame["last"].to_numpy(dtype="datetime64[s]")
            ok = np.ones(n, dtype=bool)
            if flt.since is not None:
                ok &= last >= _datetime(flt.since)
            if flt.until is not None:
                ok &= first <= _datetime(flt.until)
            keep &= ok | np.isnat(first)  # an event that cannot be placed is kept
        elif criterion == "actors":
            if flt.actors:
                wanted = frozenset(flt.actors)
                keep &= np.fromiter((not wanted.isdisjoint(k) for k in frame["akeys"]), dtype=bool, count=n)
        elif criterion == "types":
            if flt.types:
                keep &= frame["type"].isin(flt.types).to_numpy()
        elif criterion == "text":
            words = flt.text.casefold().replace("’", "'").split()
            hay = frame["hay"]
            for w in words:
                keep &= hay.str.contains(w, regex=False).to_numpy(dtype=bool)
        elif criterion == "countries":
            if flt.countries:
                wanted = frozenset(country_alpha2(c) for c in flt.countries) - {None}
                keep &= np.fromiter((not wanted.isdisjoint(k) for k in frame["countries"]), dtype=bool, count=n)
        elif criterion == "regions":
            if flt.regions:
                wanted = frozenset(flt.regions)
                keep &= np.fromiter((not wanted.isdisjoint(k) for k in frame["regions"]), dtype=bool, count=n)
        elif criterion == "range_classes":
            if flt.range_classes:
                keep &= frame["range_class"].isin(flt.range_classes).to_numpy()
        elif criterion == "sources":
            if flt.sources:
                keep &= frame["source"].isin(flt.sources).to_numpy()
        elif criterion == "certainties":
            if flt.certainties:
                keep &= _certainty_column(frame).isin(flt.certainties).to_numpy()
        else:
            raise ValueError(f"unknown criterion {criterion!r}")
    return keep


def _certainty_column(frame):
    """The frame's ``certainty`` column; a frame made before the column existed is all ``reported``."""
    import pandas as pd

    if "certainty" in frame:
        return frame["certainty"].fillna("reported")
    return pd.Series(["reported"] * len(frame), index=frame.index)


def _frame_counts(frame, flt: ViewFilter) -> dict[str, int]:
    out = {"total": len(frame)}
    for c in CRITERIA:
        out[c] = int(frame_mask(frame, flt, (c,)).sum())
    keep = frame_mask(frame, flt)
    out["shown"] = int(keep.sum())
    out["dated_by_report"] = int(frame["dated_by_report"].to_numpy(dtype=bool)[keep].sum()) if len(frame) else 0
    return out


def _set_counts(column) -> dict[str, int]:
    c: Counter = Counter()
    for s in column:
        if s:
            c.update(s)
    return dict(c)


def _frame_option_counts(frame) -> dict[str, dict[str, int]]:
    out = {
        "types": frame["type"].value_counts(sort=True).to_dict(),
        "sources": frame["source"].value_counts(sort=True).to_dict(),
        "range_classes": {k: 0 for k in RANGE_CLASSES},
        "countries": _set_counts(frame["countries"]),
        "regions": _set_counts(frame["regions"]),
        "certainties": _certainty_column(frame).value_counts(sort=True).to_dict(),
    }
    out["range_classes"].update(frame["range_class"].dropna().value_counts().to_dict())
    return {k: {str(key): int(v) for key, v in d.items()} for k, d in out.items()}


def _frame_date_bounds(frame, long_days: int | None) -> tuple[dt.date, dt.date] | None:
    import numpy as np

    first = frame["first"].to_numpy(dtype="datetime64[D]")
    last = frame["last"].to_numpy(dtype="datetime64[D]")
    ok = ~np.isnat(first)
    if not ok.any():
        return None
    first, last = first[ok], last[ok]
    if long_days is not None:
        long = (last - first).astype("int64") > long_days
        lo = min(first[~long].min() if (~long).any() else last.max(), last.min())
    else:
        lo = first.min()
    return lo.astype(object), last.max().astype(object)


def _frame_actor_options(frame) -> list[ActorOption]:
    per_actor: Counter = Counter()
    per_code: Counter = Counter()
    kinds: dict[tuple[str | None, str], Counter] = {}
    for actor_list in frame["actor_list"]:
        seen_actor, seen_code = set(), set()
        for code, name, kind, _role in actor_list:
            key = (code or None, name)
            kinds.setdefault(key, Counter())[kind or None] += 1
            if key not in seen_actor:
                seen_actor.add(key)
                per_actor[key] += 1
            if code and code not in seen_code:
                seen_code.add(code)
                per_code[code] += 1
    return _options_of(per_code, per_actor, kinds)
