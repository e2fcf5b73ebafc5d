"""Land and named seas from the bundled Natural Earth layers, indexed for shape queries.

``data/naturalearth/land.geojson`` (1:50m land, simplified at 0.03 degree) answers "at sea or on
land"; ``data/naturalearth/seas.geojson`` (1:10m marine polygons, simplified at 0.02 degree,
fields ``name``, ``namealt``, ``featurecla``) answers "which sea". Both are public domain
(naturalearthdata.com) and are built by ``scripts/build_naturalearth.py``.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache

from shapely import STRtree, prepare
from shapely.geometry import Polygon
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

from geo.errors import InvalidInput
from geo.gazetteer.normalize import normalize
from geo.naturalearth import load_shapes

#: Words meaning "somewhere at sea" without naming a sea.
GENERIC_SEA = frozenset(
    {"sea", "the sea", "at sea", "ocean", "the ocean", "open sea", "the open sea", "waters", "the waters", "water"}
)

#: Names Natural Earth does not carry, mapped to one it does (normalised forms).
#: "West Sea" is the Korean name of the Yellow Sea; Natural Earth has no separate Korea Bay
#: polygon (it lies inside its Yellow Sea); "Japan Sea"/"East Sea of Korea" are common variants.
ALIASES: dict[str, tuple[str, ...]] = {
    "west sea": ("yellow sea",),
    "korea bay": ("yellow sea",),
    "west korea bay": ("yellow sea",),
    "japan sea": ("sea of japan",),
    "east sea of korea": ("sea of japan",),
    "bohai": ("bo hai",),
    "bohai sea": ("bo hai",),
    "pacific": ("north pacific ocean", "south pacific ocean"),
    "pacific ocean": ("north pacific ocean", "south pacific ocean"),
    "atlantic": ("north atlantic ocean", "south atlantic ocean"),
    "atlantic ocean": ("north atlantic ocean", "south atlantic ocean"),
}


@dataclass(frozen=True)
class Sea:
    """One Natural Earth marine polygon: ``name``, ``namealt`` (or None), ``featurecla``, ``geometry``."""

    name: str
    namealt: str | None
    featurecla: str
    geometry: BaseGeometry


def normalise_sea_name(text: str) -> str:
    """Fold as the gazetteer does (:func:`geo.gazetteer.normalize`: case, accents, apostrophes,
    punctuation, spacing) and drop a leading "the": "The  East-Sea" -> "east sea"."""
    return re.sub(r"^the\s+", "", normalize(str(text)))


@lru_cache(maxsize=1)
def land_index() -> tuple[list[BaseGeometry], STRtree]:
    """Land polygons (prepared for fast predicates) and an STRtree over them."""
    geoms = list(load_shapes("land")[1])
    for g in geoms:
        prepare(g)
    return geoms, STRtree(geoms)


@lru_cache(maxsize=1)
def sea_index() -> tuple[list[Sea], STRtree]:
    """Named marine polygons and an STRtree over their geometries."""
    seas = []
    for p, g in zip(*load_shapes("seas")):
        seas.append(Sea(p["name"], p.get("namealt"), p.get("featurecla") or "", g))
    return seas, STRtree([s.geometry for s in seas])


def land_within(geom: BaseGeometry) -> BaseGeometry:
    """The union of the land polygons that meet ``geom`` (lon/lat)."""
    geoms, tree = land_index()
    idx = tree.query(geom, predicate="intersects")
    return unary_union([geoms[i] for i in idx]) if len(idx) else Polygon()


def is_generic_sea(name: str | None) -> bool:
    """True for "the sea", "at sea", "ocean"... (any water), False for a named sea."""
    return name is not None and normalise_sea_name(name) in GENERIC_SEA


def find_seas(name: str) -> list[Sea]:
    """The marine polygons a sea name means, matched on ``name`` and ``namealt``.

    Matching ignores case, accents, punctuation and a leading "the"; "Sea of Japan (East Sea)"
    matches on either part; a few names Natural Earth lacks are mapped by :data:`ALIASES`.

    Raises
    ------
    InvalidInput
        If nothing matches, naming the value and the closest known names.
    """
    seas, _ = sea_index()
    wanted = {normalise_sea_name(name)}
    wanted |= {normalise_sea_name(p) for p in re.split(r"[()/]", str(name)) if p.strip()}
    for w in list(wanted):
        wanted.update(ALIASES.get(w, ()))
    found = [s for s in seas if normalise_sea_name(s.name) in wanted or (s.namealt and normalise_sea_name(s.namealt) in wanted)]
    if not found:
        known = sorted({normalise_sea_name(s.name) for s in seas} | {normalise_sea_name(s.namealt) for s in seas if s.namealt})
        close = difflib.get_close_matches(normalise_sea_name(name), known, n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise InvalidInput(f"unknown sea {name!r}: not a Natural Earth sea name{hint}")
    return found


def seas_meeting(geom: BaseGeometry) -> list[Sea]:
    """Named marine polygons that intersect ``geom``."""
    seas, tree = sea_index()
    return [seas[i] for i in tree.query(geom, predicate="intersects")]


__all__ = [
    "Sea",
    "GENERIC_SEA",
    "ALIASES",
    "normalise_sea_name",
    "land_index",
    "sea_index",
    "land_within",
    "is_generic_sea",
    "find_seas",
    "seas_meeting",
]
