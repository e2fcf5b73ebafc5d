"""Ring vertices: where the points of a geodesic circle go, and how many are needed.

One vectorised ``Geod.fwd`` call gives vertices at evenly spaced azimuths; more are added
where the straight segment a map draws between two neighbours would stray from the true ring
by more than the allowed error, both as Leaflet draws it (straight in Web Mercator) and as
shapely and GeoJSON readers treat it (straight in lon/lat). Crossings of the antimeridian are
solved exactly on the ring. :mod:`geo.geodesy.circles` turns the vertices into shapes.
"""

from __future__ import annotations

import math
from typing import Sequence

import numpy as np

from geo.geodesy._core import (
    R_MEAN_KM,
    WGS84,
    check_lat_lon,
    check_max_error_km,
    check_radius_km,
    mercator_lat,
    mercator_y,
    wrap180,
)
from geo.geodesy.antimeridian import unwrap_lon
from geo.errors import InvalidInput


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


def _radius_off_poles_m(lat: float, lon: float, radius_km: float) -> tuple[float, bool, bool]:
    """The radius in metres, shrunk by 10 cm when the ring would pass (almost) through a pole,
    and whether the north and the south pole lie inside the disc of that radius.

    At a pole longitude is undefined, so a vertex there cannot say which way round the ring
    goes; 10 cm is far below the 1 m vertex accuracy and keeps the pole just outside.
    """
    r_m = radius_km * 1000.0
    _, _, d = WGS84.inv([lon, lon], [lat, lat], [0.0, 0.0], [90.0, -90.0])
    for dist in d:
        if abs(dist - r_m) < _POLE_CLEARANCE_M:
            r_m = dist - _POLE_CLEARANCE_M
    return r_m, bool(d[0] < r_m), bool(d[1] < r_m)


def ring_lonlat(
    lat: float, lon: float, radius_km: float, points: int | None = None, *, max_error_km: float | None = 1.0
) -> tuple[np.ndarray, np.ndarray]:
    """The vertices of a ring in order of azimuth, including exact antimeridian crossings.

    Parameters are as for :func:`ring`. Returns ``(lon, lat)`` arrays, degrees, the loop not closed.
    """
    x, y, _, _ = ring_loop(lat, lon, radius_km, points, max_error_km=max_error_km)
    return x, y


def ring_loop(
    lat: float, lon: float, radius_km: float, points: int | None = None, *, max_error_km: float | None = 1.0
) -> tuple[np.ndarray, np.ndarray, bool, bool]:
    """:func:`ring_lonlat` and whether the north and the south pole lie inside the disc,
    which is what :func:`~geo.geodesy.antimeridian.loop_to_shape` needs to close it."""
    lat, lon = check_lat_lon(lat, lon)
    radius_km = check_radius_km(radius_km)
    max_error_km = check_max_error_km(max_error_km)
    if points is None:
        points = initial_points(radius_km, max_error_km if max_error_km is not None else 1.0)
    elif isinstance(points, bool) or not isinstance(points, (int, np.integer)) or not 8 <= points <= 100_000:
        raise InvalidInput(f"points {points!r} is not a whole number of vertices in 8..100000")
    radius_m, north, south = _radius_off_poles_m(lat, lon, radius_km)
    tol_m = None if max_error_km is None else max_error_km * 1000.0
    az, x, y = _refine(lat, lon, radius_m, int(points), tol_m)
    _, x, y = _exact_crossings(lat, lon, radius_m, az, x, y)
    return x, y, north, south
