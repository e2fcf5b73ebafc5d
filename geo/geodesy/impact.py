"""Impact zones: where in a range band a launch came down, given what a report says.

A report gives a launch site, a range ("about 570 km"), and sometimes where the missile fell:
a named sea ("the East Sea"), just "the sea", a direction ("off the east coast"), or a bearing.
The zone is the part of the geodesic range band that meets all of those constraints:

    zone = band(min_km, max_km) & sea & sector

- *band*: ``band_km`` if given, else ``range_km`` +- :data:`APPROX_FRACTION` (reported ranges are
  rounded and "approximately" is the norm);
- *sea*: a named sea's Natural Earth marine polygons minus land, or for "the sea" everything
  that is not land (Natural Earth land);
- *sector*: a bearing +- :data:`BEARING_HALF_WIDTH_DEG`, or a compass direction +-
  :data:`DIRECTION_HALF_WIDTH_DEG`, as a geodesic wedge from the launch site.

The zone is then cut into candidates, one per named sea it meets (the "sea arcs" of the band).
They are ranked by where earlier impacts from the same site or actor came down when any are
given (``prior_impacts``); otherwise by their share of the zone's area, i.e. taking the impact
point as equally likely anywhere in the zone. ``note`` says which rule was used.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence

import numpy as np
from shapely.geometry import Point, Polygon
from shapely.geometry.base import BaseGeometry
from shapely.ops import nearest_points, unary_union

from geo.errors import InvalidInput
from geo.geodesy._core import (
    MAX_RADIUS_KM,
    SOURCE,
    WGS84,
    check_band_km,
    check_bearing_deg,
    check_lat_lon,
    check_radius_km,
    wrap180,
)
from geo.geodesy.antimeridian import loop_to_shape, to_geojson
from geo.geodesy.circles import area_km2, band_shape
from geo.geodesy.paths import geodesic_lonlat
from geo.geodesy.seas import find_seas, is_generic_sea, land_within, seas_meeting

#: Relative half-width of the band when only a single range is known ("approximately 570 km").
APPROX_FRACTION = 0.10
#: Half-width of the sector around a reported bearing, degrees.
BEARING_HALF_WIDTH_DEG = 10.0
#: Half-width of the sector around a compass direction ("off the east coast"), degrees.
DIRECTION_HALF_WIDTH_DEG = 45.0
#: Largest gap between a band's drawn edge and the true geodesic circle when the band is drawn
#: from several origins, km (a site's band: 1 km).
ORIGIN_MAX_ERROR_KM = 5.0
#: Candidates smaller than this share of the zone are slivers of the simplified coastlines.
MIN_SHARE = 0.005
#: An earlier impact, carried along its bearing to this band, counts for the nearest candidate
#: when it lands within this distance of it, km.
PRIOR_MAX_GAP_KM = 300.0

_COMPASS = {
    "north": 0.0, "northeast": 45.0, "east": 90.0, "southeast": 135.0,
    "south": 180.0, "southwest": 225.0, "west": 270.0, "northwest": 315.0,
}  # fmt: skip


def direction_bearing(direction: str) -> float:
    """The compass bearing, degrees, of a direction phrase: "off the east coast" -> 90.

    Accepts the eight compass points written as words ("north-east", "North East", "eastward",
    "easterly", "eastern") or abbreviations ("NE", "E").

    Raises
    ------
    InvalidInput
        If no compass direction is found in the text.
    """
    text = str(direction).lower().replace("-", " ")
    m = re.search(r"\b(north|south)?\s*(east|west)(?:ward|wards|erly|ern)?\b", text)
    if m:
        return _COMPASS[(m.group(1) or "") + m.group(2)]
    m = re.search(r"\b(north|south)(?:ward|wards|erly|ern)?\b", text)
    if m:
        return _COMPASS[m.group(1)]
    abbrev = {"n": "north", "ne": "northeast", "e": "east", "se": "southeast", "s": "south",
              "sw": "southwest", "w": "west", "nw": "northwest"}  # fmt: skip
    word = text.strip().rstrip(".")
    if word in abbrev:
        return _COMPASS[abbrev[word]]
    raise InvalidInput(f"direction {direction!r} names no compass direction (north, east, south-west...)")


def sector_shape(lat: float, lon: float, bearing_deg: float, half_width_deg: float, radius_km: float) -> BaseGeometry:
    """A geodesic wedge: every point within ``radius_km`` whose bearing from the centre lies
    within ``bearing_deg`` +- ``half_width_deg``; sides are geodesics (lon/lat geometry)."""
    if half_width_deg >= 180.0:
        return band_shape(lat, lon, 0.0, radius_km)
    r_m = radius_km * 1000.0
    lo, hi = bearing_deg - half_width_deg, bearing_deg + half_width_deg
    az = np.linspace(lo, hi, max(3, math.ceil((hi - lo) / 0.25) + 1))
    ax, ay, _ = WGS84.fwd(np.full(az.size, lon), np.full(az.size, lat), az % 360.0, np.full(az.size, r_m))
    lx, ly = geodesic_lonlat(lat, lon, lo % 360.0, r_m, 1.0)
    rx, ry = geodesic_lonlat(lat, lon, hi % 360.0, r_m, 1.0)
    x = np.concatenate((lx[:-1], ax, rx[::-1][1:-1]))
    y = np.concatenate((ly[:-1], ay, ry[::-1][1:-1]))
    a, _, d = WGS84.inv([lon, lon], [lat, lat], [0.0, 0.0], [90.0, -90.0])
    north, south = (bool(d[i] < r_m and abs(wrap180(a[i] - bearing_deg)) <= half_width_deg) for i in (0, 1))
    # The wedge's boundary passes through its apex, so it never winds round a pole that lies
    # outside it; loop_to_shape only needs to know which pole, if any, is inside.
    return loop_to_shape(x, y, north, south)


def _points(prior: Iterable[Any]) -> list[tuple[float, float]]:
    out = []
    for p in prior or ():
        if isinstance(p, dict):
            la, lo = p.get("lat"), p.get("lon")
        elif hasattr(p, "lat") and hasattr(p, "lon"):
            la, lo = p.lat, p.lon
        else:
            try:
                la, lo = p
            except (TypeError, ValueError):
                raise InvalidInput(f"earlier impact {p!r} is not (lat, lon) or a dict with lat and lon") from None
        if la is None or lo is None:
            continue
        out.append(check_lat_lon(la, lo))
    return out


@dataclass(frozen=True)
class ImpactZone:
    """The estimated impact zone of one launch.

    Attributes
    ----------
    geometry : dict or None
        GeoJSON (Multi)Polygon of the zone (all candidates), None when the constraints leave nothing.
    area_km2 : float
        Geodesic area of the zone, km^2.
    centroid : tuple of float or None
        ``(lat, lon)`` of the estimated impact point: in the best-ranked candidate, at the
        reported range along the bearing of that candidate's centre.
    candidates : list of dict
        Ranked best first: ``sea``, ``lat``, ``lon`` (estimate), ``distance_km``, ``bearing_deg``
        (from the launch site), ``area_km2``, ``share`` (of the zone's area), ``prior_impacts``
        (earlier impacts counted for it), ``score`` (0..1), ``geometry`` (GeoJSON).
    note : str
        How the zone was made and ranked, in plain words.
    launch : tuple of float
        ``(lat, lon)`` of the launch site.
    band_km : tuple of float
        ``(min_km, max_km)`` used.
    constraints : dict
        ``range_km``, ``sea``, ``direction``, ``bearing_deg`` as given.
    """

    geometry: dict | None
    area_km2: float
    centroid: tuple[float, float] | None
    candidates: list[dict]
    note: str
    launch: tuple[float, float] = (0.0, 0.0)
    band_km: tuple[float, float] = (0.0, 0.0)
    constraints: dict = field(default_factory=dict)

    def to_feature(self, *, candidate_geometry: bool = False) -> dict:
        """The zone as a GeoJSON Feature whose properties carry the estimate, area, band,
        constraints, note and candidates (without their geometry unless asked)."""
        cands = [c if candidate_geometry else {k: v for k, v in c.items() if k != "geometry"} for c in self.candidates]
        est = None if self.centroid is None else {"lat": self.centroid[0], "lon": self.centroid[1]}
        lo, hi = self.band_km
        return {
            "type": "Feature",
            "geometry": self.geometry,
            "properties": {
                "kind": "impact_zone",
                "label": "Estimated impact zone" + (f" ({cands[0]['sea']})" if cands else ""),
                "estimate": est,
                "area_km2": round(self.area_km2, 1),
                "band_km": [lo, hi],
                "launch": list(self.launch),
                **self.constraints,
                "candidates": cands,
                "note": self.note,
                "source": f"{SOURCE}; Natural Earth land and marine polygons (public domain)",
            },
        }

    def candidate_features(self) -> list[dict]:
        """Each candidate as its own GeoJSON Feature (for drawing the alternatives)."""
        out = []
        for rank, c in enumerate(self.candidates, 1):
            props = {k: v for k, v in c.items() if k != "geometry"}
            props.update(kind="impact_candidate", rank=rank, label=f"{rank}. {c['sea']}", source=SOURCE)
            out.append({"type": "Feature", "geometry": c["geometry"], "properties": props})
        return out


def _estimate(piece: BaseGeometry, lat: float, lon: float, range_km: float) -> tuple[float, float]:
    """A point inside ``piece`` at the reported range, on the bearing of the piece's centre."""
    parts = list(getattr(piece, "geoms", [piece]))
    main = max(parts, key=lambda g: g.area)
    c = main.centroid
    az, _, _ = WGS84.inv(lon, lat, c.x, c.y)
    x, y, _ = WGS84.fwd(lon, lat, az, range_km * 1000.0)
    pt = Point(x, y)
    if not main.contains(pt):
        # The bearing misses this piece at that range (an odd-shaped coast): take the piece's
        # point nearest to it, moved a little towards an interior point so it is not on the edge.
        near = nearest_points(main, pt)[0]
        inner = main.representative_point()
        pt = inner
        for t in (0.001, 0.01, 0.05, 0.2, 0.5):
            q = Point(near.x + t * (inner.x - near.x), near.y + t * (inner.y - near.y))
            if main.contains(q):
                pt = q
                break
    return float(pt.y), float(pt.x)


def impact_zone(
    lat: float,
    lon: float,
    *,
    range_km: float | None = None,
    band_km: Sequence[float] | None = None,
    sea: str | None = None,
    bearing_deg: float | None = None,
    direction: str | None = None,
    prior_impacts: Iterable[Any] = (),
    origins: Sequence[tuple[float, float, float]] | None = None,
    within: Sequence[tuple[BaseGeometry, str]] = (),
    outside: Sequence[tuple[BaseGeometry, str]] = (),
) -> ImpactZone:
    """Estimate where a launch came down.

    Parameters
    ----------
    lat, lon : float
        Launch site, degrees.
    range_km : float, optional
        Reported range, km. Without ``band_km`` the band is ``range_km`` +- 10 %.
    band_km : (float, float), optional
        ``(min_km, max_km)`` when sources disagree (e.g. 400-600 km).
    sea : str, optional
        A sea name ("East Sea", "Sea of Japan", "Yellow Sea"), or "the sea" for any water.
        None: no sea constraint (the whole band, land included).
    bearing_deg : float, optional
        Reported bearing of the flight from the launch site, degrees clockwise from north.
    direction : str, optional
        A compass phrase such as "off the east coast" or "north-east".
    prior_impacts : iterable
        Earlier impact points from the same site or actor: ``(lat, lon)`` pairs, dicts with
        ``lat`` and ``lon``, or objects with ``.lat``/``.lon``. Used to rank the candidates.
    origins : sequence of (lat, lon, spread_km), optional
        When the launch site is not known: the possible origins (:mod:`geo.geodesy.origins`);
        the band is the union of each origin's band widened by its spread, and ``lat, lon``
        is only the reference point for directions and the estimate.
    within, outside : sequence of (shapely geometry, label)
        Areas the impact lies in ("inside Japan's EEZ", "250 km west of Okushiri") or not in
        ("outside Japan's EEZ"), lon/lat; the label is said in the note.

    Returns
    -------
    ImpactZone

    Raises
    ------
    InvalidInput
        For a bad position, range, band, bearing, direction or unknown sea name.
    """
    lat, lon = check_lat_lon(lat, lon)
    if band_km is not None:
        try:
            lo, hi = band_km
        except (TypeError, ValueError):
            raise InvalidInput(f"band {band_km!r} is not two numbers MIN,MAX in km") from None
        lo, hi = check_band_km(lo, hi)
        mid = check_radius_km(range_km, "range") if range_km is not None else (lo + hi) / 2.0
    elif range_km is not None:
        mid = check_radius_km(range_km, "range")
        lo, hi = mid * (1.0 - APPROX_FRACTION), min(mid * (1.0 + APPROX_FRACTION), MAX_RADIUS_KM)
    else:
        raise InvalidInput("an impact zone needs a range (range_km) or a band (band_km)")
    constraints = {"range_km": range_km, "sea": sea, "direction": direction, "bearing_deg": bearing_deg}
    said = [f"band {lo:,.0f}-{hi:,.0f} km from the launch site"]

    reach = hi
    if origins:
        # coarser vertices than a site's band: the origins' spread (tens of km) swamps them
        zone = unary_union([band_shape(o_lat, o_lon, max(0.0, lo - spread), min(hi + spread, MAX_RADIUS_KM),
                                       max_error_km=ORIGIN_MAX_ERROR_KM)
                            for o_lat, o_lon, spread in origins])
        reach = hi + max(o[2] for o in origins)
        said[0] = (f"band {lo:,.0f}-{hi:,.0f} km from one of {len(origins)} possible origins, "
                   "each widened by its spread")
    else:
        zone = band_shape(lat, lon, lo, hi)
    for shape_, label in within:
        zone = zone.intersection(shape_)
        said.append(label)
    for shape_, label in outside:
        zone = zone.difference(shape_)
        said.append(label)
    if bearing_deg is not None:
        b = check_bearing_deg(bearing_deg)
        zone = zone.intersection(sector_shape(lat, lon, b, BEARING_HALF_WIDTH_DEG, reach * 1.01))
        said.append(f"bearing {b:g} +- {BEARING_HALF_WIDTH_DEG:g} deg")
    if direction is not None:
        b = direction_bearing(direction)
        zone = zone.intersection(sector_shape(lat, lon, b, DIRECTION_HALF_WIDTH_DEG, reach * 1.01))
        said.append(f"{direction!r} read as bearing {b:g} +- {DIRECTION_HALF_WIDTH_DEG:g} deg")
    at_sea = sea is not None
    if sea is not None and not is_generic_sea(sea):
        named = find_seas(sea)
        zone = zone.intersection(unary_union([s.geometry for s in named]))
        said.append(f"in {named[0].name}" + (f" ({named[0].namealt})" if named[0].namealt else ""))
    elif at_sea:
        said.append("at sea (not on Natural Earth land)")
    if at_sea and not zone.is_empty:
        zone = zone.difference(land_within(zone))
    zone = _polygonal(zone)

    launch = (lat, lon)
    if zone.is_empty:
        return ImpactZone(None, 0.0, None, [], "No area meets all constraints: " + "; ".join(said) + ".",
                          launch, (lo, hi), constraints)

    # One candidate per named sea the zone meets; what no marine polygon covers is one more.
    pieces: dict[str, BaseGeometry] = {}
    if at_sea:
        covered = []
        for s in seas_meeting(zone):
            part = _polygonal(zone.intersection(s.geometry))
            if not part.is_empty:
                pieces[s.name] = _polygonal(unary_union([pieces[s.name], part])) if s.name in pieces else part
                covered.append(s.geometry)
        rest = _polygonal(zone.difference(unary_union(covered))) if covered else zone
        if not rest.is_empty:
            pieces["open water (unnamed)"] = rest
    else:
        pieces["range band"] = zone
    total = area_km2(zone)
    cands = []
    for name, piece in pieces.items():
        a = area_km2(piece)
        if total > 0 and a / total < MIN_SHARE and len(pieces) > 1:
            continue
        e_lat, e_lon = _estimate(piece, lat, lon, mid)
        az, _, d = WGS84.inv(lon, lat, e_lon, e_lat)
        cands.append({
            "sea": name,
            "lat": round(e_lat, 6),
            "lon": round(e_lon, 6),
            "distance_km": round(d / 1000.0, 1),
            "bearing_deg": round(az % 360.0, 1),
            "area_km2": round(a, 1),
            "share": 0.0,
            "prior_impacts": 0,
            "score": 0.0,
            "geometry": to_geojson(piece),
            "_shape": piece,
        })  # fmt: skip
    kept = sum(c["area_km2"] for c in cands) or 1.0
    for c in cands:
        c["share"] = round(c["area_km2"] / kept, 4)

    priors = _points(prior_impacts)
    counted = 0
    if priors and len(cands) > 0:
        for p_lat, p_lon in priors:
            # An earlier impact at another range still shows the direction the site fires in:
            # carry it along its bearing to the middle of this band, then take the nearest candidate.
            inside = [i for i, c in enumerate(cands) if c["_shape"].covers(Point(p_lon, p_lat))]
            if not inside:
                a, _, _ = WGS84.inv(lon, lat, p_lon, p_lat)
                qx, qy, _ = WGS84.fwd(lon, lat, a, mid * 1000.0)
                q = Point(qx, qy)
                gaps = []
                for c in cands:
                    near = nearest_points(c["_shape"], q)[0]
                    _, _, d = WGS84.inv(qx, qy, near.x, near.y)
                    gaps.append(d / 1000.0)
                best_i = int(np.argmin(gaps))
                inside = [best_i] if gaps[best_i] <= PRIOR_MAX_GAP_KM else []
            if inside:
                cands[inside[0]]["prior_impacts"] += 1
                counted += 1
    for c in cands:
        c["score"] = round((c["prior_impacts"] + c["share"]) / (counted + 1), 4)
        del c["_shape"]
    cands.sort(key=lambda c: (-c["score"], -c["area_km2"]))

    if counted:
        rule = (f"Ranked by where {counted} earlier impact(s) from the same site or actor came down "
                f"(carried along their bearing to this range), then by area; {cands[0]['sea']} has {cands[0]['prior_impacts']}.")
    elif len(cands) > 1:
        rule = ("No earlier impacts known: candidates ranked by their share of the zone's area, taking the "
                "impact point as equally likely anywhere in it.")
    else:
        rule = "One candidate."
    if priors and not counted:
        rule = f"{len(priors)} earlier impact(s) given but none lies in the direction of a candidate. " + rule
    best = cands[0]
    note = (
        "Zone = " + "; ".join(said) + f". {len(cands)} candidate(s): "
        + ", ".join(f"{c['sea']} ({c['share']:.0%})" for c in cands)
        + f". {rule} Estimate: {best['sea']} at {best['distance_km']:,.0f} km, bearing {best['bearing_deg']:.0f} deg."
    )
    geometry = to_geojson(_polygonal(unary_union([pieces[c["sea"]] for c in cands])))
    return ImpactZone(geometry, round(total, 1), (best["lat"], best["lon"]), cands, note, launch, (lo, hi), constraints)


def _polygonal(geom: BaseGeometry) -> BaseGeometry:
    """Keep only the polygons of an overlay result (drop touching lines and points)."""
    if geom.is_empty or geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    polys = [g for g in getattr(geom, "geoms", []) if g.geom_type in ("Polygon", "MultiPolygon")]
    return unary_union(polys) if polys else Polygon()


__all__ = [
    "APPROX_FRACTION",
    "BEARING_HALF_WIDTH_DEG",
    "DIRECTION_HALF_WIDTH_DEG",
    "ImpactZone",
    "impact_zone",
    "direction_bearing",
    "sector_shape",
]
