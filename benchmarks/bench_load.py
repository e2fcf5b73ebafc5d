"""Load (issue 16, item 6): N concurrent dashboard sessions changing filters and opening events.

Starts ``streamlit run streamlit_app.py`` on a free 127.0.0.1 port with a temporary events store
(``GEO_EVENTS_DB``: the seed and the bundled demo data, 263 events, filled before the server
starts, as the app fills its default store), then drives N visitors at once. A visitor is either

- a **websocket client** (default, ``benchmarks/st_client.py``): it speaks Streamlit's protocol
  as the browser's front end does (``BackMsg.rerun_script`` with the widget states, ``ForwardMsg``
  deltas back, ``script_finished`` at the end of a run) but draws nothing, so many of them cost
  the machine little and what they measure is the server; or
- a **Chromium page** (``--browsers M``, ``benchmarks/load_browser.py``): a Playwright context in
  one headless Chromium, clicking and typing; it measures what a person sees, and costs the
  machine about a third of a core per busy page.

Visitors arrive 0.5 s apart; each opens the dashboard, then until its time is up makes one change,
waits for its result and thinks 1-3 s (random, seeded). A change is one of:

- *types* / *actors*: add a random option to "Event types" / "Actors", or remove the last one
  picked (always when two are picked, half the time when one is);
- *dates*: move the start or end of the "Dates" slider by 10 days (the browser: PageUp/PageDown);
- *search*: another word ("missile", "Pyongyang", "talks", ...) or none in "Search the text";
- *row*: select one of the first ten rows of the table (opens that event: the map goes to it,
  its report shows).

**What is measured**, per change. Websocket client: *map*, from sending the ``rerun_script`` to
the arrival of the map element (the ``streamlit_folium.st_folium`` component, carrying the new
layers) of the run it started; *run done*, to its ``script_finished``. Every run sends the map
again (its message differs each run), so every change has a map time. Errors: an exception
element, an error alert, a run not finished within 30 s, a lost connection, a first page not
drawn within 180 s. Chromium: see load_browser.py (change to a *new* points canvas in the map
frame; a change that leaves the layers as they were is counted as "same map").

Server memory is the VmRSS of the streamlit process and its children (/proc, every 0.5 s):
"before" after a first visitor's page (caches filled), "peak" during the run, a sample every
``N/5`` of the run, and "after" 10 s after every session has closed. CPU seconds of the server,
of this process (the websocket clients) and of Chromium over the run say who is busy.

    make bench BENCH=load
    .venv/bin/python benchmarks/bench_load.py --sessions 1,5,25 --durations 60,60,120
    .venv/bin/python benchmarks/bench_load.py --sessions 1,5 --browsers 1 --durations 60   # compare

Only loopback traffic; every server and browser started here is stopped at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from load_procs import Server, chromium_pids, cpu_s, make_store, rss_mb  # noqa: E402
from st_client import ProtocolError, Session as WsSession  # noqa: E402

KINDS = ["types", "actors", "dates", "search", "row"]
WORDS = ["missile", "Pyongyang", "talks", "ICBM", "satellite", "Korea", "launch", ""]
CHANGE_TIMEOUT_S = 30.0
OPEN_TIMEOUT_S = 180.0
DAY_US = 86_400_000_000


def is_map(element) -> bool:
    """The dashboard's map: the streamlit-folium component."""
    return element.WhichOneof("type") == "component_instance" and "st_folium" in element.component_instance.component_name


@dataclass
class WsResult:
    load_s: float | None = None
    map_s: list[float] = field(default_factory=list)
    run_s: list[float] = field(default_factory=list)
    kinds: dict[str, int] = field(default_factory=dict)
    by_kind: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    bytes_in: int = 0


class WsVisitor:
    """One visitor over the websocket (``st_client.Session``)."""

    def __init__(self, url: str, seed: int) -> None:
        self.session = WsSession(url)
        self.rng = random.Random(seed)
        self.result = WsResult()
        self.word = ""

    async def open(self) -> None:
        await self.session.connect(timeout=OPEN_TIMEOUT_S)
        run = await self.session.rerun(is_map, timeout=OPEN_TIMEOUT_S)
        self.result.errors += [f"open: {e}" for e in run.errors]
        if run.first_hit_s is None:
            raise ProtocolError("the first page had no map")
        self.result.load_s = run.first_hit_s

    async def run(self, until: float) -> None:
        while time.monotonic() < until:
            kind = self.rng.choice(KINDS)
            try:
                await self.change(kind)
            except (TimeoutError, ProtocolError, KeyError) as exc:
                self.result.errors.append(f"{kind}: {type(exc).__name__}: {exc}")
                if isinstance(exc, ProtocolError):
                    return
                if isinstance(exc, TimeoutError):
                    try:   # the late end of that run must not end the next one
                        await self.session.settle(CHANGE_TIMEOUT_S)
                    except ProtocolError:
                        return
            await asyncio.sleep(self.rng.uniform(1.0, 3.0))

    def _prepare(self, kind: str) -> str:
        """Set the widget state of one change; returns the kind of change made."""
        s, rng = self.session, self.rng
        if kind in ("types", "actors"):
            wid, proto = s.widget("Event types" if kind == "types" else "Actors")
            picked = list(s.states[wid].string_array_value.data)
            if len(picked) >= 2 or (len(picked) == 1 and rng.random() < 0.5):
                picked.pop()
            else:
                picked.append(rng.choice([o for o in proto.options if o not in picked]))
            s.set_strings(wid, picked)
        elif kind == "dates":
            wid, proto = s.widget("Dates")
            lo, hi = s.states[wid].double_array_value.data
            step = rng.choice([-10, 10]) * DAY_US
            if rng.random() < 0.5:
                lo = min(max(proto.min, lo + step), hi)
            else:
                hi = max(min(proto.max, hi + step), lo)
            s.set_doubles(wid, [lo, hi])
        elif kind == "search":
            wid, _ = s.widget("Search the text")
            self.word = rng.choice([w for w in WORDS if w != self.word])
            s.set_string(wid, self.word)
        else:
            wid, proto = s.widget("dataframe")
            n = table_rows(proto)
            if n == 0:   # an empty table has no row to click: search for something else instead
                self._prepare("search")
                return "search"
            s.set_rows(wid, [rng.randrange(min(10, n))])
        return kind

    async def change(self, kind: str) -> None:
        kind = self._prepare(kind)
        run = await self.session.rerun(is_map, timeout=CHANGE_TIMEOUT_S)
        r = self.result
        r.bytes_in += run.bytes_in
        r.errors += [f"{kind}: {e}" for e in run.errors]
        r.run_s.append(run.finished_s)
        if run.first_hit_s is None:
            r.errors.append(f"{kind}: the run sent no map")
            return
        r.map_s.append(run.first_hit_s)
        r.kinds[kind] = r.kinds.get(kind, 0) + 1
        r.by_kind.setdefault(kind, []).append(run.first_hit_s)


def table_rows(proto) -> int:
    """Rows of a dataframe element (its Arrow IPC stream)."""
    import pyarrow as pa

    try:
        return pa.ipc.open_stream(proto.arrow_data.data).read_all().num_rows
    except Exception:   # not an Arrow stream: say nothing is there to click
        return 0


async def drive(url: str, n: int, browsers: int, duration_s: float, server: Server, seed: int) -> dict:
    samples: list[tuple[float, float]] = []
    stop = asyncio.Event()

    async def sample_rss(t0: float) -> None:
        while not stop.is_set():
            samples.append((time.monotonic() - t0, rss_mb(server.pids())))
            try:
                await asyncio.wait_for(stop.wait(), 0.5)
            except asyncio.TimeoutError:
                pass

    # warm-up: one visitor's page fills the server's caches (store query, basemap, actors)
    warm = WsVisitor(url, seed)
    await warm.open()
    await warm.session.close()
    await asyncio.sleep(2)
    rss_before = rss_mb(server.pids())

    pw = browser = None
    bsessions = []
    if browsers:
        from load_browser import CHROMIUM, CHROMIUM_ARGS, Session as BrowserSession
        from playwright.async_api import async_playwright

        pw = await async_playwright().start()
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        for i in range(browsers):
            ctx = await browser.new_context(viewport={"width": 1400, "height": 900})
            bsessions.append(BrowserSession(i, ctx, url, seed * 1000 + 500 + i))
    visitors = [WsVisitor(url, seed * 1000 + i) for i in range(n)]

    load1 = os.getloadavg()[0]
    me = [os.getpid()]
    t_start = time.monotonic()
    cpu0 = (cpu_s(server.pids()), cpu_s(me), cpu_s(chromium_pids()))
    sampler = asyncio.ensure_future(sample_rss(t_start))

    async def one(v, delay: float) -> None:
        await asyncio.sleep(delay)
        try:
            await v.open()
        except Exception as exc:
            v.result.errors.append(f"open: {type(exc).__name__}: {str(exc).splitlines()[0][:120] if str(exc) else ''}")
            return
        await v.run(time.monotonic() + duration_s)

    # visitors arrive 0.5 s apart (browsers among the first); each then changes things for duration_s
    everyone = bsessions + visitors
    await asyncio.gather(*(one(v, 0.5 * i) for i, v in enumerate(everyone)))
    elapsed = time.monotonic() - t_start
    cpu1 = (cpu_s(server.pids()), cpu_s(me), cpu_s(chromium_pids()))
    load2 = os.getloadavg()[0]
    stop.set()
    await sampler
    for v in visitors:
        await v.session.close()
    for b in bsessions:
        await b.context.close()
    if browser is not None:
        await browser.close()
        await pw.stop()
    await asyncio.sleep(10)   # the server lets go of the closed sessions
    rss_after = rss_mb(server.pids())

    row = summary([v.result for v in visitors])
    row.update(sessions=n, browsers=browsers, duration_s=duration_s, elapsed_s=elapsed,
               rss_before=rss_before, rss_peak=max([m for _, m in samples] + [rss_before]), rss_after=rss_after,
               rss_series=_series(samples, 6), cpu_server=(cpu1[0] - cpu0[0]) / elapsed,
               cpu_clients=(cpu1[1] - cpu0[1]) / elapsed, cpu_browser=(cpu1[2] - cpu0[2]) / elapsed,
               loadavg=(load1, load2))
    if bsessions:
        res = [b.result for b in bsessions]
        times = sorted(t for r in res for t in r.map_s)
        runs = sorted(t for r in res for t in r.run_s)
        row["browser"] = {"changes": len(times), "same_map": sum(r.same_map for r in res),
                          "p50": _pct(times, 50), "p95": _pct(times, 95), "run_p50": _pct(runs, 50),
                          "run_p95": _pct(runs, 95), "load_p50": _pct(sorted(r.load_s for r in res if r.load_s), 50),
                          "errors": [e for r in res for e in r.errors]}
    return row


def summary(results: list[WsResult]) -> dict:
    times = sorted(t for r in results for t in r.map_s)
    runs = sorted(t for r in results for t in r.run_s if t is not None)
    loads = sorted(r.load_s for r in results if r.load_s is not None)
    by_kind: dict[str, list[float]] = {}
    for r in results:
        for k, v in r.by_kind.items():
            by_kind.setdefault(k, []).extend(v)
    return {
        "changes": len(times), "p50": _pct(times, 50), "p95": _pct(times, 95), "max": times[-1] if times else None,
        "run_p50": _pct(runs, 50), "run_p95": _pct(runs, 95), "load_p50": _pct(loads, 50),
        "load_max": loads[-1] if loads else None, "errors": [e for r in results for e in r.errors],
        "kind_p50": {k: _pct(sorted(v), 50) for k, v in sorted(by_kind.items())},
        "mb_per_change": sum(r.bytes_in for r in results) / 1e6 / max(1, len(times)),
    }


def _series(samples: list[tuple[float, float]], n: int) -> list[tuple[float, float]]:
    """``n`` samples spread over the run (time s, RSS MB)."""
    if not samples:
        return []
    step = max(1, len(samples) // n)
    return samples[::step][:n] + [samples[-1]]


def _pct(values: list[float], q: float) -> float | None:
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def _f(x: float | None, fmt: str = "{:.2f}") -> str:
    return "-" if x is None else fmt.format(x)


def report(row: dict) -> None:
    print(f"  websocket visitors {row['sessions']}: changes {row['changes']}; map p50 {_f(row['p50'])} s, "
          f"p95 {_f(row['p95'])} s, max {_f(row['max'])} s; run done p50 {_f(row['run_p50'])} s, "
          f"p95 {_f(row['run_p95'])} s; first page p50 {_f(row['load_p50'])} s, max {_f(row['load_max'])} s; "
          f"errors {len(row['errors'])}; map p50 by kind "
          + ", ".join(f"{k} {_f(v)}" for k, v in row["kind_p50"].items())
          + f"; {row['mb_per_change']:.2f} MB received per change", flush=True)
    for e in row["errors"][:10]:
        print(f"    error: {e}")
    b = row.get("browser")
    if b:
        print(f"  Chromium visitors {row['browsers']}: changes {b['changes']} (+{b['same_map']} same map); map p50 "
              f"{_f(b['p50'])} s, p95 {_f(b['p95'])} s; run done p50 {_f(b['run_p50'])} s, p95 {_f(b['run_p95'])} s; "
              f"page load p50 {_f(b['load_p50'])} s; errors {len(b['errors'])}", flush=True)
        for e in b["errors"][:5]:
            print(f"    error: {e}")
    print(f"  server RSS {row['rss_before']:.0f} MB before, peak {row['rss_peak']:.0f}, {row['rss_after']:.0f} 10 s "
          f"after; over the run (s: MB) " + ", ".join(f"{t:.0f}: {m:.0f}" for t, m in row["rss_series"]), flush=True)
    print(f"  CPU cores: server {row['cpu_server']:.2f}, websocket clients {row['cpu_clients']:.2f}, Chromium "
          f"{row['cpu_browser']:.2f}; load average {row['loadavg'][0]:.1f} -> {row['loadavg'][1]:.1f}", flush=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sessions", default="1,5,25", help="websocket visitors at each level (default 1,5,25)")
    ap.add_argument("--browsers", type=int, default=0, help="Chromium visitors alongside, at every level (default 0)")
    ap.add_argument("--durations", default="60,60,120",
                    help="seconds of changes per visitor at each level (default 60,60,120; one value for all)")
    ap.add_argument("--store", type=Path, help="serve a copy of this events store instead of the seed + demo data")
    ap.add_argument("--seed", type=int, default=16)
    args = ap.parse_args(argv)
    counts = [int(x) for x in args.sessions.split(",")]
    durations = [float(x) for x in args.durations.split(",")]
    if len(durations) == 1:
        durations *= len(counts)
    if len(durations) != len(counts):
        ap.error("--durations needs one value, or one per --sessions count")
    if args.browsers:
        from load_browser import CHROMIUM
        if not Path(CHROMIUM).exists():
            print(f"{CHROMIUM} is not installed: run without --browsers", file=sys.stderr)
            return 2

    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-load-") as tmp:
        folder = Path(tmp)
        template = args.store or make_store(folder)
        for n, duration in zip(counts, durations):
            # a fresh server and a fresh copy of the store per level: memory starts from the same place
            store = folder / f"events-{n}.sqlite"
            with sqlite3.connect(template) as src, sqlite3.connect(store) as dst:
                src.backup(dst)
            server = Server(store, folder / f"streamlit-{n}.log")
            try:
                print(f"\n{n} websocket + {args.browsers} Chromium visitors x {duration:.0f} s ...", flush=True)
                row = asyncio.run(drive(server.url, n, args.browsers, duration, server, args.seed))
            finally:
                server.stop()
            rows.append(row)
            report(row)
            if row["errors"]:
                tail = [ln for ln in (folder / f"streamlit-{n}.log").read_text(errors="replace").splitlines()
                        if ln.strip()][-12:]
                print("  server log, last lines:\n    " + "\n    ".join(tail), flush=True)

    print("\n| sessions | s each | changes | map p50 s | map p95 s | max s | run done p50 / p95 s | first page p50 s "
          "| errors | server RSS before / peak / after MB | CPU cores server / clients |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['sessions']} | {r['duration_s']:.0f} | {r['changes']} | {_f(r['p50'])} | {_f(r['p95'])} "
              f"| {_f(r['max'])} | {_f(r['run_p50'])} / {_f(r['run_p95'])} | {_f(r['load_p50'])} | {len(r['errors'])} "
              f"| {r['rss_before']:.0f} / {r['rss_peak']:.0f} / {r['rss_after']:.0f} "
              f"| {r['cpu_server']:.2f} / {r['cpu_clients']:.2f} |")
    print(f"\n{os.cpu_count()} CPUs; map: rerun_script sent -> the run's map element received; "
          f"target p95 < 2 s with no errors at 25 sessions")
    return 0


if __name__ == "__main__":
    sys.exit(main())
