"""Geodesic ("great-circle") paths and radials on WGS84, split at the antimeridian.

A path is sampled along the geodesic (``Geod.fwd`` from the start at evenly spaced distances),
then the sampling is doubled until every drawn segment, straight in Web Mercator and in lon/lat,
stays within ``max_error_km`` of the geodesic. Crossings of the antimeridian are solved on the
geodesic itself, so the split pieces meet exactly at +-180.
"""

from __future__ import annotations

import math
from typing import Sequence

import numpy as np
from shapely.geometry import MultiLineString

from geo.errors import InvalidInput
from geo.geodesy._core import (
    SOURCE,
    WGS84,
    check_bearing_deg,
    check_lat_lon,
    check_max_error_km,
    check_radius_km,
    mercator_lat,
    mercator_y,
    wrap180,
)
from geo.geodesy.antimeridian import line_to_shape, to_geojson, unwrap_lon

_MAX_POINTS = 50_000


def _along(lat: float, lon: float, az: float, dist_m: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    n = dist_m.size
    x, y, _ = WGS84.fwd(np.full(n, lon), np.full(n, lat), np.full(n, az), dist_m, return_back_azimuth=False)
    return np.asarray(x, dtype=float), np.asarray(y, dtype=float)


def _segment_error_m(lat, lon, az, s, x, y) -> float:
    """Largest distance, m, from the drawn segments' midpoints to the geodesic.

    A drawn midpoint M (straight in lon/lat, and straight in Web Mercator) is compared with the
    point of the geodesic at the same distance from the start as M; for points near the line that
    difference is the cross-track distance (to second order).
    """
    dlon = wrap180(x[1:] - x[:-1])
    lon_mid = wrap180(x[:-1] + dlon / 2.0)
    n = lon_mid.size
    worst = 0.0
    for lat_mid in ((y[:-1] + y[1:]) / 2.0, mercator_lat((mercator_y(y[:-1]) + mercator_y(y[1:])) / 2.0)):
        _, _, s_m = WGS84.inv(np.full(n, lon), np.full(n, lat), lon_mid, lat_mid)
        fx, fy = _along(lat, lon, az, np.clip(s_m, s[:-1], s[1:]))
        _, _, d = WGS84.inv(lon_mid, lat_mid, fx, fy)
        worst = max(worst, float(np.max(np.where(np.abs(dlon) > 90.0, 0.0, d))))
    if np.any(np.abs(dlon) > 90.0):
        # Neighbours on either side of a pole: polyline_shape draws them via the pole, which is
        # right to within the line's closest approach to the pole. By Clairaut's relation the
        # highest reduced latitude of a geodesic is acos(|sin az cos beta|).
        beta = math.atan((1.0 - WGS84.f) * math.tan(math.radians(max(min(lat, 89.999999), -89.999999))))
        approach_m = WGS84.b * math.asin(min(1.0, abs(math.sin(math.radians(az)) * math.cos(beta))))
        worst = max(worst, approach_m)
    return worst


def geodesic_lonlat(
    lat: float, lon: float, az: float, length_m: float, max_error_km: float | None = 1.0
) -> tuple[np.ndarray, np.ndarray]:
    """Vertices along the geodesic leaving (lat, lon) at azimuth ``az`` for ``length_m`` metres.

    The midpoint test compares the drawn midpoint with the geodesic's midpoint, which bounds the
    distance to the line from above, so the bound holds with room to spare.
    Exact antimeridian crossings are included.
    """
    n = max(2, math.ceil(length_m / 100_000.0) + 1)
    while True:
        s = np.linspace(0.0, length_m, n)
        x, y = _along(lat, lon, az, s)
        if max_error_km is None or n >= _MAX_POINTS:
            break
        if _segment_error_m(lat, lon, az, s, x, y) <= max_error_km * 1000.0 * 0.9:
            break
        n = 2 * n - 1
    # exact crossings of +-180 by bisection on the distance along the line
    xu = unwrap_lon(x)
    k = np.floor((xu - 180.0) / 360.0)
    idx = np.nonzero(k[1:] != k[:-1])[0]
    if idx.size:
        lo, hi = s[idx].copy(), s[idx + 1].copy()
        boundary = 180.0 + 360.0 * np.maximum(k[idx], k[idx + 1])
        rising = xu[idx + 1] > xu[idx]
        for _ in range(52):
            mid = (lo + hi) / 2.0
            mx, _ = _along(lat, lon, az, mid)
            xm = xu[idx] + wrap180(mx - x[idx])
            go_right = (xm < boundary) == rising
            lo, hi = np.where(go_right, mid, lo), np.where(go_right, hi, mid)
        cs = (lo + hi) / 2.0
        _, cy = _along(lat, lon, az, cs)
        cx = np.where(rising, 180.0, -180.0)
        s = np.concatenate((s, cs))
        order = np.argsort(s, kind="stable")
        x, y = np.concatenate((x, cx))[order], np.concatenate((y, cy))[order]
    return x, y


def great_circle_shape(lat1: float, lon1: float, lat2: float, lon2: float, *, max_error_km: float | None = 1.0):
    """The geodesic between two points as a shapely (Multi)LineString in lon/lat."""
    lat1, lon1 = check_lat_lon(lat1, lon1)
    lat2, lon2 = check_lat_lon(lat2, lon2)
    max_error_km = check_max_error_km(max_error_km)
    az, _, dist = WGS84.inv(lon1, lat1, lon2, lat2)
    if dist < 1.0:
        raise InvalidInput(f"the two points ({lat1}, {lon1}) and ({lat2}, {lon2}) coincide: no path")
    x, y = geodesic_lonlat(lat1, lon1, az, dist, max_error_km)
    return polyline_shape(x, y), dist / 1000.0, az % 360.0


def polyline_shape(x: np.ndarray, y: np.ndarray):
    """Vertices along a geodesic as a (Multi)LineString.

    A pass over a pole (neighbours about 180 degrees of longitude apart) becomes two meridian
    pieces that meet at the pole, since a lon/lat line cannot draw that jump.
    """
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    jumps = np.nonzero(np.abs(wrap180(np.diff(x))) > 90.0)[0]
    if jumps.size == 0:
        return line_to_shape(x, y)
    lines = []
    start, head_x, head_y = 0, np.empty(0), np.empty(0)
    for j in list(jumps) + [x.size - 1]:
        px = np.concatenate((head_x, x[start : j + 1]))
        py = np.concatenate((head_y, y[start : j + 1]))
        if j < x.size - 1:
            pole = 90.0 if y[j] + y[j + 1] > 0 else -90.0
            px, py = np.append(px, x[j]), np.append(py, pole)
            head_x, head_y = np.array([x[j + 1]]), np.array([pole])
        if px.size >= 2:
            g = line_to_shape(px, py)
            lines.extend(getattr(g, "geoms", [g]))
        start = j + 1
    return MultiLineString([ln for ln in lines if not ln.is_empty])


def great_circle(lat1: float, lon1: float, lat2: float, lon2: float, *, max_error_km: float | None = 1.0) -> dict:
    """The shortest path on WGS84 between two points, as GeoJSON geometry.

    Parameters
    ----------
    lat1, lon1 : float
        Start (e.g. the launch site), degrees.
    lat2, lon2 : float
        End (e.g. the impact point), degrees.
    max_error_km : float or None
        Largest distance, km, between the drawn segments and the geodesic (default 1 km).

    Returns
    -------
    dict
        A GeoJSON LineString, or a MultiLineString split at the antimeridian (RFC 7946).
    """
    shape_, _, _ = great_circle_shape(lat1, lon1, lat2, lon2, max_error_km=max_error_km)
    return to_geojson(shape_)


def path_feature(lat1: float, lon1: float, lat2: float, lon2: float, *, label: str | None = None) -> dict:
    """A geodesic path as a GeoJSON Feature with ``kind`` "path", ``distance_km``,
    ``bearing_deg`` (initial azimuth), ``label`` and ``source`` in its properties."""
    shape_, dist_km, az = great_circle_shape(lat1, lon1, lat2, lon2)
    return {
        "type": "Feature",
        "geometry": to_geojson(shape_),
        "properties": {
            "kind": "path",
            "distance_km": round(dist_km, 1),
            "bearing_deg": round(az, 1),
            "label": label or f"{dist_km:,.0f} km",
            "source": SOURCE,
        },
    }


def radials(
    lat: float, lon: float, bearings_deg: Sequence[float], radius_km: float, *, max_error_km: float | None = 1.0
) -> list[dict]:
    """Lines from a centre along given bearings out to ``radius_km`` (ArcGIS-style radials).

    Parameters
    ----------
    lat, lon : float
        Centre, degrees.
    bearings_deg : sequence of float
        Azimuths clockwise from true north, degrees.
    radius_km : float
        Length of every radial along the ellipsoid, km.
    max_error_km : float or None
        As for :func:`great_circle`.

    Returns
    -------
    list of dict
        GeoJSON Features (LineString or MultiLineString split at the antimeridian) with
        properties ``kind`` ("radial"), ``bearing_deg``, ``radius_km``, ``label`` and ``source``.
    """
    lat, lon = check_lat_lon(lat, lon)
    radius_km = check_radius_km(radius_km)
    max_error_km = check_max_error_km(max_error_km)
    out = []
    for b in bearings_deg:
        b = check_bearing_deg(b)
        x, y = geodesic_lonlat(lat, lon, b, radius_km * 1000.0, max_error_km)
        out.append(
            {
                "type": "Feature",
                "geometry": to_geojson(polyline_shape(x, y)),
                "properties": {
                    "kind": "radial",
                    "bearing_deg": b,
                    "radius_km": radius_km,
                    "label": f"{b:g} deg, {radius_km:,.0f} km",
                    "source": SOURCE,
                },
            }
        )
    return out


__all__ = ["geodesic_lonlat", "great_circle_shape", "great_circle", "path_feature", "radials"]
