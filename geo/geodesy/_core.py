"""Shared pieces of :mod:`geo.geodesy`: the ellipsoid, limits and input checks."""

from __future__ import annotations

import math

import numpy as np
from pyproj import Geod

from geo.coords import EARTH_MEAN_RADIUS_KM, check_lat_lon, wrap_lon
from geo.errors import InvalidInput

#: The WGS84 ellipsoid; ``Geod`` solves geodesics with Karney's algorithm (nanometre accuracy).
WGS84 = Geod(ellps="WGS84")

#: Largest radius we accept, km. The shortest distance to the antipode is 20,003.9 km (pole to
#: pole); beyond about 19,900 km the circle shrinks around the antipode into the cut locus of the
#: ellipsoid, where "all points at distance r" is no longer a simple closed curve.
MAX_RADIUS_KM = 19_900.0

#: Smallest radius we accept, km (one metre): below it a ring's vertices coincide in double
#: precision and the shape degenerates to nothing; no reported range is that short.
MIN_RADIUS_KM = 0.001

#: Mean Earth radius, km; only for first guesses (vertex counts, coarse filters), never for results.
R_MEAN_KM = EARTH_MEAN_RADIUS_KM

#: Area of the WGS84 ellipsoid, km^2.
EARTH_AREA_KM2 = 510_065_621.724

#: Where computed numbers come from, shown in map tooltips.
SOURCE = "WGS84 geodesic (pyproj Geod, Karney)"


def check_radius_km(radius_km: float, name: str = "radius") -> float:
    """Validate a geodesic radius given by a user.

    Parameters
    ----------
    radius_km : float
        Radius, km; at least :data:`MIN_RADIUS_KM` and at most :data:`MAX_RADIUS_KM`.
    name : str
        What to call the value in the error message.

    Returns
    -------
    float
        The radius, km.

    Raises
    ------
    InvalidInput
        If the value is not a number or is out of range.
    """
    try:
        r = float(radius_km)
    except (TypeError, ValueError):
        raise InvalidInput(f"{name} {radius_km!r} km is not a number") from None
    if not math.isfinite(r) or not MIN_RADIUS_KM <= r <= MAX_RADIUS_KM:
        raise InvalidInput(f"{name} {radius_km!r} km is outside {MIN_RADIUS_KM}..{MAX_RADIUS_KM:.0f} km")
    return r


def check_max_error_km(max_error_km: float | None) -> float | None:
    """Validate the allowed deviation of drawn lines from the true curve, km (None: no limit)."""
    if max_error_km is None:
        return None
    try:
        e = float(max_error_km)
    except (TypeError, ValueError):
        raise InvalidInput(f"max error {max_error_km!r} km is not a number") from None
    if not math.isfinite(e) or not 0.001 <= e <= 1000.0:
        raise InvalidInput(f"max error {max_error_km!r} km is outside 0.001..1000 km")
    return e


def check_band_km(min_km: float | None, max_km: float) -> tuple[float, float]:
    """Validate a range band (annulus) given by a user.

    Parameters
    ----------
    min_km : float or None
        Inner radius, km; 0 or None for a full disc.
    max_km : float
        Outer radius, km; above ``min_km`` and at most :data:`MAX_RADIUS_KM`.

    Returns
    -------
    tuple of float
        ``(min_km, max_km)``, km.

    Raises
    ------
    InvalidInput
        Naming the value that is not a number, out of range, or not in order.
    """
    hi = check_radius_km(max_km, "band maximum")
    try:
        lo = 0.0 if min_km is None else float(min_km)
    except (TypeError, ValueError):
        raise InvalidInput(f"band minimum {min_km!r} km is not a number") from None
    if lo != 0.0:
        lo = check_radius_km(lo, "band minimum")
    if not lo < hi:
        raise InvalidInput(f"band minimum {min_km!r} km is not below the maximum {max_km!r} km")
    return lo, hi


def check_bearing_deg(bearing_deg: float, name: str = "bearing") -> float:
    """Validate a bearing (azimuth clockwise from north), degrees; returned in [0, 360)."""
    try:
        b = float(bearing_deg)
    except (TypeError, ValueError):
        raise InvalidInput(f"{name} {bearing_deg!r} is not a number of degrees") from None
    if not math.isfinite(b) or not -360.0 <= b <= 360.0:
        raise InvalidInput(f"{name} {bearing_deg!r} is outside -360..360 degrees")
    return b % 360.0


def wrap180(lon: np.ndarray | float) -> np.ndarray | float:
    """Longitude differences wrapped into [-180, 180), degrees (:func:`geo.coords.wrap_lon` on arrays)."""
    return wrap_lon(np.asarray(lon, dtype=float))


def mercator_y(lat: np.ndarray) -> np.ndarray:
    """Web Mercator ``y`` (radians of the unit sphere) of a latitude, degrees; clamped off the poles."""
    lat = np.clip(np.asarray(lat, dtype=float), -89.999999, 89.999999)
    return np.log(np.tan(np.pi / 4.0 + np.radians(lat) / 2.0))


def mercator_lat(y: np.ndarray) -> np.ndarray:
    """Inverse of :func:`mercator_y`, degrees."""
    return np.degrees(2.0 * np.arctan(np.exp(y)) - np.pi / 2.0)


__all__ = [
    "WGS84",
    "MAX_RADIUS_KM",
    "SOURCE",
    "check_lat_lon",
    "check_radius_km",
    "check_max_error_km",
    "check_band_km",
    "check_bearing_deg",
    "wrap180",
    "mercator_y",
    "mercator_lat",
]
