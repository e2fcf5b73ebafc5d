"""Exclusive economic zones and territorial waters, approximated from Natural Earth land.

No EEZ boundary set is available to this project offline, so a zone is *approximated*: every point within
:data:`EEZ_NM` nautical miles (UNCLOS art. 57) of the country's Natural Earth polygon
(public domain), or :data:`TERRITORIAL_NM` for territorial waters (art. 3). The
approximation ignores the median lines agreed between neighbours (the Sea of Japan is
shared: Japan's real EEZ stops short of 200 nmi towards Korea and Russia) and baselines,
and uses Natural Earth's simplified coast; it is right where a report needs it, far from
the boundary, and wrong within tens of km of it.

The buffer is made in an azimuthal equidistant projection centred on the country, where a
distance of 370 km is kept to about 1 % within 1,500 km of the centre.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry import Polygon
from shapely.geometry.base import BaseGeometry

#: Breadth of an exclusive economic zone, nautical miles (UNCLOS art. 57).
EEZ_NM = 200.0
#: Breadth of territorial waters, nautical miles (UNCLOS art. 3).
TERRITORIAL_NM = 12.0
NM_KM = 1.852


@lru_cache(maxsize=32)
def maritime_zone(country_code: str, breadth_nm: float = EEZ_NM) -> BaseGeometry:
    """Every point within ``breadth_nm`` nautical miles of a country's land (lon/lat shape,
    land included); an empty polygon when the country is unknown or spans the antimeridian.

    Parameters
    ----------
    country_code : str
        ISO 3166 alpha-2 ("JP").
    breadth_nm : float
        :data:`EEZ_NM` or :data:`TERRITORIAL_NM`, nautical miles.
    """
    from geo.naturalearth import load_shapes

    props, geoms = load_shapes("countries")
    shape = next((g for p, g in zip(props, geoms) if (p.get("iso_a2") or "").upper() == country_code.upper()), None)
    if shape is None or shape.is_empty:
        return Polygon()
    minx, _, maxx, _ = shape.bounds
    if maxx - minx > 180:
        return Polygon()
    c = shape.centroid
    aeqd = f"+proj=aeqd +lat_0={c.y} +lon_0={c.x} +datum=WGS84 +units=m"
    fwd = Transformer.from_crs("EPSG:4326", aeqd, always_xy=True)
    back = Transformer.from_crs(aeqd, "EPSG:4326", always_xy=True)

    def through(tr: Transformer):
        return lambda xy: np.column_stack(tr.transform(xy[:, 0], xy[:, 1]))

    buffered = shapely.transform(shape, through(fwd)).buffer(breadth_nm * NM_KM * 1000.0, quad_segs=16)
    out = shapely.transform(buffered, through(back))
    return out if out.is_valid else out.buffer(0)


__all__ = ["EEZ_NM", "TERRITORIAL_NM", "maritime_zone"]
