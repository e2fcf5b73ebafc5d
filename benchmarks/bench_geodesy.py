"""Benchmark: geodesic range rings against the naive ways (a geopy loop; Leaflet's L.Circle).

Prints (medians of several runs):
1. rings per second for 1,000 rings of 360 vertices: the vectorised vertex core (one Geod.fwd
   call), the same as GeoJSON geometries, and a geopy loop (one ``destination`` per vertex);
2. adaptive rings per second (``ring()`` with the 1 km drawing bound);
3. the largest vertex error against the exact geodesic (pyproj inverse as the oracle) and the
   largest drawn-segment error (8 points per segment, straight in Web Mercator and in lon/lat),
   radius by radius from 1 km to 19,000 km, centres including the poles and the antimeridian;
4. the same error for Leaflet's ``L.Circle`` (its 1.9 ``_project`` code: an ellipse in Web
   Mercator sized on a 6,371 km sphere), the naive peer;
5. the path the map calls, ``ring()`` one event at a time, against the GIS peer at the same
   vertex count (an azimuthal equidistant projection centred on the site and a shapely buffer).

Run: ``.venv/bin/python benchmarks/bench_geodesy.py`` (about a minute).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import numpy as np
from pyproj import Geod

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from geo.geodesy import ring, rings_batch  # noqa: E402
from geo.geodesy.vertices import chord_error_m, ring_lonlat, ring_vertices  # noqa: E402

GEOD = Geod(ellps="WGS84")
PYONGYANG = (39.0392, 125.7625)
RADII_KM = [1, 10, 100, 300, 570, 1_000, 3_000, 5_500, 10_000, 13_000, 15_000, 19_000]
CENTRES = [PYONGYANG, (0.0, 0.0), (89.9, 0.0), (-89.9, 180.0), (0.0, 180.0), (60.0, -179.9), (-45.0, 170.0)]


BEST: dict[str, float] = {}


def median_time(fn, repeat: int = 7, name: str = "") -> float:
    """Median wall time of ``repeat`` runs, s; the fastest run is kept in BEST[name]
    (on a shared machine it shows the uncontended speed)."""
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    BEST[name] = min(times)
    return statistics.median(times)


def bench_speed() -> None:
    rng = np.random.default_rng(1)
    n = 1_000
    lats = rng.uniform(-60, 60, n)
    lons = rng.uniform(-170, 170, n)
    radii = rng.uniform(100, 3_000, n)
    t_core = median_time(lambda: ring_vertices(lats, lons, radii, 360), name="core")
    t_geo = median_time(lambda: rings_batch(lats, lons, radii, 360), name="geo")
    from geopy.distance import geodesic

    m = 20
    az = np.arange(360.0)

    def geopy_loop():
        for i in range(m):
            g = geodesic(kilometers=radii[i])
            [g.destination((lats[i], lons[i]), b) for b in az]

    t_geopy = median_time(geopy_loop, repeat=3) / m * n
    sample = 200
    t_adapt = median_time(lambda: [ring(lats[i], lons[i], radii[i]) for i in range(sample)], repeat=3) / sample * n
    print("Rings per second, 1,000 rings x 360 vertices (median of 7 runs):")
    print(f"  vertices, one vectorised Geod.fwd call : {n / t_core:10,.0f} rings/s  ({t_core * 1000:.1f} ms;"
          f" fastest run {n / BEST['core']:,.0f} rings/s)")
    print(f"  GeoJSON geometries (rings_batch)       : {n / t_geo:10,.0f} rings/s  ({t_geo * 1000:.1f} ms;"
          f" fastest run {n / BEST['geo']:,.0f} rings/s)")
    print(f"  geopy loop (naive, {m} rings timed)       : {n / t_geopy:10,.0f} rings/s")
    print(f"  ratio vectorised/geopy                 : {t_geopy / t_core:10,.0f} x (geometries: {t_geopy / t_geo:,.0f} x)")
    print(f"  adaptive ring() with the 1 km bound    : {n / t_adapt:10,.0f} rings/s (radii 100-3,000 km)")
    bench_map_path(lats, lons, radii)


def aeqd_buffer(lat: float, lon: float, radius_km: float, quad_segs: int = 16) -> dict:
    """The GIS way (the fair peer of the map's path): buffer the point in an azimuthal
    equidistant projection centred on it (distances from the centre are true there), then
    transform the outline back to lon/lat (pyproj + shapely, one ring at a time)."""
    from pyproj import Transformer
    from shapely.geometry import Point, mapping
    from shapely.ops import transform

    back = Transformer.from_crs(f"+proj=aeqd +lat_0={lat} +lon_0={lon} +ellps=WGS84 +units=m", "EPSG:4326",
                                always_xy=True)
    disc = Point(0.0, 0.0).buffer(radius_km * 1000.0, quad_segs=quad_segs)
    return mapping(transform(back.transform, disc))


def bench_map_path(lats: np.ndarray, lons: np.ndarray, radii: np.ndarray) -> None:
    """What the map calls: one ``ring()`` per event (geodesy.enrich stores it, mapview draws
    it), against the GIS peer at the same vertex count, 200 rings, median of 3."""
    sample = 200
    verts = [len(ring(lats[i], lons[i], radii[i])["coordinates"][0]) for i in range(sample)]
    quad = max(1, int(round(statistics.median(verts) / 4)))
    t_ours = median_time(lambda: [ring(lats[i], lons[i], radii[i]) for i in range(sample)], repeat=3)
    t_peer = median_time(lambda: [aeqd_buffer(lats[i], lons[i], radii[i], quad) for i in range(sample)], repeat=3)
    print(f"The map's path, {sample} rings one at a time (median of 3; radii 100-3,000 km):")
    print(f"  ring() (what geodesy.enrich stores)    : {sample / t_ours:10,.0f} rings/s "
          f"(median {statistics.median(verts):.0f} vertices)")
    print(f"  peer: AEQD projection + shapely buffer  : {sample / t_peer:10,.0f} rings/s ({4 * quad} vertices)")
    print(f"  ratio ring()/peer                      : {t_peer / t_ours:10.1f} x")


def leaflet_circle(lat: float, lon: float, radius_m: float, samples: int = 3_600) -> tuple[np.ndarray, np.ndarray]:
    """Points of the ellipse Leaflet 1.9 draws for ``L.circle([lat, lon], {radius})`` (EPSG:3857)."""
    d = np.pi / 180.0
    r_earth, r_merc, max_lat = 6_371_000.0, 6_378_137.0, 85.0511287798

    def project(la, lo):
        la = np.clip(la, -max_lat, max_lat)
        return r_merc * lo * d, r_merc * np.log(np.tan(np.pi / 4 + la * d / 2))

    def unproject_lat(y):
        return (2 * np.arctan(np.exp(y / r_merc)) - np.pi / 2) / d

    lat_r = (radius_m / r_earth) / d
    tx, ty = project(lat + lat_r, lon)
    bx, by = project(lat - lat_r, lon)
    px, py = (tx + bx) / 2, (ty + by) / 2
    lat2 = unproject_lat(py)
    with np.errstate(invalid="ignore"):
        lng_r = np.arccos((np.cos(lat_r * d) - np.sin(lat * d) * np.sin(lat2 * d)) / (np.cos(lat * d) * np.cos(lat2 * d))) / d
    if np.isnan(lng_r) or lng_r == 0:
        lng_r = lat_r / np.cos(d * lat)
    qx, _ = project(lat2, lon - lng_r)
    rx, ry = px - qx, ty - py
    t = np.linspace(0, 2 * np.pi, samples, endpoint=False)
    ex, ey = px + rx * np.cos(t), py + ry * np.sin(t)
    return ex / (r_merc * d), unproject_lat(ey)


def max_error_km(lat, lon, radius_km, x, y) -> float:
    _, _, dist = GEOD.inv(np.full(x.size, lon), np.full(y.size, lat), x, y)
    return float(np.max(np.abs(np.asarray(dist) / 1000.0 - radius_km)))


def bench_accuracy() -> None:
    print("\nLargest error against the exact geodesic, over centres", ", ".join(f"({a:g}, {b:g})" for a, b in CENTRES))
    print(f"  {'radius km':>9}  {'vertex error m':>14}  {'drawn-line error m':>18}  {'vertices':>8}  {'Leaflet L.Circle error km':>26}")
    worst_vertex = worst_line = 0.0
    samples = tuple(np.arange(1, 8) / 8.0)
    for r in RADII_KM:
        v_err = l_err = 0.0
        counts = []
        for lat, lon in CENTRES:
            x, y = ring_lonlat(lat, lon, r)
            counts.append(x.size)
            v_err = max(v_err, max_error_km(lat, lon, r, x, y) * 1000.0)
            seg = chord_error_m(lat, lon, r * 1000.0, x, y, np.roll(x, -1), np.roll(y, -1), samples=samples)
            l_err = max(l_err, float(np.max(seg)))
        lx, ly = leaflet_circle(*PYONGYANG, r * 1000.0)
        leaflet = max_error_km(*PYONGYANG, r, lx, ly)
        worst_vertex, worst_line = max(worst_vertex, v_err), max(worst_line, l_err)
        print(f"  {r:>9,}  {v_err:>14.2e}  {l_err:>18.1f}  {int(np.median(counts)):>8}  {leaflet:>26,.2f}")
    print(f"  worst vertex error {worst_vertex:.2e} m (target < 1 m); worst drawn-line error {worst_line:.0f} m (bound 1,000 m)")
    print("  Leaflet column: L.Circle centred on Pyongyang (39.0392, 125.7625), as drawn in Web Mercator")


if __name__ == "__main__":
    bench_speed()
    bench_accuracy()
