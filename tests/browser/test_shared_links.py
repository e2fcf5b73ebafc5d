"""Shared links of the dashboard in a real browser (issue 11, Tests).

- a link copied from one browser context opens the same filters, centre and zoom in a fresh
  one (read from the Leaflet map object inside the map frame, not from our code);
- selecting an event (a table row, a click on its point) selects it and puts it in the URL;
- the date slider narrows the table of the seed plus the CNS demo data (1984-2023);
- bad query parameters give notices and the default view.

Screenshots go to a temporary folder (the path is printed; ``pytest -s`` shows it).
These tests found four bugs in streamlit_app.py (the map and the address handing a view back
and forth in a rerun loop after a pan or a selection; a link's notices vanishing on the first
rerun); they were fixed by reading the address only when the page opens and moving the map
only when the app means to.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import time
from urllib.parse import parse_qs, urlparse

import pytest

from geo.view.filters import readable
from tests.browser.conftest import ROOT

pytestmark = pytest.mark.browser

MAP_FRAME = "iframe[title='streamlit_folium.st_folium']"
POINTS = "canvas.event-points[data-draws]"
LAYER_JS = "Object.values(window.map._layers).find(l => l._d && l._canvas)"
CNS_CSV = ROOT / "geo" / "data" / "demo" / "cns_missile_tests.csv"
VIEWPORT = {"width": 1400, "height": 900}


@pytest.fixture(scope="module")
def shots(tmp_path_factory):
    folder = tmp_path_factory.mktemp("shared-link-shots")
    print(f"\nscreenshots: {folder}")
    return folder


@pytest.fixture
def new_page(browser):
    """A page in a fresh browser context (no cookies, no session) for each call."""
    contexts = []

    def make():
        ctx = browser.new_context(viewport=VIEWPORT)
        contexts.append(ctx)
        page = ctx.new_page()
        page.errors = []
        page.on("pageerror", lambda exc: page.errors.append(str(exc)))
        return page

    yield make
    for ctx in contexts:
        ctx.close()


# --- helpers --------------------------------------------------------------------------------------

def _busy(page) -> bool:
    return page.locator("[data-testid='stStatusWidget']").count() > 0


def settle(page, quiet_ms: int = 2000, timeout_s: float = 45) -> bool:
    """Wait until the app has not been running for ``quiet_ms``; False if it never settles."""
    deadline, quiet = time.monotonic() + timeout_s, 0
    while time.monotonic() < deadline:
        quiet = 0 if _busy(page) else quiet + 250
        if quiet >= quiet_ms:
            return True
        page.wait_for_timeout(250)
    return False


def open_app(page, url: str) -> None:
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_selector(MAP_FRAME, state="visible", timeout=90_000)
    page.frame_locator(MAP_FRAME).locator(POINTS).first.wait_for(state="attached", timeout=60_000)
    assert settle(page), "the app kept rerunning after it opened"


def map_frame(page):
    return next(f for f in page.frames if "streamlit_folium" in (f.url or ""))


def map_view(page) -> tuple[float, float, int]:
    """The Leaflet map's own centre and zoom (window.map is streamlit-folium's map)."""
    lat, lon, zoom = map_frame(page).evaluate(
        "() => { const c = window.map.getCenter(); return [c.lat, c.lng, window.map.getZoom()]; }")
    return lat, lon, int(zoom)


def params(page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query, keep_blank_values=True)


def url_view(page) -> tuple[float, float, int] | None:
    q = params(page)
    if not {"lat", "lon", "zoom"} <= set(q):
        return None
    return float(q["lat"][0]), float(q["lon"][0]), int(q["zoom"][0])


def same_view(a, b, tol_deg: float = 0.01) -> bool:
    return a is not None and b is not None and a[2] == b[2] and abs(a[0] - b[0]) < tol_deg and \
        abs((a[1] - b[1] + 180) % 360 - 180) < tol_deg


def wait_url_follows_map(page, timeout_s: float = 20) -> tuple[float, float, int]:
    """Wait until the URL's lat/lon/zoom are the map's own view; return it."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        view = map_view(page)
        if same_view(view, url_view(page), 1e-3) and not _busy(page):
            return view
        page.wait_for_timeout(250)
    raise AssertionError(f"the URL {url_view(page)} never followed the map {map_view(page)}")


def pick(page, label: str, option: str) -> None:
    """Choose ``option`` (its text starts so) in the sidebar multiselect called ``label``."""
    box = page.locator("section[data-testid='stSidebar'] [data-testid='stMultiSelect']").filter(has_text=label)
    box.locator("input").click()
    page.locator("[role='option']").filter(has_text=re.compile("^" + re.escape(option))).first.click()
    page.keyboard.press("Escape")
    page.wait_for_timeout(300)
    assert settle(page)


def chosen(page, label: str) -> list[str]:
    """The options shown as chosen in a sidebar multiselect."""
    box = page.locator("section[data-testid='stSidebar'] [data-testid='stMultiSelect']").filter(has_text=label)
    return [t for t in box.inner_text().splitlines()[1:] if t.strip()]


def caption(page) -> str:
    return page.locator("[data-testid='stCaptionContainer']").filter(has_text=" events").first.inner_text()


def counts(page) -> tuple[int, int]:
    m = re.search(r"([\d,]+) of ([\d,]+) events", caption(page))
    assert m, caption(page)
    return int(m.group(1).replace(",", "")), int(m.group(2).replace(",", ""))


def selected_line(page) -> str | None:
    m = re.search(r"Selected: [^.]+\.", caption(page))
    return m.group(0) if m else None


def click_table_row(page, row: int) -> None:
    """Tick the selection box of a table row (the grid is a canvas: click by position)."""
    grid = page.locator("[data-testid='stDataFrame']").first.bounding_box()
    header_px, row_px = 35, 34
    page.mouse.click(grid["x"] + 18, grid["y"] + header_px + row_px * row + row_px / 2)


def zoom_in_and_drag(page) -> None:
    page.frame_locator(MAP_FRAME).locator("a.leaflet-control-zoom-in").click()
    page.wait_for_timeout(600)
    assert settle(page)
    box = page.locator(MAP_FRAME).bounding_box()
    x, y = box["x"] + box["width"] * 0.45, box["y"] + box["height"] * 0.6
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x - 160, y + 90, steps=15)
    page.mouse.up()
    page.wait_for_timeout(600)
    assert settle(page)


# --- 1. a shared link reproduces the view -----------------------------------------------------------

def test_shared_link_reproduces_filters_centre_and_zoom(new_page, app_url, shots):
    a = new_page()
    open_app(a, app_url)
    start = map_view(a)
    pick(a, "Event types", "missile launch")
    pick(a, "Actors", "North Korea (all")
    zoom_in_and_drag(a)
    view_a = wait_url_follows_map(a)
    assert view_a[2] == start[2] + 1 and not same_view(view_a, start)  # the map did move
    q = params(a)
    assert q["type"] == ["missile_launch"] and q["actor"] == ["PRK"]
    shown_a = counts(a)
    assert shown_a[0] < shown_a[1]
    link = a.url
    a.screenshot(path=str(shots / "1-context-a.png"), full_page=True)

    b = new_page()  # a fresh context: nothing but the link
    open_app(b, link)
    b.screenshot(path=str(shots / "1-context-b.png"), full_page=True)
    assert chosen(b, "Event types") == chosen(a, "Event types") == ["missile launch (241)"] or \
        chosen(b, "Event types") == chosen(a, "Event types")
    assert chosen(b, "Actors") == chosen(a, "Actors") and chosen(b, "Actors")[0].startswith("North Korea (all")
    assert counts(b) == shown_a
    view_b = map_view(b)
    assert same_view(view_b, view_a), f"link view {view_a}, reopened at {view_b}"
    assert same_view(url_view(b), view_a)  # and the link is still the same view
    assert a.errors == [] and b.errors == []


def test_selecting_a_table_row_selects_the_event_and_puts_it_in_the_url(new_page, app_url, shots):
    page = new_page()
    open_app(page, app_url)
    pick(page, "Event types", "missile launch")
    click_table_row(page, 2)
    page.wait_for_function("() => new URL(location.href).searchParams.get('event')", timeout=20_000)
    event = params(page)["event"][0]
    assert event.startswith("cns:")
    page.wait_for_timeout(500)
    assert selected_line(page) is not None and selected_line(page).startswith("Selected: missile launch, 19")
    page.screenshot(path=str(shots / "1-selected-row.png"), full_page=True)


def test_after_selecting_an_event_the_app_settles_and_its_link_reopens_it(new_page, app_url, shots):
    a = new_page()
    open_app(a, app_url)
    pick(a, "Event types", "missile launch")
    click_table_row(a, 2)
    a.wait_for_function("() => new URL(location.href).searchParams.get('event')", timeout=20_000)
    seen = set()
    settled = settle(a, quiet_ms=3000, timeout_s=20)
    for _ in range(8):  # what the URL says over the next few seconds
        seen.add(url_view(a))
        a.wait_for_timeout(500)
    a.screenshot(path=str(shots / "1-after-selection.png"), full_page=True)
    assert settled and len(seen) == 1, f"still rerunning 20 s after the selection; the URL went through {seen}"
    view_a, line = wait_url_follows_map(a), selected_line(a)
    b = new_page()
    open_app(b, a.url)
    assert selected_line(b) == line
    assert same_view(map_view(b), view_a)


def test_a_link_with_an_event_and_a_view_opens_at_that_view(new_page, app_url):
    page = new_page()
    open_app(page, app_url + "/?type=missile_launch&event=cns:3&lat=20&lon=60&zoom=3")
    assert selected_line(page) == "Selected: missile launch, 1984-04-09."
    assert same_view(map_view(page), (20.0, 60.0, 3)), f"opened at {map_view(page)}"
    assert params(page)["event"] == ["cns:3"] and same_view(url_view(page), (20.0, 60.0, 3))


def test_two_pans_in_a_row_settle(new_page, app_url, shots):
    page = new_page()
    open_app(page, app_url)
    box = page.locator(MAP_FRAME).bounding_box()
    x, y = box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.6
    for _ in range(2):
        page.mouse.move(x, y)
        page.mouse.down()
        page.mouse.move(x - 120, y + 60, steps=12)
        page.mouse.up()
        page.wait_for_timeout(600)
        settled = settle(page, quiet_ms=3000, timeout_s=20)
    seen = set()
    for _ in range(8):
        seen.add(url_view(page))
        page.wait_for_timeout(500)
    page.screenshot(path=str(shots / "1-two-pans.png"), full_page=True)
    assert settled and len(seen) == 1, f"still rerunning 20 s after the second pan; the URL went through {seen}"


# --- 2. a click on the map selects its event ----------------------------------------------------------

def test_a_click_on_a_map_point_selects_its_event(new_page, app_url, shots):
    page = new_page()
    open_app(page, app_url)
    # the talks in Washington (the seed report): a point alone, far from the launches
    found = map_frame(page).evaluate(
        """(layerJs) => {
             const layer = eval(layerJs), d = layer._d;
             const t = d.meta.types.findIndex(s => s === 'meeting' || s === 'talks');
             const i = Array.from(d.type).findIndex(x => x === t);
             if (i < 0) return null;
             const ll = L.latLng(d.qlat[i] / 16777215 * 180 - 90, d.qlon[i] / 16777215 * 360 - 180);
             return {id: d.meta.idPrefix + d.ids[i], lat: ll.lat, lon: ll.lng, type: d.meta.types[t]};
           }""", LAYER_JS)
    assert found is not None, "no talks/meeting point on the map"
    # open a link centred on it (moving the map from the test would start the two-pan loop, see above)
    page = new_page()
    open_app(page, app_url + f"/?lat={found['lat']:.4f}&lon={found['lon']:.4f}&zoom=6")
    frame = map_frame(page)
    xy = frame.evaluate(
        """([layerJs, id]) => { const l = eval(layerJs), d = l._d; l._redraw();
             const i = d.ids.findIndex(s => d.meta.idPrefix + s === id); return [l._xs[i], l._ys[i]]; }""",
        [LAYER_JS, found["id"]])
    assert xy[0] is not None, "the point is not drawn"
    box = page.locator(MAP_FRAME).bounding_box()
    page.mouse.click(box["x"] + xy[0], box["y"] + xy[1])
    popup = page.frame_locator(MAP_FRAME).locator(".event-point-popup")
    popup.last.wait_for(state="visible", timeout=5_000)
    assert f"event id: {found['id']}" in popup.last.inner_text()
    page.wait_for_function(f"() => new URL(location.href).searchParams.get('event') === {found['id']!r}",
                           timeout=20_000)
    page.wait_for_timeout(800)
    line = selected_line(page)
    assert line is not None and line.startswith(f"Selected: {found['type']}, "), caption(page)
    # its row in the table is selected: the grid draws a canvas, and keeps an accessible table of
    # the rows in its window; the talks are among the last rows, so scroll down to them
    grid = page.locator("[data-testid='stDataFrame']").first
    box = grid.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.wheel(0, 20_000)
    page.wait_for_timeout(800)
    rows = grid.locator("tbody tr[aria-selected='true']")
    assert rows.count() == 1, "no row of the table is selected"
    assert readable(found["type"]) in rows.first.inner_text()
    page.screenshot(path=str(shots / "2-clicked-point.png"), full_page=True)
    assert page.errors == []


# --- 3. the date filter on the seed plus the demo data --------------------------------------------------

def _cns_years() -> list[int]:
    """The year of every CNS row ("9-Apr-84", "Sep-84"), read with the csv module (not our importer)."""
    with open(CNS_CSV, encoding="cp1252", newline="") as fh:
        yy = [int(re.search(r"(\d\d)$", r["Date"].strip()).group(1)) for r in csv.DictReader(fh)]
    return [y + (1900 if y >= 84 else 2000) for y in yy]


def test_the_date_slider_narrows_the_table(new_page, app_url, shots):
    years = _cns_years()
    assert min(years) == 1984 and max(years) == 2023
    page = new_page()
    open_app(page, app_url)
    shown, total = counts(page)
    assert shown == total >= len(years)
    slider = page.locator("section[data-testid='stSidebar'] [data-testid='stSlider']").first
    thumbs = slider.locator("input[type='range']")
    assert thumbs.count() == 2 and thumbs.nth(0).get_attribute("aria-valuetext") == "1984-04-09"
    thumbs.nth(0).focus()
    for _ in range(8):  # a page is a tenth of the span: to about 2016
        page.keyboard.press("PageUp")
    page.keyboard.press("Tab")
    page.wait_for_function("() => new URL(location.href).searchParams.get('since')", timeout=20_000)
    assert settle(page)
    since = dt.date.fromisoformat(params(page)["since"][0])
    assert thumbs.nth(0).get_attribute("aria-valuetext") == since.isoformat()  # the link is the slider
    assert 2005 <= since.year <= 2022
    narrowed, total2 = counts(page)
    assert total2 == total and 0 < narrowed < total
    # the CNS rows in the years after `since` are all kept, none of those before it
    after = sum(1 for y in years if y > since.year)
    before = sum(1 for y in years if y < since.year)
    assert after <= narrowed <= total - before
    assert thumbs.nth(0).get_attribute("aria-valuetext") == since.isoformat()
    page.screenshot(path=str(shots / "3-date-slider.png"), full_page=True)


def test_a_date_link_keeps_only_those_dates(new_page, app_url):
    page = new_page()
    open_app(page, app_url + "/?since=2017-01-01&until=2017-12-31")
    years = _cns_years()
    in_2017 = sum(1 for y in years if y == 2017)
    shown, _ = counts(page)
    # every CNS launch of 2017 (CNS lists 2017's by day); the seed's events are of 2022-2023, and
    # its "since 2022" intervals do not reach back to 2017
    assert shown == in_2017, caption(page)
    slider_text = page.locator("section[data-testid='stSidebar'] [data-testid='stSlider']").first.inner_text()
    assert "2017-01-01" in slider_text and "2017-12-31" in slider_text


# --- 4. bad query parameters ------------------------------------------------------------------------------

BAD_LINK = "/?actor=XYZ&since=2023-02-30&zoom=99&event=nope"
BAD_NOTICES = ("actor 'XYZ' is not in the data; ignored",
               "since '2023-02-30' is not a date (YYYY-MM-DD); ignored",
               "zoom '99' is not a whole number in 1..18",
               "event 'nope' is not in the data; no event selected")


def notices(page) -> str:
    return "\n".join(page.locator("[data-testid='stAlert']").all_inner_texts())


def test_bad_query_parameters_give_notices_and_the_default_view(new_page, app_url, shots):
    page = new_page()
    page.goto(app_url + BAD_LINK, wait_until="domcontentloaded")
    page.wait_for_function("() => document.body.innerText.includes(\"actor 'XYZ'\")", timeout=60_000)
    text = notices(page)
    page.screenshot(path=str(shots / "4-bad-parameters-notices.png"), full_page=True)
    for part in BAD_NOTICES:
        assert part in text, f"{part!r} not in {text!r}"
    page.frame_locator(MAP_FRAME).locator(POINTS).first.wait_for(state="attached", timeout=60_000)
    assert settle(page)
    assert page.locator("[data-testid='stException']").count() == 0
    shown, total = counts(page)
    assert shown == total > 200 and selected_line(page) is None
    assert chosen(page, "Actors") == []
    assert 1 <= map_view(page)[2] <= 7  # fitted to the events, not 99
    q = params(page)
    assert "actor" not in q and "since" not in q and "event" not in q and q.get("zoom", ["1"])[0] != "99"
    page.screenshot(path=str(shots / "4-bad-parameters-settled.png"), full_page=True)
    assert page.errors == []


def test_bad_query_parameter_notices_stay_until_the_visitor_acts(new_page, app_url):
    page = new_page()
    page.goto(app_url + BAD_LINK, wait_until="domcontentloaded")
    page.wait_for_function("() => document.body.innerText.includes(\"actor 'XYZ'\")", timeout=60_000)
    page.frame_locator(MAP_FRAME).locator(POINTS).first.wait_for(state="attached", timeout=60_000)
    assert settle(page)
    page.wait_for_timeout(2000)
    text = notices(page)
    assert all(part in text for part in BAD_NOTICES), f"after the page settled the notices are {text!r}"
