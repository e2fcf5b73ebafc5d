"""The flat columns of the tabular exports (CSV, GeoParquet): one row per event.

Columns, in order (``None`` / empty when the event has no value):

====================  ==============================================================
id, type, subtype     the event's identifier and type
date, date_end        first and last day (ISO dates); ``date_precision`` day/month/...
report_date           publication date of the report
lat, lon              :attr:`Event.position` (launch site, else first located place)
actors                actor names joined by ``"; "``; ``actor_codes`` their codes
places                place names joined by ``"; "``, each with its role in brackets
range_km, apogee_km   figures as reported, kilometres; ``flight_time_s`` seconds
count                 a reported count (missiles, troops...)
sentence              the source sentence
source, url           the report the event came from
confidence            0..1, how sure the extraction is
certainty             reported / alleged / planned / hypothetical (the wording)
origin                extracted / cns / gdelt / acled / csv
ring_area_km2         area of the range ring, ``zone_area_km2`` of the impact zone
impact_lat/lon        the estimated impact point
geometry_note         what geodesy said (why no ring, which seas...)
json                  the whole record (docs/events.md), from which readers rebuild the event
====================  ==============================================================
"""

from __future__ import annotations

from typing import Any

from geo.events import Event

COLUMNS = (
    "id", "type", "subtype", "date", "date_end", "date_precision", "report_date", "lat", "lon",
    "actors", "actor_codes", "places", "range_km", "apogee_km", "flight_time_s", "count", "sentence",
    "source", "url", "confidence", "certainty", "origin", "ring_area_km2", "zone_area_km2", "impact_lat", "impact_lon",
    "geometry_note", "json",
)
TEXT_COLUMNS = ("id", "type", "subtype", "date_precision", "actors", "actor_codes", "places", "sentence",
                "source", "url", "certainty", "origin", "geometry_note", "json")
DATE_COLUMNS = ("date", "date_end", "report_date")
FLOAT_COLUMNS = tuple(c for c in COLUMNS if c not in TEXT_COLUMNS + DATE_COLUMNS)


def flat_row(event: Event) -> dict[str, Any]:
    """The event's flat columns (:data:`COLUMNS` but ``json``): dates as ``datetime.date``."""
    pos = event.position
    point = event.geometry.impact_point
    return {
        "id": event.id, "type": event.type, "subtype": event.subtype,
        "date": event.date, "date_end": event.date_end, "date_precision": event.date_precision,
        "report_date": event.report_date,
        "lat": pos[0] if pos else None, "lon": pos[1] if pos else None,
        "actors": "; ".join(a.name for a in event.actors) or None,
        "actor_codes": "; ".join(a.code for a in event.actors if a.code) or None,
        "places": "; ".join(f"{p.name} [{p.role}]" for p in event.places) or None,
        "range_km": event.range_km, "apogee_km": event.apogee_km, "flight_time_s": event.flight_time_s,
        "count": event.count, "sentence": event.sentence, "source": event.source or None, "url": event.url,
        "confidence": event.confidence, "certainty": event.certainty, "origin": event.origin,
        "ring_area_km2": event.geometry.ring_area_km2, "zone_area_km2": event.geometry.zone_area_km2,
        "impact_lat": point[0] if point else None, "impact_lon": point[1] if point else None,
        "geometry_note": event.geometry.note,
    }
