"""The range tool page (pages/range_tool.py) in a real browser: a link draws its rings, and a
click on the map moves the centre there (st_folium's last_clicked), the URL and table follow.

Distances are checked against pyproj's Geod directly.
"""

from __future__ import annotations

import re
import time
from urllib.parse import parse_qs, urlparse

import pytest
from pyproj import Geod

pytestmark = pytest.mark.browser

MAP_FRAME = "iframe[title='streamlit_folium.st_folium']"
GEOD = Geod(ellps="WGS84")
SEOUL = (37.566, 126.9784)


def _settle(page, quiet_ms: int = 2000, timeout_s: float = 45) -> bool:
    deadline, quiet = time.monotonic() + timeout_s, 0
    while time.monotonic() < deadline:
        quiet = 0 if page.locator("[data-testid='stStatusWidget']").count() else quiet + 250
        if quiet >= quiet_ms:
            return True
        page.wait_for_timeout(250)
    return False


def test_link_draws_rings_and_a_click_moves_the_centre(browser, app_url, tmp_path):
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = ctx.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(app_url + "/range_tool?place=Pyongyang&r=570", wait_until="domcontentloaded")
        page.wait_for_selector(MAP_FRAME, state="visible", timeout=90_000)
        frame_loc = page.frame_locator(MAP_FRAME)
        frame_loc.locator("path.range-tool-ring").first.wait_for(state="attached", timeout=60_000)
        assert _settle(page)
        assert frame_loc.locator("path.range-tool-ring").count() == 1
        assert frame_loc.locator("path.basemap-land").count() > 100
        page.screenshot(path=str(tmp_path / "range-tool-link.png"), full_page=True)

        frame = next(f for f in page.frames if "streamlit_folium" in (f.url or ""))
        x, y = frame.evaluate(
            "([lat, lon]) => { const p = window.map.latLngToContainerPoint([lat, lon]); return [p.x, p.y]; }",
            list(SEOUL))
        box = page.locator(MAP_FRAME).bounding_box()
        page.mouse.click(box["x"] + x, box["y"] + y)
        page.wait_for_function("() => !new URL(location.href).searchParams.get('place')", timeout=20_000)
        assert _settle(page)
        q = parse_qs(urlparse(page.url).query)
        lat, lon = float(q["lat"][0]), float(q["lon"][0])
        moved_km = GEOD.inv(SEOUL[1], SEOUL[0], lon, lat)[2] / 1000
        assert moved_km < 15, f"the click landed {moved_km:.1f} km from Seoul"
        assert q["r"] == ["570"]
        caption = " ".join(page.locator("[data-testid='stCaptionContainer']").all_inner_texts())
        assert page.locator("section[data-testid='stSidebar'] input[type='text']").first.input_value() == ""
        assert re.search(r"Centre: the clicked point \(3[67]\.\d{4}, 12[67]\.\d{4}\)", caption), caption
        heading = page.get_by_text("In reach:").first
        heading.wait_for(timeout=20_000)
        assert re.fullmatch(r"In reach: \d+ capitals and cities, \d+ countries", heading.inner_text().strip())
        page.screenshot(path=str(tmp_path / "range-tool-clicked.png"), full_page=True)
        assert errors == []
    finally:
        ctx.close()
