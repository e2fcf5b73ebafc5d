"""What a lofted test means: the potential range of a missile as a band and a footprint.

North Korea flies its long-range missiles steeply ("lofted"): up to thousands of km, down
about 1,000 km away. :func:`potential_range` turns the test's apogee, ground range and (when
given) flight time into the reach of the same missile on a standard, minimum-energy trajectory:

1. **Lofted test -> burnout.** :func:`geo.geodesy.ballistics.solve_lofted` finds the burnout
   speed and angle whose Kepler arc peaks at the apogee and lands at the range, on a rotating
   Earth when the site is known (else a fixed one).
2. **Powered flight.** The flight time, when given, minus the arc's own duration is the time of
   powered flight ``t_p`` (else :data:`DEFAULT_POWERED_S`). A lofted boost climbs almost straight
   up and loses about ``g t_p`` of speed to gravity; a standard boost pitches over and loses
   less. With the flight-path angle falling linearly in time from 90 deg to the burnout angle
   ``b``, the mean of ``sin(angle)`` is ``cos(b) / (pi/2 - b)``; the standard shot's burnout
   speed is the lofted one plus ``g t_p`` times the difference of those means (the same motor,
   the same payload: the same speed gained, less a different gravity loss). The same linear
   pitch puts the standard burnout ``h (1 - sin b) / cos b`` downrange for a burnout altitude ``h``.
3. **Standard shot per bearing.** :func:`geo.geodesy.ballistics.max_range` flies that speed at
   the elevation that goes furthest, for every launch bearing: Earth's rotation lengthens shots
   to the east and shortens those to the west, so the reach is a footprint, not a circle.
4. **Band.** Each input and assumption is moved, one at a time, over :data:`UNCERTAINTY`
   (apogee, range, burnout altitude, powered-flight time) and to "the same burnout speed" (no
   gravity-loss gain); per bearing, each factor's largest move up and down are added in
   quadrature (the factors are independent). ``range_km`` gives the median over bearings of
   the low, nominal and high ranges, ``by_bearing`` each bearing's.

Assumptions (docs/ballistics.md): spherical Earth of mean radius, no atmosphere after burnout
(no drag, no lift; re-entry not modelled), the payload unchanged between the test and the
standard shot, burnout altitude the same for both.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

import numpy as np
import shapely
from shapely.geometry import Point, shape

from geo.errors import DataError, InvalidInput
from geo.geodesy import ballistics as bal
from geo.geodesy._core import check_lat_lon
from geo.geodesy.antimeridian import WORLD, loop_to_shape, to_geojson
from geo.naturalearth import load_shapes
from geo.resources import data_path

#: Burnout altitude of both trajectories, km: liquid and solid ICBMs burn out some 150-300 km up.
BURNOUT_ALT_KM = 200.0
#: Time of powered flight when no flight time is given (or it gives an implausible one), s.
DEFAULT_POWERED_S = 240.0
#: Powered-flight times we accept from ``flight time - arc time``, s; outside, the default is used.
POWERED_S_BOUNDS = (60.0, 400.0)
#: Spread of the band: relative uncertainty of the reported apogee and range, and the
#: assumptions' alternatives (burnout altitude in km, powered time as a factor).
UNCERTAINTY = {"apogee": 0.05, "range": 0.10, "burnout_alt_km": (150.0, 300.0), "powered": (0.75, 1.25)}
#: Largest |latitude| of a launch site, degrees (a site on a pole is moved this far off it).
POLE_LAT = 89.999
#: Launch bearings of the footprint, degrees.
BEARINGS_DEG = np.arange(0.0, 360.0, 5.0)
#: Surface gravity, km/s^2; the boost's mean gravity is taken at half the burnout altitude.
G0_KMS2 = bal.MU_KM3_S2 / bal.R_EARTH_KM ** 2
#: Half the Earth's circumference on the model's sphere: a reach this long covers the globe.
GLOBAL_KM = math.pi * bal.R_EARTH_KM


def _mean_sin(burnout_angle_deg):
    """Mean of sin(flight-path angle) over a boost whose angle falls linearly from 90 deg to ``b``."""
    b = np.radians(np.clip(burnout_angle_deg, 0.0, 89.999))
    return np.cos(b) / (np.pi / 2.0 - b)


def _powered_range_km(burnout_alt_km, burnout_angle_deg):
    """Ground distance of that boost, km: altitude times mean cos / mean sin of the angle."""
    b = np.radians(np.clip(burnout_angle_deg, 0.0, 89.999))
    return burnout_alt_km * (1.0 - np.sin(b)) / np.cos(b)


def _number(value: Any, name: str, unit: str, *, positive: bool = True) -> float:
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise InvalidInput(f"{name} {value!r} is not a number") from None
    if not math.isfinite(v) or (positive and v <= 0):
        raise InvalidInput(f"{name} {value!r} {unit} must be a positive number")
    return v


def check_inputs(apogee_km: Any, range_km: Any, flight_time_s: Any = None) -> tuple[float, float, float | None]:
    """Validate a lofted test's figures.

    Raises
    ------
    InvalidInput
        Naming the value: not a positive number; a range beyond half the globe; an apogee below
        the minimum-energy apogee of the range (a flat or depressed shot says nothing lofted).
    """
    apogee = _number(apogee_km, "apogee", "km")
    rng = _number(range_km, "range", "km")
    ft = None if flight_time_s is None else _number(flight_time_s, "flight time", "s")
    if rng >= GLOBAL_KM:
        raise InvalidInput(f"range {rng:g} km is beyond half the Earth's circumference ({GLOBAL_KM:,.0f} km)")
    if apogee > 40_000:
        raise InvalidInput(f"apogee {apogee:g} km is beyond any ballistic flight (more than 40,000 km up)")
    floor = bal.min_energy_apogee_km(rng, burnout_alt_km=BURNOUT_ALT_KM)
    if apogee < floor:
        raise InvalidInput(f"apogee {apogee:g} km is below the {floor:,.0f} km apogee of a minimum-energy shot "
                           f"to {rng:g} km: that flight was not lofted, so it says nothing about a longer range")
    return apogee, rng, ft


def _lofted(apogee, rng, ft, site, test_bearing, hb, powered_factor):
    """The cases' lofted tests, all at once (1-D arrays): the burnouts (dict of arrays, ``ok``
    False where no shot fits), the powered times (s) and the powered times the flight time
    implies (None without a flight time)."""
    lat, lon = site if site else (0.0, 0.0)
    kw = dict(lat=lat, lon=lon, bearing_deg=test_bearing, burnout_alt_km=hb, rotating=site is not None)
    # the lofted boost's own ground distance (small when steep) follows the same pitch rule as the
    # standard one; it depends on the burnout angle it helps find, so solve twice
    first = bal.solve_lofted_many(apogee, rng, **kw)
    loft = bal.solve_lofted_many(apogee, rng, powered_range_km=np.where(
        first["ok"], _powered_range_km(np.asarray(hb, dtype=float), first["elevation_deg"]), 0.0), **kw)
    loft["ok"] &= first["ok"]
    implied = None if ft is None else ft - loft["tof_s"]
    powered = np.full(loft["tof_s"].shape, DEFAULT_POWERED_S)
    if implied is not None:
        powered = np.where((implied >= POWERED_S_BOUNDS[0]) & (implied <= POWERED_S_BOUNDS[1]), implied, powered)
    return loft, powered * np.asarray(powered_factor, dtype=float), implied


def _standard(v_loft, angle_loft, powered, hb, gain_on) -> tuple[np.ndarray, np.ndarray]:
    """Standard-shot burnout speeds and angles for several cases at once (arrays of one length).

    The speed is the lofted one plus the gravity-loss gain (module docstring, step 2), which
    depends on the standard shot's own minimum-energy angle, which depends on the speed: solve
    ``v = v_loft + gain(angle(v))`` by the secant method (plain iteration creeps), all cases
    together. Where ``gain_on`` is False the speed stays the lofted one. Angle 0 at orbital speed.
    """
    v_loft, angle_loft, powered, hb = (np.asarray(x, dtype=float) for x in (v_loft, angle_loft, powered, hb))
    on = np.asarray(gain_on, dtype=bool)
    g = G0_KMS2 * (bal.R_EARTH_KM / (bal.R_EARTH_KM + hb / 2.0)) ** 2
    v_circ = bal.circular_speed_kms(hb)

    def angle_of(v):
        return bal.best_elevation(np.minimum(v, v_circ * 0.9999)[:, None], np.array([90.0]),
                                  burnout_alt_km=hb[:, None], rotating=False)[:, 0]

    def gain(angle):
        return np.where(on, g * powered * (_mean_sin(angle_loft) - _mean_sin(angle)), 0.0)

    v0 = v_loft + gain(bal.min_energy_angle_deg(v_loft, hb))  # closed-form angle: within 2 deg
    r0 = v_loft + gain(angle_of(v0)) - v0
    v1 = v0 + r0
    for _ in range(8):
        done = (v1 >= v_circ) | (np.abs(v1 - v0) < 1e-5)
        if done.all():
            break
        r1 = v_loft + gain(angle_of(v1)) - v1
        slope = np.where(r1 != r0, (v1 - v0) / np.where(r1 != r0, r1 - r0, 1.0), 0.0)
        v0, v1, r0 = v1, np.where(done, v1, v1 - r1 * slope), r1
    return v1, np.where(v1 < v_circ, angle_of(v1), 0.0)


def potential_range(apogee_km: float, range_km: float, flight_time_s: float | None = None, *,
                    lat: float | None = None, lon: float | None = None, test_bearing_deg: float | None = None,
                    covers: bool = True) -> dict:
    """The potential range of a missile from a lofted test: burnout speed, band by bearing, footprint.

    Parameters
    ----------
    apogee_km, range_km : float
        The test's highest altitude and ground range, km.
    flight_time_s : float, optional
        The test's flight time, s; it gives the time of powered flight.
    lat, lon : float, optional
        Launch site, degrees: with it, Earth's rotation is taken into account and the footprint
        drawn; without it the Earth is held still and every bearing has the same range.
    test_bearing_deg : float, optional
        Bearing the test flew, degrees (default 90: North Korea's tests fly east, into the Sea
        of Japan).
    covers : bool
        Also list what lies inside the footprint (capitals, countries, regions).

    Returns
    -------
    dict
        JSON-ready: ``burnout`` (lofted speed and angle, standard speed and angle, times),
        ``range_km`` (``low``/``nominal``/``high``: medians over bearings of the band;
        ``east``/``west``), ``same_speed_range_km`` (no gravity-loss gain), ``anywhere``
        (the nominal shot reaches orbital speed), ``by_bearing``, ``assumptions``, ``notes``;
        with a site also ``footprint`` (GeoJSON, split at the antimeridian),
        ``footprint_low``/``footprint_high`` and, if asked, ``covers``.

    Raises
    ------
    InvalidInput
        Bad figures (:func:`check_inputs`), or a lofted burnout speed at or above orbital speed.
    """
    apogee, rng, ft = check_inputs(apogee_km, range_km, flight_time_s)
    site = None
    if lat is not None or lon is not None:
        if lat is None or lon is None:
            raise InvalidInput("a launch site needs both a latitude and a longitude (--lat and --lon)")
        site = check_lat_lon(lat, lon)
        # at a pole every bearing is "south" and a footprint's loop collapses onto one meridian:
        # a site 100 m off the pole keeps the bearings apart and changes nothing that shows
        site = (max(-POLE_LAT, min(POLE_LAT, site[0])), site[1])
    bearing = 90.0 if test_bearing_deg is None else _number(test_bearing_deg, "test bearing", "deg", positive=False) % 360
    u = UNCERTAINTY
    # one factor at a time: (name, apogee, range, burnout altitude, powered factor, gravity-loss gain)
    cases = [("nominal", apogee, rng, BURNOUT_ALT_KM, 1.0, True)]
    for a in (1 - u["apogee"], 1 + u["apogee"]):
        cases.append(("apogee", apogee * a, rng, BURNOUT_ALT_KM, 1.0, True))
    for r in (1 - u["range"], 1 + u["range"]):
        cases.append(("range", apogee, rng * r, BURNOUT_ALT_KM, 1.0, True))
    for hb in u["burnout_alt_km"]:
        cases.append(("burnout_alt", apogee, rng, hb, 1.0, True))
    for pf in u["powered"]:
        cases.append(("powered_time", apogee, rng, BURNOUT_ALT_KM, pf, True))
    cases.append(("gravity_loss", apogee, rng, BURNOUT_ALT_KM, 1.0, False))  # the same burnout speed
    names, aps, rgs, hbs, pfs, gains = (list(col) for col in zip(*cases))
    lofts, powereds, implieds = _lofted(np.array(aps), np.array(rgs), ft, site, bearing, np.array(hbs), np.array(pfs))
    if not lofts["ok"][0]:
        raise InvalidInput(f"no lofted shot to {apogee:g} km apogee comes down {rng:g} km away (check the two figures)")
    loft = bal.Burnout(**{k: float(lofts[k][0]) for k in ("speed_kms", "elevation_deg", "tof_s", "apogee_km", "range_km")})
    powered, implied = float(powereds[0]), None if implieds is None else float(implieds[0])
    v_circ = float(bal.circular_speed_kms(BURNOUT_ALT_KM))
    if loft.speed_kms >= v_circ:
        raise InvalidInput(f"apogee {apogee:g} km with range {rng:g} km implies a burnout speed of "
                           f"{loft.speed_kms:.2f} km/s, at or above orbital speed ({v_circ:.2f} km/s at "
                           f"{BURNOUT_ALT_KM:g} km): such a missile could reach any point on Earth, so no range is given")
    lat0, lon0 = site if site else (0.0, 0.0)
    bearings = BEARINGS_DEG if site else np.array([90.0])
    ranges, notes = {}, []
    impact_bearing = bearings
    runs = []  # (name, lofted burnout, powered time, burnout altitude, gain on) of the cases flown below
    for j, name in enumerate(names):
        if not lofts["ok"][j]:
            continue  # an alternative with no lofted solution (a range at the apogee's edge) adds nothing
        if lofts["speed_kms"][j] >= float(bal.circular_speed_kms(hbs[j])):
            ranges.setdefault(name, []).append(np.full(bearings.shape, GLOBAL_KM))
        else:
            runs.append((name, (lofts["speed_kms"][j], lofts["elevation_deg"][j]), powereds[j], hbs[j], gains[j]))
    speeds, angles = _standard([r[1][0] for r in runs], [r[1][1] for r in runs],
                               [r[2] for r in runs], [r[3] for r in runs], [r[4] for r in runs])
    v_std, angle = float(speeds[0]), float(angles[0])  # the nominal case comes first
    flown = []
    for (name, _, _, hb, _), v, ang in zip(runs, speeds, angles):
        if v >= float(bal.circular_speed_kms(hb)):
            ranges.setdefault(name, []).append(np.full(bearings.shape, GLOBAL_KM))
        else:
            flown.append((name, float(v), hb, float(_powered_range_km(hb, ang))))
    runs = flown
    if runs:
        col = np.array([r[1:] for r in runs])[:, :, None]  # (cases, 3, 1) against (bearings,)
        f = bal.max_range(col[:, 0], bearings, lat=lat0, lon=lon0, burnout_alt_km=col[:, 1],
                          powered_range_km=col[:, 2], rotating=site is not None)
        for k, (name, *_) in enumerate(runs):
            ranges.setdefault(name, []).append(np.where(f.valid[k], f.range_km[k], GLOBAL_KM))
            if name == "nominal":
                impact_bearing = f.bearing_deg[k]
    nominal_r = ranges.pop("nominal")[0]
    # the band: each factor's largest move up and down, added in quadrature (factors independent)
    ups = [np.max([np.maximum(r - nominal_r, 0) for r in rs], axis=0) for rs in ranges.values()]
    downs = [np.max([np.maximum(nominal_r - r, 0) for r in rs], axis=0) for rs in ranges.values()]
    high_r = np.minimum(nominal_r + np.sqrt(np.sum(np.square(ups), axis=0)), GLOBAL_KM)
    low_r = np.maximum(nominal_r - np.sqrt(np.sum(np.square(downs), axis=0)), 0.0)
    high_r = np.where(np.any([np.any(np.array(rs) >= GLOBAL_KM - 1, axis=0) for rs in ranges.values()], axis=0),
                      GLOBAL_KM, high_r)
    if implied is not None and powered != implied:
        notes.append(f"flight time {ft / 60:.0f} min minus the {loft.tof_s / 60:.1f} min ballistic arc leaves "
                     f"{implied:.0f} s of powered flight, outside {POWERED_S_BOUNDS[0]:.0f}-"
                     f"{POWERED_S_BOUNDS[1]:.0f} s: {DEFAULT_POWERED_S:.0f} s assumed instead")
    global_reach = bool(np.any(high_r >= GLOBAL_KM - 1))
    if global_reach:
        notes.append("in part of the band the standard burnout speed reaches orbital speed: "
                     "the upper bound is any point on Earth")
    if site is None:
        notes.append("no launch site: Earth's rotation is left out, so every bearing has the same range")
    out: dict[str, Any] = {
        "model": "Kepler arc from burnout, spherical rotating Earth, no atmosphere after burnout",
        "estimate": True,
        "inputs": {"apogee_km": apogee, "range_km": rng, "flight_time_s": ft,
                   "launch_site": {"lat": site[0], "lon": site[1]} if site else None,
                   "test_bearing_deg": bearing},
        "burnout": {
            "lofted_speed_kms": round(loft.speed_kms, 3), "lofted_angle_deg": round(loft.elevation_deg, 2),
            "arc_time_s": round(loft.tof_s, 1), "powered_time_s": round(powered, 1),
            "implied_powered_time_s": None if implied is None else round(implied, 1),
            "standard_speed_kms": round(float(v_std), 3), "standard_angle_deg": round(float(angle), 2),
            "orbital_speed_kms": round(v_circ, 3),
        },
        "range_km": {"low": _km(_mid(low_r)), "nominal": _km(_mid(nominal_r)),
                     "high": _km(_mid(high_r)), "east": None, "west": None},
        "same_speed_range_km": None,
        # the nominal standard shot reaches orbital speed on every bearing: no footprint to draw
        "anywhere": bool(np.all(nominal_r >= GLOBAL_KM - 1)),
        "by_bearing": [{"bearing_deg": float(b), "low_km": _km(lo), "nominal_km": _km(no), "high_km": _km(hi)}
                       for b, lo, no, hi in zip(bearings, low_r, nominal_r, high_r)],
        "assumptions": {
            "burnout_alt_km": BURNOUT_ALT_KM, "burnout_alt_band_km": list(u["burnout_alt_km"]),
            "powered_time_s": round(powered, 1), "powered_time_band": list(u["powered"]),
            "apogee_uncertainty": u["apogee"], "range_uncertainty": u["range"],
            "payload": "unchanged between the test and the standard shot",
            "atmosphere": "none after burnout (no drag; re-entry not modelled)",
            "earth": f"sphere of radius {bal.R_EARTH_KM} km" + (", turning" if site else ", held still"),
            "gravity_loss": "boost angle falls linearly in time from 90 deg to the burnout angle; "
                            "the band's low side keeps the lofted burnout speed unchanged",
        },
        "notes": notes,
    }
    same = ranges.get("gravity_loss")  # the case flown at the lofted burnout speed itself
    out["same_speed_range_km"] = _km(_mid(same[0])) if same else None
    if site is not None:
        east = int(np.argmin(np.abs(bearings - 90.0)))
        west = int(np.argmin(np.abs(bearings - 270.0)))
        out["range_km"]["east"], out["range_km"]["west"] = _km(nominal_r[east]), _km(nominal_r[west])
        loops = {"footprint": nominal_r, "footprint_low": low_r, "footprint_high": high_r}
        # the loops run along the bearings of the nominal impacts when those turn steadily round
        # the site; a shot that lands near the antipode has no steady bearing, and then the launch
        # bearings (a few degrees off with the Earth's turn) keep the loops simple
        turn = np.diff(np.unwrap(np.radians(np.append(impact_bearing, impact_bearing[0]))))
        along = impact_bearing if np.all(turn > 0) and abs(turn.sum() - 2 * np.pi) < 1e-6 else bearings
        shapes = {k: _loop_shape(site, along, r) for k, r in loops.items()}
        for k, g in shapes.items():
            out[k] = to_geojson(g)
        if covers:
            out["covers"] = covered(shapes["footprint"])
    else:
        out["range_km"]["east"] = out["range_km"]["west"] = out["range_km"]["nominal"]
    return out


def _km(x: float) -> float:
    return float(round(min(float(x), GLOBAL_KM), -1))


def _mid(r: np.ndarray) -> float:
    return float(np.median(r))


def _loop_shape(site, bearings_deg, ranges):
    """The footprint: the loop of points ``ranges`` km from the site along ``bearings_deg``
    (the bearings from the site to the nominal shots' impact points, so the loop goes through
    those points and its band edges lie on the same great circles)."""
    if np.any(ranges >= GLOBAL_KM - 1):
        return WORLD
    lat0, lon0 = site
    la, lo, _ = bal._destination(np.radians(lat0), np.radians(lon0), np.radians(bearings_deg),
                                 np.asarray(ranges) / bal.R_EARTH_KM)
    lats, lons = np.degrees(la), (np.degrees(lo) + 180.0) % 360.0 - 180.0
    # a pole is inside when the shot towards it goes past it
    north = ranges[0] > (90.0 - lat0) / 180.0 * GLOBAL_KM
    south = ranges[len(ranges) // 2] > (90.0 + lat0) / 180.0 * GLOBAL_KM
    shape_ = loop_to_shape(np.asarray(lons, dtype=float), np.asarray(lats, dtype=float), bool(north), bool(south))
    # near the antipode the pole tests above can disagree with the way the loop winds; the
    # footprint always holds its own launch site, so when it does not, it is the other side.
    # The test point is 1 km from the site, off any +-180 edge or pole the site may sit on.
    pla, plo, _ = bal._destination(np.radians(lat0), np.radians(lon0), np.radians(45.0), 1.0 / bal.R_EARTH_KM)
    probe = Point((math.degrees(float(plo)) + 180.0) % 360.0 - 180.0, math.degrees(float(pla)))
    if not shape_.is_empty and not shape_.contains(probe):
        shape_ = WORLD.difference(shape_)
    return shape_


@lru_cache(maxsize=1)
def _regions() -> tuple[tuple[dict, Any], ...]:
    path = data_path("regions", "continental_us.geojson")
    try:
        import json

        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DataError(f"region file {path} cannot be read ({exc}); rebuild it with `make data`") from None
    return tuple((f["properties"], shape(f["geometry"])) for f in data["features"])


@lru_cache(maxsize=1)
def _capitals() -> tuple[list, np.ndarray, np.ndarray]:
    from geo.gazetteer import Gazetteer

    gz = Gazetteer.default()
    cols = gz.places_arrays()
    codes = [k for k, f in enumerate(cols["features"]) if f == "capital"]
    idx = np.nonzero(np.isin(cols["feature"], codes))[0]
    return [gz.place(int(i)) for i in idx], cols["lon"][idx], cols["lat"][idx]


def covered(footprint) -> dict:
    """What lies inside a footprint (a shapely lon/lat geometry).

    Returns
    -------
    dict
        ``capitals``: national capitals inside (name, country_code, lat, lon), by name;
        ``countries``: every country (Natural Earth 1:110m) it reaches, with ``share`` of the
        country's area inside (0..1, in lon/lat degrees: rough) and ``whole`` when all of it is;
        ``regions``: named regions (``the continental United States``) with their share.
    """
    places, lons, lats = _capitals()
    inside = shapely.contains_xy(footprint, lons, lats) if len(places) else np.zeros(0, bool)
    capitals = sorted(({"name": p.name, "country_code": p.country_code, "lat": p.lat, "lon": p.lon}
                       for p, ok in zip(places, inside) if ok), key=lambda c: c["name"])
    props, geoms = load_shapes("countries")
    countries = []
    for p, g in zip(props, geoms):
        if not footprint.intersects(g):
            continue
        share = footprint.intersection(g).area / g.area if g.area else 1.0
        countries.append({"name": p.get("name"), "iso_a3": p.get("iso_a3"), "share": round(share, 3),
                          "whole": share >= 0.999})
    countries.sort(key=lambda c: (-c["share"], c["name"] or ""))
    regions = []
    for p, g in _regions():
        share = footprint.intersection(g).area / g.area
        if share > 0:
            regions.append({"name": p["name"], "share": round(share, 3), "whole": share >= 0.999})
    return {"capitals": capitals, "countries": countries, "regions": regions}


def _dist(km: float) -> str:
    return "any point on Earth" if km >= round(GLOBAL_KM, -1) else f"{km:,.0f} km"


def summary(result: dict) -> str:
    """One line for a map label: "Potential range (estimate): about 13,010 km, band 8,980 km-any
    point on Earth; ...", escaped by the caller."""
    r = result["range_km"]
    if result.get("anywhere"):
        head = f"Potential range (estimate): any point on Earth (band from {_dist(r['low'])})"
    else:
        head = f"Potential range (estimate): about {_dist(r['nominal'])}, band {_dist(r['low'])} to {_dist(r['high'])}"
        if r.get("east") is not None and result["inputs"]["launch_site"]:
            head += f"; east {_dist(r['east'])}, west {_dist(r['west'])}"
    regions = [g["name"] for g in (result.get("covers") or {}).get("regions", []) if g["whole"]]
    if regions:
        head += "; covers all of " + ", ".join(regions)
    return head


#: Apogees at or below this (km) get no stored potential range: the model's burnout lies at
#: 150-300 km, and a flight that peaks inside the atmosphere breaks "no drag after burnout".
MIN_APOGEE_STORED_KM = 300.0


def stored_potential_range(event: Any, lat: float, lon: float,
                           impact_point: tuple[float, float] | None = None) -> tuple[dict | None, str | None]:
    """The potential range :func:`geo.geodesy.enrich.enrich` stores with a launch, and a note.

    Only launches that give an apogee above :data:`MIN_APOGEE_STORED_KM` and a range get one; the
    test's bearing is the one from the site to the impact point when there is one, else east.
    Figures the model refuses (a flat shot, an orbital speed) leave a note instead, never an error.

    Returns
    -------
    (dict or None, str or None)
        The compact stored form: ``range_km`` band, ``burnout``, ``inputs``, ``footprint``,
        ``footprint_low``, ``footprint_high`` (GeoJSON), ``covers`` (capital names, countries
        with share, regions), ``label``, ``notes``; and a note for the event when refused.
    """
    apogee, rng = getattr(event, "apogee_km", None), getattr(event, "range_km", None)
    if apogee is None or rng is None or apogee <= MIN_APOGEE_STORED_KM:
        return None, None
    bearing = None
    if impact_point is not None and tuple(impact_point) != (lat, lon):
        bearing = float(np.degrees(bal.initial_bearing(np.radians(lat), np.radians(lon),
                                                       np.radians(impact_point[0]), np.radians(impact_point[1]))) % 360)
    try:
        check_inputs(apogee, rng, getattr(event, "flight_time_s", None))
    except InvalidInput:
        return None, None  # not a lofted flight (or unreadable figures): its ring already says its reach
    try:
        full = potential_range(apogee, rng, getattr(event, "flight_time_s", None), lat=lat, lon=lon,
                               test_bearing_deg=bearing)
    except InvalidInput as exc:  # e.g. a lofted speed at or above orbital speed
        return None, f"no potential range: {exc}"
    covers = full.get("covers") or {}
    stored = {k: full[k] for k in ("range_km", "anywhere", "burnout", "inputs", "footprint", "footprint_low",
                                   "footprint_high", "notes", "same_speed_range_km")}
    stored["covers"] = {"capitals": [c["name"] for c in covers.get("capitals", [])],
                        "countries": [{"name": c["name"], "iso_a3": c["iso_a3"], "share": c["share"]}
                                      for c in covers.get("countries", [])],
                        "regions": covers.get("regions", [])}
    stored["label"] = summary(full)
    stored["estimate"] = True
    return stored, None


__all__ = ["potential_range", "stored_potential_range", "check_inputs", "covered", "summary", "BURNOUT_ALT_KM", "UNCERTAINTY"]
