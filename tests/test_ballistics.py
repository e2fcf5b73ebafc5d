"""Physics of geo/geodesy/ballistics.py checked against an independent numerical integration.

The module flies shots with closed-form Kepler arcs and a rotation of the Earth under them; here
the same shots are integrated step by step (RK4 on Newton's law in the inertial frame, the impact
found where the radius falls to the ground, the struck point turned back by the Earth's rotation
in that time). Nothing below is copied from the code under test: the expected figures come from
the integration, from textbook relations or from the geometry of the sphere.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from geo.errors import InvalidInput
from geo.geodesy import ballistics as bal

MU, R, OMEGA = 398_600.4418, 6_371.0088, 7.292115e-5


def _state(lat, lon, bearing, speed, elev, alt, rotating):
    """Burnout position and inertial velocity, built from the definitions (not the module)."""
    la, lo, b, e = map(math.radians, (lat, lon, bearing, elev))
    up = np.array([math.cos(la) * math.cos(lo), math.cos(la) * math.sin(lo), math.sin(la)])
    east = np.array([-math.sin(lo), math.cos(lo), 0.0])
    north = np.array([-math.sin(la) * math.cos(lo), -math.sin(la) * math.sin(lo), math.cos(la)])
    v = speed * (math.cos(e) * (math.sin(b) * east + math.cos(b) * north) + math.sin(e) * up)
    r = (R + alt) * up
    if rotating:
        v = v + np.cross([0.0, 0.0, OMEGA], r)
    return r, v


def _integrate(r, v, dt=0.5):
    """RK4 two-body flight to the ground: (impact position, time, max altitude, energies along)."""
    def acc(x):
        return -MU * x / np.linalg.norm(x) ** 3

    t, top, energies = 0.0, 0.0, []
    while True:
        energies.append(v @ v / 2 - MU / np.linalg.norm(r))
        k1v, k1r = acc(r), v
        k2v, k2r = acc(r + dt / 2 * k1r), v + dt / 2 * k1v
        k3v, k3r = acc(r + dt / 2 * k2r), v + dt / 2 * k2v
        k4v, k4r = acc(r + dt * k3r), v + dt * k3v
        r2 = r + dt / 6 * (k1r + 2 * k2r + 2 * k3r + k4r)
        v2 = v + dt / 6 * (k1v + 2 * k2v + 2 * k3v + k4v)
        if np.linalg.norm(r2) <= R:  # came down within this step: interpolate in radius
            f = (np.linalg.norm(r) - R) / (np.linalg.norm(r) - np.linalg.norm(r2))
            return r + f * (r2 - r), t + f * dt, top, np.array(energies)
        r, v, t = r2, v2, t + dt
        top = max(top, np.linalg.norm(r) - R)


def _ground(lat, lon, impact, tof, rotating):
    p = impact / np.linalg.norm(impact)
    la, lo = math.asin(p[2]), math.atan2(p[1], p[0]) - (OMEGA * tof if rotating else 0.0)
    a1, o1 = math.radians(lat), math.radians(lon)
    c = math.sin(a1) * math.sin(la) + math.cos(a1) * math.cos(la) * math.cos(lo - o1)
    return math.degrees(la), (math.degrees(lo) + 180) % 360 - 180, math.acos(max(-1, min(1, c))) * R


SHOTS = [  # lat, lon, bearing, speed km/s, elevation, burnout altitude km, rotating
    (39.0, 125.7, 90.0, 6.9, 84.7, 200.0, True),  # a lofted test like 28 Nov 2017, eastwards
    (39.0, 125.7, 45.0, 7.2, 20.0, 200.0, True),  # a standard shot towards North America
    (39.0, 125.7, 270.0, 7.2, 20.0, 300.0, True),  # the same, westwards
    (-33.9, 18.4, 170.0, 6.0, 35.0, 150.0, False),  # the Earth held still
    (60.0, -150.0, 300.0, 7.0, 25.0, 250.0, True),  # a shot across the antimeridian
]


@pytest.mark.parametrize("shot", SHOTS)
def test_kepler_arc_matches_a_numerical_integration_and_energy_is_conserved(shot):
    lat, lon, bearing, speed, elev, alt, rotating = shot
    r, v = _state(lat, lon, bearing, speed, elev, alt, rotating)
    impact, tof, top, energies = _integrate(r, v)
    # energy is conserved along the integrated arc (to the integrator's precision)...
    assert np.ptp(energies) < 1e-6 * abs(energies[0])
    # ...and the closed-form arc has that same energy, lands where the integration lands, when it does
    arc = bal.kepler_arc(r, v)
    assert arc.energy == pytest.approx(energies[0], rel=1e-12)
    f = bal.fly(lat, lon, bearing, speed, elev, burnout_alt_km=alt, rotating=rotating)
    g_lat, g_lon, g_range = _ground(lat, lon, impact, tof, rotating)
    assert float(f.tof_s) == pytest.approx(tof, abs=1.0)
    assert float(f.apogee_km) == pytest.approx(top, abs=0.5)
    assert float(f.range_km) == pytest.approx(g_range, abs=1.0)
    assert float(f.lat) == pytest.approx(g_lat, abs=0.01)
    assert (float(f.lon) - g_lon + 180) % 360 - 180 == pytest.approx(0.0, abs=0.01)


def test_minimum_energy_shot_lofted_to_its_own_apogee_gives_back_its_own_range():
    # the longest shot for a speed is the minimum-energy one; its apogee and range, read as a
    # "lofted test", must give back the same speed and so the same range
    for speed in (5.0, 6.5, 7.3):
        best = bal.max_range(speed, np.array([90.0]), burnout_alt_km=200.0, rotating=False)
        d, h = float(best.range_km[0]), float(best.apogee_km[0])
        back = bal.solve_lofted(h + 1e-3, d, burnout_alt_km=200.0)
        assert back.speed_kms == pytest.approx(speed, rel=1e-3)
        again = bal.max_range(back.speed_kms, np.array([90.0]), burnout_alt_km=200.0, rotating=False)
        assert float(again.range_km[0]) == pytest.approx(d, rel=5e-3)


def test_minimum_energy_angle_and_range_follow_the_textbook_formula():
    # burnout and impact at the same radius: sin(psi/2) = nu / (2 - nu), angle = (pi - psi) / 4,
    # with nu = v^2 r / mu (e.g. Wheelon 1959); the module's arc ends at the ground, so fly at
    # "altitude 0" to compare like with like
    v = 6.0
    nu = v * v * R / MU
    psi = 2 * math.asin(nu / (2 - nu))
    best = bal.max_range(v, np.array([0.0]), burnout_alt_km=0.0, rotating=False)
    el = bal.best_elevation(v, np.array([0.0]), burnout_alt_km=0.0, rotating=False)
    assert float(best.range_km[0]) == pytest.approx(psi * R, rel=1e-4)
    assert float(el[0]) == pytest.approx(math.degrees((math.pi - psi) / 4), abs=0.05)


def test_speed_for_apogee_reaches_that_apogee():
    for rotating in (False, True):
        el = np.array([30.0, 60.0, 85.0, 89.9])
        v = bal.speed_for_apogee(4475.0, el, lat=39.0, bearing_deg=90.0, burnout_alt_km=200.0, rotating=rotating)
        f = bal.fly(39.0, 125.7, 90.0, v, el, burnout_alt_km=200.0, rotating=rotating)
        np.testing.assert_allclose(f.apogee_km, 4475.0, atol=1e-6)


def test_eastward_shots_go_further_than_westward_ones_on_a_turning_earth():
    bearings = np.array([90.0, 270.0])
    turning = bal.max_range(7.0, bearings, lat=39.0, lon=125.7, burnout_alt_km=200.0, rotating=True)
    still = bal.max_range(7.0, bearings, lat=39.0, lon=125.7, burnout_alt_km=200.0, rotating=False)
    east, west = turning.range_km
    assert east > still.range_km[0] > west
    assert still.range_km[0] == pytest.approx(still.range_km[1], rel=1e-9)
    # at the equator the ground moves at 0.465 km/s: the gain east is larger than at 39 N
    eq = bal.max_range(7.0, bearings, lat=0.0, lon=0.0, burnout_alt_km=200.0, rotating=True)
    assert eq.range_km[0] - eq.range_km[1] > east - west


def test_a_vertical_shot_on_a_turning_earth_comes_down_west_of_the_site():
    f = bal.fly(39.0, 125.7, 0.0, 6.0, 90.0, burnout_alt_km=200.0, rotating=True)
    assert 180 < float(f.bearing_deg) < 360 and float(f.range_km) > 50


def test_a_speed_at_orbital_speed_never_comes_down():
    vc = float(bal.circular_speed_kms(300.0))
    f = bal.fly(0.0, 0.0, 90.0, vc * 1.01, 0.0, burnout_alt_km=300.0, rotating=False)
    assert not bool(f.valid)


def test_no_solution_is_a_clear_error():
    with pytest.raises(InvalidInput, match="no lofted shot"):  # an apogee below burnout
        bal.solve_lofted(150.0, 500.0, burnout_alt_km=200.0)


def test_closed_form_minimum_energy_angle_is_close_to_the_searched_one():
    for v in (5.0, 6.5, 7.3):
        searched = float(bal.best_elevation(v, np.array([0.0]), burnout_alt_km=200.0, rotating=False)[0])
        assert abs(float(bal.min_energy_angle_deg(v, 200.0)) - searched) < 2.5  # arcs end below burnout
        at_ground = float(bal.best_elevation(v, np.array([0.0]), burnout_alt_km=0.0, rotating=False)[0])
        assert float(bal.min_energy_angle_deg(v, 0.0)) == pytest.approx(at_ground, abs=0.05)
