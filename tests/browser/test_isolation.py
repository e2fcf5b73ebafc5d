"""Isolation on a hosted app (issue 16, item 5): what one visitor pastes is never visible to
another unless saving is on; the cached events are shared read-only, never mutated by a session.

Browser tests: two dashboards of their own on one store file each (a copy of the same store),
one as hosted by default and one with ``GEO_ALLOW_SAVE=1``. Visitor A (a browser context)
pastes a report whose launch sentence carries a marker word found nowhere else; visitor B (a
fresh context) looks for it in the event count, the table (searching the text for the marker
leaves 0 rows), the report panels and the map's data. Without saving B never sees it and the
store's count is unchanged; with saving B sees it after a reload.

The unit test (AppTest, no browser) takes the frame and facets the app keeps in
``st.cache_resource`` (one object shared by every session, not copied) and checks that after a
session filters and pastes they are the same objects with the same bytes (pickled), and that a
second session sees what the first saw before.
"""

from __future__ import annotations

import copy
import datetime as dt
import pickle
import re
import sqlite3
import time
import uuid

import pytest

from geo.store import open_store
from tests.browser.conftest import ROOT, _stop, start_app
from tests.store_helpers import launch

MAP_FRAME = "iframe[title='streamlit_folium.st_folium']"
COUNTS = re.compile(r"([\d,]+) of ([\d,]+) events( \(([\d,]+) from your session only\))?")
MARKER = "Qzx" + uuid.uuid4().hex[:8]   # a word no report, place or actor has
REPORT = (f"date 2024-03-03\nNorth Korea fired a ballistic missile named {MARKER} from near Pyongyang on "
          "Sunday, flying 570 km, the South Korean military said.")


# -- browser ---------------------------------------------------------------------------------

def _start(store_path, log_path, **env):
    return start_app(log_path, {"GEO_EVENTS_DB": str(store_path), **env})


@pytest.fixture(scope="module")
def stores(tmp_path_factory):
    """Two copies of one store of the seed and the demo data (filled once, ~10 s)."""
    folder = tmp_path_factory.mktemp("isolation")
    first = folder / "hosted.sqlite"
    open_store(first).close()
    second = folder / "saving.sqlite"
    with sqlite3.connect(first) as src, sqlite3.connect(second) as dst:
        src.backup(dst)
    return folder, first, second


@pytest.fixture(scope="module")
def hosted(stores):
    folder, path, _ = stores
    url, proc, log = _start(path, folder / "hosted.log", GEO_ALLOW_SAVE="")
    yield url, path
    _stop(proc)
    log.close()


@pytest.fixture(scope="module")
def saving(stores):
    folder, _, path = stores
    url, proc, log = _start(path, folder / "saving.log", GEO_ALLOW_SAVE="1")
    yield url, path
    _stop(proc)
    log.close()


def _stored_count(path) -> int:
    with open_store(path, read_only=True) as store:
        return store.count()


class Visitor:
    """One browser context on the dashboard, with its page errors."""

    def __init__(self, browser, url: str) -> None:
        self.context = browser.new_context(viewport={"width": 1400, "height": 900})
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.url = url
        self.open()

    def open(self) -> None:
        self.page.goto(self.url, wait_until="domcontentloaded")
        self.page.wait_for_selector(MAP_FRAME, state="visible", timeout=120_000)
        self.page.frame_locator(MAP_FRAME).locator("path.basemap-land").first.wait_for(
            state="attached", timeout=60_000)

    def counts(self, *, shown=None, total=None, timeout_s: float = 60) -> tuple[int, int, int]:
        """(shown, total, from the session) of the caption under the map, once it says
        ``shown``/``total`` (when given) and the script has stopped running."""
        deadline = time.monotonic() + timeout_s
        last = None
        while time.monotonic() < deadline:
            if self.page.locator("[data-testid='stStatusWidget']").count() == 0:
                m = COUNTS.search(self.page.locator("body").inner_text())
                if m:
                    last = tuple(int((g or "0").replace(",", "")) for g in m.group(1, 2, 4))
                    if (shown is None or last[0] == shown) and (total is None or last[1] == total):
                        return last
            self.page.wait_for_timeout(250)
        raise AssertionError(f"the caption says {last}, expected shown={shown} total={total}")

    def map_data(self) -> str:
        """Everything the map frame was given (its layers, popups, tooltips) as one string."""
        for frame in self.page.frames:
            if "st_folium" in frame.url:
                return frame.evaluate("() => JSON.stringify(window.__GLOBAL_DATA__ || null)")
        raise AssertionError("no map frame")

    def body(self) -> str:
        return self.page.locator("body").inner_text()

    def expand_add_reports(self) -> None:
        if not self.page.get_by_label("Paste a report").is_visible():
            self.page.get_by_text("Add reports").click()
            self.page.get_by_label("Paste a report").wait_for(state="visible", timeout=10_000)

    def paste(self, text: str) -> None:
        self.expand_add_reports()
        box = self.page.get_by_label("Paste a report")
        box.fill(text)
        box.press("Control+Enter")

    def search(self, words: str) -> None:
        box = self.page.get_by_label("Search the text")
        box.fill(words)
        box.press("Enter")

    def close(self) -> None:
        self.context.close()


@pytest.mark.browser
def test_a_pasted_report_stays_in_its_session(browser, hosted):
    url, path = hosted
    before = _stored_count(path)
    a = Visitor(browser, url)
    try:
        _, total, _ = a.counts()
        assert total == before
        a.paste(REPORT)
        shown, total_a, own = a.counts(total=before + 1)
        assert own == 1 and "kept in your session only, not saved" in a.body()
        assert MARKER in a.body() and MARKER in a.map_data()        # A sees it: report panel, map
        b = Visitor(browser, url)                                   # B: a new visitor, A still there
        try:
            assert b.counts() == (before, before, 0)
            assert MARKER not in b.body() and MARKER not in b.map_data()
            b.search(MARKER)
            assert b.counts(shown=0) == (0, before, 0)              # the table: no row has it
            a.search(MARKER)
            assert a.counts(shown=1)[:2] == (1, before + 1)         # ... while A's table has it
            b.page.reload()
            b.open()
            assert MARKER not in b.body() and MARKER not in b.map_data()
            assert b.counts()[1] == before
            assert b.errors == [] and a.errors == []
        finally:
            b.close()
    finally:
        a.close()
    assert _stored_count(path) == before                            # nothing was saved


@pytest.mark.browser
def test_with_saving_on_another_visitor_sees_it_after_a_reload(browser, saving):
    url, path = saving
    before = _stored_count(path)
    b = Visitor(browser, url)
    a = Visitor(browser, url)
    try:
        assert b.counts()[1] == before and MARKER not in b.map_data()
        a.expand_add_reports()
        assert "What you add here is saved in the shared store." in a.body()
        a.paste(REPORT)
        deadline = time.monotonic() + 60
        while _stored_count(path) == before and time.monotonic() < deadline:
            time.sleep(0.5)
        assert _stored_count(path) == before + 1
        b.page.reload()
        b.open()
        assert b.counts(total=before + 1)[2] == 0                   # stored, not B's session
        assert MARKER in b.map_data()
        b.search(MARKER)
        assert b.counts(shown=1)[:2] == (1, before + 1)
        assert MARKER in b.body()                                   # its report panel
        assert b.errors == [] and a.errors == []
    finally:
        a.close()
        b.close()


# -- the cache (AppTest, no browser) -----------------------------------------------------------

def _shared(name: str) -> list:
    """The values ``st.cache_resource`` holds for the app's function ``name`` (shared by every
    session, not copied)."""
    from streamlit.runtime.caching.cache_resource_api import _resource_caches

    values = []
    for caches in _resource_caches._function_caches.values():
        for cache in caches.values():
            if cache.display_name.endswith(f".{name}"):
                with cache._mem_cache_lock:
                    values += [entry.value for entry in cache._mem_cache.values()]
    return values


def _fingerprint(frame) -> tuple:
    """A frame's content, column by column (pickling the whole frame also records pandas'
    internal caches, which reading fills without changing any value)."""
    return (list(frame.columns), [str(t) for t in frame.dtypes], pickle.dumps(frame.index), repr(frame.attrs),
            [pickle.dumps(frame[c].tolist()) for c in frame.columns])


def test_the_cached_events_are_shared_read_only(tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    path = tmp_path / "events.sqlite"
    with open_store(path, bootstrap=False) as store:
        store.add_events([launch(f"e{i}", "base.txt", dt.date(2023, 1, 1) + dt.timedelta(days=9 * i),
                                 type_=("missile_launch", "meeting")[i % 2]) for i in range(8)], source="base")
    monkeypatch.setenv("GEO_EVENTS_DB", str(path))
    monkeypatch.delenv("GEO_ALLOW_SAVE", raising=False)
    app = str(ROOT / "streamlit_app.py")

    a = AppTest.from_file(app, default_timeout=120)
    a.run()
    assert not a.exception and len(a.dataframe[0].value) == 8
    [frame] = [f for f in _shared("stored_frame") if len(f) == 8 and set(f["id"]) == {f"e{i}" for i in range(8)}]
    [facets] = [f for f in _shared("stored_facets") if f.known.event_ids == frozenset(frame["id"])]
    frame_before = pickle.dumps(frame)
    frame_print = _fingerprint(frame)           # every cell, index, dtype and attr as they are now
    facets_before = copy.deepcopy(tuple(facets))   # its class lives in the app's script: no pickling

    # session A filters every way it can and adds a report of its own
    a.multiselect(key="f_types").set_value(["meeting"])
    a.run()
    a.text_input(key="f_text").input("nothing has this")
    a.run()
    a.slider(key="f_dates").set_value((dt.date(2023, 1, 10), dt.date(2023, 2, 1)))
    a.run()
    a.sidebar.text_area[0].input(REPORT)
    a.run()
    assert not a.exception and len(a.dataframe[0].value) == 0

    # the very objects every session shares are still cached, and unchanged
    assert any(f is frame for f in _shared("stored_frame"))
    assert any(f is facets for f in _shared("stored_facets"))
    assert pickle.loads(frame_before).equals(frame)
    assert _fingerprint(frame) == frame_print, "a session changed the shared frame"
    assert tuple(facets) == facets_before, "a session changed the shared facets"
    assert MARKER not in frame.to_string()

    # session B, fresh: everything, nothing of A's filters or paste
    b = AppTest.from_file(app, default_timeout=120)
    b.run()
    assert not b.exception
    assert sorted(b.dataframe[0].value["id"]) == [f"e{i}" for i in range(8)]
    assert not any(MARKER in h.value for h in b.main.get("html"))
    assert MARKER not in b.dataframe[0].value.to_string()
    assert any(f is frame for f in _shared("stored_frame")) and _fingerprint(frame) == frame_print
