"""What lies within a geodesic radius: populated places (with population), capitals, countries.

Places come from the gazetteer (its populated places: GeoNames cities and capitals, CC BY 4.0) unless the caller passes its own list; countries from the bundled Natural
Earth 1:110m admin-0 polygons (public domain). Distances are geodesic on WGS84.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Sequence

import numpy as np
import shapely
from shapely import STRtree
from shapely.geometry import Point

from geo.coords import haversine_km
from geo.errors import InvalidInput
from geo.gazetteer import Gazetteer
from geo.geodesy._core import WGS84, check_lat_lon, check_radius_km
from geo.geodesy.circles import ring_shape
from geo.naturalearth import load_shapes


def _get(p: Any, key: str, default=None):
    return p.get(key, default) if isinstance(p, dict) else getattr(p, key, default)


class _GazetteerPlaces:
    """The gazetteer's records by position; each is built as a ``Place`` only when asked for."""

    def __init__(self, gz: Gazetteer, records: np.ndarray) -> None:
        self._gz, self._records = gz, records

    def __len__(self) -> int:
        return int(self._records.size)

    def __getitem__(self, i: int) -> Any:
        return self._gz.place(int(self._records[i]))


@lru_cache(maxsize=1)
def _default_places() -> tuple[_GazetteerPlaces, np.ndarray, np.ndarray]:
    """The gazetteer's populated places (feature "city" or "capital", as ``populated_places()``)
    with their coordinates as columns: building all 170,000 Places would take most of a second
    where a query needs a few hundred."""
    gz = Gazetteer.default()
    cols = gz.places_arrays()
    codes = [k for k, f in enumerate(cols["features"]) if f in ("city", "capital")]
    records = np.nonzero(np.isin(cols["feature"], codes))[0]
    return _GazetteerPlaces(gz, records), cols["lat"][records], cols["lon"][records]


def in_range(
    lat: float,
    lon: float,
    radius_km: float,
    places: Sequence[Any] | None = None,
    *,
    min_population: int = 0,
    features: Sequence[str] | None = None,
    limit: int | None = None,
) -> list[dict]:
    """Places within ``radius_km`` (geodesic, WGS84) of a point, nearest first.

    Parameters
    ----------
    lat, lon : float
        Centre, degrees.
    radius_km : float
        Radius, km.
    places : sequence, optional
        Places to consider: gazetteer ``Place`` objects or dicts with ``name``, ``lat``, ``lon``
        and optionally ``country_code``, ``feature``, ``population``. Default: the gazetteer's
        populated places (cities and capitals).
    min_population : int
        Leave out places with fewer people.
    features : sequence of str, optional
        Keep only these features (e.g. ``["capital"]``).
    limit : int, optional
        At most this many, nearest first.

    Returns
    -------
    list of dict
        ``{"name", "lat", "lon", "country_code", "feature", "population", "distance_km"}``,
        sorted by ``distance_km`` (km, rounded to 0.1).
    """
    lat, lon = check_lat_lon(lat, lon)
    radius_km = check_radius_km(radius_km)
    if limit is not None and (isinstance(limit, bool) or int(limit) < 1):
        raise InvalidInput(f"limit {limit!r} must be a positive whole number")
    if places is None:
        items, lats, lons = _default_places()
    else:
        items = tuple(places)
        try:
            lats = np.array([float(_get(p, "lat")) for p in items], dtype=float)
            lons = np.array([float(_get(p, "lon")) for p in items], dtype=float)
        except (TypeError, ValueError):
            raise InvalidInput("every place needs numeric lat and lon") from None
    if not items:
        return []
    # A spherical pre-filter with a margin wider than the sphere/ellipsoid difference (< 0.6 %)
    # leaves few places for the exact ellipsoidal distances.
    near = np.nonzero(haversine_km(lat, lon, lats, lons) <= radius_km * 1.01 + 1.0)[0]
    if near.size == 0:
        return []
    _, _, d_m = WGS84.inv(np.full(near.size, lon), np.full(near.size, lat), lons[near], lats[near])
    d_km = np.asarray(d_m) / 1000.0
    wanted = set(features) if features else None
    out = []
    for i, d in zip(near, d_km):
        if d > radius_km:
            continue
        p = items[i]
        pop = int(_get(p, "population", 0) or 0)
        feat = _get(p, "feature", None)
        if pop < min_population or (wanted is not None and feat not in wanted):
            continue
        out.append({"name": _get(p, "name"), "lat": float(lats[i]), "lon": float(lons[i]),
                    "country_code": _get(p, "country_code"), "feature": feat, "population": pop,
                    "distance_km": round(float(d), 1)})  # fmt: skip
    out.sort(key=lambda r: (r["distance_km"], -r["population"]))
    return out[: int(limit)] if limit is not None else out


@lru_cache(maxsize=1)
def _countries() -> tuple[tuple[dict, ...], tuple, STRtree]:
    props, geoms = load_shapes("countries")
    return props, geoms, STRtree(geoms)


def countries_in_range(lat: float, lon: float, radius_km: float) -> list[dict]:
    """Countries whose territory (Natural Earth 1:110m) comes within ``radius_km``, nearest first.

    Returns
    -------
    list of dict
        ``{"name", "iso_a2", "iso_a3", "feature": "country", "distance_km"}``; ``distance_km`` is
        0 for the country the centre lies in, else the geodesic distance to its nearest border
        point (boundary sampled every 0.05 degree, so to within a few km).
    """
    lat, lon = check_lat_lon(lat, lon)
    radius_km = check_radius_km(radius_km)
    disc = ring_shape(lat, lon, radius_km)
    props, geoms, tree = _countries()
    centre = Point(lon, lat)
    out = []
    for i in tree.query(disc, predicate="intersects"):
        g = geoms[i]
        if g.contains(centre):
            d = 0.0
        else:
            xy = shapely.get_coordinates(shapely.segmentize(g.boundary, 0.05))
            _, _, dm = WGS84.inv(np.full(len(xy), lon), np.full(len(xy), lat), xy[:, 0], xy[:, 1])
            d = float(np.min(dm)) / 1000.0
        p = props[i]
        out.append({"name": p.get("name"), "iso_a2": p.get("iso_a2"), "iso_a3": p.get("iso_a3"),
                    "feature": "country", "distance_km": round(min(d, radius_km), 1)})  # fmt: skip
    out.sort(key=lambda r: (r["distance_km"], r["name"] or ""))
    return out


__all__ = ["in_range", "countries_in_range"]
