"""No visitor can stall the server: while one session extracts a large upload, another loads as usual.

A server of its own (with a 15 s extraction budget, ``GEO_EXTRACT_SECONDS``), so the large
report's failure comes within the test's time. Session 1 uploads a 3 MB report (the seed and
fixture reports repeated, written into ``tmp_path``); while its page shows "Extracting
events…", session 2 (a new browser context) opens the dashboard, and its map must draw within
three times the usual time plus 2 s, the usual time being measured first in the same test.
Before the extraction moved to worker processes, session 2 waited for the whole extraction
(about a minute for 3 MB, under the GIL of the one server process).
"""

from __future__ import annotations

import time

import pytest

from tests.browser.conftest import _stop, start_app
from tests.test_worker import large_text

pytestmark = pytest.mark.browser

MAP_FRAME = "iframe[title='streamlit_folium.st_folium']"
BUDGET_S = 15


@pytest.fixture(scope="module")
def budget_app_url(tmp_path_factory):
    """The dashboard with a 15 s extraction budget, on a free port."""
    url, proc, log = start_app(tmp_path_factory.mktemp("streamlit-budget") / "streamlit.log",
                               {"GEO_EXTRACT_SECONDS": str(BUDGET_S)})
    yield url
    _stop(proc)
    log.close()


def _map_load_seconds(browser, url: str, timeout_ms: int = 60_000) -> tuple[float, object]:
    """Seconds from opening the page in a new session until its map has drawn the basemap."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    t0 = time.monotonic()
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_selector(MAP_FRAME, state="visible", timeout=timeout_ms)
    page.frame_locator(MAP_FRAME).locator("path.basemap-land").first.wait_for(state="attached", timeout=timeout_ms)
    return time.monotonic() - t0, context


def test_second_session_loads_while_a_large_upload_is_extracted(browser, budget_app_url, tmp_path):
    big = tmp_path / "big.txt"
    big.write_text("date 2023-12-18\n" + large_text(3_000_000), encoding="utf-8")

    # the first load fills caches (store, basemap); the usual time is the better of two after it
    t0 = time.monotonic()
    _, warm = _map_load_seconds(browser, budget_app_url, timeout_ms=120_000)
    warm.close()
    print(f"first load {time.monotonic() - t0:.1f} s")
    usual = []
    for _ in range(2):
        seconds, ctx = _map_load_seconds(browser, budget_app_url)
        usual.append(seconds)
        ctx.close()
    usual_s = min(usual)

    # session 1: upload the large report and wait until its extraction is under way
    s1 = browser.new_context(viewport={"width": 1400, "height": 900})
    page1 = s1.new_page()
    page1.goto(budget_app_url, wait_until="domcontentloaded")
    page1.wait_for_selector(MAP_FRAME, state="visible", timeout=60_000)
    page1.get_by_text("Add reports").click()
    uploader = page1.locator("[data-testid='stFileUploader']")
    uploader.get_by_text("5MB per file").wait_for(state="visible", timeout=10_000)  # the real limit
    assert "200MB" not in uploader.inner_text()  # Streamlit's default, which the app never accepted
    page1.locator("input[type='file']").set_input_files(str(big))
    spinner = page1.get_by_text("Extracting events")
    spinner.wait_for(state="visible", timeout=30_000)
    started = time.monotonic()
    print(f"upload under way {started - t0:.1f} s into the test")

    # session 2, meanwhile
    loaded_s, s2 = _map_load_seconds(browser, budget_app_url)
    still_extracting = spinner.is_visible()
    s2.close()
    assert still_extracting, "session 1 finished before session 2 loaded: the test proves nothing"
    assert loaded_s <= 3 * usual_s + 2, f"session 2 took {loaded_s:.1f} s during the upload; usually {usual_s:.1f} s"

    # session 1 gets the clear message once the budget is spent (not the events of 3 MB)
    message = page1.get_by_text("extraction stopped after")
    message.wait_for(state="visible", timeout=(BUDGET_S + 30) * 1000)
    text = message.inner_text()
    assert "big.txt" in text and f"limit {BUDGET_S} s" in text and "split it into smaller reports" in text
    assert time.monotonic() - started < BUDGET_S + 30
    print(f"usual map load {usual_s:.1f} s; during the upload {loaded_s:.1f} s; "
          f"session 1's message after {time.monotonic() - started:.1f} s")
    s1.close()
