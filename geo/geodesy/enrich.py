"""An event's geometry, made once: range ring, impact zone, impact point and flight path.

:func:`enrich` is the one place where an :class:`~geo.events.Event` gets geometry.
The store keeps what it returns and the view draws it; nothing downstream computes
distances again (DESIGN.md: geometry is computed once, by geodesy, and stored).

- **ring**: the geodesic circle of ``range_km`` around the launch site (launches only);
- **impact zone**: the part of the range band that fits what the text says of where
  the missile came down (``impact_hint``: a sea, "the sea", a direction, a bearing, an
  EEZ (:mod:`geo.geodesy.eez`), an offset from a named place, a country flown over
  (:mod:`geo.geodesy.shadow`), a place near the landing),
  by :func:`geo.geodesy.impact_zone`; its estimated impact point and its candidates ranked
  by the CNS landing prior. Without a located launch site the band is drawn from the
  launching country's launch area (:mod:`geo.geodesy.origins`); an early failure is a disc
  near the site. Rules and constants: docs/extract.md, *Impact zones*;
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
from pathlib import Path

from shapely.ops import unary_union

from geo.errors import GeoError
from geo.events import LAUNCH_TYPES, Event, Geometry
from geo.geodesy._core import MAX_RADIUS_KM, WGS84
from geo.geodesy.antimeridian import to_geojson
from geo.geodesy.circles import area_km2, ring, ring_shape
from geo.geodesy.eez import EEZ_NM, TERRITORIAL_NM, maritime_zone
from geo.geodesy.footprint import stored_potential_range
from geo.geodesy.impact import APPROX_FRACTION, impact_zone
from geo.geodesy.origins import Origins, country_origins
from geo.geodesy.paths import great_circle
from geo.geodesy.shadow import country_shadow
from geo.resources import data_path


#: Radius of the zone of a launch that failed early ("exploded shortly after launch"), km:
#: debris of a boost-phase failure comes down within tens of km of the pad.
FAILED_RADIUS_KM = 50.0
#: Radius of the disc around a landing stated as an offset ("250 km west of Okushiri"): this
#: share of the offset, at least :data:`OFFSET_MIN_KM` (reported offsets are rounded), km.
OFFSET_FRACTION = 0.15
OFFSET_MIN_KM = 25.0
#: A landing "near" a named place: within this distance of it, km.
NEAR_KM = 100.0
#: Weight, in launches, of the table-wide landing shares against a site's own counts.
PRIOR_WEIGHT = 5.0
#: A launch site takes the landing counts of a CNS facility within this distance, km.
PRIOR_SITE_KM = 50.0
_PRIOR_FILE = data_path("zones", "landing_prior.json")


@lru_cache(maxsize=1)
def _landing_prior() -> dict:
    # GEO_LANDING_PRIOR names another prior file (benchmarks/bench_zones.py --prior-before: a
    # prior built from earlier rows only, to measure on later ones)
    path = Path(os.environ["GEO_LANDING_PRIOR"]) if os.environ.get("GEO_LANDING_PRIOR") else _PRIOR_FILE
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"overall": {}, "sites": []}


#: The landing categories of the prior (a prior file without landings in one still has it).
CATEGORIES = ("Sea of Japan", "Yellow Sea", "Pacific Ocean", "other")


def _categories(overall: dict) -> list[str]:
    return list(CATEGORIES) + [c for c in overall if c not in CATEGORIES]


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
    cats = _categories(overall)
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


def country_prior(country_code: str) -> dict[str, float] | None:
    """P(landing category) for a launch from somewhere in a country: the table-wide shares
    (add-one smoothed) when the CNS table is that country's (``country`` of the prior file),
    else None (no prior: the table says nothing of other countries' ranges)."""
    data = _landing_prior()
    if not data.get("country") or data["country"] != country_code:
        return None
    overall = dict(data.get("overall") or {})
    cats = _categories(overall)
    n_all = sum(overall.values())
    return {c: (overall.get(c, 0) + 1.0) / (n_all + len(cats)) for c in cats}


def _use_prior() -> bool:
    return os.environ.get("GEO_NO_LANDING_PRIOR", "") in ("", "0")


def _ranked(zone, lat: float, lon: float, origins: Origins | None = None) -> list[dict]:
    """The zone's candidates with a ``confidence``: prior x share of the zone's area, normalised
    (share only when the prior is switched off). Without a located site the prior is the
    table-wide shares, and only for the table's country (:func:`country_prior`)."""
    if not _use_prior():
        prior = None
    elif origins is not None:
        prior = country_prior(origins.country_code)
    else:
        prior = landing_prior(lat, lon)
    cands = []
    for c in zone.candidates:
        weight = c["share"] * (prior[_category(c["sea"])] if prior else 1.0)
        cands.append({**c, "prior": round(prior[_category(c["sea"])], 4) if prior else None, "_w": weight})
    total = sum(c["_w"] for c in cands) or 1.0
    for c in cands:
        c["confidence"] = round(c.pop("_w") / total, 4)
    cands.sort(key=lambda c: -c["confidence"])
    return cands


def _offset_point(off: dict, lat: float, lon: float, band: tuple[float, float], slack_km: float
                  ) -> tuple[tuple[float, float], str] | None:
    """The landing point of an offset ("200 km west of Oshima"), from the place of that name
    whose offset point lies nearest the stated range band from ``(lat, lon)``, within
    ``slack_km`` of it; None when no place of that name fits the range."""
    best = None
    for p in off.get("places") or [{"name": off["place"], "lat": off["lat"], "lon": off["lon"]}]:
        x, y, _ = WGS84.fwd(p["lon"], p["lat"], off["bearing_deg"], off["distance_km"] * 1000.0)
        _, _, d = WGS84.inv(lon, lat, x, y)
        d /= 1000.0
        gap = max(band[0] - d, d - band[1], 0.0)
        if gap <= slack_km and (best is None or gap < best[0]):
            best = (gap, (y, x), p["name"])
    return (best[1], best[2]) if best else None


def _band(event: Event) -> tuple[float, float]:
    """The range band, km, as :func:`geo.geodesy.impact_zone` makes it."""
    if event.range_band_km:
        return tuple(event.range_band_km)
    return event.range_km * (1 - APPROX_FRACTION), event.range_km * (1 + APPROX_FRACTION)


def _constraints(hint: dict, lat: float, lon: float, band: tuple[float, float], reach_extra_km: float = 0.0
                 ) -> tuple[list, list, dict[str, str]]:
    """``(within, outside, basis)`` (basis: each constraint's label -> ``eez``, ``offset`` or
    ``near``) from what the text says of the landing besides a sea and a
    direction: a maritime zone ("inside/outside Japan's EEZ"), an offset from a named place
    ("250 km west of Okushiri"), a landing near a named place."""
    within: list = []
    outside: list = []
    basis: dict[str, str] = {}  # label -> what it came from
    eez = hint.get("eez") or {}
    owner = _country_code(eez.get("owner"))
    if owner:
        territorial = bool(eez.get("territorial"))
        shape = maritime_zone(owner, TERRITORIAL_NM if territorial else EEZ_NM)
        if not shape.is_empty:
            label = (f"{'inside' if eez.get('inside', True) else 'outside'} {eez['owner']}'s "
                     f"{'territorial waters' if territorial else 'EEZ'} (approximated as within "
                     f"{TERRITORIAL_NM if territorial else EEZ_NM:g} nmi of Natural Earth land)")
            (within if eez.get("inside", True) else outside).append((shape, label))
            basis[label] = "eez"
    off = hint.get("offset")
    if off and off.get("lat") is not None:
        radius = max(OFFSET_MIN_KM, OFFSET_FRACTION * off["distance_km"])
        point = _offset_point(off, lat, lon, band, radius + reach_extra_km)
        if point is not None:
            (y, x), place = point
            label = f"within {radius:,.0f} km of the point {off['distance_km']:g} km at bearing {off['bearing_deg']:g} deg from {place}"
            within.append((ring_shape(y, x, radius), label))
            basis[label] = "offset"
    over = hint.get("over")
    if over and over.get("country"):
        shade = country_shadow(lat, lon, over["country"], band[1] + reach_extra_km)
        if not shade.is_empty:
            label = f"beyond {over['country']} as seen from the launch site (it flew over it)"
            within.append((shade, label))
            basis[label] = "over"
    near = hint.get("near")
    if near and near.get("lat") is not None:
        label = f"within {NEAR_KM:g} km of {near['name']}"
        within.append((ring_shape(near["lat"], near["lon"], NEAR_KM), label))
        basis[label] = "near"
    return within, outside, basis


def _country_code(name: str | None) -> str | None:
    """ISO alpha-2 of a country name as written ("Japan" -> "JP"), or None."""
    if not name:
        return None
    from geo.gazetteer.normalize import normalize

    return _country_names()[0].get(normalize(name))


@lru_cache(maxsize=1)
def _country_names() -> tuple[dict, dict]:
    from geo.gazetteer.countries import read_country_names

    return read_country_names()


def _zone(event: Event, lat: float | None, lon: float | None, origins: Origins | None = None) -> tuple[dict | None, tuple[float, float] | None, str | None, tuple]:
    """``(geometry, impact point, note, candidates)`` of the impact zone, from the event's ``impact_hint``.

    A launch that failed early: a disc of :data:`FAILED_RADIUS_KM` around the site (around
    each origin, widened by its spread, when the site is not located). Otherwise the range
    band (of the site, or of the country's ``origins``) narrowed by the hint: a named sea,
    else at sea; a direction; a bearing; a maritime zone; an offset from a place; a place
    near the landing. A constraint that leaves nothing is dropped, and the note says so. The
    candidate zones (one per sea) are ranked by :func:`_ranked` and the best one is the zone.
    """
    hint = dict(event.impact_hint or {})
    if event.subtype == "aggregate":  # "over 100 missiles since 2022": no one place they came down
        return None, None, "no impact zone: the event counts many launches (aggregate)", ()
    if origins is not None:
        lat, lon = origins.centre
    if hint.get("failed"):
        radius = min(FAILED_RADIUS_KM, event.range_km) if event.range_km else FAILED_RADIUS_KM
        if origins is None:
            disc = ring(lat, lon, radius)
            where = "the launch site"
        else:
            disc = to_geojson(unary_union([ring_shape(o_lat, o_lon, radius + spread) for o_lat, o_lon, spread in origins.points]))
            where = f"one of the known launch areas ({origins.describe()})"
        cand = {"sea": "near the launch site", "lat": lat, "lon": lon, "area_km2": round(area_km2(disc), 1),
                "share": 1.0, "prior": None, "confidence": 1.0, "basis": "failed"}
        return disc, (lat, lon), (f"Launch failed early: zone = within {radius:g} km of {where}, "
                                  "not the range band."), (cand,)
    if event.range_km is None and event.range_band_km is None:
        return None, None, None, ()
    # a hint without a sea (or no hint at all) still came down somewhere: at sea, unless the text says otherwise
    sea = hint.get("sea") or "the sea"
    within, outside, basis = _constraints(hint, lat, lon, _band(event), origins.max_spread_km if origins else 0.0)
    kwargs = dict(range_km=event.range_km, band_km=event.range_band_km, bearing_deg=hint.get("bearing_deg"),
                  origins=origins.points if origins is not None else None)
    full = dict(sea=sea, direction=hint.get("direction"), within=within, outside=outside)
    # the constraints, most specific first; when they leave nothing, the statements of where it
    # landed go first, then the direction, then the sea's name (at sea stays)
    singles = [{**full, "within": [w for w in within if w is not c], "outside": [o for o in outside if o is not c]}
               for c in within + outside] if len(within) + len(outside) > 1 else []
    tries = [full, *singles, {**full, "within": (), "outside": ()}, {**full, "within": (), "outside": (), "direction": None},
             {"sea": "the sea"}, {"sea": None}]  # last: a band with no sea in it is the band, land and all
    zone, last, used = None, "the range band and the constraints do not meet", full
    for extra in tries:
        try:
            zone = impact_zone(lat, lon, **kwargs, **extra)
        except GeoError as exc:  # a direction geodesy cannot read must not cost the zone
            zone, last = None, str(exc)
            continue
        if zone.geometry is not None:
            used = extra
            break
        zone = None
    if zone is None:
        return None, None, f"impact zone not computed: {last}", ()
    kept = {label for _, label in list(used.get("within") or ()) + list(used.get("outside") or ())}
    dropped = [label for _, label in within + outside if label not in kept]
    dropped += ["direction"] if full.get("direction") and not used.get("direction") else []
    if used.get("sea") != sea:
        dropped.append(f"sea {sea!r}" if used.get("sea") else "at sea (the band has no water: the zone is on land)")
    used_basis = [basis[label] for _, label in within + outside if label in kept]
    cands = _ranked(zone, lat, lon, origins)
    best = cands[0]
    for c in cands:
        c["basis"] = "+".join(["origins" if origins is not None else "site"] + used_basis)
    ranking = ", ".join(f"{c['sea']} {c['confidence']:.0%} ({c['area_km2']:,.0f} km2)" for c in cands)
    rule = ("prior from the CNS table's landing areas x share of the zone's area" if _use_prior() and cands[0].get("prior") is not None
            else "share of the zone's area" + (" (landing prior off)" if not _use_prior() else " (no landing prior for this origin)"))
    note = zone.note + f" Ranked by {rule}: {ranking}."
    if origins is not None:
        note = origins.describe()[0].upper() + origins.describe()[1:] + ". " + note
    if dropped:
        note += " Dropped because nothing met them with the rest: " + ", ".join(dropped) + "."
    return best["geometry"], (best["lat"], best["lon"]), note, tuple(
        {k: v for k, v in c.items() if k != "geometry"} for c in cands)


def enrich(event: Event) -> Event:
    """The event with its :class:`~geo.events.Geometry` computed.

    Parameters
    ----------
    event : Event
        Any event; only launches with a located launch site and a range get a ring; a
        launch with a range (or one that failed early) whose site is not located gets a
        zone from its country's launch area (:mod:`geo.geodesy.origins`). An impact zone
        already present (an imported one) is kept.

    Returns
    -------
    Event
        A copy with ``geometry`` set; other fields unchanged. Never raises for geometry
        the geodesy refuses (a range beyond half the globe): the note says why.
    """
    site = event.launch_site
    if site is None and event.type in LAUNCH_TYPES and event.geometry.impact_zone is None:
        return _enrich_without_site(event)
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


def _launching_country(event: Event) -> str | None:
    """ISO alpha-2 of the launching state: the hint's ``origin_country``, else the first
    initiator whose code is a country's alpha-3."""
    cc = (event.impact_hint or {}).get("origin_country")
    if cc:
        return str(cc).upper()
    from geo.extract.actors import default_dictionary

    iso2 = default_dictionary().iso2
    return next((iso2[a.code] for a in event.actors if a.role == "initiator" and a.code in iso2), None)


def _enrich_without_site(event: Event) -> Event:
    """A launch whose site is not located: no ring (no centre to draw it from), but an impact
    zone from the launching country's launch area when the text gives a range or an early
    failure; otherwise the event is returned with no geometry."""
    hint = event.impact_hint or {}
    if event.range_km is None and event.range_band_km is None and not hint.get("failed"):
        return event.with_geometry(replace(event.geometry, ring=None, ring_area_km2=None))
    cc = _launching_country(event)
    origins = country_origins(cc) if cc else None
    if origins is None:
        note = ("no impact zone: the launch site is not located and "
                + (f"no launch area of {cc} is known" if cc else "the launching country is not known"))
        return event.with_geometry(replace(event.geometry, ring=None, ring_area_km2=None, note=note))
    zone, point, note, candidates = _zone(event, None, None, origins)
    if zone is None:
        return event.with_geometry(replace(event.geometry, ring=None, ring_area_km2=None, note=note))
    return event.with_geometry(Geometry(
        ring=None, impact_zone=zone, impact_point=point, path=None, ring_area_km2=None,
        zone_area_km2=round(area_km2(zone), 1), zone_candidates=tuple(candidates or ()), note=note,
    ))
