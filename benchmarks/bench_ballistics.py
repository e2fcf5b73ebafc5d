"""Potential range of a lofted test (issue 15): how long one estimate takes, and the vectorised
search for the minimum-energy shot against the naive way.

Run: ``.venv/bin/python benchmarks/bench_ballistics.py`` (or ``make bench BENCH=ballistics``).

Figures printed (medians of repeated runs):

- **max_range, 72 bearings**: :func:`geo.geodesy.ballistics.max_range` (numpy over bearings x
  elevations, grid then two refinements) against the naive way: one scalar ``fly`` per bearing
  and elevation on a 0.01 deg grid (timed on 2 bearings, once, and scaled to 72) (the precision the refinement reaches), in Python loops;
  the largest difference of the ranges is printed too;
- **potential_range**: one full estimate for 28 Nov 2017 (nine cases for the band, 72 bearings,
  footprints, what they cover), with and without a launch site.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from geo.geodesy import ballistics as bal  # noqa: E402
from geo.geodesy.footprint import potential_range  # noqa: E402

SITE = (39.282, 125.869)
SPEED = 7.28


def _median(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def _naive(bearings: np.ndarray, step: float = 0.01) -> np.ndarray:
    out = []
    for b in bearings:
        best = -1.0
        for el in np.arange(2.0, 70.0, step):
            f = bal.fly(SITE[0], SITE[1], float(b), SPEED, float(el), burnout_alt_km=200.0, rotating=True)
            if bool(f.valid) and float(f.range_km) > best:
                best = float(f.range_km)
        out.append(best)
    return np.array(out)


def main() -> int:
    bearings = np.arange(0.0, 360.0, 5.0)
    fast = _median(lambda: bal.max_range(SPEED, bearings, lat=SITE[0], lon=SITE[1], burnout_alt_km=200.0), 7)
    few = bearings[::36]  # the naive way on 2 bearings (east-north-east and west-south-west), scaled to 72
    t = time.perf_counter()
    slow = _naive(few)
    naive = (time.perf_counter() - t) * len(bearings) / len(few)
    diff = np.max(np.abs(slow - bal.max_range(SPEED, few, lat=SITE[0], lon=SITE[1], burnout_alt_km=200.0).range_km))
    print(f"max_range, 72 bearings: {fast * 1000:.1f} ms (median of 7); naive scalar loops: {naive:.0f} s "
          f"(2 bearings, one run, scaled); ratio {naive / fast:,.0f}x; largest range difference {diff:.2f} km")
    with_site = _median(lambda: potential_range(4475, 950, 53 * 60, lat=SITE[0], lon=SITE[1]), 7)
    no_site = _median(lambda: potential_range(4475, 950, 53 * 60), 7)
    print(f"potential_range 28 Nov 2017: {with_site * 1000:.0f} ms with a site, footprints and covers; "
          f"{no_site * 1000:.0f} ms without a site (medians of 7)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
