"""Events -> a pandas frame for the table, and the simple filters the sidebar offers."""

from __future__ import annotations

from typing import Iterable, Sequence

import pandas as pd

COLUMNS = ["date", "type", "actors", "places", "range_km", "confidence", "sentence", "source", "id"]


def _actor_names(event: dict) -> list[str]:
    return [str(a.get("name") or a.get("code")) for a in event.get("actors") or [] if a and (a.get("name") or a.get("code"))]


def events_frame(events: Iterable[dict]) -> pd.DataFrame:
    """One row per event with the columns in :data:`COLUMNS`, sorted by date (undated last).

    ``actors`` and ``places`` are comma-separated names (places with their role);
    ``range_km`` and ``confidence`` are numbers or NaN.
    """
    rows = []
    for e in events:
        date = e.get("date") or ""  # ISO dates sort as text
        if e.get("date_precision") == "range" and e.get("date_end"):
            date = f"{date} – {e['date_end']}"
        rows.append({
            "date": str(date),
            "type": str(e.get("type") or ""),
            "actors": ", ".join(_actor_names(e)),
            "places": ", ".join(
                f"{p.get('name')} ({str(p.get('role') or 'mention').replace('_', ' ')})" for p in e.get("places") or []
            ),
            "range_km": pd.to_numeric(e.get("range_km"), errors="coerce"),
            "confidence": pd.to_numeric(e.get("confidence"), errors="coerce"),
            "sentence": str(e.get("sentence") or ""),
            "source": str(e.get("source") or ""),
            "id": str(e.get("id") or ""),
        })
    frame = pd.DataFrame(rows, columns=COLUMNS)
    undated = frame["date"].eq("")
    # Dated events in date order, then the undated ones in the order the report gives them.
    order = sorted(range(len(frame)), key=lambda i: (bool(undated.iloc[i]), frame["date"].iloc[i]))
    return frame.iloc[order].reset_index(drop=True)


def event_types(events: Iterable[dict]) -> list[str]:
    """Distinct event types, sorted."""
    return sorted({str(e.get("type")) for e in events if e.get("type")})


def event_actors(events: Iterable[dict]) -> list[str]:
    """Distinct actor names, sorted."""
    return sorted({name for e in events for name in _actor_names(e)})


def filter_events(
    events: Iterable[dict], types: Sequence[str] = (), actors: Sequence[str] = ()
) -> list[dict]:
    """Events whose type is in ``types`` and that have an actor in ``actors``.

    An empty selection means "no filter" for that field.
    """
    wanted_types, wanted_actors = set(types), set(actors)
    return [
        e for e in events
        if (not wanted_types or e.get("type") in wanted_types)
        and (not wanted_actors or wanted_actors & set(_actor_names(e)))
    ]
