"""Centres of divisions computed from their area, not from where people live.

A gazetteer lists towns with the division they belong to, but not the
division's shape. Readers, GeoNames and Wikipedia put a division at the middle
of its territory: Queensland at 23 S 143 E, not near Brisbane; Ontario at
50 N 85 W, not near Toronto. We rebuild each territory from the towns: the land
(Natural Earth 1:50m) is cut into cells of ``RES_DEG`` degrees, each cell goes to
the division of its nearest town (a Voronoi partition of the land on the
sphere), and a division's centre is the area-weighted mean of its cells,
projected back onto the sphere. Empty interiors (the outback, the Canadian
north) then count as much as the settled coast.

Build-time only (needs SciPy's k-d tree); see ``build_geoparse_data.py``.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Hashable, Sequence
from pathlib import Path

import numpy as np

RES_DEG = 0.1  # about 11 km: several cells even for a small US county
# A town none of whose nearest neighbours is of its own division is more often mis-coded than
# a true enclave (Hebei towns listed on the Tibetan plateau); in empty land its cells would
# make a large area.
STRAY_NEIGHBOURS = 8
STRAY_MIN_TOWNS = 20  # in a division of few towns, a town alone among others' is normal


def _unit_vectors(lat_deg: np.ndarray, lon_deg: np.ndarray) -> np.ndarray:
    la, lo = np.radians(lat_deg), np.radians(lon_deg)
    return np.column_stack([np.cos(la) * np.cos(lo), np.cos(la) * np.sin(lo), np.sin(la)])


def spherical_mean(lat_deg, lon_deg, weights=None) -> tuple[float, float]:
    """The weighted mean of points on the sphere (of their unit vectors), degrees.

    Parameters
    ----------
    lat_deg, lon_deg : array_like
        The points, degrees.
    weights : array_like, optional
        One weight per point (an area, say); equal weights when None.
    """
    v = _unit_vectors(np.asarray(lat_deg, dtype=float), np.asarray(lon_deg, dtype=float))
    w = np.ones(len(v)) if weights is None else np.asarray(weights, dtype=float)
    x, y, z = (v * w[:, None]).sum(axis=0) / np.linalg.norm((v * w[:, None]).sum(axis=0))
    return float(np.degrees(np.arcsin(z))), float(np.degrees(np.arctan2(y, x)))


def land_cells(land_geojson: Path, res_deg: float = RES_DEG) -> tuple[np.ndarray, np.ndarray]:
    """Centres of the grid cells on land, as unit vectors, and each cell's relative area.

    Parameters
    ----------
    land_geojson : Path
        Natural Earth land polygons (GeoJSON).
    res_deg : float
        Cell size in degrees of latitude and longitude.

    Returns
    -------
    cells : ndarray, shape (n, 3)
        Unit vectors of the cell centres.
    weights : ndarray, shape (n,)
        Cell areas relative to an equatorial cell (cos of latitude).
    """
    import shapely
    from shapely.geometry import shape

    features = json.loads(land_geojson.read_text(encoding="utf-8"))["features"]
    land = shapely.union_all([shape(f["geometry"]) for f in features])
    shapely.prepare(land)
    lats = np.arange(-90 + res_deg / 2, 90, res_deg)
    lons = np.arange(-180 + res_deg / 2, 180, res_deg)
    grid_lon, grid_lat = np.meshgrid(lons, lats)
    on_land = shapely.contains_xy(land, grid_lon.ravel(), grid_lat.ravel())
    lat, lon = grid_lat.ravel()[on_land], grid_lon.ravel()[on_land]
    return _unit_vectors(lat, lon), np.cos(np.radians(lat))


def _strays(tree, pts_xyz: np.ndarray, keys: Sequence[Hashable | None]) -> np.ndarray:
    """True for each town none of whose ``STRAY_NEIGHBOURS`` nearest towns shares its division."""
    _, near = tree.query(pts_xyz, k=STRAY_NEIGHBOURS + 1)  # the first is the town itself
    ids: dict = {}
    labels = np.array([ids.setdefault(k, len(ids)) for k in keys])
    size = Counter(keys)
    has_key = np.array([k is not None and size[k] >= STRAY_MIN_TOWNS for k in keys])
    same = (labels[near[:, 1:]] == labels[:, None]).any(axis=1)
    return has_key & ~same


def area_centres(cells: np.ndarray, weights: np.ndarray, places: Sequence[tuple[float, float]],
                 keys: Sequence[Hashable | None]) -> dict[Hashable, tuple[float, float]]:
    """The centre of the land nearest to each group of places.

    Parameters
    ----------
    cells, weights : ndarray
        From :func:`land_cells`.
    places : sequence of (lat, lon)
        Town positions in degrees.
    keys : sequence
        The division of each town; ``None`` for a town of no division (its cells count for none).
        A stray town, none of whose nearest towns is of its division, is left out.

    Returns
    -------
    dict
        key -> (lat, lon) in degrees, for every key that received at least one cell.
    """
    from scipy.spatial import cKDTree

    pts = np.asarray(places, dtype=float)
    xyz = _unit_vectors(pts[:, 0], pts[:, 1])
    stray = _strays(cKDTree(xyz), xyz, keys)
    xyz, keys = xyz[~stray], [k for k, s in zip(keys, stray) if not s]
    _, nearest = cKDTree(xyz).query(cells)
    uniq = sorted({k for k in keys if k is not None}, key=str)
    index = {k: i for i, k in enumerate(uniq)}
    label = np.array([index.get(k, -1) for k in keys])[nearest]
    keep = label >= 0
    sums = np.zeros((len(uniq), 3))
    np.add.at(sums, label[keep], cells[keep] * weights[keep, None])
    out = {}
    for k, i in index.items():
        norm = np.linalg.norm(sums[i])
        if norm > 0:
            x, y, z = sums[i] / norm
            out[k] = (float(np.degrees(np.arcsin(z))), float(np.degrees(np.arctan2(y, x))))
    return out
