"""Benchmark the dashboard's map at 1,000 / 10,000 / 100,000 events, in headless Chromium.

For each size, a synthetic store (the seed reports and demo data, then ``n`` events from
``bench_store.synthetic_events``) is served by a real ``streamlit run streamlit_app.py``
with ``GEO_EVENTS_DB`` pointing at it, and Chromium (Playwright, Debian's
``/usr/bin/chromium``) measures:

- first paint: navigation until the map frame's points canvas (``canvas.event-points``,
  set by geo/view/points.js after its first draw) is there; the first run is cold (the
  server's caches empty), the median is over the warm runs;
- filter change: one more event type picked in the sidebar until the canvas shows a new
  number of points;
- bytes: the map component's payload (``script`` + ``feature_group`` as st_folium sends
  them, computed with streamlit_folium's own functions) and everything the page received
  over the websocket during the filter change (map, table, timeline...);
- the app's Python steps at that size (store query to Events, filters, table, map layers,
  st_folium's strings), medians in-process.

Beside it, the naive map: one ``folium.CircleMarker`` per event with its own tooltip and
popup (built with folium directly): build time, HTML size, and the time Chromium takes
to load the saved page until every marker is drawn.

Run: ``make bench BENCH=dashboard`` (or ``.venv/bin/python benchmarks/bench_dashboard.py
--sizes 1000 10000 100000 --runs 3 --naive-max 10000``). Stores are kept in
``$TMPDIR/geo-bench-dashboard`` between runs.
"""

from __future__ import annotations

import argparse
import functools
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import folium  # noqa: E402

from bench_store import synthetic_events  # noqa: E402
from geo.store import EventFilter, open_store  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
MAP_FRAME = "iframe[title='streamlit_folium.st_folium']"
CACHE = Path(tempfile.gettempdir()) / "geo-bench-dashboard"


def store_of(n: int) -> Path:
    """The synthetic store of ``n`` events on top of the seed and demo data (built once)."""
    CACHE.mkdir(exist_ok=True)
    path = CACHE / f"events-{n}.sqlite"
    if not path.exists():
        tmp = path.with_suffix(".part")
        for p in CACHE.glob(tmp.name + "*"):
            p.unlink()
        t = time.perf_counter()
        with open_store(tmp, bootstrap=True) as store:
            store.add_events(synthetic_events(n), source="bench", batch_size=10_000)
        for suffix in ("-wal", "-shm"):
            Path(f"{tmp}{suffix}").unlink(missing_ok=True)
        tmp.rename(path)
        print(f"  built {path.name} in {time.perf_counter() - t:.1f} s", flush=True)
    return path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class App:
    """``streamlit run`` of the dashboard on a free port, on the given store."""

    def __init__(self, db: Path) -> None:
        self.port = _free_port()
        env = dict(os.environ, GEO_EVENTS_DB=str(db))
        self.log = tempfile.NamedTemporaryFile(prefix="bench-dashboard-", suffix=".log", delete=False)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "streamlit_app.py", "--server.port", str(self.port),
             "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false",
             "--server.fileWatcherType", "none"],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        self.url = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.url + "/_stcore/health", timeout=2):
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("streamlit did not start")

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)


def _canvas_n(frame) -> int | None:
    loc = frame.locator("canvas.event-points")
    if loc.count() == 0:
        return None
    v = loc.first.get_attribute("data-n")
    return int(v) if v is not None else None


def measure_app(browser, db: Path, runs: int, timeout_s: float) -> dict:
    """First paint (cold, then median warm) and filter change (median) of the real dashboard."""
    app = App(db)
    out: dict = {"paint": [], "complete": [], "change": [], "ws_bytes": [], "n0": None}
    try:
        for run in range(runs + 1):  # run 0 is cold
            context = browser.new_context(viewport={"width": 1400, "height": 900})
            page = context.new_page()
            received: list[int] = []
            page.on("websocket", lambda ws: ws.on("framereceived", lambda payload: received.append(len(payload))))
            t = time.perf_counter()
            page.goto(app.url, wait_until="domcontentloaded")
            frame = page.frame_locator(MAP_FRAME)
            frame.locator("canvas.event-points[data-draws]").first.wait_for(state="attached", timeout=timeout_s * 1000)
            paint = time.perf_counter() - t
            # the rest of the page: the timeline comes after the map (streamlit_app.py)
            page.locator("[data-testid='stVegaLiteChart'] canvas, [data-testid='stVegaLiteChart'] svg").first.wait_for(
                state="attached", timeout=timeout_s * 1000)
            complete = time.perf_counter() - t
            n0 = _canvas_n(frame)
            out["n0"] = n0
            if run == 0:
                out["cold"] = paint
            else:
                out["paint"].append(paint)
                out["complete"].append(complete)
            # Filter change: pick the run-th event type in the sidebar's "Event types".
            page.wait_for_timeout(500)
            select = page.locator("[data-testid='stMultiSelect']").filter(has_text="Event types")
            before = len(received)
            t = time.perf_counter()
            select.locator("input").click()
            options = page.locator("[role='option']")
            options.first.wait_for(timeout=10_000)
            # option 0 is "Select all"; the others are types, most frequent first
            options.nth(min(run + 1, options.count() - 1)).click()
            page.keyboard.press("Escape")
            deadline = time.monotonic() + timeout_s
            while time.monotonic() < deadline:
                n = _canvas_n(frame)
                if n is not None and n != n0:
                    break
                page.wait_for_timeout(20)
            else:
                raise RuntimeError("the map did not change after the filter change")
            if run > 0:
                out["change"].append(time.perf_counter() - t)
                page.wait_for_timeout(300)
                out["ws_bytes"].append(sum(received[before:]))
            context.close()
    finally:
        app.stop()
    return out


def map_payload(db: Path) -> dict:
    """The map component's args as the app sends them with no filter, and the Python steps' times."""
    from streamlit_folium import _get_feature_group_string, _get_map_string

    from geo.view.assets import use_local_assets
    from geo.view.filters import ViewFilter, actor_options, apply, date_bounds, option_counts
    from geo.view.timeline import timeline_frame
    from geo.view.mapview import base_map, event_layers
    from geo.view.points import points_frame
    from geo.view.table import events_frame

    times: dict[str, float] = {}

    def timed(name, fn):
        t = time.perf_counter()
        value = fn()
        times[name] = time.perf_counter() - t
        return value

    store = open_store(db, read_only=True)
    events = timed("store.query -> Events", lambda: store.query(EventFilter()))
    timed("store.map_frame", lambda: store.map_frame(EventFilter()))
    shown = timed("filters.apply", lambda: apply(events, ViewFilter()))
    import pickle
    timed("cache_data hit (unpickle Events)", lambda: pickle.loads(pickle.dumps(events)))
    timed("option_counts", lambda: option_counts(events))
    timed("actor_options + date_bounds", lambda: (actor_options(events), date_bounds(events, long_days=60)))
    timed("timeline_frame", lambda: timeline_frame(shown))
    timed("events_frame (table)", lambda: events_frame(shown))
    timed("points_frame(Events)", lambda: points_frame(shown))
    frame = store.map_frame(EventFilter())
    timed("event_layers(frame=map_frame)", lambda: event_layers([], frame=frame))
    # the app's path since the frame rewrite: cached frame, mask, table, timeline per rerun
    from geo.view.filters import frame_mask
    from geo.view.frame import view_frame
    from geo.view.table import table_of_frame
    vf = timed("view_frame (cached per store change)", lambda: view_frame(store.view_frame()))
    flt = ViewFilter(types=("missile_launch",))
    mask = timed("frame_mask (one type)", lambda: frame_mask(vf, flt))
    timed("facets of the frame", lambda: (option_counts(vf), actor_options(vf), date_bounds(vf, long_days=60)))
    timed("table_of_frame (all)", lambda: table_of_frame(vf))
    timed("timeline_frame(frame)", lambda: timeline_frame(vf))
    timed("event_layers(frame=view_frame)", lambda: event_layers([], frame=vf[mask]))
    # The app's path now: every point encoded once per store generation and fetched once by
    # the browser (a published file, like the basemap); a rerun sends the view of it only.
    import numpy as np

    from geo.view.basemap import basemap_json
    from geo.view.points import PointsData
    data = timed("PointsData (once per store change)", lambda: PointsData(vf))
    base = basemap_json()
    view_all = timed("PointsData.view_of (all)", lambda: data.view_of(None))
    view_one = timed("PointsData.view_of (one type)", lambda: data.view_of(np.asarray(mask)))
    m = timed("base_map (basemap by URL)", lambda: base_map(basemap_url="/app/static/generated/basemap-x.json"))
    use_local_assets(m)
    layers = timed("event_layers(view) as the app", lambda: event_layers(
        [], frame=vf, points_source=("/app/static/generated/points-x.json", view_all)))
    m.render()
    script = timed("st_folium map script", lambda: _get_map_string(m))
    fg = timed("st_folium feature groups", lambda: "".join(
        _get_feature_group_string(g, map=m, idx=i) for i, g in enumerate(layers.groups)))
    one = event_layers([], frame=vf[mask], points_source=("/app/static/generated/points-x.json", view_one))
    fg_one = "".join(_get_feature_group_string(g, map=m, idx=i) for i, g in enumerate(one.groups))
    store.close()
    return {"script": len(script.encode()), "feature_group": len(fg.encode()), "fg_one": len(fg_one.encode()),
            "points_file": len(data.json), "basemap_file": len(base), "times": times}


def _load(browser, url: str, ready_js: str, timeout_s: float) -> float:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    t = time.perf_counter()
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_function(ready_js, timeout=timeout_s * 1000, polling=50)
    took = time.perf_counter() - t
    page.close()
    return took


def static_maps(db: Path, browser, timeout_s: float, root: Path, port: int, with_naive: bool) -> dict:
    """The same events as a saved HTML map, ours (one canvas layer) and, with ``with_naive``, the
    naive way (one folium.CircleMarker with its own tooltip and popup per event): Python build
    time, HTML size, and Chromium's time from navigation until every point is drawn."""
    from geo.view.assets import use_local_assets
    from geo.view.mapview import base_map, event_layers
    from geo.view.filters import readable as label
    from geo.view.placemarkers import date_text
    from geo.view.text import escape_html

    store = open_store(db, read_only=True)
    events = store.query(EventFilter())
    store.close()
    out = {}
    t = time.perf_counter()
    m = base_map()
    for group in event_layers(events, geometry_of=[]).groups:
        group.add_to(m)
    use_local_assets(m)
    html = m.get_root().render()
    out["ours"] = {"build": time.perf_counter() - t, "bytes": len(html.encode())}
    (root / "ours.html").write_text(html, encoding="utf-8")
    out["ours"]["render"] = _load(browser, f"http://127.0.0.1:{port}/ours.html",
                                  "document.querySelector('canvas.event-points[data-draws]') !== null", timeout_s)
    if not with_naive:
        return out
    t = time.perf_counter()
    m = base_map()
    group = folium.FeatureGroup(name="Places")
    n = 0
    for e in events:
        site = e.launch_site or next((p for p in e.places if p.located), None)
        if site is None:
            continue
        folium.CircleMarker(location=(site.lat, site.lon), radius=5, fill=True, class_name="naive-point",
                            tooltip=folium.Tooltip(f"<b>{escape_html(site.name)}</b><br>{label(e.type)}, {date_text(e)}"),
                            popup=folium.Popup(f"<b>{escape_html(site.name)}</b><br>{label(e.type)}, {date_text(e)}<br>"
                                               f"<i>{escape_html(e.sentence or '')}</i><br><small>event id: {e.id}</small>",
                                               max_width=320)).add_to(group)
        n += 1
    group.add_to(m)
    use_local_assets(m)
    html = m.get_root().render()
    out["naive"] = {"build": time.perf_counter() - t, "bytes": len(html.encode()), "n": n}
    (root / "naive.html").write_text(html, encoding="utf-8")
    out["naive"]["render"] = _load(browser, f"http://127.0.0.1:{port}/naive.html",
                                   f"document.querySelectorAll('path.naive-point').length >= {n}", timeout_s)
    return out


def _serve(root: Path) -> ThreadingHTTPServer:
    (root / "app").mkdir(exist_ok=True)
    link = root / "app" / "static"
    if not link.exists():
        link.symlink_to(ROOT / "static")

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def mb(b: float) -> str:
    return f"{b / 1e6:.2f} MB"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    ap.add_argument("--runs", type=int, default=3, help="warm runs per size (plus one cold)")
    ap.add_argument("--naive-max", type=int, default=10_000, help="largest size to draw the naive way")
    ap.add_argument("--timeout", type=float, default=240.0, help="seconds before a browser wait fails")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    root = Path(tempfile.mkdtemp(prefix="bench-dashboard-"))
    server = _serve(root)
    rows = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        for n in args.sizes:
            print(f"\n{n:,} synthetic events (+ seed and demo data)", flush=True)
            db = store_of(n)
            payload = map_payload(db)
            for name, s in payload["times"].items():
                print(f"  python  {name:28s} {s * 1000:9.0f} ms")
            print(f"  map payload per rerun: script {mb(payload['script'])} + feature_group "
                  f"{mb(payload['feature_group'])} (one type: {mb(payload['fg_one'])}) = "
                  f"{mb(payload['script'] + payload['feature_group'])}; once per page: points file "
                  f"{mb(payload['points_file'])} + basemap file {mb(payload['basemap_file'])}", flush=True)
            app = measure_app(browser, db, args.runs, args.timeout)
            paint, change = statistics.median(app["paint"]), statistics.median(app["change"])
            complete = statistics.median(app["complete"])
            print(f"  app: first paint cold {app['cold']:.2f} s, warm median {paint:.2f} s {app['paint']}; "
                  f"timeline drawn too, median {complete:.2f} s {app['complete']}; "
                  f"filter change median {change:.2f} s {app['change']}; websocket per change "
                  f"{mb(statistics.median(app['ws_bytes']))}; points {app['n0']:,}", flush=True)
            row = {"n": n, "cold": app["cold"], "paint": paint, "complete": complete, "change": change,
                   "bytes": payload["script"] + payload["feature_group"], "fg": payload["feature_group"],
                   "once": payload["points_file"] + payload["basemap_file"],
                   "ws": statistics.median(app["ws_bytes"])}
            st = static_maps(db, browser, args.timeout, root, server.server_port, n <= args.naive_max)
            row.update(st)
            for name, v in st.items():
                print(f"  saved HTML, {name:5s}: build {v['build']:.2f} s, html {mb(v['bytes'])}, "
                      f"Chromium until drawn {v['render']:.2f} s", flush=True)
            rows.append(row)
        browser.close()
    server.shutdown()

    print("\nThe dashboard (streamlit run + Chromium), medians:")
    print("  events  | first paint cold | first paint warm | + timeline warm | filter change "
          "| map args per rerun (of it points) | fetched once per page | websocket per change")
    for r in rows:
        print(f"{r['n']:>9,} | {r['cold']:13.2f} s | {r['paint']:14.2f} s | {r['complete']:13.2f} s "
              f"| {r['change']:11.2f} s | "
              f"{mb(r['bytes']):>9} ({mb(r['fg'])}) | {mb(r['once']):>9} | {mb(r['ws']):>9}")
    print("\nThe same events as a saved HTML map: Python build + Chromium until drawn = total, HTML size")
    print("  events  | ours                               | naive (a CircleMarker per event)    | naive / ours")
    for r in rows:
        o = r["ours"]
        line = (f"{r['n']:>9,} | {o['build']:5.2f} + {o['render']:5.2f} = {o['build'] + o['render']:6.2f} s, "
                f"{mb(o['bytes']):>9} | ")
        if "naive" in r:
            v = r["naive"]
            line += (f"{v['build']:5.2f} + {v['render']:6.2f} = {v['build'] + v['render']:6.2f} s, {mb(v['bytes']):>9} | "
                     f"time {(v['build'] + v['render']) / (o['build'] + o['render']):5.1f}x, "
                     f"bytes {v['bytes'] / o['bytes']:5.1f}x")
        else:
            line += "not run (above --naive-max)"
        print(line)


if __name__ == "__main__":
    main()
