"""Geodesic range rings and bands on the WGS84 ellipsoid.

A ring is every point at one geodesic distance from a centre. Its vertices come from one
vectorised ``Geod.fwd`` call (the direct geodesic problem at evenly spaced azimuths), then more
vertices are added where the straight segment a map draws between two neighbours would stray
from the true ring by more than ``max_error_km``, both as Leaflet draws it (straight in Web
Mercator) and as shapely and GeoJSON readers treat it (straight in lon/lat). Crossings of the
antimeridian are solved exactly on the ring, and :func:`~geo.geodesy.antimeridian.loop_to_shape`
decides which side is inside from which poles the disc contains.
"""

from __future__ import annotations

import gc
import math
from typing import Sequence

import numpy as np
from shapely.geometry.base import BaseGeometry

from geo.geodesy._core import (
    EARTH_AREA_KM2,
    MAX_RADIUS_KM,
    R_MEAN_KM,
    SOURCE,
    WGS84,
    check_lat_lon,
    check_max_error_km,
    check_radius_km,
    mercator_lat,
    mercator_y,
    pole_inside,
    wrap180,
)
from geo.geodesy.antimeridian import loop_to_line, loop_to_shape, to_geojson, unwrap_lon
from geo.errors import InvalidInput

#: Missile classes by range, km (common US/IISS usage): (label, min_km, max_km).
#: The ICBM band is capped at 15,500 km, a little beyond the longest reported ICBM ranges.
MISSILE_CLASSES: tuple[tuple[str, float, float], ...] = (
    ("SRBM", 0.0, 1_000.0),
    ("MRBM", 1_000.0, 3_000.0),
    ("IRBM", 3_000.0, 5_500.0),
    ("ICBM", 5_500.0, 15_500.0),
)

_MAX_REFINE = 40  # bisection rounds of densification; each halves the worst segments
_SAFETY = 0.9  # the midpoint test sees slightly less than a segment's worst point


def initial_points(radius_km: float, max_error_km: float) -> int:
    """Vertex count that keeps a chord within ``max_error_km`` of a circle, before refinement.

    A circle of geodesic radius r on a sphere has planar radius rho = R sin(r / R); a chord over
    an angle 2 pi / n sags by about rho (pi / n)^2 / 2, so n = pi sqrt(rho / (2 e)).
    """
    rho = R_MEAN_KM * abs(math.sin(radius_km / R_MEAN_KM))
    n = math.ceil(1.1 * math.pi * math.sqrt(max(rho, 1e-9) / (2.0 * max_error_km)))
    return int(min(max(n, 16), 20_000))


def ring_vertices(
    lats: Sequence[float] | np.ndarray,
    lons: Sequence[float] | np.ndarray,
    radii_km: Sequence[float] | np.ndarray,
    points: int = 360,
) -> tuple[np.ndarray, np.ndarray]:
    """Vertices of many rings at once, evenly spaced in azimuth from north (clockwise).

    Uses one ``Geod.fwd`` call for all rings and the mirror symmetry of an ellipsoid of
    revolution about the centre's meridian: the vertex at azimuth -a is the vertex at +a
    reflected in longitude, so only half the azimuths are solved.

    Parameters
    ----------
    lats, lons : array_like
        Centres, degrees (already valid), shape (n,).
    radii_km : array_like
        Radii, km, shape (n,).
    points : int
        Vertices per ring.

    Returns
    -------
    tuple of numpy.ndarray
        ``(lon, lat)``, each of shape (n, points), degrees; longitudes in [-180, 180).
    """
    lats = np.asarray(lats, dtype=float).reshape(-1)
    lons = np.asarray(lons, dtype=float).reshape(-1)
    radii_m = np.asarray(radii_km, dtype=float).reshape(-1) * 1000.0
    n = lats.size
    half = points // 2 + 1  # azimuths 0 .. 180 inclusive (when points is even)
    az = np.arange(half) * (360.0 / points)
    lon_h, lat_h, _ = WGS84.fwd(
        np.repeat(lons, half), np.repeat(lats, half), np.tile(az, n), np.repeat(radii_m, half),
        return_back_azimuth=False,
    )
    lon_h = lon_h.reshape(n, half)
    lat_h = lat_h.reshape(n, half)
    rest = points - half  # azimuths 360 - a for a = rest .. 1
    mirror = np.arange(rest, 0, -1)
    lon_m = wrap180(2.0 * lons[:, None] - lon_h[:, mirror])
    lat_m = lat_h[:, mirror]
    return np.concatenate((wrap180(lon_h), lon_m), axis=1), np.concatenate((lat_h, lat_m), axis=1)


def chord_error_m(
    lat: float, lon: float, radius_m: float, lon1: np.ndarray, lat1: np.ndarray, lon2: np.ndarray,
    lat2: np.ndarray, samples: Sequence[float] = (0.5,),
) -> np.ndarray:
    """How far the drawn segments between ring vertices stray from the true ring, metres.

    Each segment is sampled at the given fractions, both straight in Web Mercator (how Leaflet
    draws it) and straight in lon/lat (how shapely and GeoJSON readers treat it); the error of a
    point is | geodesic distance to the centre - radius |, its distance to the ring.
    """
    dlon = wrap180(lon2 - lon1)
    y1, y2 = mercator_y(lat1), mercator_y(lat2)
    worst = np.zeros(np.shape(lon1))
    for t in samples:
        mlon = wrap180(lon1 + t * dlon)
        for mlat in (lat1 + t * (lat2 - lat1), mercator_lat(y1 + t * (y2 - y1))):
            _, _, d = WGS84.inv(np.full(mlon.shape, lon), np.full(mlon.shape, lat), mlon, mlat)
            worst = np.maximum(worst, np.abs(d - radius_m))
    # Neighbours more than 90 degrees of longitude apart (next to a pole) are always split:
    # the continuous longitude frame needs them close to know which way round they go.
    worst[np.abs(dlon) > 90.0] = np.inf
    return worst


def _fwd(lat: float, lon: float, radius_m: float, az: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    n = az.size
    x, y, _ = WGS84.fwd(np.full(n, lon), np.full(n, lat), az, np.full(n, radius_m), return_back_azimuth=False)
    return np.asarray(x, dtype=float), np.asarray(y, dtype=float)


def _refine(lat: float, lon: float, radius_m: float, points: int, tol_m: float | None):
    """Azimuths and vertices of one ring, densified until every segment is within ``tol_m``."""
    x, y = ring_vertices([lat], [lon], [radius_m / 1000.0], points)
    az = np.arange(points) * (360.0 / points)
    x, y = x[0], y[0]
    if tol_m is None:
        return az, x, y
    for _ in range(_MAX_REFINE):
        err = chord_error_m(lat, lon, radius_m, x, y, np.roll(x, -1), np.roll(y, -1))
        bad = err > tol_m * _SAFETY
        if not bad.any():
            break
        nxt = np.roll(az, -1)
        nxt[-1] += 360.0
        new_az = ((az + nxt) / 2.0)[bad] % 360.0
        nx, ny = _fwd(lat, lon, radius_m, new_az)
        az = np.concatenate((az, new_az))
        order = np.argsort(az, kind="stable")
        az, x, y = az[order], np.concatenate((x, nx))[order], np.concatenate((y, ny))[order]
    return az, x, y


def _find_crossings(az: np.ndarray, x: np.ndarray) -> dict[str, np.ndarray] | None:
    """Segments of one ring (azimuth order, closed) that cross a meridian 180 + 360 k."""
    xu = unwrap_lon(x)
    closing = xu[-1] + wrap180(x[0] - xu[-1])
    x_next = np.append(xu[1:], closing)
    k1 = np.floor((xu - 180.0) / 360.0)
    k2 = np.floor((x_next - 180.0) / 360.0)
    idx = np.nonzero(k1 != k2)[0]
    if idx.size == 0:
        return None
    return {
        "a_lo": az[idx].astype(float),
        "a_hi": np.where(idx + 1 < az.size, az[(idx + 1) % az.size], az[0] + 360.0),
        "x_lo": xu[idx],
        "lon_lo": x[idx],
        "boundary": 180.0 + 360.0 * np.maximum(k1[idx], k2[idx]),
        "rising": x_next[idx] > xu[idx],
    }


def _solve_crossings(lat, lon, radius_m, c: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Azimuths and latitudes where rings cross their meridians, vectorised over crossings.

    ``lat``, ``lon``, ``radius_m`` are per crossing (arrays) so many rings share each
    ``Geod.fwd`` call. Bisection on azimuth narrows each bracket to 1/65536 of a vertex gap,
    then the azimuth is interpolated linearly inside it and solved exactly: the vertex is on the
    ring, its longitude off +-180 by a negligible amount that the caller sets exactly.
    """
    n = c["a_lo"].size
    lat = np.broadcast_to(np.asarray(lat, dtype=float), (n,))
    lon = np.broadcast_to(np.asarray(lon, dtype=float), (n,))
    r = np.broadcast_to(np.asarray(radius_m, dtype=float), (n,))

    def fwd_x(a):
        x, y, _ = WGS84.fwd(lon, lat, a % 360.0, r, return_back_azimuth=False)
        return c["x_lo"] + wrap180(np.asarray(x) - c["lon_lo"]) - c["boundary"], np.asarray(y)

    a_lo, a_hi = c["a_lo"].copy(), c["a_hi"].copy()
    for _ in range(16):
        mid = (a_lo + a_hi) / 2.0
        f, _ = fwd_x(mid)
        go_right = (f < 0) == c["rising"]  # the crossing lies after mid
        a_lo = np.where(go_right, mid, a_lo)
        a_hi = np.where(go_right, a_hi, mid)
    (fl, _), (fh, _) = fwd_x(a_lo), fwd_x(a_hi)
    with np.errstate(invalid="ignore", divide="ignore"):
        t = np.where(fh != fl, -fl / (fh - fl), 0.5)
    a = (a_lo + np.clip(t, 0.0, 1.0) * (a_hi - a_lo)) % 360.0
    _, y = fwd_x(a)
    return a, y


def _merge_crossings(az, x, y, c, a, cy):
    cx = np.where(c["rising"], 180.0, -180.0)  # the crossing itself, exactly on the meridian
    az = np.concatenate((az, a))
    order = np.argsort(az, kind="stable")
    return az[order], np.concatenate((x, cx))[order], np.concatenate((y, cy))[order]


def _exact_crossings(lat: float, lon: float, radius_m: float, az, x, y):
    """Insert the exact points where one ring crosses the antimeridian."""
    c = _find_crossings(az, x)
    if c is None:
        return az, x, y
    a, cy = _solve_crossings(lat, lon, radius_m, c)
    return _merge_crossings(az, x, y, c, a, cy)


_POLE_CLEARANCE_M = 0.1


def _radius_off_poles_m(lat: float, lon: float, radius_km: float) -> float:
    """The radius in metres, shrunk by 10 cm when the ring would pass (almost) through a pole.

    At a pole longitude is undefined, so a vertex there cannot say which way round the ring
    goes; 10 cm is far below the 1 m vertex accuracy and keeps the pole just outside.
    """
    r_m = radius_km * 1000.0
    _, _, d = WGS84.inv([lon, lon], [lat, lat], [0.0, 0.0], [90.0, -90.0])
    for dist in d:
        if abs(dist - r_m) < _POLE_CLEARANCE_M:
            r_m = dist - _POLE_CLEARANCE_M
    return r_m


def ring_lonlat(
    lat: float, lon: float, radius_km: float, points: int | None = None, *, max_error_km: float | None = 1.0
) -> tuple[np.ndarray, np.ndarray]:
    """The vertices of a ring in order of azimuth, including exact antimeridian crossings.

    Parameters are as for :func:`ring`. Returns ``(lon, lat)`` arrays, degrees, the loop not closed.
    """
    lat, lon = check_lat_lon(lat, lon)
    radius_km = check_radius_km(radius_km)
    max_error_km = check_max_error_km(max_error_km)
    if points is None:
        points = initial_points(radius_km, max_error_km if max_error_km is not None else 1.0)
    elif isinstance(points, bool) or not isinstance(points, (int, np.integer)) or not 8 <= points <= 100_000:
        raise InvalidInput(f"points {points!r} is not a whole number of vertices in 8..100000")
    radius_m = _radius_off_poles_m(lat, lon, radius_km)
    tol_m = None if max_error_km is None else max_error_km * 1000.0
    az, x, y = _refine(lat, lon, radius_m, int(points), tol_m)
    _, x, y = _exact_crossings(lat, lon, radius_m, az, x, y)
    return x, y


def ring_shape(
    lat: float, lon: float, radius_km: float, points: int | None = None, *, max_error_km: float | None = 1.0
) -> BaseGeometry:
    """The filled disc within ``radius_km`` of a point as a shapely (Multi)Polygon in lon/lat."""
    x, y = ring_lonlat(lat, lon, radius_km, points, max_error_km=max_error_km)
    r_km = _radius_off_poles_m(*check_lat_lon(lat, lon), check_radius_km(radius_km)) / 1000.0
    north, south = pole_inside(float(lat), float(lon), r_km)
    return loop_to_shape(x, y, north, south)


def ring(
    lat: float, lon: float, radius_km: float, points: int | None = None, *, max_error_km: float | None = 1.0
) -> dict:
    """The geodesic circle of ``radius_km`` around a point, as GeoJSON geometry.

    Parameters
    ----------
    lat, lon : float
        Centre, degrees.
    radius_km : float
        Geodesic radius on WGS84, km; more than 0 and at most 19,900.
    points : int, optional
        Vertices to start from, evenly spaced in azimuth (default: derived from the radius).
    max_error_km : float or None
        Largest distance, km, between the drawn segments (straight in Web Mercator or in lon/lat)
        and the true ring; vertices are added until it holds. None keeps exactly ``points``.

    Returns
    -------
    dict
        A GeoJSON Polygon (lon, lat; exterior counter-clockwise), or a MultiPolygon split at the
        antimeridian (RFC 7946). A disc that contains a pole runs along the +-180 edges and over
        the pole; one that contains both poles (radius beyond about a quarter of the
        circumference) is the world minus the cap around the antipode.
    """
    return to_geojson(ring_shape(lat, lon, radius_km, points, max_error_km=max_error_km))


def ring_line(lat: float, lon: float, radius_km: float, *, max_error_km: float | None = 1.0) -> dict:
    """The ring as an outline only: a LineString, or MultiLineString split at the antimeridian.

    Unlike the polygon of :func:`ring` it has no edges along the antimeridian or the poles, so it
    is what a map should stroke.
    """
    x, y = ring_lonlat(lat, lon, radius_km, max_error_km=max_error_km)
    return to_geojson(loop_to_line(x, y))


def band_shape(lat: float, lon: float, min_km: float, max_km: float, *, max_error_km: float | None = 1.0):
    """The annulus between two radii as a shapely geometry in lon/lat (see :func:`band`)."""
    lat, lon = check_lat_lon(lat, lon)
    hi = check_radius_km(max_km, "band maximum")
    if min_km is None or float(min_km) == 0.0:
        return ring_shape(lat, lon, hi, max_error_km=max_error_km)
    lo = check_radius_km(min_km, "band minimum")
    if not lo < hi:
        raise InvalidInput(f"band minimum {min_km!r} km is not below the maximum {max_km!r} km")
    outer = ring_shape(lat, lon, hi, max_error_km=max_error_km)
    inner = ring_shape(lat, lon, lo, max_error_km=max_error_km)
    return outer.difference(inner)


def band(lat: float, lon: float, min_km: float, max_km: float, *, max_error_km: float | None = 1.0) -> dict:
    """The annulus between two geodesic radii (an uncertainty band), as GeoJSON geometry.

    Parameters
    ----------
    lat, lon : float
        Centre, degrees.
    min_km, max_km : float
        Inner and outer radius, km; ``0 <= min_km < max_km <= 19,900``. A zero inner radius
        gives the full disc.
    max_error_km : float or None
        As for :func:`ring`.

    Returns
    -------
    dict
        GeoJSON Polygon (with a hole) or MultiPolygon, split at the antimeridian.
    """
    return to_geojson(band_shape(lat, lon, min_km, max_km, max_error_km=max_error_km))


_CEA = None


def area_km2(geom: BaseGeometry | dict | None) -> float:
    """Area of a lon/lat geometry (shapely or GeoJSON dict) on the WGS84 ellipsoid, km^2.

    Edges are taken as drawn, straight in lon/lat: the geometry is densified to 0.25 degree and
    measured in the ellipsoidal Lambert cylindrical equal-area projection, which is exact for
    meridians and parallels (so shapes closed along the antimeridian or over a pole, where
    Karney's polygon area cannot tell which side is meant, come out right).
    """
    global _CEA
    if geom is None:
        return 0.0
    if isinstance(geom, dict):
        from shapely.geometry import shape

        geom = shape(geom)
    if geom.is_empty:
        return 0.0
    if _CEA is None:
        from pyproj import Transformer

        _CEA = Transformer.from_crs("EPSG:4326", "+proj=cea +ellps=WGS84 +lat_ts=0 +units=m", always_xy=True)
    import shapely

    dense = shapely.segmentize(geom, 0.25)
    projected = shapely.transform(dense, lambda xy: np.column_stack(_CEA.transform(xy[:, 0], xy[:, 1])))
    return float(projected.area) / 1e6


def disc_area_km2(lat: float, lon: float, radius_km: float) -> float:
    """Area of the geodesic disc of ``radius_km`` around a point on WGS84, km^2 (to about 1e-6).

    Karney's polygon area of a densely sampled ring; his algorithm counts how the ring winds
    round the poles, and a clockwise ring whose area comes out negative is the complement.
    """
    lat, lon = check_lat_lon(lat, lon)
    radius_km = check_radius_km(radius_km)
    x, y = ring_vertices([lat], [lon], [radius_km], initial_points(radius_km, 0.001))
    a, _ = WGS84.polygon_area_perimeter(x[0], y[0])
    a = -a / 1e6  # our vertices go clockwise, which Karney counts negative
    return a if a >= 0 else a + EARTH_AREA_KM2


def _label(km: float) -> str:
    return f"{km:,.0f} km" if km >= 10 else f"{km:g} km"


def rings(
    lat: float, lon: float, radii_km: Sequence[float], *, outline: bool = False, max_error_km: float | None = 1.0
) -> list[dict]:
    """Several range rings around one point, as GeoJSON Features for a map.

    Parameters
    ----------
    lat, lon : float
        Centre, degrees.
    radii_km : sequence of float
        Radii, km.
    outline : bool
        Give each ring as a (Multi)LineString outline instead of a filled (Multi)Polygon.
    max_error_km : float or None
        As for :func:`ring`.

    Returns
    -------
    list of dict
        Features, smallest radius first, with properties ``kind`` ("ring"), ``radius_km``,
        ``label`` (e.g. "570 km"), ``center`` ([lat, lon]), ``area_km2`` and ``source``.
    """
    lat, lon = check_lat_lon(lat, lon)
    radii = sorted(check_radius_km(r) for r in radii_km)
    if not radii:
        raise InvalidInput("no radius given: pass at least one radius in km")
    out = []
    for r in radii:
        if outline:
            geometry = ring_line(lat, lon, r, max_error_km=max_error_km)
        else:
            geometry = to_geojson(ring_shape(lat, lon, r, max_error_km=max_error_km))
        out.append(
            {
                "type": "Feature",
                "geometry": geometry,
                "properties": {
                    "kind": "ring",
                    "radius_km": r,
                    "label": _label(r),
                    "center": [lat, lon],
                    "area_km2": round(disc_area_km2(lat, lon, r), 1),
                    "source": SOURCE,
                },
            }
        )
    return out


def band_feature(
    lat: float, lon: float, min_km: float, max_km: float, *, label: str | None = None,
    max_error_km: float | None = 1.0,
) -> dict:
    """A range band as a GeoJSON Feature with ``kind`` "band", ``min_km``, ``max_km``, ``label``,
    ``center``, ``area_km2`` and ``source`` in its properties."""
    lat, lon = check_lat_lon(lat, lon)
    shape_ = band_shape(lat, lon, min_km, max_km, max_error_km=max_error_km)
    return {
        "type": "Feature",
        "geometry": to_geojson(shape_),
        "properties": {
            "kind": "band",
            "min_km": float(min_km),
            "max_km": float(max_km),
            "label": label or f"{_label(float(min_km))} - {_label(float(max_km))}",
            "center": [lat, lon],
            "area_km2": round(area_km2(shape_), 1),
            "source": SOURCE,
        },
    }


def class_bands(lat: float, lon: float, classes=MISSILE_CLASSES) -> list[dict]:
    """Filled bands for missile range classes (SRBM < 1,000 km, MRBM, IRBM, ICBM > 5,500 km).

    Returns
    -------
    list of dict
        One band Feature per class (see :func:`band_feature`), with ``class`` in properties.
    """
    out = []
    for i, (name, lo, hi) in enumerate(classes):
        if lo == 0:
            span = f"< {_label(hi)}"
        elif i == len(classes) - 1:
            span = f"> {_label(lo)}"
        else:
            span = f"{lo:,.0f}-{_label(hi)}"
        f = band_feature(lat, lon, lo, hi, label=f"{name} ({span})")
        f["properties"]["class"] = name
        out.append(f)
    return out


def rings_batch(
    lats: Sequence[float], lons: Sequence[float], radii_km: Sequence[float], points: int = 360
) -> list[dict]:
    """Many rings with a fixed vertex count, fast: GeoJSON geometries in input order.

    Rings that neither cross the antimeridian nor contain a pole (most of them) are written
    straight from the vertex arrays; the others get exact antimeridian crossings and are closed
    as in :func:`ring`. No densification: use :func:`ring` when the 1 km drawing bound matters.

    Raises
    ------
    InvalidInput
        Naming the first centre or radius out of range.
    """
    try:
        lats_a, lons_a, radii_a = np.broadcast_arrays(
            np.asarray(lats, dtype=float), np.asarray(lons, dtype=float), np.asarray(radii_km, dtype=float)
        )
    except ValueError:
        raise InvalidInput("lats, lons and radii_km must be numbers of the same length") from None
    lats_a, lons_a, radii_a = (np.ravel(a) for a in (lats_a, lons_a, radii_a))
    bad = ~(np.isfinite(lats_a) & (np.abs(lats_a) <= 90) & np.isfinite(lons_a) & (np.abs(lons_a) <= 180))
    bad |= ~(np.isfinite(radii_a) & (radii_a > 0) & (radii_a <= MAX_RADIUS_KM))
    if bad.any():
        i = int(np.argmax(bad))
        check_lat_lon(float(lats_a[i]), float(lons_a[i]))
        check_radius_km(float(radii_a[i]))
    x, y = ring_vertices(lats_a, lons_a, radii_a, points)
    steps = wrap180(np.diff(np.concatenate((x, x[:, :1]), axis=1), axis=1))
    crosses = (np.abs(x[:, :1] + np.cumsum(steps, axis=1)) > 180.0).any(axis=1)
    # The disc contains a pole iff the ring winds round it; both poles: winding 0 but huge.
    winding = np.abs(steps.sum(axis=1)) > 180.0
    _, _, d_np = WGS84.inv(lons_a, lats_a, np.zeros_like(lons_a), np.full_like(lats_a, 90.0))
    _, _, d_sp = WGS84.inv(lons_a, lats_a, np.zeros_like(lons_a), np.full_like(lats_a, -90.0))
    special = crosses | winding | (d_np < radii_a * 1000.0) | (d_sp < radii_a * 1000.0)
    az = np.arange(points) * (360.0 / points)
    coords = np.round(np.stack((x, y), axis=2), 7)
    # Building ~a million small lists would wake the cyclic garbage collector thousands of
    # times to scan the growing result (none of it is garbage): pausing it is 5-6x faster.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _assemble(lats_a, lons_a, radii_a, points, az, x, y, coords, special, d_np, d_sp)
    finally:
        if was_enabled:
            gc.enable()


def _assemble(lats_a, lons_a, radii_a, points, az, x, y, coords, special, d_np, d_sp) -> list[dict]:
    out: list[dict | None] = [None] * lats_a.size
    # Rings that cross the antimeridian or hold a pole: their crossings solved together.
    todo = []
    for i in np.nonzero(special)[0]:
        la, lo = float(lats_a[i]), float(lons_a[i])
        r_m = _radius_off_poles_m(la, lo, float(radii_a[i]))
        if r_m == radii_a[i] * 1000.0:
            xi, yi = x[i], y[i]
        else:
            xs, ys = ring_vertices([la], [lo], [r_m / 1000.0], points)
            xi, yi = xs[0], ys[0]
        todo.append((i, la, lo, r_m, xi, yi, _find_crossings(az, xi)))
    with_c = [t for t in todo if t[6] is not None]
    if with_c:
        keys = ("a_lo", "a_hi", "x_lo", "lon_lo", "boundary", "rising")
        allc = {k: np.concatenate([t[6][k] for t in with_c]) for k in keys}
        counts = [t[6]["a_lo"].size for t in with_c]
        rep = lambda j: np.repeat([t[j] for t in with_c], counts)  # noqa: E731
        a_all, y_all = _solve_crossings(rep(1), rep(2), rep(3), allc)
        splits = np.cumsum(counts)[:-1]
        solved = dict(zip((t[0] for t in with_c), zip(np.split(a_all, splits), np.split(y_all, splits))))
    for i, la, lo, r_m, xi, yi, c in todo:
        if c is not None:
            _, xi, yi = _merge_crossings(az, xi, yi, c, *solved[i])
        out[i] = to_geojson(loop_to_shape(xi, yi, bool(d_np[i] < r_m), bool(d_sp[i] < r_m)))
    for i in np.nonzero(~special)[0]:
        # Vertices go clockwise (azimuth increases); RFC 7946 wants exteriors counter-clockwise.
        c = coords[i][::-1].tolist()
        c.append(c[0])
        out[i] = {"type": "Polygon", "coordinates": [c]}
    return out  # type: ignore[return-value]


__all__ = [
    "MISSILE_CLASSES",
    "initial_points",
    "ring_vertices",
    "chord_error_m",
    "ring_lonlat",
    "ring_shape",
    "ring",
    "ring_line",
    "band_shape",
    "band",
    "band_feature",
    "area_km2",
    "disc_area_km2",
    "rings",
    "class_bands",
    "rings_batch",
]
