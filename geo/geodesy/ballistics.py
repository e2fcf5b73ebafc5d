"""Ballistic flight after burnout on a spherical, rotating Earth with no atmosphere.

The model, step by step (docs/ballistics.md says why each choice was made):

1. **Powered flight** is not integrated. It ends at *burnout*: a point ``burnout_alt_km``
   above the ground, ``powered_range_km`` along the launch bearing from the site. There the
   missile has a speed ``v`` and an elevation angle ``e`` (above the local horizontal), both
   *relative to the rotating ground*, which is what a rocket motor provides.
2. **The ballistic arc** from burnout is a Kepler ellipse about the Earth's centre
   (two-body problem, ``mu = GM``). In the inertial frame the velocity is the relative one
   plus the ground's own speed there, ``omega x r`` (0.36 km/s eastwards at 39 deg N).
3. **Impact** is where the ellipse comes back down to the surface (radius ``R``). The
   Earth turns by ``omega * t`` during the ``t`` seconds of the arc, so the point struck on
   the rotating Earth lies that much further west than the inertial impact point.
4. **Ground range** is the great-circle distance from the launch site to that point, on the
   sphere of mean radius ``R`` (6,371 km).

Everything is vectorised with numpy: pass arrays of bearings, speeds or angles and get arrays
back. The non-rotating case (``rotating=False``) drops step 2's ``omega x r`` and step 3's turn.

Units: km, s, km/s, degrees at the interface; radians inside.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from geo.errors import InvalidInput

#: Earth's gravitational parameter GM, km^3/s^2 (WGS84 / IERS value).
MU_KM3_S2 = 398_600.4418
#: Mean Earth radius, km (IUGG); the model's Earth is a sphere of this radius.
R_EARTH_KM = 6_371.0088
#: Earth's sidereal rotation rate, rad/s (WGS84).
OMEGA_RAD_S = 7.292115e-5


def circular_speed_kms(alt_km: float | np.ndarray) -> float | np.ndarray:
    """Speed of a circular orbit at altitude ``alt_km`` (km), km/s: ``sqrt(mu / r)``.

    A burnout speed at or above it would orbit rather than come down: no "range" exists.
    """
    return np.sqrt(MU_KM3_S2 / (R_EARTH_KM + np.asarray(alt_km, dtype=float)))


def _unit(lat_rad: np.ndarray, lon_rad: np.ndarray) -> np.ndarray:
    """Unit vectors (..., 3) in the Earth-fixed frame (z to the north pole) of (lat, lon)."""
    cl = np.cos(lat_rad)
    return np.stack((cl * np.cos(lon_rad), cl * np.sin(lon_rad), np.sin(lat_rad)), axis=-1)


def _destination(lat_rad, lon_rad, bearing_rad, angle_rad):
    """The point ``angle_rad`` (central angle) from (lat, lon) along ``bearing_rad``, on the
    sphere, and the bearing of travel on arrival there (radians)."""
    sl, cl = np.sin(lat_rad), np.cos(lat_rad)
    sa, ca = np.sin(angle_rad), np.cos(angle_rad)
    lat2 = np.arcsin(np.clip(sl * ca + cl * sa * np.cos(bearing_rad), -1.0, 1.0))
    lon2 = lon_rad + np.arctan2(np.sin(bearing_rad) * sa * cl, ca - sl * np.sin(lat2))
    # the forward bearing at the destination is the reverse of the bearing back to the start, plus pi
    back = np.arctan2(np.sin(lon_rad - lon2) * cl,
                      np.cos(lat2) * sl - np.sin(lat2) * cl * np.cos(lon_rad - lon2))
    # with no distance flown there is no "way back": keep the bearing as it was
    return lat2, lon2, np.where(angle_rad > 1e-12, back + np.pi, bearing_rad)


def central_angle(lat1, lon1, lat2, lon2):
    """Great-circle angle between points (radians in, radians out; haversine, stable when small)."""
    h = (np.sin((lat2 - lat1) / 2.0) ** 2
         + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2.0) ** 2)
    return 2.0 * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))


def initial_bearing(lat1, lon1, lat2, lon2):
    """Initial great-circle bearing from point 1 to point 2, radians clockwise from north."""
    y = np.sin(lon2 - lon1) * np.cos(lat2)
    x = np.cos(lat1) * np.sin(lat2) - np.sin(lat1) * np.cos(lat2) * np.cos(lon2 - lon1)
    return np.arctan2(y, x)


@dataclass(frozen=True)
class Arc:
    """Kepler arcs from burnout to the ground, one per element of the arrays.

    ``psi`` central angle flown from burnout to impact in the inertial frame (rad);
    ``tof_s`` time from burnout to impact (s); ``apogee_km`` highest altitude (km);
    ``normal`` unit angular-momentum vectors (..., 3); ``energy`` specific orbital
    energy (km^2/s^2, negative for a closed orbit); ``valid`` False where the orbit never
    comes down to the surface (an orbit, or an escape).
    """

    psi: np.ndarray
    tof_s: np.ndarray
    apogee_km: np.ndarray
    normal: np.ndarray
    energy: np.ndarray
    valid: np.ndarray


def kepler_arc(r_vec: np.ndarray, v_vec: np.ndarray) -> Arc:
    """The ballistic arc from a position and inertial velocity to the surface.

    Parameters
    ----------
    r_vec : numpy.ndarray, shape (..., 3)
        Position from the Earth's centre, km.
    v_vec : numpy.ndarray, shape (..., 3)
        Inertial velocity, km/s; its radial part must not be negative (burnout on the way up).

    Returns
    -------
    Arc
        Two-body conic: angular momentum ``h = r x v``, energy ``v^2/2 - mu/r``, semi-latus
        rectum ``p = h^2/mu``, eccentricity ``e``. Burnout sits at true anomaly ``theta_b``
        (ascending, in [0, pi]); impact at the descending crossing of ``r = R``,
        ``theta_i = 2 pi - arccos((p/R - 1)/e)``. Times from Kepler's equation through the
        eccentric anomaly.
    """
    r = np.linalg.norm(r_vec, axis=-1)
    v2 = np.sum(v_vec * v_vec, axis=-1)
    h_vec = np.cross(r_vec, v_vec)
    h = np.linalg.norm(h_vec, axis=-1)
    energy = v2 / 2.0 - MU_KM3_S2 / r
    p = h * h / MU_KM3_S2
    e = np.sqrt(np.maximum(1.0 + 2.0 * energy * p / MU_KM3_S2, 1e-30))
    closed = (energy < 0) & (e < 1.0)
    a = np.where(closed, -MU_KM3_S2 / (2.0 * np.where(energy < 0, energy, -1.0)), np.nan)
    cos_b = np.clip((p / r - 1.0) / e, -1.0, 1.0)
    theta_b = np.arccos(cos_b)  # radial speed >= 0: on the ascending half
    cos_i = (p / R_EARTH_KM - 1.0) / e
    comes_down = cos_i <= 1.0  # else perigee above the ground: it orbits
    theta_i = 2.0 * np.pi - np.arccos(np.clip(cos_i, -1.0, 1.0))
    psi = theta_i - theta_b
    # eccentric anomaly, continuous on [0, 2 pi) along the ellipse
    k = np.sqrt(np.where(closed, (1.0 - e) / (1.0 + e), 0.0))

    def ecc_anomaly(theta):
        big_e = 2.0 * np.arctan2(k * np.sin(theta / 2.0), np.cos(theta / 2.0))
        return np.mod(big_e, 2.0 * np.pi)

    eb, ei = ecc_anomaly(theta_b), ecc_anomaly(theta_i)
    mb, mi = eb - e * np.sin(eb), ei - e * np.sin(ei)
    tof = (mi - mb) * np.sqrt(np.where(closed, a, 1.0) ** 3 / MU_KM3_S2)
    apogee = np.where(closed, a * (1.0 + e), np.inf) - R_EARTH_KM
    normal = h_vec / np.maximum(h, 1e-12)[..., None]
    return Arc(psi=psi, tof_s=tof, apogee_km=apogee, normal=normal, energy=energy, valid=closed & comes_down)


@dataclass(frozen=True)
class Flight:
    """Where shots land. Arrays broadcast from :func:`fly`'s inputs.

    ``lat``/``lon`` impact point on the rotating Earth (degrees); ``range_km`` great-circle
    distance from the launch site (km); ``bearing_deg`` from the site to the impact point;
    ``tof_s`` seconds from burnout to impact; ``apogee_km`` highest altitude above the
    sphere; ``valid`` False where the arc never comes down.
    """

    lat: np.ndarray
    lon: np.ndarray
    range_km: np.ndarray
    bearing_deg: np.ndarray
    tof_s: np.ndarray
    apogee_km: np.ndarray
    valid: np.ndarray


def fly(lat: float | np.ndarray, lon: float | np.ndarray, bearing_deg, speed_kms, elevation_deg, *,
        burnout_alt_km=300.0, powered_range_km=0.0, rotating: bool = True) -> Flight:
    """Fly shots from a site: burnout state -> Kepler arc -> impact on the rotating Earth.

    Parameters
    ----------
    lat, lon : float or array
        Launch site, degrees.
    bearing_deg : float or array
        Launch bearing (azimuth of the burnout velocity relative to the ground), degrees from north.
    speed_kms : float or array
        Burnout speed relative to the ground, km/s.
    elevation_deg : float or array
        Burnout flight-path angle above the local horizontal, degrees (0..90).
    burnout_alt_km, powered_range_km : float or array
        Where powered flight ends: height above the ground, and ground distance from the
        site along ``bearing_deg``, km.
    rotating : bool
        Earth turning at :data:`OMEGA_RAD_S` (True), or a fixed Earth.

    Returns
    -------
    Flight
        All inputs broadcast together.
    """
    omega = OMEGA_RAD_S if rotating else 0.0
    lat0, lon0 = np.radians(lat), np.radians(lon)
    brg = np.radians(bearing_deg)
    lat0, lon0, brg, v, el, hb, dp = np.broadcast_arrays(
        lat0, lon0, brg, np.asarray(speed_kms, dtype=float), np.radians(elevation_deg),
        np.asarray(burnout_alt_km, dtype=float), np.asarray(powered_range_km, dtype=float))
    latb, lonb, brgb = _destination(lat0, lon0, brg, dp / R_EARTH_KM)
    up = _unit(latb, lonb)
    east = np.stack((-np.sin(lonb), np.cos(lonb), np.zeros_like(lonb)), axis=-1)
    north = np.cross(up, east)
    ce = np.cos(el)[..., None]
    v_rel = v[..., None] * (ce * (np.sin(brgb)[..., None] * east + np.cos(brgb)[..., None] * north)
                            + np.sin(el)[..., None] * up)
    r_vec = (R_EARTH_KM + hb)[..., None] * up
    # the ground under burnout moves with omega x r: the missile starts its arc with that speed too
    v_in = v_rel + omega * np.stack((-r_vec[..., 1], r_vec[..., 0], np.zeros_like(hb)), axis=-1)
    arc = kepler_arc(r_vec, v_in)
    # rotate burnout's direction by psi about the orbit normal (Rodrigues; up is normal to it)
    psi = arc.psi[..., None]
    u_i = np.cos(psi) * up + np.sin(psi) * np.cross(arc.normal, up)
    lat_i = np.arcsin(np.clip(u_i[..., 2], -1.0, 1.0))
    # the Earth turned east under the missile during the arc: the struck point is that far west
    lon_i = np.arctan2(u_i[..., 1], u_i[..., 0]) - omega * np.where(arc.valid, arc.tof_s, 0.0)
    lon_i = (lon_i + np.pi) % (2.0 * np.pi) - np.pi
    ang = central_angle(lat0, lon0, lat_i, lon_i)
    return Flight(lat=np.degrees(lat_i), lon=np.degrees(lon_i), range_km=ang * R_EARTH_KM,
                  bearing_deg=np.degrees(initial_bearing(lat0, lon0, lat_i, lon_i)) % 360.0,
                  tof_s=arc.tof_s, apogee_km=arc.apogee_km, valid=arc.valid)


def speed_for_apogee(apogee_km: float, elevation_deg, *, lat=0.0, lon=0.0, bearing_deg=90.0,
                     burnout_alt_km=300.0, rotating: bool = False) -> np.ndarray:
    """The burnout speed (relative to the ground, km/s) whose arc peaks at ``apogee_km``, per elevation.

    Closed form. At apogee the speed is horizontal, ``v_a = h / r_a``; energy and angular
    momentum are conserved from burnout (``r_b``) to apogee (``r_a``). With ``w`` the ground's
    speed at burnout (``omega x r``, horizontal, zero on a fixed Earth), ``d`` the relative
    velocity's direction, ``c = cos(elevation)``, ``q = d_h . w`` (``d_h`` its horizontal
    unit part) and ``k = (r_b / r_a)^2``::

        |v d + w|^2 / 2 - mu / r_b = k |v c d_h + w|^2 / 2 - mu / r_a
        => (1 - k c^2) v^2 + 2 c q (1 - k) v + (1 - k) w^2 - 2 mu (1/r_b - 1/r_a) = 0

    whose positive root is the speed. Burnout directly above the site (a lofted boost flies
    almost straight up). ``nan`` where the apogee is below burnout.
    """
    el = np.radians(np.asarray(elevation_deg, dtype=float))
    r_b = R_EARTH_KM + np.asarray(burnout_alt_km, dtype=float)
    r_a = R_EARTH_KM + np.asarray(apogee_km, dtype=float)
    k = (r_b / r_a) ** 2
    c = np.cos(el)
    omega = OMEGA_RAD_S if rotating else 0.0
    # the ground moves east at w = omega r cos(lat); q is its part along the horizontal direction of fire
    w = omega * r_b * np.cos(np.radians(lat))
    q = w * np.sin(np.radians(bearing_deg))
    qa = 1.0 - k * c * c
    qb = 2.0 * c * q * (1.0 - k)
    qc = (1.0 - k) * w * w - 2.0 * MU_KM3_S2 * (1.0 / r_b - 1.0 / r_a)
    disc = qb * qb - 4.0 * qa * qc
    v = (-qb + np.sqrt(np.maximum(disc, 0.0))) / (2.0 * qa)
    return np.where((r_a > r_b) & (disc >= 0), v, np.nan)


@dataclass(frozen=True)
class Burnout:
    """The burnout state a lofted test implies (:func:`solve_lofted`).

    ``speed_kms`` relative to the ground and ``elevation_deg`` above the horizon at burnout;
    ``tof_s`` the ballistic arc's duration from burnout to impact (powered flight excluded).
    """

    speed_kms: float
    elevation_deg: float
    tof_s: float
    apogee_km: float
    range_km: float


def solve_lofted(apogee_km: float, range_km: float, *, lat: float = 0.0, lon: float = 0.0,
                 bearing_deg: float = 90.0, burnout_alt_km: float = 300.0, powered_range_km: float = 0.0,
                 rotating: bool = False) -> Burnout:
    """The burnout speed and angle of a lofted shot that peaked at ``apogee_km`` and came down
    ``range_km`` from the site along ``bearing_deg``.

    Burnout is taken directly above the site (``powered_range_km`` sets otherwise). For a fixed apogee, the steeper the shot the shorter its range; on the lofted branch
    (elevation above the minimum-energy angle) the ground range along the test's bearing falls
    from thousands of km to below zero (a vertical shot on a turning Earth drifts west). We scan
    elevations, then scan the cell that brackets ``range_km`` finer, twice, solving the speed for
    the apogee at each (:func:`speed_for_apogee`), and interpolate in the last cell.

    For a fixed apogee there is one such shot; whether it is lofted (steeper than the
    minimum-energy shot to that range) is :func:`min_energy_apogee_km`'s question, asked by
    :func:`geo.geodesy.footprint.check_inputs`.

    Raises
    ------
    InvalidInput
        When no shot fits (an apogee below burnout, or one only an orbit reaches).
    """
    b = solve_lofted_many([apogee_km], [range_km], lat=lat, lon=lon, bearing_deg=bearing_deg,
                          burnout_alt_km=[burnout_alt_km], powered_range_km=[powered_range_km], rotating=rotating)
    if not b["ok"][0]:
        raise InvalidInput(f"no lofted shot to {apogee_km:g} km apogee comes down {range_km:g} km away "
                           "(check the two figures)")
    return Burnout(**{k: float(b[k][0]) for k in ("speed_kms", "elevation_deg", "tof_s", "apogee_km", "range_km")})


def solve_lofted_many(apogee_km, range_km, *, lat: float = 0.0, lon: float = 0.0, bearing_deg: float = 90.0,
                      burnout_alt_km=300.0, powered_range_km=0.0, rotating: bool = False) -> dict[str, np.ndarray]:
    """:func:`solve_lofted` for several tests from one site at once (1-D arrays, broadcast).

    Returns
    -------
    dict of numpy.ndarray
        ``speed_kms``, ``elevation_deg``, ``tof_s``, ``apogee_km``, ``range_km`` per test, and
        ``ok``: False where no shot fits (its other values are then meaningless).
    """
    ap, rg, hb, dp = (np.atleast_1d(np.asarray(x, dtype=float)) for x in (apogee_km, range_km, burnout_alt_km,
                                                                         powered_range_km))
    ap, rg, hb, dp = np.broadcast_arrays(ap, rg, hb, dp)

    def along(el):  # el (k, n) elevations -> speeds, signed ranges along the test's bearing, flights
        v = speed_for_apogee(ap[:, None], el, lat=lat, lon=lon, bearing_deg=bearing_deg,
                             burnout_alt_km=hb[:, None], rotating=rotating)
        f = fly(lat, lon, bearing_deg, np.nan_to_num(v, nan=0.0), el, burnout_alt_km=hb[:, None],
                powered_range_km=dp[:, None], rotating=rotating)
        # signed distance along the test's bearing: a shot that drifted behind the site counts negative
        signed = f.range_km * np.cos(np.radians(f.bearing_deg - bearing_deg))
        return v, np.where(np.isfinite(v) & f.valid, signed, np.nan), f

    n = 177
    k = ap.size
    lo, hi = np.full(k, 1.0), np.full(k, 89.999)
    ok = np.ones(k, dtype=bool)
    rows = np.arange(k)
    for _ in range(3):  # scan, then scan the bracketing cell finer: 0.5 deg, 0.003, 2e-5
        grid = lo[:, None] + (hi - lo)[:, None] * np.linspace(0.0, 1.0, n)[None, :]
        _, d, _ = along(grid)
        # the steepest elevation whose range still reaches range_km: the lofted solution
        reach = np.isfinite(d) & (d >= rg[:, None])
        last = n - 1 - np.argmax(reach[:, ::-1], axis=1)
        ok &= reach.any(axis=1) & (last < n - 1)
        i = np.clip(last, 0, n - 2)
        lo, hi = grid[rows, i], grid[rows, i + 1]
        d_lo, d_hi = d[rows, i], d[rows, i + 1]
    frac = np.where(np.isfinite(d_hi) & (d_lo != d_hi), (d_lo - rg) / np.where(d_lo != d_hi, d_lo - d_hi, 1.0), 0.0)
    el = lo + (hi - lo) * np.clip(frac, 0.0, 1.0)
    v, _, f = along(el[:, None])
    ok &= np.isfinite(v[:, 0])
    return {"speed_kms": v[:, 0], "elevation_deg": el, "tof_s": f.tof_s[:, 0], "apogee_km": f.apogee_km[:, 0],
            "range_km": f.range_km[:, 0], "ok": ok}


def max_range(speed_kms: float | np.ndarray, bearings_deg: np.ndarray, *, lat: float = 0.0, lon: float = 0.0,
              burnout_alt_km=300.0, powered_range_km=0.0, rotating: bool = True) -> Flight:
    """The minimum-energy (longest) shot for a burnout speed, one per bearing.

    For each bearing the elevation that carries the given speed furthest over the rotating
    ground is found on a grid (2 deg, 2..70 deg) and refined twice around the best (0.1, then
    0.005 deg); range is flat near its maximum, so that is well inside a kilometre.

    Parameters
    ----------
    speed_kms : float or array
        Burnout speed relative to the ground, km/s; an array broadcasts against the bearings
        (e.g. shape (k, 1) for k cases x n bearings).
    bearings_deg : numpy.ndarray
        Launch bearings, degrees.

    Returns
    -------
    Flight
        The best shot per (case, bearing); :func:`best_elevation` gives its elevation.
    """
    flight, _ = _best(speed_kms, bearings_deg, lat, lon, burnout_alt_km, powered_range_km, rotating)
    return flight


def best_elevation(speed_kms, bearings_deg, *, lat=0.0, lon=0.0, burnout_alt_km=300.0,
                   powered_range_km=0.0, rotating=True) -> np.ndarray:
    """The elevation (degrees) of :func:`max_range`'s shots."""
    return _best(speed_kms, bearings_deg, lat, lon, burnout_alt_km, powered_range_km, rotating)[1]


def _best(speed_kms, bearings_deg, lat, lon, hb, dp, rotating):
    v = np.asarray(speed_kms, dtype=float)
    b = np.asarray(bearings_deg, dtype=float)
    hb_a, dp_a = np.asarray(hb, dtype=float), np.asarray(dp, dtype=float)
    shape = np.broadcast_shapes(v.shape, b.shape, hb_a.shape, dp_a.shape)
    v, b, hb_a, dp_a = (np.broadcast_to(x, shape) for x in (v, b, hb_a, dp_a))
    centre = None
    # range is smooth and single-peaked in elevation: 2 deg, then 0.1 deg, then 0.005 deg
    for step, half in ((2.0, None), (0.1, 2.0), (0.005, 0.1)):
        if centre is None:
            el = np.arange(2.0, 70.0 + step / 2, step)
            el = np.broadcast_to(el, shape + el.shape)
        else:
            offs = np.arange(-half, half + step / 2, step)
            el = np.clip(centre[..., None] + offs, 0.5, 89.5)
        f = fly(lat, lon, b[..., None], v[..., None], el, burnout_alt_km=hb_a[..., None],
                powered_range_km=dp_a[..., None], rotating=rotating)
        rng = np.where(f.valid, f.range_km, -np.inf)
        k = np.argmax(rng, axis=-1)
        centre = np.take_along_axis(el, k[..., None], axis=-1)[..., 0]
    pick = k[..., None]
    out = Flight(**{name: np.take_along_axis(getattr(f, name), pick, axis=-1)[..., 0]
                    for name in ("lat", "lon", "range_km", "bearing_deg", "tof_s", "apogee_km", "valid")})
    return out, centre


def min_energy_angle_deg(speed_kms, burnout_alt_km=300.0):
    """Elevation of the minimum-energy shot on a fixed Earth, degrees, in closed form.

    For burnout and impact at the same radius ``r``: ``sin(psi/2) = nu / (2 - nu)`` and
    ``angle = (pi - psi) / 4`` with ``nu = v^2 r / mu`` (e.g. Wheelon 1959). Our arcs end at
    the ground, below burnout, so the exact optimum is a little flatter (a fraction of a
    degree for burnout at 200 km): good for the powered-flight rules that use it, not for
    ranges (:func:`max_range` searches those). 0 when ``nu >= 1`` (orbital speed).
    """
    nu = np.asarray(speed_kms, dtype=float) ** 2 * (R_EARTH_KM + np.asarray(burnout_alt_km)) / MU_KM3_S2
    psi = 2.0 * np.arcsin(np.clip(nu / np.maximum(2.0 - nu, 1e-12), 0.0, 1.0))
    return np.degrees((np.pi - psi) / 4.0)


def min_energy_apogee_km(range_km: float, *, burnout_alt_km: float = 300.0, powered_range_km: float = 0.0) -> float:
    """Apogee of the minimum-energy shot to ``range_km`` on a fixed Earth, km.

    A lofted trajectory peaks higher than this; one that peaks lower is depressed (flatter
    than the minimum-energy shot), and its speed cannot be read as a lofted test's.
    """
    # the slowest speed that reaches the range is the minimum-energy one: scan speeds (all at
    # once), then scan the bracketing cell finer, and read the apogee of the shot found
    lo, hi = 0.05, float(circular_speed_kms(burnout_alt_km)) * (1 - 1e-6)
    for _ in range(4):  # 25 speeds a scan: the last cell is 8 km/s / 24^4, about 0.02 m/s
        speeds = np.linspace(lo, hi, 25)
        f = max_range(speeds[:, None], np.array([90.0]), burnout_alt_km=burnout_alt_km,
                      powered_range_km=powered_range_km, rotating=False)
        reach = np.nonzero(f.valid[:, 0] & (f.range_km[:, 0] >= range_km))[0]
        if reach.size == 0:
            return float("inf")  # not even an orbital speed gets there
        i = int(reach[0])
        if i == 0:
            return float(f.apogee_km[0, 0])
        lo, hi = speeds[i - 1], speeds[i]
    return float(f.apogee_km[i, 0])


__all__ = [
    "MU_KM3_S2", "R_EARTH_KM", "OMEGA_RAD_S", "Arc", "Flight", "Burnout", "circular_speed_kms", "kepler_arc",
    "fly", "speed_for_apogee", "solve_lofted", "solve_lofted_many", "max_range", "best_elevation", "min_energy_apogee_km",
    "min_energy_angle_deg",
    "central_angle", "initial_bearing",
]
