"""Many rings at once with a fixed vertex count, for batch work and the benchmark."""

from __future__ import annotations

import gc
from typing import Sequence

import numpy as np

from geo.geodesy._core import (
    MAX_RADIUS_KM,
    WGS84,
    check_lat_lon,
    check_radius_km,
    wrap180,
)
from geo.geodesy.antimeridian import loop_to_shape, to_geojson
from geo.geodesy.vertices import (
    _find_crossings,
    _merge_crossings,
    _radius_off_poles_m,
    _solve_crossings,
    ring_vertices,
)
from geo.errors import InvalidInput


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
        return _assemble(lats_a, lons_a, radii_a, points, az, x, y, coords, special)
    finally:
        if was_enabled:
            gc.enable()


def _assemble(lats_a, lons_a, radii_a, points, az, x, y, coords, special) -> list[dict]:
    out: list[dict | None] = [None] * lats_a.size
    # Rings that cross the antimeridian or hold a pole: their crossings solved together.
    todo = []
    for i in np.nonzero(special)[0]:
        la, lo = float(lats_a[i]), float(lons_a[i])
        r_m, north, south = _radius_off_poles_m(la, lo, float(radii_a[i]))
        if r_m == radii_a[i] * 1000.0:
            xi, yi = x[i], y[i]
        else:
            xs, ys = ring_vertices([la], [lo], [r_m / 1000.0], points)
            xi, yi = xs[0], ys[0]
        todo.append((i, la, lo, r_m, north, south, xi, yi, _find_crossings(az, xi)))
    with_c = [t for t in todo if t[-1] is not None]
    if with_c:
        keys = ("a_lo", "a_hi", "x_lo", "lon_lo", "boundary", "rising")
        allc = {k: np.concatenate([t[-1][k] for t in with_c]) for k in keys}
        counts = [t[-1]["a_lo"].size for t in with_c]
        rep = lambda j: np.repeat([t[j] for t in with_c], counts)  # noqa: E731
        a_all, y_all = _solve_crossings(rep(1), rep(2), rep(3), allc)
        splits = np.cumsum(counts)[:-1]
        solved = dict(zip((t[0] for t in with_c), zip(np.split(a_all, splits), np.split(y_all, splits))))
    for i, _, _, _, north, south, xi, yi, c in todo:
        if c is not None:
            _, xi, yi = _merge_crossings(az, xi, yi, c, *solved[i])
        out[i] = to_geojson(loop_to_shape(xi, yi, north, south))
    for i in np.nonzero(~special)[0]:
        # Vertices go clockwise (azimuth increases); RFC 7946 wants exteriors counter-clockwise.
        c = coords[i][::-1].tolist()
        c.append(c[0])
        out[i] = {"type": "Polygon", "coordinates": [c]}
    return out  # type: ignore[return-value]


__all__ = ["rings_batch"]
