"""Where a launch may have started when the report names no located site: the launching
country's known launch area, as a few origins each with a spread.

A report often says "North Korea fired a ballistic missile" and nothing of where from. The
range band of such a launch is the set of points at the stated range from *some* point of the
country's launch area: the union of the bands of its origins, each widened by its spread
(a Minkowski sum, approximated cluster by cluster):

- a country with launch facilities in the bundled gazetteer (the CNS table's facilities,
  :meth:`geo.gazetteer.Gazetteer.launch_sites`) launches from one of them: the facilities
  are grouped greedily into clusters of radius :data:`CLUSTER_KM` around a seed facility;
  each cluster is ``(lat, lon, spread_km)``, its mean position and the greatest geodesic
  distance from there to one of its facilities;
- any other country launches from somewhere on its territory (Natural Earth countries,
  public domain): a grid of points inside the polygon, spaced so that at most
  :data:`MAX_ORIGINS` remain, each with the spread of half its cell's diagonal.

The spread widens the band on both sides (``[lo - spread, hi + spread]``): an honest, wider
zone, said so in the zone's basis. A country wider than :data:`MAX_SPREAD_KM` per origin
gives no zone (it would say nothing).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from shapely.geometry import Point

from geo.geodesy._core import WGS84

#: Launch facilities within this distance of a cluster's seed join its cluster, km.
CLUSTER_KM = 60.0
#: At most this many origins per country (the union of their bands is the costly step).
MAX_ORIGINS = 24
#: Origins wider than this say too little to draw a zone from, km.
MAX_SPREAD_KM = 400.0


@dataclass(frozen=True)
class Origins:
    """A country's launch area as origins.

    Attributes
    ----------
    country_code : str
        ISO 3166 alpha-2.
    points : tuple of (float, float, float)
        ``(lat, lon, spread_km)`` per origin.
    basis : str
        ``"launch_sites"`` (known facilities) or ``"territory"`` (the country's polygon).
    count : int
        How many facilities (or grid points) the origins stand for.
    """

    country_code: str
    points: tuple[tuple[float, float, float], ...]
    basis: str
    count: int

    @property
    def centre(self) -> tuple[float, float]:
        """``(lat, lon)``: the mean of the origins (a reference for directions and estimates)."""
        lats = [p[0] for p in self.points]
        lons = [p[1] for p in self.points]
        return float(np.mean(lats)), float(np.mean(lons))

    @property
    def max_spread_km(self) -> float:
        """The widest origin's spread, km."""
        return max(p[2] for p in self.points)

    def describe(self) -> str:
        """The basis in words, for the zone's note."""
        what = (f"{self.count} known launch facilities of {self.country_code}" if self.basis == "launch_sites"
                else f"the territory of {self.country_code} (Natural Earth)")
        return (f"launch site not located: the band is drawn from {what}, as {len(self.points)} origin(s) "
                f"each widened by its spread (up to {self.max_spread_km:,.0f} km)")


def _cluster(points: list[tuple[float, float]], radius_km: float) -> list[tuple[float, float, float]]:
    """Greedy clusters: each unassigned point seeds a cluster of the unassigned points within ``radius_km``."""
    left = list(points)
    out = []
    while left:
        s_lat, s_lon = left[0]
        n = len(left)
        _, _, d = WGS84.inv(np.full(n, s_lon), np.full(n, s_lat), np.array([p[1] for p in left]), np.array([p[0] for p in left]))
        near = [p for p, dist in zip(left, d) if dist / 1000.0 <= radius_km]
        left = [p for p, dist in zip(left, d) if dist / 1000.0 > radius_km]
        c_lat = float(np.mean([p[0] for p in near]))
        c_lon = float(np.mean([p[1] for p in near]))
        m = len(near)
        _, _, dd = WGS84.inv(np.full(m, c_lon), np.full(m, c_lat), np.array([p[1] for p in near]), np.array([p[0] for p in near]))
        out.append((round(c_lat, 5), round(c_lon, 5), round(float(dd.max()) / 1000.0, 1)))
    return out


def _territory_points(cc: str) -> list[tuple[float, float, float]]:
    from geo.naturalearth import load_shapes

    props, geoms = load_shapes("countries")
    shape = next((g for p, g in zip(props, geoms) if (p.get("iso_a2") or "").upper() == cc), None)
    if shape is None or shape.is_empty:
        return []
    minx, miny, maxx, maxy = shape.bounds
    if maxx - minx > 180:  # a country across the antimeridian (Russia, Fiji...): its bbox says nothing
        return []
    # a grid in degrees whose cells number about MAX_ORIGINS over the bounding box
    step = max(math.sqrt((maxx - minx) * (maxy - miny) / MAX_ORIGINS), 0.25)
    pts = []
    y = miny + step / 2
    while y < maxy:
        x = minx + step / 2
        while x < maxx:
            if shape.covers(Point(x, y)):
                pts.append((y, x))
            x += step
        y += step
    if not pts:
        c = shape.representative_point()
        pts = [(c.y, c.x)]
    out = []
    for lat, lon in pts:
        # half the diagonal of a cell: every point of the cell is within it of the cell's centre
        _, _, d = WGS84.inv(lon, lat, lon + step / 2, lat + step / 2)
        out.append((round(lat, 5), round(lon, 5), round(d / 1000.0, 1)))
    return out


@lru_cache(maxsize=64)
def country_origins(country_code: str | None) -> Origins | None:
    """The launch area of a country, or None when nothing is known of it (or it is too wide).

    Parameters
    ----------
    country_code : str
        ISO 3166 alpha-2 ("KP").
    """
    if not country_code:
        return None
    cc = country_code.upper()
    from geo.gazetteer import Gazetteer

    sites = [(p.lat, p.lon) for p in Gazetteer.default().launch_sites() if (p.country_code or "").upper() == cc]
    if sites:
        points, basis, count = _cluster(sites, CLUSTER_KM), "launch_sites", len(sites)
    else:
        points, basis = _territory_points(cc), "territory"
        count = len(points)
    if not points or max(p[2] for p in points) > MAX_SPREAD_KM:
        return None
    return Origins(cc, tuple(points), basis, count)


__all__ = ["CLUSTER_KM", "MAX_ORIGINS", "MAX_SPREAD_KM", "Origins", "country_origins"]
