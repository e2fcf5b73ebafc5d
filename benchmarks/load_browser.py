"""Browser visitors for the load benchmark: one Playwright page in its own context each,
changing the dashboard's filters and opening events as a person would (see bench_load.py).
"""

from __future__ import annotations

import asyncio
import random
import time
from dataclasses import dataclass, field

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic", "--disable-dev-shm-usage"]
MAP_FRAME = "iframe[title='streamlit_folium.st_folium']"
WORDS = ["missile", "Pyongyang", "talks", "ICBM", "satellite", "Korea", "launch", ""]
CHANGE_TIMEOUT_S = 30.0
SAME_MAP_GRACE_S = 5.0

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
