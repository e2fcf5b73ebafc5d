"""Load (issue 16, item 6): N concurrent dashboard sessions changing filters and opening events.

Starts ``streamlit run streamlit_app.py`` on a free 127.0.0.1 port with a temporary events store
(``GEO_EVENTS_DB``: the seed and the demo data, filled before the server starts), then drives N
Playwright browser contexts (N visitors, one page each) in one headless Chromium. Each session
opens the dashboard, then until its time is up repeats: one change, wait for its result, think
1-3 s. A change is one of (chosen at random, seeded):

- *types* / *actors*: pick a random option of the "Event types" / "Actors" multiselect, or remove
  the last one picked (Backspace: always when two are picked, half the time when one is);
- *dates*: PageUp/PageDown on the start or end thumb of the "Dates" slider;
- *search*: type another word ("missile", "Pyongyang", "talks", ...) or nothing in "Search the
  text", then Enter;
- *row*: click the row marker of one of the first ten rows of the table (opens that event).

**What is measured**, per change: from just before the input event that triggers the rerun (the
option click, the key press, Enter, the row click) until the map frame holds a *new* points layer
(the ``canvas[data-n]`` that geo/view/points.js makes when streamlit-folium adds the new layers;
the old canvas is marked before the change). That is the time a visitor waits to see the map
follow their change: the rerun's way to the map element, the websocket, and the frame's redraw.
Beside it, "run done": from the same input to the page's ``data-test-script-state`` going back
from "running" to "notRunning" (the whole script, table, report panels and timeline included),
for the changes where a run was seen (none starting within 5 s: the change started none).
A change that leaves the map's layers as they were (a slider step over weeks with no event, a
search giving the same events) gives no new canvas: it is counted as "same map" when the script
run has finished and 5 s more pass without one (a loaded browser may draw a while after the
run ends), and its time is left out of the figures. A
change with neither a new map nor a finished run within 30 s is an error ("timeout"); so are
page errors (uncaught JavaScript), Streamlit exception boxes, error alerts and a lost connection.

Server memory is the VmRSS of the streamlit process and its children (/proc, every 0.5 s):
"before" once the first page has loaded (caches filled), "peak" during the run, "after" 10 s
after every session has closed. CPU seconds of the
server and of Chromium over the run say who saturates the machine.

    make bench BENCH=load
    .venv/bin/python benchmarks/bench_load.py --sessions 1,5,25 --durations 60,60,120

Only loopback traffic; every server and browser started here is stopped at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic", "--disable-dev-shm-usage"]
MAP_FRAME = "iframe[title='streamlit_folium.st_folium']"
WORDS = ["missile", "Pyongyang", "talks", "ICBM", "satellite", "Korea", "launch", ""]
CHANGE_TIMEOUT_S = 30.0
SAME_MAP_GRACE_S = 5.0
CLK_TCK = os.sysconf("SC_CLK_TCK")

# In the map frame: resolves with true when a points canvas not marked old is there, false when
# window.__stopWait is set (the run ended without one) or after the timeout.
NEW_CANVAS_JS = """(timeoutMs) => new Promise(resolve => {
  window.__stopWait = false;
  const t0 = performance.now();
  const fresh = () => { const c = document.querySelector('canvas[data-n]'); return !!c && !c.__old; };
  const iv = setInterval(() => {
    if (fresh()) { clearInterval(iv); resolve(true); }
    else if (window.__stopWait || performance.now() - t0 > timeoutMs) { clearInterval(iv); resolve(false); }
  }, 20);
})"""
MARK_OLD_JS = "() => { const c = document.querySelector('canvas[data-n]'); if (c) c.__old = true; return !!c; }"
# In the page: resolves with [true, seen] once the script run that the change started has finished
# (seen: a run was seen; if none starts within IDLE_MS the change started none), [false, seen]
# after the timeout.
IDLE_MS = 5000
RUN_DONE_JS = """(timeoutMs) => new Promise(resolve => {
  const t0 = performance.now(); let seen = false;
  const iv = setInterval(() => {
    const el = document.querySelector('[data-test-script-state]');
    const state = el ? el.getAttribute('data-test-script-state') : 'notRunning';
    if (state === 'running') seen = true;
    else if (seen || performance.now() - t0 > %d) { clearInterval(iv); resolve([true, seen]); return; }
    if (performance.now() - t0 > timeoutMs) { clearInterval(iv); resolve([false, seen]); }
  }, 25);
})""" % IDLE_MS
ERRORS_JS = """() => [
  document.querySelectorAll('[data-testid="stException"]').length,
  document.querySelectorAll('[data-testid="stAlertContentError"]').length,
  /Connection error|Is Streamlit still running/.test(document.body.innerText) ? 1 : 0]"""


# -- processes -------------------------------------------------------------------------------

def _children(pid: int) -> list[int]:
    out = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            out += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            pass
    return out


def process_tree(pid: int) -> list[int]:
    """``pid`` and all its descendants."""
    seen, todo = [], [pid]
    while todo:
        p = todo.pop()
        if p in seen:
            continue
        seen.append(p)
        todo += _children(p)
    return seen


def rss_mb(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def cpu_s(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
        except (OSError, IndexError, ValueError):
            pass
    return total / CLK_TCK


def chromium_pids() -> list[int]:
    """Chromium processes that are descendants of this benchmark (Playwright's driver starts them)."""
    return [p for p in process_tree(os.getpid()) if p != os.getpid() and _comm(p).startswith("chrom")]


def _comm(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return ""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """``streamlit run`` on a free loopback port, in its own process group."""

    def __init__(self, store: Path, log: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = open(log, "wb")
        env = {**os.environ, "GEO_EVENTS_DB": str(store), "GEO_ALLOW_SAVE": ""}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "streamlit_app.py", "--server.port", str(self.port),
             "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false",
             "--server.fileWatcherType", "none"],
            cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True, env=env)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"streamlit exited with {self.proc.returncode}; see {log}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as resp:
                    if resp.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"streamlit did not answer within 90 s; see {log}")

    def pids(self) -> list[int]:
        return process_tree(self.proc.pid)

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=15)
        self.log.close()


def make_store(folder: Path) -> Path:
    """The seed and the demo data in a new store (what a first visitor's page would fill)."""
    from geo.store import open_store

    path = folder / "events.sqlite"
    with open_store(path) as store:
        n = store.count()
    print(f"store {path}: {n} events", flush=True)
    return path


# -- sessions --------------------------------------------------------------------------------

@dataclass
class Result:
    load_s: float | None = None
    map_s: list[float] = field(default_factory=list)      # change -> new map layer
    run_s: list[float] = field(default_factory=list)      # change -> the app says its run has finished
    same_map: int = 0                                    # changes that left the map as it was
    kinds: dict[str, int] = field(default_factory=dict)
    same_kinds: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


def map_frame(page):
    for frame in page.frames:
        if "st_folium" in frame.url:
            return frame
    return None


class Session:
    def __init__(self, index: int, context, url: str, seed: int) -> None:
        self.index = index
        self.context = context
        self.url = url
        self.rng = random.Random(seed)
        self.result = Result()
        self.picked = {"Event types": 0, "Actors": 0}
        self.word = ""
        self.page = None

    async def open(self) -> None:
        self.page = await self.context.new_page()
        self.page.on("pageerror", lambda exc: self.result.errors.append(f"page error: {str(exc)[:120]}"))
        t0 = time.monotonic()
        await self.page.goto(self.url, wait_until="domcontentloaded", timeout=180_000)
        await self.page.wait_for_selector(MAP_FRAME, state="visible", timeout=180_000)
        await self.page.frame_locator(MAP_FRAME).locator("canvas[data-n]").wait_for(state="attached",
                                                                                    timeout=180_000)
        self.result.load_s = time.monotonic() - t0
        await self._settle()

    async def _settle(self) -> None:
        await self.page.evaluate(RUN_DONE_JS, CHANGE_TIMEOUT_S * 1000)

    async def run(self, until: float) -> None:
        while time.monotonic() < until:
            kind = self.rng.choice(["types", "actors", "dates", "search", "row"])
            try:
                await self.change(kind)
            except Exception as exc:  # a Playwright timeout or a page that went away
                self.result.errors.append(f"{kind}: {type(exc).__name__}: {str(exc).splitlines()[0][:120]}")
                await asyncio.sleep(1)
            await asyncio.sleep(self.rng.uniform(1.0, 3.0))
        found = await self.page.evaluate(ERRORS_JS)
        for what, n in zip(("exception box", "error alert", "connection lost"), found):
            if n:
                self.result.errors.append(f"{what} x{n}")

    async def change(self, kind: str) -> None:
        page = self.page
        frame = map_frame(page)
        if frame is None:
            raise RuntimeError("no map on the page")
        await frame.evaluate(MARK_OLD_JS)   # no canvas when the filters keep no event
        trigger = await self._prepare(kind)   # everything before the input that starts the rerun
        t0 = time.monotonic()
        await trigger()
        canvas = asyncio.ensure_future(frame.evaluate(NEW_CANVAS_JS, CHANGE_TIMEOUT_S * 1000))
        run = asyncio.ensure_future(page.evaluate(RUN_DONE_JS, CHANGE_TIMEOUT_S * 1000))
        done, _ = await asyncio.wait({canvas, run}, return_when=asyncio.FIRST_COMPLETED)
        if canvas in done and canvas.result():
            self.result.map_s.append(time.monotonic() - t0)
            self.result.kinds[kind] = self.result.kinds.get(kind, 0) + 1
            finished, seen = await run
            if finished and seen:
                self.result.run_s.append(time.monotonic() - t0)
            return
        finished, seen = await run
        if not finished:
            raise TimeoutError(f"no new map and the run did not finish within {CHANGE_TIMEOUT_S:.0f} s")
        if seen:
            self.result.run_s.append(time.monotonic() - t0)
        try:
            fresh = await asyncio.wait_for(asyncio.shield(canvas), SAME_MAP_GRACE_S)
        except asyncio.TimeoutError:
            fresh = False
        if fresh:
            self.result.map_s.append(time.monotonic() - t0)
            self.result.kinds[kind] = self.result.kinds.get(kind, 0) + 1
            return
        await frame.evaluate("() => { window.__stopWait = true; }")
        await canvas
        self.result.same_map += 1
        self.result.same_kinds[kind] = self.result.same_kinds.get(kind, 0) + 1

    async def _prepare(self, kind: str):
        page, rng = self.page, self.rng
        if kind in ("types", "actors"):
            label = "Event types" if kind == "types" else "Actors"
            box = page.locator("[data-testid='stMultiSelect']").filter(has_text=label).locator("input")
            await box.click()
            if self.picked[label] >= 2 or (self.picked[label] == 1 and rng.random() < 0.5):
                self.picked[label] -= 1

                async def remove():
                    await box.press("Backspace")
                    await page.keyboard.press("Escape")
                return remove
            options = page.locator("[role='option']")
            await options.first.wait_for(state="visible", timeout=10_000)
            n = await options.count()
            names = [await options.nth(i).inner_text() for i in range(n)]
            choices = [i for i, name in enumerate(names) if name.strip().lower() != "select all"]
            if not choices:
                await page.keyboard.press("Escape")
                return self._noop
            pick = options.nth(rng.choice(choices))
            self.picked[label] += 1

            async def click():
                await pick.click()
                await page.keyboard.press("Escape")
            return click
        if kind == "dates":
            thumb = page.locator(f"input[aria-label='{rng.choice(['Dates — start', 'Dates — end'])}']")
            await thumb.focus()
            key = rng.choice(["PageUp", "PageDown"])
            return lambda: thumb.press(key)
        if kind == "search":
            box = page.get_by_label("Search the text")
            self.word = rng.choice([w for w in WORDS if w != self.word])
            await box.fill(self.word)
            return lambda: box.press("Enter")
        grid = page.locator("[data-testid='stDataFrame']")
        bounds = await grid.bounding_box()
        if bounds is None:
            return self._noop
        row = rng.randrange(10)
        x, y = bounds["x"] + 12, bounds["y"] + 35 + 35 * row + 17
        return lambda: page.mouse.click(x, y)

    @staticmethod
    async def _noop() -> None:
        return None


async def drive(url: str, n: int, duration_s: float, server: Server, seed: int) -> dict:
    from playwright.async_api import async_playwright

    samples: list[float] = []
    stop = asyncio.Event()

    async def sample_rss() -> None:
        while not stop.is_set():
            samples.append(rss_mb(server.pids()))
            try:
                await asyncio.wait_for(stop.wait(), 0.5)
            except asyncio.TimeoutError:
                pass

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        # warm-up: one page load fills the server's caches (store query, basemap, actors)
        warm = await browser.new_context(viewport={"width": 1400, "height": 900})
        w = Session(-1, warm, url, seed)
        await w.open()
        await warm.close()
        await asyncio.sleep(2)
        rss_before = rss_mb(server.pids())
        sampler = asyncio.ensure_future(sample_rss())
        load1 = os.getloadavg()[0]
        cpu0_server, cpu0_browser, t_start = cpu_s(server.pids()), cpu_s(chromium_pids()), time.monotonic()

        sessions = []
        for i in range(n):
            ctx = await browser.new_context(viewport={"width": 1400, "height": 900})
            sessions.append(Session(i, ctx, url, seed * 1000 + i))

        async def one(s: Session, delay: float) -> None:
            await asyncio.sleep(delay)
            try:
                await s.open()
            except Exception as exc:
                s.result.errors.append(f"open: {type(exc).__name__}: {str(exc).splitlines()[0][:120]}")
                return
            await s.run(time.monotonic() + duration_s)

        # visitors arrive 0.5 s apart; each then changes things for duration_s
        await asyncio.gather(*(one(s, 0.5 * i) for i, s in enumerate(sessions)))
        elapsed = time.monotonic() - t_start
        cpu_server = cpu_s(server.pids()) - cpu0_server
        cpu_browser = cpu_s(chromium_pids()) - cpu0_browser
        load2 = os.getloadavg()[0]
        stop.set()
        await sampler
        for s in sessions:
            await s.context.close()
        await browser.close()
    await asyncio.sleep(10)   # the server lets go of the closed sessions
    rss_after = rss_mb(server.pids())

    results = [s.result for s in sessions]
    times = sorted(t for r in results for t in r.map_s)
    loads = sorted(r.load_s for r in results if r.load_s is not None)
    runs = sorted(t for r in results for t in r.run_s)
    errors = [e for r in results for e in r.errors]
    kinds: dict[str, int] = {}
    same_kinds: dict[str, int] = {}
    for r in results:
        for k, v in r.kinds.items():
            kinds[k] = kinds.get(k, 0) + v
        for k, v in r.same_kinds.items():
            same_kinds[k] = same_kinds.get(k, 0) + v
    return {
        "sessions": n, "duration_s": duration_s, "elapsed_s": elapsed, "changes": len(times),
        "same_map": sum(r.same_map for r in results), "kinds": kinds, "same_kinds": same_kinds,
        "p50": _pct(times, 50), "p95": _pct(times, 95), "max": times[-1] if times else None,
        "runs": len(runs), "run_p50": _pct(runs, 50), "run_p95": _pct(runs, 95),
        "load_p50": _pct(loads, 50), "load_max": loads[-1] if loads else None,
        "errors": errors, "rss_before": rss_before, "rss_peak": max(samples + [rss_before]), "rss_after": rss_after,
        "cpu_server": cpu_server / elapsed, "cpu_browser": cpu_browser / elapsed, "loadavg": (load1, load2),
    }


def _pct(values: list[float], q: float) -> float | None:
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def _f(x: float | None, fmt: str = "{:.2f}") -> str:
    return "-" if x is None else fmt.format(x)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sessions", default="1,5,25", help="comma-separated session counts (default 1,5,25)")
    ap.add_argument("--durations", default="60,60,120",
                    help="seconds of changes per session at each count (default 60,60,120; one value for all)")
    ap.add_argument("--seed", type=int, default=16)
    args = ap.parse_args(argv)
    counts = [int(x) for x in args.sessions.split(",")]
    durations = [float(x) for x in args.durations.split(",")]
    if len(durations) == 1:
        durations *= len(counts)
    if len(durations) != len(counts):
        ap.error("--durations needs one value, or one per --sessions count")
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} is not installed: nothing to measure", file=sys.stderr)
        return 0

    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-load-") as tmp:
        folder = Path(tmp)
        template = make_store(folder)
        for n, duration in zip(counts, durations):
            # a fresh server and a fresh copy of the store per count: memory starts from the same place
            store = folder / f"events-{n}.sqlite"
            with sqlite3.connect(template) as src, sqlite3.connect(store) as dst:
                src.backup(dst)
            server = Server(store, folder / f"streamlit-{n}.log")
            try:
                print(f"\n{n} sessions x {duration:.0f} s ...", flush=True)
                row = asyncio.run(drive(server.url, n, duration, server, args.seed))
            finally:
                server.stop()
            rows.append(row)
            print(f"  changes {row['changes']} by kind {row['kinds']}, same map {row['same_kinds']}; "
                  f"p50 {_f(row['p50'])} s, p95 {_f(row['p95'])} s, max {_f(row['max'])} s; "
                  f"run finished ({row['runs']}) p50 {_f(row['run_p50'])} s, p95 {_f(row['run_p95'])} s; "
                  f"page load p50 {_f(row['load_p50'], '{:.1f}')} s; errors {len(row['errors'])}; "
                  f"server RSS {row['rss_before']:.0f} -> peak {row['rss_peak']:.0f} MB, {row['rss_after']:.0f} MB 10 s after; "
                  f"CPU server {row['cpu_server']:.2f}, Chromium {row['cpu_browser']:.2f} cores; "
                  f"load average {row['loadavg'][0]:.1f} -> {row['loadavg'][1]:.1f}", flush=True)
            for e in row["errors"][:10]:
                print(f"    error: {e}")

    print("\n| sessions | s each | changes | same map | p50 s | p95 s | max s | run done p50 / p95 s | page load p50 s | errors "
          "| server RSS before / peak / after MB | CPU cores server / Chromium |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['sessions']} | {r['duration_s']:.0f} | {r['changes']} | {r['same_map']} | {_f(r['p50'])} "
              f"| {_f(r['p95'])} | {_f(r['max'])} | {_f(r['run_p50'])} / {_f(r['run_p95'])} | {_f(r['load_p50'], '{:.1f}')} | {len(r['errors'])} "
              f"| {r['rss_before']:.0f} / {r['rss_peak']:.0f} / {r['rss_after']:.0f} | {r['cpu_server']:.2f} / {r['cpu_browser']:.2f} |")
    print(f"\n{os.cpu_count()} CPUs; p50/p95: change -> new points layer in the map frame; "
          f"target p95 < 2 s with no errors")
    return 0


if __name__ == "__main__":
    sys.exit(main())
