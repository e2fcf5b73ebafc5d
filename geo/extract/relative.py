"""Relative positions: "60 nautical miles southeast of Aden", "40 km north of Kharkiv", "off the coast of Hodeidah".

A distance and a compass direction from a named place give a point by geodesy (the
destination on the WGS84 ellipsoid, :data:`geo.geodesy._core.WGS84`, Karney's algorithm);
"off (the coast of) X" gives an area round X. Each position carries an uncertainty radius
derived from the wording (the rule is stated in docs/extract.md, *Relative positions*):

- a compass word names a sector: an 8-point word ("southeast") is +-22.5 deg, a 16-point word
  ("north-northeast") +-11.25 deg, so the lateral error is ``d * sin(half-width)``;
- the distance itself: +-15 % when hedged ("about", "some", "approximately", "roughly",
  "around", "nearly", "up to", "more than"), else +-5 % (news rounds figures);
- the two add in quadrature, plus the extent of the named place (5 km for a town, 25 km for a
  province or region, 0 for a facility);
- "N km from X" with no direction: the point is X and the radius is ``1.1 d`` (a disc that
  holds the ring);
- "off (the coast of) X", "off X": the point is X and the radius is ``OFF_COAST_KM`` (50 km:
  news uses "off" for waters within a few tens of kilometres of the coast; the 12 nautical mile
  territorial sea is 22 km).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from geo.extract.patterns import ci

NMI_KM = 1.852
MILE_KM = 1.609344
OFF_COAST_KM = 50.0
HEDGED_SHARE = 0.15
PLAIN_SHARE = 0.05

_POINTS = {
    "north": 0.0, "north-northeast": 22.5, "northeast": 45.0, "east-northeast": 67.5, "east": 90.0,
    "east-southeast": 112.5, "southeast": 135.0, "south-southeast": 157.5, "south": 180.0,
    "south-southwest": 202.5, "southwest": 225.0, "west-southwest": 247.5, "west": 270.0,
    "west-northwest": 292.5, "northwest": 315.0, "north-northwest": 337.5,
}
_DIR = r"(?:north|south|east|west)(?:-?(?:north|south|east|west)){0,2}"
_UNIT = r"(?P<unit>nautical miles?|nmi|nm|NM|kilometres?|kilometers?|km|miles?|mi)"
_HEDGE = r"(?P<hedge>about|some|approximately|approx\.|roughly|around|nearly|almost|up to|more than|over|less than|under|an estimated)"
_RELATIVE = ci(
    rf"(?:{_HEDGE}\s+)?(?P<num>\d+(?:[.,]\d+)?)\s*(?:-\s*)?{_UNIT}\s+(?:\((?:[^)]{{0,20}})\)\s+)?(?:(?P<dir>{_DIR})(?:ern)?\s+of|(?P<from>from|away from|off))\s+(?:the\s+)?(?:(?:port|city|town|coast|island|village)\s+(?:of\s+)?)?$"
)
_OFF = ci(r"\boff\s+(?:the\s+)?(?:(?:(?:north|south|east|west)(?:ern)?\s+)?(?:coast|shore|coastline)\s+of\s+(?:the\s+)?)?(?:(?:[\w-]+\s+)?(?:port|port city|city|town|island)\s+(?:of\s+)?)?$")
_EXTENT_KM = {"facility": 0.0, "admin1": 25.0, "region": 25.0, "country": 100.0}


@dataclass(frozen=True)
class RelativePosition:
    """A position measured from a named place; ``start`` is where its words begin (in the sentence given)."""

    text: str
    start: int
    lat: float
    lon: float
    uncertainty_km: float
    bearing_deg: float | None
    distance_km: float | None


def bearing_of(word: str) -> tuple[float, float] | None:
    """``(bearing_deg, half_width_deg)`` of a compass word ("southeast" -> (135, 22.5)), or None."""
    key = word.lower().replace(" ", "")
    key = re.sub(r"ern$", "", key)
    plain = key.replace("-", "")
    for name, deg in _POINTS.items():
        if name.replace("-", "") == plain:
            half = 11.25 if "-" in name else 22.5  # 16-point words ("north-northeast") name a narrower sector
            return deg, half
    return None


def destination(lat: float, lon: float, bearing_deg: float, distance_km: float) -> tuple[float, float]:
    """The point ``distance_km`` from ``(lat, lon)`` along ``bearing_deg`` on the WGS84 ellipsoid."""
    from geo.geodesy._core import WGS84

    x, y, _ = WGS84.fwd(lon, lat, bearing_deg, distance_km * 1000.0)
    return float(y), float(((x + 180.0) % 360.0) - 180.0)


def _km(num: str, unit: str) -> float:
    value = float(num.replace(",", ""))
    u = unit.lower()
    if u.startswith("n"):
        return value * NMI_KM
    if u.startswith("mi"):
        return value * MILE_KM
    return value


def position_before(sentence: str, start: int, lat: float, lon: float, feature: str | None = None) -> RelativePosition | None:
    """The relative position whose words end right before a place named at ``sentence[start:]``.

    Parameters
    ----------
    sentence : str
        The sentence; ``start`` is the offset of the anchor place's name in it.
    lat, lon : float
        The anchor place's coordinates, degrees.
    feature : str, optional
        The anchor's kind (city, admin1, facility...), for its extent.
    """
    before = sentence[max(0, start - 90):start]
    offset = max(0, start - 90)
    extent = _EXTENT_KM.get(feature or "", 5.0)
    m = _RELATIVE.search(before)
    if m:
        d = _km(m.group("num"), m.group("unit"))
        radial = (HEDGED_SHARE if m.group("hedge") else PLAIN_SHARE) * d
        begin = offset + m.start()
        if m.group("dir"):
            b = bearing_of(m.group("dir"))
            if b is not None:
                bearing, half = b
                plat, plon = destination(lat, lon, bearing, d)
                lateral = d * math.sin(math.radians(half))
                unc = math.hypot(lateral, radial) + extent
                return RelativePosition(sentence[begin:start], begin, plat, plon, round(unc, 1), bearing, round(d, 3))
        if m.group("from"):
            return RelativePosition(sentence[begin:start], begin, lat, lon, round(1.1 * d + extent, 1), None, round(d, 3))
    m = _OFF.search(before)
    if m:
        begin = offset + m.start()
        return RelativePosition(sentence[begin:start], begin, lat, lon, OFF_COAST_KM + extent, None, None)
    return None
