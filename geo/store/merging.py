"""When two records are one real event, and what the merged event looks like.

The rule (docs/store.md): records from *different sources* are one event when they have
the same type, share an actor, their first days and their last days are each within one
day of the other's, their positions are within 100 km (when both are located) and their
ranges within 20 % of the larger (when both give one). Undated records never merge by
rule, since "within a day" cannot be told; users may still merge them by hand.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from geo.coords import haversine_km
from geo.events import Event, event_from_dict

MAX_DAYS_APART = 1
MAX_KM_APART = 100.0
MAX_RANGE_DIFFERENCE = 0.20  # of the larger range


@dataclass(frozen=True)
class MergeKey:
    """What the rule compares: one record's source, type, days, position, range and actors."""

    source: str
    type: str
    day: int | None
    last_day: int | None
    lat: float | None
    lon: float | None
    range_km: float | None
    actors: frozenset[str]


def same_event(a: MergeKey, b: MergeKey) -> bool:
    """True when records ``a`` and ``b`` report one real event by the merge rule."""
    if a.source == b.source or a.type != b.type or a.day is None or b.day is None:
        return False
    if abs(a.day - b.day) > MAX_DAYS_APART or abs((a.last_day or a.day) - (b.last_day or b.day)) > MAX_DAYS_APART:
        return False
    if not (a.actors & b.actors):
        return False
    if None not in (a.lat, a.lon, b.lat, b.lon) and haversine_km(a.lat, a.lon, b.lat, b.lon) > MAX_KM_APART:
        return False
    if a.range_km is not None and b.range_km is not None:
        larger = max(a.range_km, b.range_km)
        if larger > 0 and abs(a.range_km - b.range_km) > MAX_RANGE_DIFFERENCE * larger:
            return False
    return True


def key_of(event: Event, day: int | None, last_day: int | None) -> MergeKey:
    """The merge key of an event whose day numbers are given."""
    pos = event.position
    return MergeKey(event.source, event.type, day, last_day, pos[0] if pos else None, pos[1] if pos else None,
                    event.range_km, frozenset(a.code or a.name for a in event.actors))


def merged_event(events: list[Event]) -> Event:
    """One event from the records of a group (first stored first).

    The first record gives the type, dates, sentence and geometry; actors, places and
    claims are the union of all records' (every claim kept with its phrase, so "570 km"
    from Seoul and "400 km" from Tokyo both stay); ``attributes["sources"]`` lists each
    record's ``id``, ``source``, ``url`` and ``sentence``.
    """
    first = events[0]
    if len(events) == 1:
        return first
    actors, places, claims = list(first.actors), list(first.places), list(first.claims)
    seen_actors = {a.code or a.name for a in actors}
    seen_places = {(p.name, p.role) for p in places}
    for e in events[1:]:
        for a in e.actors:
            if (a.code or a.name) not in seen_actors:
                seen_actors.add(a.code or a.name)
                actors.append(replace(a, start=None, end=None))  # offsets belong to another text
        for p in e.places:
            if (p.name, p.role) not in seen_places:
                seen_places.add((p.name, p.role))
                places.append(replace(p, start=None, end=None))
        for c in e.claims:
            claims.append(replace(c, source_name=c.source_name or e.source))
    if claims:
        claims[: len(first.claims)] = [replace(c, source_name=c.source_name or first.source) for c in first.claims]
    sources = [{"id": e.id, "source": e.source, "url": e.url, "sentence": e.sentence} for e in events]
    confidences = [e.confidence for e in events if e.confidence is not None]
    return replace(first, actors=tuple(actors), places=tuple(places), claims=tuple(claims),
                   confidence=max(confidences) if confidences else None,
                   attributes={**first.attributes, "sources": sources})


def corrected(event: Event, field: str, value: object) -> Event:
    """``event`` with one field of its JSON form replaced by ``value`` (validated as on input)."""
    d = event.to_dict()
    d.pop("impact_zone", None)  # derived; would shadow a corrected geometry
    d[field] = value
    out = event_from_dict(d)
    return out if out.id == event.id else replace(out, id=event.id)

