"""The bundled Natural Earth layers in ``data/naturalearth/``, read once per process.

Built by ``scripts/build_naturalearth.py`` (public domain data, naturalearthdata.com):
``land``, ``borders``, ``countries`` and ``seas`` (named marine polygons with ``name``,
``namealt``, ``featurecla``). The basemap, the land/sea tests of the geodesy, the
countries in range and reverse geocoding all read them through here.
"""

from __future__ import annotations

import json
from functools import lru_cache

from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from geo.errors import DataError
from geo.resources import data_path

DATA_DIR = data_path("naturalearth")
LAYERS = ("land", "borders", "countries", "seas")


@lru_cache(maxsize=None)
def load_layer(name: str) -> dict:
    """Return a bundled layer as a GeoJSON FeatureCollection (shared: do not modify it).

    Parameters
    ----------
    name : str
        ``"land"``, ``"borders"``, ``"countries"`` or ``"seas"``.

    Raises
    ------
    DataError
        The file is missing or not GeoJSON (rebuild with ``make data``).
    """
    path = DATA_DIR / f"{name}.geojson"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DataError(f"Natural Earth layer {path} cannot be read ({exc}); rebuild it with `make data`") from None
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise DataError(f"Natural Earth layer {path} is not a GeoJSON FeatureCollection")
    return data


@lru_cache(maxsize=None)
def load_shapes(name: str) -> tuple[tuple[dict, ...], tuple[BaseGeometry, ...]]:
    """A layer's feature properties and its geometries as valid shapely shapes (lon/lat).

    Simplification at build time leaves a few self-touching polygons; they are repaired
    here, once, so every predicate (contains, intersects, difference) can trust them.
    """
    features = load_layer(name)["features"]
    props = tuple(f["properties"] for f in features)
    geoms = tuple(g if g.is_valid else g.buffer(0) for g in (shape(f["geometry"]) for f in features))
    return props, geoms
