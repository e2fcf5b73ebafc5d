"""An :class:`~geo.events.Event` as stored: its compact JSON and the columns filters use."""

from __future__ import annotations

import json
from typing import Any

from geo.events import Event, event_from_dict
from geo.store.filters import day_number

# Derived keys of Event.to_dict that event_from_dict rebuilds from the rest.
_DERIVED = ("impact_zone", "launch_site")


def _compact(value: Any) -> Any:
    # None, [] and {} are every field's default: leaving them out halves the stored JSON.
    if isinstance(value, dict):
        return {k: _compact(v) for k, v in value.items() if v is not None and v != [] and v != {}}
    if isinstance(value, list):
        return [_compact(v) for v in value]
    return value


def event_json(event: Event) -> str:
    """The event's JSON form (docs/events.md) without empty fields, as stored."""
    d = event.to_dict()
    for key in _DERIVED:
        d.pop(key, None)
    geometry = _compact(d.get("geometry") or {})
    d = {k: _compact(v) for k, v in d.items() if k != "geometry" and v is not None and v != [] and v != {}}
    if geometry:
        d["geometry"] = geometry
    return json.dumps(d, ensure_ascii=False, separators=(",", ":"))


def event_of_json(text: str) -> Event:
    """The :class:`Event` a stored JSON text holds."""
    d = json.loads(text)
    # Actors, places and claims list every key; restore the ones compaction dropped.
    for a in d.get("actors", ()):
        a.setdefault("code", None)
    return event_from_dict(d)


def actor_codes(event: Event) -> list[str]:
    """The event's actor codes in order, once each (the name when an actor has no code)."""
    out: list[str] = []
    for a in event.actors:
        code = a.code or a.name
        if code not in out:
            out.append(code)
    return out


def columns(event: Event) -> dict[str, Any]:
    """The filterable columns of an event: days, position, range, actor codes."""
    pos = event.position
    return {
        "type": event.type,
        "day": day_number(event.date),
        "last_day": day_number(event.last_day),
        "date_precision": event.date_precision,
        "lat": pos[0] if pos else None,
        "lon": pos[1] if pos else None,
        "range_km": event.range_km,
        "actors": ";".join(actor_codes(event)),
        "text": event.sentence,
    }
