"""An event's geometry, made once: range ring, impact zone, impact point and flight path.

:func:`enrich` is the one place where an :class:`~geo.events.Event` gets geometry.
The store keeps what it returns and the view draws it; nothing downstream computes
distances again (DESIGN.md: geometry is computed once, by geodesy, and stored).

- **ring**: the geodesic circle of ``range_km`` around the launch site (launches only);
- **impact zone**: the part of the range band that fits what the text says of where
  the missile came down (``impact_hint``: a sea, "the sea", a direction, a bearing),
  by :func:`geo.geodesy.impact_zone`; its estimated impact point;
- **path**: the geodesic from the launch site to the impact point, or to the landing
  place when an importer gives one.
"""

from __future__ import annotations

from dataclasses import replace

from geo.errors import GeoError
from geo.events import LAUNCH_TYPES, Event, Geometry
from geo.geodesy._core import MAX_RADIUS_KM
from geo.geodesy.circles import area_km2, ring
from geo.geodesy.impact import impact_zone
from geo.geodesy.paths import great_circle



def _zone(event: Event, lat: float, lon: float) -> tuple[dict | None, tuple[float, float] | None, str | None]:
    """``(geometry, impact point, note)`` of the impact zone, from the event's ``impact_hint``."""
    hint = event.impact_hint or {}
    if not hint or (event.range_km is None and event.range_band_km is None):
        return None, None, None
    kwargs = dict(range_km=event.range_km, band_km=event.range_band_km, sea=hint.get("sea"),
                  bearing_deg=hint.get("bearing_deg"))
    try:
        zone = impact_zone(lat, lon, direction=hint.get("direction"), **kwargs)
    except GeoError:
        if not hint.get("direction"):
            return None, None, "impact zone not computed: the range band and the sea do not meet"
        try:  # a direction geodesy cannot read must not cost the zone
            zone = impact_zone(lat, lon, **kwargs)
        except GeoError as exc:
            return None, None, f"impact zone not computed: {exc}"
    return zone.geometry, zone.centroid, zone.note


def enrich(event: Event) -> Event:
    """The event with its :class:`~geo.events.Geometry` computed.

    Parameters
    ----------
    event : Event
        Any event; only launches with a located launch site and a range get a ring and
        a zone. An impact zone already present (an imported one) is kept.

    Returns
    -------
    Event
        A copy with ``geometry`` set; other fields unchanged. Never raises for geometry
        the geodesy refuses (a range beyond half the globe): the note says why.
    """
    site = event.launch_site
    if site is None or event.type not in LAUNCH_TYPES:
        return event.with_geometry(replace(event.geometry, ring=None, ring_area_km2=None))
    geometry = event.geometry
    notes = []
    ring_geom = None
    radius = event.range_km
    if radius is not None and 0 < radius <= MAX_RADIUS_KM:
        ring_geom = ring(site.lat, site.lon, radius)
    elif radius is not None:
        notes.append(f"no ring: range {radius:g} km is beyond half the Earth's circumference")
    zone, point, zone_note = _zone(event, site.lat, site.lon)
    if zone is None:  # keep a zone an importer or an earlier version stored
        zone, point = geometry.impact_zone, geometry.impact_point
        zone_note = zone_note if geometry.note is None else geometry.note
    if zone_note:
        notes.append(zone_note)
    if point is None:  # an importer's landing place is the impact point
        landing = next((p for p in event.places if p.role == "impact_area" and p.located), None)
        point = (landing.lat, landing.lon) if landing else None
    path = great_circle(site.lat, site.lon, *point) if point else None
    return event.with_geometry(Geometry(
        ring=ring_geom, impact_zone=zone, impact_point=point, path=path,
        ring_area_km2=round(area_km2(ring_geom), 1) if ring_geom else None,
        zone_area_km2=round(area_km2(zone), 1) if zone else None,
        note=" ".join(notes) or None,
    ))
