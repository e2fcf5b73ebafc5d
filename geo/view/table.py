"""Events -> a pandas frame for the table (readable labels, places and roles in full).

``event_types``, ``event_actors`` and ``filter_events`` are the sidebar helpers the
dashboard used before :mod:`geo.view.filters`; they remain as thin wrappers over it
(taking Events or EVENT dicts) until ``streamlit_app.py`` uses :class:`ViewFilter`.
"""

from __future__ import annotations

import math
from typing import Any, Iterable, Mapping, Sequence, TypeVar

import numpy as np
import pandas as pd

from geo.events import Event
from geo.view.filters import ViewFilter, as_event, effective_dates, keep_mask, readable

COLUMNS = ["date", "type", "actors", "places", "lat", "lon", "range_km", "confidence", "sentence", "source", "id"]

E = TypeVar("E", Event, Mapping[str, Any])


def date_text(event: Event | Mapping[str, Any]) -> str:
    """The event's date at the precision the text gives it.

    "2023-12-17" (day), "2023-11" (month), "2022" (year), "2022-01-01 to 2023-12-18"
    (range), "2022-12-18 to 2023-12-18 (reported)" (no date in the text: the interval reasoned
    from it and the report date), "reported by 2023-12-18" (an undated event: its report
    date), "" (nothing).
    """
    e = as_event(event)
    first, last, by_report = effective_dates(e)
    if first is None:
        return ""
    if e.date is None:
        return f"reported by {first.isoformat()}"
    if by_report:  # the text gives no date: the interval reasoned from it (docs/extract.md)
        return f"{first.isoformat()} to {last.isoformat()} (reported)"
    if e.date_precision == "month" and first.day == 1:
        return first.strftime("%Y-%m")
    if e.date_precision == "year" and (first.month, first.day) == (1, 1):
        return str(first.year)
    return first.isoformat() if last == first else f"{first.isoformat()} to {last.isoformat()}"


def _number(value: Any) -> float:
    try:
        f = float(value)
    except (TypeError, ValueError):
        return math.nan
    return f if math.isfinite(f) else math.nan


MAX_ROWS = 2000  # the table lists at most this many events (the newest): Streamlit sends every row


def frame_date_text(frame: pd.DataFrame) -> list[str]:
    """:func:`date_text` of each row of a prepared frame (:func:`geo.view.frame.view_frame`)."""
    out = []
    for first, last, date, by_report, prec in zip(frame["first"], frame["last"], frame["date"],
                                                  frame["dated_by_report"], frame["date_precision"]):
        if pd.isna(first):
            out.append("")
            continue
        f, la = first.date(), last.date()
        if pd.isna(date):
            out.append(f"reported by {f.isoformat()}")
        elif by_report:
            out.append(f"{f.isoformat()} to {la.isoformat()} (reported)")
        elif prec == "month" and f.day == 1:
            out.append(f.strftime("%Y-%m"))
        elif prec == "year" and (f.month, f.day) == (1, 1):
            out.append(str(f.year))
        else:
            out.append(f.isoformat() if la == f else f"{f.isoformat()} to {la.isoformat()}")
    return out


def calendar_order(frame: pd.DataFrame) -> np.ndarray:
    """Row positions of a prepared frame by effective first day, then last day (undated last),
    then frame order: the table's order."""
    first = frame["first"].to_numpy(dtype="datetime64[D]")
    last = frame["last"].to_numpy(dtype="datetime64[D]")
    undated = np.isnat(first)
    f = np.where(undated, 0, first.astype("int64"))
    la = np.where(np.isnat(last), 0, last.astype("int64"))
    return np.lexsort((np.arange(len(frame)), la, f, undated))


def table_of_frame(frame: pd.DataFrame, max_rows: int | None = MAX_ROWS) -> pd.DataFrame:
    """:func:`events_frame` of a prepared frame's rows: the same columns and order; with
    ``max_rows``, only the newest ``max_rows`` (``attrs["total"]``: how many rows there were)."""
    order = calendar_order(frame)
    dated = ~np.isnat(frame["first"].to_numpy(dtype="datetime64[D]"))
    if max_rows is not None and len(order) > max_rows:
        # the newest dated events; undated ones only when fewer dated ones than that
        ranked = np.concatenate([order[dated[order]][::-1], order[~dated[order]]])[:max_rows]
        keep = np.zeros(len(frame), dtype=bool)
        keep[ranked] = True
        order = order[keep[order]]
    rows = frame.iloc[order]
    table = pd.DataFrame({
        "date": frame_date_text(rows),
        "type": [readable(t) for t in rows["type"]],
        "actors": rows["actor_names"].to_numpy(dtype=object),
        "places": rows["places_text"].to_numpy(dtype=object),
        "lat": rows["lat"].to_numpy(dtype=float), "lon": rows["lon"].to_numpy(dtype=float),
        "range_km": rows["range_km"].to_numpy(dtype=float), "confidence": rows["confidence"].to_numpy(dtype=float),
        "sentence": [x or "" for x in rows["sentence"]], "source": [x or "" for x in rows["source"]],
        "id": rows["id"].to_numpy(dtype=object),
    }, columns=COLUMNS)
    table.attrs["total"] = len(frame)
    return table


def events_frame(events: Iterable[Event | Mapping[str, Any]]) -> pd.DataFrame:
    """One row per event with the columns in :data:`COLUMNS`, sorted by date.

    ``date`` as :func:`date_text` gives it; ``type`` readable ("missile launch");
    ``actors`` the names, comma-separated; ``places`` every place with its role in
    full ("Pyongyang (launch site), the sea (impact area)"); ``lat``/``lon`` of
    ``Event.position`` (degrees) and ``range_km``/``confidence``: numbers, NaN (shown
    blank) when none. Rows are in the order of their effective first day (undated
    events at their report date), then last day; events with no date at all last.
    A prepared frame (:func:`geo.view.frame.view_frame`) gives the same table, every row
    (:func:`table_of_frame` caps it).
    """
    if isinstance(events, pd.DataFrame):
        return table_of_frame(events, max_rows=None)
    rows, keys = [], []
    for i, x in enumerate(events):
        e = as_event(x)
        first, last, _ = effective_dates(e)
        position = e.position
        rows.append({
            "date": date_text(e),
            "type": readable(e.type),
            "actors": ", ".join(a.name for a in e.actors),
            "places": ", ".join(f"{p.name} ({readable(p.role) or 'mention'})" for p in e.places),
            "lat": position[0] if position else math.nan,
            "lon": position[1] if position else math.nan,
            "range_km": _number(e.range_km),
            "confidence": _number(e.confidence),
            "sentence": e.sentence or "",
            "source": e.source or "",
            "id": e.id,
        })
        keys.append((first is None, first.toordinal() if first else 0, last.toordinal() if last else 0, i))
    order = sorted(range(len(rows)), key=keys.__getitem__)
    frame = pd.DataFrame([rows[i] for i in order], columns=COLUMNS)
    for c in ("lat", "lon", "range_km", "confidence"):
        frame[c] = frame[c].astype("float64")
    return frame


# -- the former sidebar helpers, over geo.view.filters ------------------------------
def event_types(events: Iterable[Event | Mapping[str, Any]]) -> list[str]:
    """Distinct event types as stored ("missile_launch"), sorted."""
    return sorted({as_event(e).type for e in events})


def event_actors(events: Iterable[Event | Mapping[str, Any]]) -> list[str]:
    """Distinct actor names, sorted. (The roll-ups are :func:`geo.view.filters.actor_options`.)"""
    return sorted({a.name for e in events for a in as_event(e).actors})


def filter_events(events: Sequence[E], types: Sequence[str] = (), actors: Sequence[str] = ()) -> list[E]:
    """The events (the very objects given) of a type in ``types`` with an actor in ``actors``.

    ``actors`` are names (as :func:`event_actors` lists them) or actor keys of
    :mod:`geo.view.filters` ("PRK", "PRK:Kim Jong Un"). Empty means no filter.
    """
    events = list(events)
    evs = [as_event(e) for e in events]
    names = set(actors)
    keys = tuple({f"{a.code or ''}:{a.name}" for e in evs for a in e.actors if a.name in names}
                 | {k for k in actors if ":" in k or k.isupper()})
    if actors and not keys:
        return []
    mask = keep_mask(evs, ViewFilter(types=tuple(types), actors=keys))
    return [x for x, keep in zip(events, mask) if keep]


def rows_of(table: pd.DataFrame, event_id: str | None) -> list[int]:
    """The table's row positions holding ``event_id``: the selection that shows it (``[]`` when no
    event is chosen or the table does not list it, e.g. past its newest ``MAX_ROWS``)."""
    if not event_id or "id" not in table:
        return []
    return [int(i) for i in np.flatnonzero(table["id"].to_numpy() == event_id)[:1]]
