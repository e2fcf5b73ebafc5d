"""What lies beyond a country seen from a launch site: where a missile that "flew over Japan"
can have come down.

A flight over a country ends beyond it, on the far side as seen from the launch site. The
*shadow* of the country is approximated part by part (each polygon of its Natural Earth
shape, public domain): the convex hull of the part's vertices and of the same vertices carried
on along their bearing from the site to ``reach_km``. It holds every point whose bearing
from the site meets the part and that lies beyond the part's near side; the hull adds a little
on the concave sides (a few tens of km for Honshu's curve), which is said where it is used.
"""

from __future__ import annotations

import numpy as np
from shapely.geometry import MultiPoint, Point, Polygon
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

from geo.geodesy._core import WGS84


def country_shadow(lat: float, lon: float, country_code: str, reach_km: float) -> BaseGeometry:
    """The part of the world beyond a country as seen from ``(lat, lon)``, out to ``reach_km``
    (lon/lat shape); empty when the country is unknown, is where the site is, or the shadow
    would cross the antimeridian.

    Parameters
    ----------
    lat, lon : float
        The launch site (or the reference point of the launch area), degrees.
    country_code : str
        ISO 3166 alpha-2 of the country flown over.
    reach_km : float
        How far the shadow reaches from the site, km (the band's outer edge).
    """
    from geo.naturalearth import load_shapes

    props, geoms = load_shapes("countries")
    shape = next((g for p, g in zip(props, geoms) if (p.get("iso_a2") or "").upper() == country_code.upper()), None)
    if shape is None or shape.is_empty:
        return Polygon()
    if shape.covers(Point(lon, lat)):
        return Polygon()  # launched from inside it: "over" says nothing of the direction
    hulls = []
    for part in getattr(shape, "geoms", [shape]):
        xs, ys = np.asarray(part.exterior.coords.xy)
        n = xs.size
        az, _, d = WGS84.inv(np.full(n, lon), np.full(n, lat), xs, ys)
        if (d / 1000.0 >= reach_km).all():
            continue  # the band ends before this part: nothing beyond it within reach
        fx, fy, _ = WGS84.fwd(np.full(n, lon), np.full(n, lat), az, np.full(n, reach_km * 1000.0))
        if np.abs(fx - lon).max() > 180.0:
            return Polygon()  # the shadow crosses the antimeridian: not drawn
        hulls.append(MultiPoint(list(zip(np.concatenate((xs, fx)), np.concatenate((ys, fy))))).convex_hull)
    return unary_union(hulls) if hulls else Polygon()


__all__ = ["country_shadow"]
