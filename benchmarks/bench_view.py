"""Benchmark the map build: EVENT dicts -> folium map -> the script st_folium sends.

Prints medians of several runs and the ratio against the naive way of styling the
basemap (a per-feature ``style_function``, as folium examples do).
Run: ``.venv/bin/python benchmarks/bench_view.py`` (or ``make bench BENCH=view``).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import folium  # noqa: E402
from streamlit_folium import _get_map_string  # noqa: E402  (the function st_folium uses)

from geo.view.basemap import BORDER_STYLE, LAND_STYLE, load_layer  # noqa: E402
from geo.view.mapview import build_map  # noqa: E402

RUNS = 7
EVENTS = [
    {"id": "e1", "type": "missile_launch", "date": "2023-12-17", "date_precision": "day",
     "actors": [{"code": "PRK", "name": "North Korea", "role": "initiator"}],
     "places": [{"name": "Pyongyang", "role": "launch_site", "lat": 39.0392, "lon": 125.7625}],
     "range_km": 570, "impact_zone": None, "sentence": "North Korea fired a missile.", "source": "bench"},
    {"id": "e2", "type": "talks", "date": "2023-12", "date_precision": "month",
     "actors": [{"code": "USA", "name": "United States", "role": "participant"}],
     "places": [{"name": "Washington", "role": "venue", "lat": 38.9072, "lon": -77.0369}],
     "range_km": None, "impact_zone": None, "sentence": "Talks in Washington.", "source": "bench"},
]


def _script(m: folium.Map) -> str:
    m.get_root().render()
    return _get_map_string(m)


def _median_ms(fn) -> tuple[float, object]:
    times, result = [], None
    for _ in range(RUNS):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000, result


def _basemap_only(naive: bool) -> str:
    m = folium.Map(tiles=None)
    for name, style in (("land", LAND_STYLE), ("borders", BORDER_STYLE)):
        if naive:
            folium.GeoJson(load_layer(name), style_function=lambda f, s=style: s).add_to(m)
        else:
            folium.GeoJson(load_layer(name), **style).add_to(m)
    return _script(m)


def main() -> None:
    build_map(EVENTS)  # warm the basemap cache
    build_ms, m = _median_ms(lambda: build_map(EVENTS))
    render_ms, script = _median_ms(lambda: _script(build_map(EVENTS)))
    print(f"build_map, 2 events:                 median {build_ms:7.1f} ms over {RUNS} runs")
    print(f"build + render + st_folium script:   median {render_ms:7.1f} ms; script {len(script) / 1e3:.0f} kB")
    ours_ms, ours = _median_ms(lambda: _basemap_only(naive=False))
    naive_ms, naive = _median_ms(lambda: _basemap_only(naive=True))
    print(f"basemap as layer options (ours):     median {ours_ms:7.1f} ms; {len(ours) / 1e3:.0f} kB")
    print(f"basemap with style_function (naive): median {naive_ms:7.1f} ms; {len(naive) / 1e3:.0f} kB")
    print(f"ratio naive/ours: time {naive_ms / ours_ms:.2f}x, size {len(naive) / len(ours):.2f}x")


if __name__ == "__main__":
    main()
