"""From lon/lat loops and lines to RFC 7946 geometry: split at the antimeridian, closed over poles.

Everything here works in a *continuous* longitude frame first (longitudes unwrapped so that
consecutive vertices never jump by 360 degrees), builds the shape there, and only then cuts it
at the meridians 180 + 360 k and shifts each piece back into [-180, 180]. Cutting vertices land
exactly on +-180 because the windows are integer degrees and shifts are by multiples of 360.
"""

from __future__ import annotations

import math
from typing import Iterable

import numpy as np
import shapely
from shapely.affinity import translate
from shapely.geometry import LineString, MultiLineString, Polygon, box
from shapely.geometry.base import BaseGeometry
from shapely.geometry.polygon import orient
from shapely.ops import unary_union

from geo.geodesy._core import wrap180

#: The whole world in lon/lat.
WORLD = box(-180.0, -90.0, 180.0, 90.0)

#: Decimal places of coordinates in GeoJSON output: 1e-7 degree is about 1 cm.
DECIMALS = 7

_SNAP_DEG = 1e-9  # vertices this close to a cut meridian are put exactly on it


def unwrap_lon(lon: np.ndarray) -> np.ndarray:
    """Longitudes made continuous (no jumps of more than 180 degrees between neighbours), degrees."""
    lon = np.asarray(lon, dtype=float)
    if lon.size == 0:
        return lon
    steps = wrap180(np.diff(lon))
    return np.concatenate(([lon[0]], lon[0] + np.cumsum(steps)))


def _snap_to_meridians(x: np.ndarray) -> np.ndarray:
    b = np.round((x - 180.0) / 360.0) * 360.0 + 180.0
    return np.where(np.abs(x - b) < _SNAP_DEG, b, x)


def insert_crossings(x: np.ndarray, y: np.ndarray, closed: bool) -> tuple[np.ndarray, np.ndarray]:
    """Insert a vertex wherever a segment crosses a meridian 180 + 360 k (linear in lon/lat).

    Vertices already on such a meridian (within 1e-9 degree) are snapped onto it exactly and
    need no insertion; callers that know the true curve insert exact crossings before calling.
    """
    x = _snap_to_meridians(np.asarray(x, dtype=float))
    y = np.asarray(y, dtype=float)
    x2 = np.roll(x, -1) if closed else x[1:]
    y2 = np.roll(y, -1) if closed else y[1:]
    if closed:
        x2 = x2.copy()
        x2[-1] = x[-1] + wrap180(x[0] - x[-1])  # closing segment in the continuous frame
    x1, y1 = x[: len(x2)], y[: len(x2)]
    k1 = np.floor((x1 - 180.0) / 360.0)
    k2 = np.floor((x2 - 180.0) / 360.0)
    cross = k1 != k2
    if not cross.any():
        return x, y
    out_x: list[float] = []
    out_y: list[float] = []
    for i in range(len(x)):
        out_x.append(float(x[i]))
        out_y.append(float(y[i]))
        if i < len(x2) and cross[i]:
            lo, hi = sorted((x1[i], x2[i]))
            k = math.floor((lo - 180.0) / 360.0) + 1
            bs = [180.0 + 360.0 * j for j in range(k, k + 3) if lo < 180.0 + 360.0 * j < hi]
            if x2[i] < x1[i]:
                bs.reverse()
            for b in bs:
                t = (b - x1[i]) / (x2[i] - x1[i])
                out_x.append(b)
                out_y.append(float(y1[i] + t * (y2[i] - y1[i])))
    return np.array(out_x), np.array(out_y)


def split_at_antimeridian(geom: BaseGeometry) -> BaseGeometry:
    """Cut a geometry given in a continuous longitude frame into pieces within [-180, 180].

    Pieces of polygons that meet after shifting (the seam of a pole-enclosing shape) are merged.
    """
    if geom.is_empty:
        return geom
    minx, _, maxx, _ = geom.bounds
    if -180.0 <= minx and maxx <= 180.0:
        return geom
    k_lo = math.floor((minx + 180.0) / 360.0)
    k_hi = math.ceil((maxx + 180.0) / 360.0) - 1
    parts = []
    for k in range(k_lo, k_hi + 1):
        piece = shapely.clip_by_rect(geom, -180.0 + 360.0 * k, -90.0, 180.0 + 360.0 * k, 90.0)
        if piece.is_empty:
            continue
        parts.append(translate(piece, -360.0 * k) if k else piece)
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        polys = [p for p in _flatten(parts) if p.geom_type == "Polygon" and p.area > 0]
        return unary_union(polys) if len(polys) > 1 else (polys[0] if polys else Polygon())
    lines = [p for p in _flatten(parts) if p.geom_type == "LineString" and p.length > 0]
    return MultiLineString(lines) if len(lines) > 1 else (lines[0] if lines else LineString())


def _flatten(geoms: Iterable[BaseGeometry]) -> list[BaseGeometry]:
    out: list[BaseGeometry] = []
    for g in geoms:
        if hasattr(g, "geoms"):
            out.extend(_flatten(g.geoms))
        else:
            out.append(g)
    return out


def loop_to_shape(lon: np.ndarray, lat: np.ndarray, north_inside: bool, south_inside: bool) -> BaseGeometry:
    """Turn a closed loop on the sphere into a lon/lat (Multi)Polygon within [-180, 180].

    Parameters
    ----------
    lon, lat : numpy.ndarray
        Vertices of the loop in order, degrees, without repeating the first at the end.
    north_inside, south_inside : bool
        Whether each pole lies inside the region the loop bounds. This decides which side of the
        loop is "inside": a loop around one pole is closed over that pole along the +-180 edges;
        a loop with both poles inside bounds the complement of a cap (a ring beyond the quarter
        circumference), so the result is the world minus that cap.

    Returns
    -------
    shapely geometry
        Polygon or MultiPolygon with every longitude in [-180, 180].
    """
    x = unwrap_lon(lon)
    x, y = insert_crossings(x, np.asarray(lat, dtype=float), closed=True)
    closing = x[-1] + wrap180(x[0] - x[-1])
    winding = int(round((closing - x[0]) / 360.0))
    if winding == 0:
        cap = split_at_antimeridian(_polygon(x, y))
        if north_inside and south_inside:
            return WORLD.difference(cap)
        return cap
    # The loop goes once round a pole: start it on the antimeridian (there is a vertex there
    # after insert_crossings), run it from -180 to +180 (or back) and close it over the pole.
    on_edge = np.nonzero(np.abs((x - 180.0) / 360.0 - np.round((x - 180.0) / 360.0)) < 1e-12)[0]
    start = int(on_edge[0]) if on_edge.size else 0
    xr = np.concatenate((x[start:], x[:start] + 360.0 * winding))
    yr = np.concatenate((y[start:], y[:start]))
    xr = xr - (xr[0] - (-180.0 if winding > 0 else 180.0))
    if on_edge.size:
        xr[0] = -180.0 if winding > 0 else 180.0
    x_end = xr[0] + 360.0 * winding
    if north_inside == south_inside:  # numerically on a pole; side by the loop's mean latitude
        north_inside = float(np.mean(yr)) > 0
    pole = 90.0 if north_inside else -90.0
    ring = list(zip(xr.tolist(), yr.tolist())) + [(x_end, yr[0]), (x_end, pole), (xr[0], pole)]
    return split_at_antimeridian(_valid(Polygon(ring)))


def _polygon(x: np.ndarray, y: np.ndarray) -> BaseGeometry:
    return _valid(Polygon(list(zip(x.tolist(), y.tolist()))))


def _valid(p: BaseGeometry) -> BaseGeometry:
    # Loops from geodesic circles are simple; make_valid only mops up rounding at degenerate
    # cases (a ring grazing a pole), keeping the polygonal part.
    if p.is_valid:
        return p
    fixed = shapely.make_valid(p)
    polys = [g for g in _flatten([fixed]) if g.geom_type == "Polygon"]
    return unary_union(polys) if polys else Polygon()


def line_to_shape(lon: np.ndarray, lat: np.ndarray) -> BaseGeometry:
    """A lon/lat polyline as a LineString, or a MultiLineString split at the antimeridian."""
    x = unwrap_lon(lon)
    x, y = insert_crossings(x, np.asarray(lat, dtype=float), closed=False)
    return split_at_antimeridian(LineString(list(zip(x.tolist(), y.tolist()))))


def loop_to_line(lon: np.ndarray, lat: np.ndarray) -> BaseGeometry:
    """A closed lon/lat loop as a (Multi)LineString outline, split at the antimeridian."""
    lon = np.asarray(lon, dtype=float)
    lat = np.asarray(lat, dtype=float)
    return line_to_shape(np.append(lon, lon[0]), np.append(lat, lat[0]))


def to_geojson(geom: BaseGeometry, decimals: int = DECIMALS) -> dict | None:
    """A shapely geometry as a GeoJSON geometry dict (RFC 7946: counter-clockwise exteriors).

    Returns None for an empty geometry.
    """
    if geom is None or geom.is_empty:
        return None
    parts = _flatten([geom])
    polys = [orient(p, 1.0) for p in parts if p.geom_type == "Polygon" and not p.is_empty]
    lines = [p for p in parts if p.geom_type == "LineString" and not p.is_empty]

    def pos(coords) -> list[list[float]]:
        a = np.asarray(coords, dtype=float)[:, :2]
        a[:, 0] = np.clip(a[:, 0], -180.0, 180.0)
        a[:, 1] = np.clip(a[:, 1], -90.0, 90.0)
        return np.round(a, decimals).tolist()

    if polys:
        rings = [[pos(p.exterior.coords)] + [pos(r.coords) for r in p.interiors] for p in polys]
        if len(rings) == 1:
            return {"type": "Polygon", "coordinates": rings[0]}
        return {"type": "MultiPolygon", "coordinates": rings}
    if lines:
        if len(lines) == 1:
            return {"type": "LineString", "coordinates": pos(lines[0].coords)}
        return {"type": "MultiLineString", "coordinates": [pos(ln.coords) for ln in lines]}
    return None


__all__ = [
    "WORLD",
    "unwrap_lon",
    "insert_crossings",
    "split_at_antimeridian",
    "loop_to_shape",
    "line_to_shape",
    "loop_to_line",
    "to_geojson",
]
