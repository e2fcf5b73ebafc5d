"""The dashboard's events as one pandas frame: what the filters, the table, the timeline and
the map read on every rerun, without Event objects.

:func:`view_frame` prepares :meth:`geo.store.Store.view_frame` (stored events) or
:func:`raw_frame` (Events, e.g. a visitor's session-only ones) the same way: the raw
columns (:data:`geo.store.querying.VIEW_COLUMNS`) plus

- ``first``/``last`` (``datetime64``; NaT when the event cannot be placed) and
  ``dated_by_report`` (bool): :func:`geo.view.filters.effective_dates`, vectorised;
- ``akeys``: a frozenset of the actor keys that keep the event (its codes, for the state
  roll-up, and ``"code:name"`` of each actor); ``initiator`` (code, or name without one);
- ``countries`` / ``regions``: frozensets of the alpha-2 codes and continent codes of its places;
- ``range_class``: :func:`geo.view.filters.range_class` (None when none);
- ``hay``: sentence and date text, casefolded (the text filter's haystack);
- ``actor_names`` (comma-separated, for the table), ``places_text`` ("Pyongyang (launch
  site), ..."), ``place`` (where the map shows it);
- ``actors``: the codes joined by ``;`` with the initiator first (the points layer's colour).

``frame.attrs["actor_names"]`` maps codes to names for the map. Treat a prepared frame as
read-only (the dashboard shares one between sessions): select rows with masks, copy to change.
"""

from __future__ import annotations

import datetime as dt
from operator import itemgetter
from typing import TYPE_CHECKING, Iterable, NamedTuple

import numpy as np
import pandas as pd

from geo.events import Event
from geo.gcpause import gc_paused

if TYPE_CHECKING:
    from geo.view.state import Known

RAW_COLUMNS = ["id", "type", "date", "date_end", "date_precision", "lat", "lon", "range_km", "actors", "source",
               "n_sources", "report_date", "confidence", "origin", "date_text", "sentence", "actor_list",
               "place_list", "has_geometry", "certainty"]


def _day(d: dt.date | None):
    return np.datetime64(d, "D") if d is not None else np.datetime64("NaT")


def raw_frame(events: Iterable[Event]) -> pd.DataFrame:
    """The raw columns of :meth:`geo.store.Store.view_frame` built from Events (same types)."""
    rows = []
    for e in events:
        pos = e.position
        codes: list[str] = []
        for a in e.actors:
            c = a.code or a.name
            if c not in codes:
                codes.append(c)
        g = e.geometry
        rows.append((
            e.id, e.type, _day(e.date), _day(e.last_day), e.date_precision,
            pos[0] if pos else np.nan, pos[1] if pos else np.nan,
            float(e.range_km) if e.range_km is not None else np.nan, ";".join(codes), e.source,
            len((e.attributes or {}).get("sources") or ()) or 1, _day(e.report_date),
            float(e.confidence) if isinstance(e.confidence, (int, float)) else np.nan,
            e.origin, e.date_text, e.sentence,
            tuple((a.code or "", a.name or "", a.kind or "", a.role or "") for a in e.actors),
            tuple((p.name or "", p.role or "mention", p.country_code or "", "1" if p.located else "0",
                   p.feature or "") for p in e.places),
            bool(g.ring or g.impact_zone or g.path),
            e.certainty or "reported",
        ))
    frame = pd.DataFrame(rows, columns=RAW_COLUMNS)
    for c in ("date", "date_end", "report_date"):
        frame[c] = frame[c].astype("datetime64[s]")
    for c in ("lat", "lon", "range_km", "confidence"):
        frame[c] = frame[c].astype(float)
    frame["n_sources"] = frame["n_sources"].astype("int64")
    frame["has_geometry"] = frame["has_geometry"].astype(bool)
    return frame


def _actor_columns(actor_list: tuple) -> tuple:
    """``(akeys, initiator, actors, actor_names)`` of one event's actor list."""
    keys = set()
    codes: list[str] = []
    init = None
    for code, name, _kind, role in actor_list:
        if code:
            keys.add(code)
        keys.add(f"{code}:{name}")
        c = code or name
        if c not in codes:
            codes.append(c)
        if init is None and role == "initiator":
            init = c
    if init is None and codes:
        init = codes[0]
    if init is not None and codes[0] != init:
        codes.remove(init)
        codes.insert(0, init)
    return frozenset(keys), init, ";".join(codes), ", ".join(a[1] for a in actor_list)


def _place_columns(place_list: tuple, alpha2: dict, region: dict) -> tuple:
    """``(countries, regions, places_text, place)`` of one event's place list."""
    from geo.view.filters import country_alpha2, readable, region_of  # filters reads frames too

    cc = set()
    for _name, _role, code, _located, _feature in place_list:
        if code:
            if code not in alpha2:
                alpha2[code] = country_alpha2(code)
            if alpha2[code]:
                cc.add(alpha2[code])
    regions = set()
    for c in cc:
        if c not in region:
            region[c] = region_of(c)
        if region[c]:
            regions.add(region[c])
    text = ", ".join(f"{p[0]} ({readable(p[1]) or 'mention'})" for p in place_list)
    sites = [p for p in place_list if p[1] == "launch_site" and p[3] == "1"]
    site = next((p for p in sites if p[4] == "facility"), sites[0] if sites else None)
    if site is None:
        site = next((p for p in place_list if p[3] == "1"), None)
    return frozenset(cc), frozenset(regions), text, site[0] if site else None


def _per_value(values, derive) -> list:
    # Actor and place lists repeat (the same actors, the same sites): derive each distinct
    # list once. Returns the derived tuples in row order; the memo's keys are the distinct
    # lists in order of first appearance.
    memo: dict = {}
    out = []
    for v in values:
        d = memo.get(v)
        if d is None:
            d = memo[v] = derive(v)
        out.append(d)
    return out, memo


def _text_or_none(column: pd.Series) -> list:
    return [x if isinstance(x, str) else None for x in column.to_numpy(dtype=object)]


def view_frame(raw: pd.DataFrame) -> pd.DataFrame:
    """The raw columns plus the derived ones (module docstring); a new frame."""
    with gc_paused():  # many small acyclic objects: see geo.gcpause
        return _view_frame(raw)


def _view_frame(raw: pd.DataFrame) -> pd.DataFrame:
    f = raw.copy()
    n = len(f)
    f["origin"] = f["origin"].where(f["origin"].notna(), "extracted")
    date = f["date"].to_numpy(dtype="datetime64[s]")
    end = f["date_end"].to_numpy(dtype="datetime64[s]")
    report = f["report_date"].to_numpy(dtype="datetime64[s]")
    dated = ~np.isnat(date)
    later = dated & ~np.isnat(end) & (end >= date)
    first = np.where(dated, date, report)
    last = np.where(later, end, np.where(dated, date, report))
    f["first"] = first
    f["last"] = last
    prec = f["date_precision"].to_numpy(dtype=object)
    f["dated_by_report"] = ~dated | (prec == "reported")

    actor_parts, distinct_actors = _per_value(f["actor_list"], _actor_columns)
    alpha2: dict[str, str | None] = {}
    region: dict[str, str | None] = {}
    place_parts, _ = _per_value(f["place_list"], lambda p: _place_columns(p, alpha2, region))
    # The first name each code (or name) has in row order: the distinct lists in order of
    # first appearance give the same as every row would.
    code_names: dict[str, str] = {}
    for actor_list in distinct_actors:
        for code, name, _kind, _role in actor_list:
            code_names.setdefault(code or name, name)
    # itemgetter over the rows: zip(*rows) with 100,000 arguments is several times slower.
    akeys, initiators, actors_col, names_col = (list(map(itemgetter(i), actor_parts)) for i in range(4))
    countries, regions, places_text, place = (list(map(itemgetter(i), place_parts)) for i in range(4))
    f["akeys"] = akeys
    f["initiator"] = initiators
    f["actors"] = actors_col if n else pd.Series([], dtype=object)
    f["actor_names"] = names_col
    f["countries"] = countries
    f["regions"] = regions
    f["places_text"] = places_text
    f["place"] = place

    rng = f["range_km"].to_numpy(dtype=float)
    cls = np.full(n, None, dtype=object)
    ok = np.isfinite(rng) & (rng > 0)
    cls[ok & (rng < 1000)] = "SRBM"
    cls[ok & (rng >= 1000) & (rng < 3000)] = "MRBM"
    cls[ok & (rng >= 3000) & (rng < 5500)] = "IRBM"
    cls[ok & (rng >= 5500)] = "ICBM"
    f["range_class"] = cls
    sentence, date_text = _text_or_none(f["sentence"]), _text_or_none(f["date_text"])
    f["sentence"] = pd.Series(sentence, dtype=object, index=f.index)
    f["date_text"] = pd.Series(date_text, dtype=object, index=f.index)
    f["hay"] = [((s + " " + d if d else s) if s else (d or "")).casefold().replace("’", "'")
                for s, d in zip(sentence, date_text)]
    f.attrs["actor_names"] = code_names
    return f.reset_index(drop=True)


def empty_view_frame() -> pd.DataFrame:
    """A prepared frame with no rows (every column present)."""
    return view_frame(raw_frame([]))


def combine(stored: pd.DataFrame, extra: pd.DataFrame | None) -> pd.DataFrame:
    """The stored events' frame and a session's own events' (prepared) frame, as one new frame."""
    if extra is None or not len(extra):
        return stored
    out = pd.concat([stored, extra], ignore_index=True)
    out.attrs["actor_names"] = {**extra.attrs.get("actor_names", {}), **stored.attrs.get("actor_names", {})}
    return out


class Facets(NamedTuple):
    """What the filter widgets offer and what a link may name, computed once per store state:
    the date bounds (all, and without intervals over :data:`geo.view.timeline.LONG_DAYS`), the
    actor options, the per-option counts and the :class:`~geo.view.state.Known` values."""

    bounds: tuple[dt.date, dt.date] | None
    long_bounds: tuple[dt.date, dt.date] | None
    options: list
    counts: dict
    known: "Known"


def facets_of(frame: pd.DataFrame) -> Facets:
    """The :class:`Facets` of a dashboard frame (:func:`view_frame`)."""
    from geo.view.filters import actor_options, date_bounds, option_counts  # filters reads frames too
    from geo.view.state import Known
    from geo.view.timeline import LONG_DAYS

    keys: set[str] = set()
    for k in frame["akeys"]:
        keys.update(k)
    bounds = date_bounds(frame)
    known = Known(actor_keys=frozenset(keys), types=frozenset(frame["type"]), event_ids=frozenset(frame["id"]),
                  sources=frozenset(frame["source"]), first=bounds[0] if bounds else None,
                  last=bounds[1] if bounds else None)
    return Facets(bounds, date_bounds(frame, long_days=LONG_DAYS), actor_options(frame), option_counts(frame), known)


MAX_OPTIONS = 200  # a multiselect lists at most this many values; the others are typed


def top_options(counts: dict[str, int], chosen: Iterable[str] = (), limit: int = MAX_OPTIONS) -> list[str]:
    """The ``limit`` values with the most events (ties in the counts' order), then any chosen
    value not among them.

    A store of 100,000 events holds tens of thousands of sources: listing them all sends
    0.8 MB to the browser with every rerun, for a list nobody scrolls. The widget lists the
    busiest and accepts any other typed in (``accept_new_options``).
    """
    ranked = sorted(counts, key=lambda k: -counts[k])[:limit]
    listed = set(ranked)
    return ranked + [c for c in dict.fromkeys(chosen) if c not in listed]
