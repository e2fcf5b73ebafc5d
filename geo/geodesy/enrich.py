"""An event's geometry, made once: range ring, impact zone, impact point and flight path.

:func:`enrich` is the one place where an :class:`~geo.events.Event` gets geometry.
The store keeps what it returns and the view draws it; nothing downstream computes
distances again (DESIGN.md: geometry is computed once, by geodesy, and stored).

- **ring**: the geodesic circle of ``range_km`` around the launch site (launches only);
- **impact zone**: the part of the range band that fits what the text says of where
  the missile came down (``impact_hint``: a sea, "the sea", a direction, a bearing),
  by :func:`geo.geodesy.impact_zone`; its estimated impact point;
- **path**: the geodesic from the launch site to the impact point, or to the landing
  place when an importer gives one;
- **potential range**: for a test that gives an apogee and a range, the reach of the same
  missile on a standard trajectory, a band and a footprint
  (:func:`geo.geodesy.footprint.stored_potential_range`, docs/ballistics.md).
"""

from __future__ import annotations

import json
import os
from dataclasses import replace
from functools import lru_cache

from geo.errors import GeoError
from geo.events import LAUNCH_TYPES, Event, Geometry
from geo.geodesy._core import MAX_RADIUS_KM, WGS84
from geo.geodesy.circles import area_km2, ring
from geo.geodesy.footprint import stored_potential_range
from geo.geodesy.impact import impact_zone
from geo.geodesy.paths import great_circle
from geo.resources import data_path



#: Radius of the zone of a launch that failed early ("exploded shortly after launch"), km:
#: debris of a boost-phase failure comes down within tens of km of the pad.
FAILED_RADIUS_KM = 50.0
#: Weight, in launches, of the table-wide landing shares against a site's own counts.
PRIOR_WEIGHT = 5.0
#: A launch site takes the landing counts of a CNS facility within this distance, km.
PRIOR_SITE_KM = 50.0
_PRIOR_FILE = data_path("zones", "landing_prior.json")


@lru_cache(maxsize=1)
def _landing_prior() -> dict:
    try:
        return json.loads(_PRIOR_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"overall": {}, "sites": []}


def _category(sea: str) -> str:
    """The landing category of a candidate zone's sea (the prior's keys)."""
    low = sea.lower()
    if "japan" in low or "east sea" in low:
        return "Sea of Japan"
    if "yellow" in low or "korea bay" in low or "west sea" in low:
        return "Yellow Sea"
    if "pacific" in low or "philippine" in low:
        return "Pacific Ocean"
    return "other"


def landing_prior(lat: float, lon: float) -> dict[str, float]:
    """P(landing category) for a launch from ``(lat, lon)``: the counts of the CNS facility
    within :data:`PRIOR_SITE_KM` (if any), shrunk towards the table-wide shares (add-one
    smoothed, "other" included) with weight :data:`PRIOR_WEIGHT` (data/zones/landing_prior.json,
    scripts/build_landing_prior.py)."""
    data = _landing_prior()
    overall = dict(data.get("overall") or {})
    cats = list(overall) + ["other"]
    n_all = sum(overall.values())
    q = {c: (overall.get(c, 0) + 1.0) / (n_all + len(cats)) for c in cats}
    site_counts: dict = {}
    best = PRIOR_SITE_KM
    for site in data.get("sites") or ():
        _, _, d = WGS84.inv(lon, lat, site["lon"], site["lat"])
        if d / 1000.0 <= best:
            best, site_counts = d / 1000.0, site["counts"]
    n = sum(site_counts.values())
    return {c: (site_counts.get(c, 0) + PRIOR_WEIGHT * q[c]) / (n + PRIOR_WEIGHT) for c in cats}


def _use_prior() -> bool:
    return os.environ.get("GEO_NO_LANDING_PRIOR", "") in ("", "0")


def _ranked(zone, lat: float, lon: float) -> list[dict]:
    """The zone's candidates with a ``confidence``: prior x share of the zone's area, normalised
    (share only when the prior is switched off)."""
    prior = landing_prior(lat, lon) if _use_prior() else None
    cands = []
    for c in zone.candidates:
        weight = c["share"] * (prior[_category(c["sea"])] if prior else 1.0)
        cands.append({**c, "prior": round(prior[_category(c["sea"])], 4) if prior else None, "_w": weight})
    total = sum(c["_w"] for c in cands) or 1.0
    for c in cands:
        c["confidence"] = round(c.pop("_w") / total, 4)
    cands.sort(key=lambda c: -c["confidence"])
    return cands


def _zone(event: Event, lat: float, lon: float) -> tuple[dict | None, tuple[float, float] | None, str | None, tuple]:
    """``(geometry, impact point, note, candidates)`` of the impact zone, from the event's ``impact_hint``.

    A launch that failed early: a disc of :data:`FAILED_RADIUS_KM` around the site. Otherwise
    the range band narrowed by the hint (a named sea, else at sea; a direction; a bearing);
    the candidate zones (one per sea) are ranked by :func:`_ranked` and the best one is the zone.
    """
    hint = dict(event.impact_hint or {})
    if hint.get("failed"):
        radius = min(FAILED_RADIUS_KM, event.range_km) if event.range_km else FAILED_RADIUS_KM
        disc = ring(lat, lon, radius)
        cand = {"sea": "near the launch site", "lat": lat, "lon": lon, "area_km2": round(area_km2(disc), 1),
                "share": 1.0, "prior": None, "confidence": 1.0}
        return disc, (lat, lon), (f"Launch failed early: zone = within {radius:g} km of the launch site, "
                                  "not the range band."), (cand,)
    if event.range_km is None and event.range_band_km is None:
        return None, None, None, ()
    # a hint without a sea (or no hint at all) still came down somewhere: at sea, unless the text says otherwise
    sea = hint.get("sea") or "the sea"
    kwargs = dict(range_km=event.range_km, band_km=event.range_band_km, sea=sea, bearing_deg=hint.get("bearing_deg"))
    try:
        zone = impact_zone(lat, lon, direction=hint.get("direction"), **kwargs)
        if zone.geometry is None and hint.get("direction"):
            raise GeoError("direction leaves nothing")
    except GeoError:
        try:  # a direction geodesy cannot read, or one that leaves no sea, must not cost the zone
            zone = impact_zone(lat, lon, **kwargs)
        except GeoError as exc:
            return None, None, f"impact zone not computed: {exc}", ()
    if zone.geometry is None:
        return None, None, "impact zone not computed: the range band and the sea do not meet", ()
    cands = _ranked(zone, lat, lon)
    best = cands[0]
    ranking = ", ".join(f"{c['sea']} {c['confidence']:.0%} ({c['area_km2']:,.0f} km2)" for c in cands)
    rule = ("prior from the CNS table's landing areas x share of the zone's area" if _use_prior()
            else "share of the zone's area (landing prior off)")
    note = zone.note + f" Ranked by {rule}: {ranking}."
    return best["geometry"], (best["lat"], best["lon"]), note, tuple(
        {k: v for k, v in c.items() if k != "geometry"} for c in cands)


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
    zone, point, zone_note, candidates = _zone(event, site.lat, site.lon)
    if zone is None:  # keep a zone an importer or an earlier version stored
        zone, point, candidates = geometry.impact_zone, geometry.impact_point, geometry.zone_candidates
        zone_note = zone_note if geometry.note is None else geometry.note
    if zone_note:
        notes.append(zone_note)
    if point is None:  # an importer's landing place is the impact point
        landing = next((p for p in event.places if p.role == "impact_area" and p.located), None)
        point = (landing.lat, landing.lon) if landing else None
    path = great_circle(site.lat, site.lon, *point) if point and tuple(point) != (site.lat, site.lon) else None
    potential, potential_note = stored_potential_range(event, site.lat, site.lon, point)
    if potential_note:
        notes.append(potential_note)
    return event.with_geometry(Geometry(
        ring=ring_geom, impact_zone=zone, impact_point=point, path=path, potential_range=potential,
        ring_area_km2=round(area_km2(ring_geom), 1) if ring_geom else None,
        zone_area_km2=round(area_km2(zone), 1) if zone else None, zone_candidates=tuple(candidates or ()),
        note=" ".join(notes) or None,
    ))
