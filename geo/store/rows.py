"""An :class:`~geo.events.Event` as stored: its compact JSON and the columns filters use."""

from __future__ import annotations

import json
from dataclasses import fields
from typing import Any

from geo.events import DISTANCE_QUANTITIES, Claim, Event, event_from_dict
from geo.store.filters import day_number

_FIELDS = tuple(f.name for f in fields(Event))


def _flat(obj: Any) -> dict:
    # Shallow field dicts: dataclasses.asdict deep-copies every value, 10x slower at ingest.
    return {k: v for k, v in obj.__dict__.items() if v is not None and v != () and v != {}}


def event_dict(event: Event) -> dict:
    """The event's JSON form (as :meth:`Event.to_dict`) without empty fields or derived keys."""
    d: dict[str, Any] = {}
    for name in _FIELDS:
        value = getattr(event, name)
        if value is None or value == () or value == {}:
            continue
        if name in ("date", "date_end", "report_date"):
            value = value.isoformat()
        elif name == "actors":
            value = [_flat(a) for a in value]
        elif name == "places":
            value = [{**_flat(p), **({"candidates": [_flat(c) for c in p.candidates]} if p.candidates else {})}
                     for p in value]
        elif name == "claims":
            value = [_claim(c) for c in value]
        elif name == "geometry":
            value = _flat(value)  # the GeoJSON inside is kept exactly as enrich made it
            if not value:
                continue
        d[name] = value  # free dicts (evidence, attributes...) as they are: their keys mean something
    return d


def _claim(c: Claim) -> dict:
    d = _flat(c)
    if c.quantity in DISTANCE_QUANTITIES:  # the extraction's form: distances as value_km
        d["value_km"] = d.pop("value")
    if not c.hedged:
        d.pop("hedged", None)
    return d


def event_json(event: Event) -> str:
    """The event's JSON form (docs/events.md) without empty fields, as stored."""
    return json.dumps(event_dict(event), ensure_ascii=False, separators=(",", ":"))


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
