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

from functools import lru_cache
from typing import Sequence

import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from geo.errors import InvalidInput
from geo.geodesy._core import (
    EARTH_AREA_KM2,
    SOURCE,
    WGS84,
    check_band_km,
    check_lat_lon,
    check_radius_km,
)
from geo.geodesy.antimeridian import loop_to_line, loop_to_shape, to_geojson
from geo.geodesy.vertices import initial_points, ring_lonlat, ring_loop, ring_vertices

#: Missile classes by range, km (common US/IISS usage): (label, min_km, max_km).
#: The ICBM band is capped at 15,500 km, a little beyond the longest reported ICBM ranges.
MISSILE_CLASSES: tuple[tuple[str, float, float], ...] = (
    ("SRBM", 0.0, 1_000.0),
    ("MRBM", 1_000.0, 3_000.0),
    ("IRBM", 3_000.0, 5_500.0),
    ("ICBM", 5_500.0, 15_500.0),
)


def ring_shape(
    lat: float, lon: float, radius_km: float, points: int | None = None, *, max_error_km: float | None = 1.0
) -> BaseGeometry:
    """The filled disc within ``radius_km`` of a point as a shapely (Multi)Polygon in lon/lat."""
    return loop_to_shape(*ring_loop(lat, lon, radius_km, points, max_error_km=max_error_km))


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


def ring_line(
    lat: float, lon: float, radius_km: float, *, points: int | None = None, max_error_km: float | None = 1.0
) -> dict:
    """The ring as an outline only: a LineString, or MultiLineString split at the antimeridian.

    Unlike the polygon of :func:`ring` it has no edges along the antimeridian or the poles, so it
    is what a map should stroke. Parameters are as for :func:`ring`.
    """
    x, y = ring_lonlat(lat, lon, radius_km, points, max_error_km=max_error_km)
    return to_geojson(loop_to_line(x, y))


def band_shape(lat: float, lon: float, min_km: float, max_km: float, *, max_error_km: float | None = 1.0):
    """The annulus between two radii as a shapely geometry in lon/lat (see :func:`band`)."""
    lat, lon = check_lat_lon(lat, lon)
    lo, hi = check_band_km(min_km, max_km)
    if lo == 0.0:
        return ring_shape(lat, lon, hi, max_error_km=max_error_km)
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


@lru_cache(maxsize=1)
def _equal_area() -> Transformer:
    """lon/lat -> Lambert cylindrical equal-area on WGS84, metres (built once per process)."""
    return Transformer.from_crs("EPSG:4326", "+proj=cea +ellps=WGS84 +lat_ts=0 +units=m", always_xy=True)


def area_km2(geom: BaseGeometry | dict | None) -> float:
    """Area of a lon/lat geometry (shapely or GeoJSON dict) on the WGS84 ellipsoid, km^2.

    Edges are taken as drawn, straight in lon/lat: the geometry is densified to 0.25 degree and
    measured in the ellipsoidal Lambert cylindrical equal-area projection, which is exact for
    meridians and parallels (so shapes closed along the antimeridian or over a pole, where
    Karney's polygon area cannot tell which side is meant, come out right).
    """
    if geom is None:
        return 0.0
    if isinstance(geom, dict):
        geom = shape(geom)
    if geom.is_empty:
        return 0.0
    cea = _equal_area()
    dense = shapely.segmentize(geom, 0.25)
    projected = shapely.transform(dense, lambda xy: np.column_stack(cea.transform(xy[:, 0], xy[:, 1])))
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
    lat: float,
    lon: float,
    radii_km: Sequence[float],
    *,
    outline: bool = False,
    points: int | None = None,
    max_error_km: float | None = 1.0,
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
    points, max_error_km
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
            geometry = ring_line(lat, lon, r, points=points, max_error_km=max_error_km)
        else:
            geometry = ring(lat, lon, r, points, max_error_km=max_error_km)
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
    lo, hi = check_band_km(min_km, max_km)
    shape_ = band_shape(lat, lon, lo, hi, max_error_km=max_error_km)
    return {
        "type": "Feature",
        "geometry": to_geojson(shape_),
        "properties": {
            "kind": "band",
            "min_km": lo,
            "max_km": hi,
            "label": label or f"{_label(lo)} - {_label(hi)}",
            "center": [lat, lon],
            "area_km2": round(area_km2(shape_), 1),
            "source": SOURCE,
        },
    }


def class_bands(
    lat: float, lon: float, classes: Sequence[tuple[str, float, float]] = MISSILE_CLASSES
) -> list[dict]:
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


__all__ = [
    "MISSILE_CLASSES",
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
]
