"""The review page in a real browser: upload a report, move a misplaced place to another
candidate, save, restart the app, and find the correction (issue 14)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from geo.store import open_store
from tests.browser.conftest import ROOT, STARTUP_TIMEOUT_S, _free_port, _stop, _wait_healthy

REPORT = ("date 2024-01-15\nNorth Korea fired a ballistic missile from Hamhung on Monday, South Korea said. "
          "The missile flew about 600 kilometers. Officials met in Portland on Tuesday to discuss the launch.\n")


class Server:
    """``streamlit run`` with saving on and a store of its own; stop and start it again."""

    def __init__(self, db, log_dir) -> None:
        self.db, self.log_dir, self.proc, self.port = db, log_dir, None, _free_port()

    def start(self) -> str:
        env = {**os.environ, "GEO_ALLOW_SAVE": "1", "GEO_EVENTS_DB": str(self.db), "GEO_USER": "browser-tester"}
        self.log = open(self.log_dir / f"streamlit-{self.port}.log", "ab")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "streamlit_app.py", "--server.port", str(self.port),
             "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false",
             "--server.fileWatcherType", "none"],
            cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True, env=env)
        url = f"http://127.0.0.1:{self.port}"
        _wait_healthy(f"{url}/_stcore/health", self.proc, STARTUP_TIMEOUT_S)
        return url

    def stop(self) -> None:
        if self.proc is not None:
            _stop(self.proc)
            self.log.close()
            self.proc = None


@pytest.fixture
def server(tmp_path):
    db = tmp_path / "events.sqlite"
    open_store(db, bootstrap=False).close()  # an empty store: the page opens fast
    s = Server(db, tmp_path)
    yield s
    s.stop()


def _select(page, label: str, option_part: str) -> None:
    box = page.locator('[data-testid="stSelectbox"]').filter(
        has=page.locator("label", has_text=label)).first
    box.click()
    option = page.get_by_role("option").filter(has_text=option_part).first
    try:
        option.wait_for(timeout=5_000)
    except Exception:  # a loaded machine: the click focused the box but the list did not open
        box.locator("input").first.press("ArrowDown")
        option.wait_for(timeout=20_000)
    option.click()
    page.wait_for_timeout(800)


def test_upload_move_place_save_restart_and_find_the_correction(browser, server, tmp_path):
    report = tmp_path / "hamhung.txt"
    report.write_text(REPORT)
    url = server.start()
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        page.goto(f"{url}/review", timeout=60_000)
        page.get_by_text("Add reports").first.wait_for(timeout=60_000)
        page.locator('input[type="file"]').first.set_input_files(str(report))
        page.get_by_text("hamhung.txt").first.wait_for(timeout=20_000)
        page.get_by_role("button", name="Extract").click()
        page.get_by_text("Review before saving").wait_for(timeout=90_000)
        # the report text is shown with the event sentences marked
        page.locator("mark.event-sentence").first.wait_for(timeout=30_000)
        assert page.locator("mark.event-sentence").count() >= 2
        _select(page, "Event", "meeting")
        _select(page, "Candidates", "43.6574")  # Portland, Maine, not Oregon
        page.get_by_role("button", name="Move the place").click()
        page.get_by_text("Undo correction").first.wait_for(timeout=30_000)  # the edit is listed
        page.get_by_role("button", name="Save to the store").click()
        page.get_by_text("Saved hamhung.txt").wait_for(timeout=60_000)
    finally:
        page.close()
    # restart the app: the correction is in the store, not in a session
    server.stop()
    url = server.start()
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        page.goto(f"{url}/review", timeout=60_000)
        note = page.get_by_text("corrected: places (was Portland (venue 45.52, -122.68))")
        note.first.wait_for(timeout=60_000)
        assert "meeting" in note.first.inner_text()
    finally:
        page.close()
    with open_store(server.db, read_only=True) as store:
        [corr] = [c for c in store.corrections() if c["field"] == "places"]
        assert corr["user"] == "browser-tester" and not corr["undone"]
        assert abs(store.event(corr["event_id"]).places[0].lon + 70.26) < 0.05
