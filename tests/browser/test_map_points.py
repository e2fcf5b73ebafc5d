"""The dashboard's event points (geo/view/points.py) in a real browser: drawn for the seed and
demo data, a click opens a popup with the event's type and date, hostile text stays text.

A dashboard of its own, on a store of the seed and demo data plus the hostile launch of
tests/export_samples.py (placed alone in the South Pacific so a click reaches only it).
"""

from __future__ import annotations

import dataclasses
import itertools
import os
import re
import subprocess
import sys

import pytest

from geo.events import Place
from geo.store import EventFilter, open_store
from tests.browser.conftest import ROOT, STARTUP_TIMEOUT_S, _free_port, _stop, _wait_healthy
from tests.export_samples import hostile_event

pytestmark = pytest.mark.browser

MAP_FRAME = "iframe[title='streamlit_folium.st_folium']"
HOSTILE_AT = (-40.0, -130.0)
DATE = re.compile(r"\d{4}-\d\d-\d\d|date unknown")

# The layer object inside the map frame (window.map is streamlit-folium's Leaflet map).
LAYER_JS = "Object.values(window.map._layers).find(l => l._d && l._canvas && !l._density)"


@pytest.fixture(scope="module")
def located(tmp_path_factory):
    """A store with the seed, demo data and the hostile event; how many events are located."""
    db = tmp_path_factory.mktemp("points-store") / "events.sqlite"
    hostile = hostile_event()
    site = dataclasses.replace(hostile.places[0], lat=HOSTILE_AT[0], lon=HOSTILE_AT[1])
    hostile = dataclasses.replace(hostile, places=(site, *hostile.places[1:]))
    with open_store(db, bootstrap=True) as store:
        store.add_events([hostile], source="test:hostile")
        frame = store.map_frame(EventFilter())
    return db, int(frame["lat"].notna().sum())


@pytest.fixture(scope="module")
def page(browser, located):
    db, _ = located
    port = _free_port()
    env = dict(os.environ, GEO_EVENTS_DB=str(db))
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "streamlit_app.py", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        _wait_healthy(f"http://127.0.0.1:{port}/_stcore/health", proc, STARTUP_TIMEOUT_S)
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        pg = context.new_page()
        dialogs: list[str] = []
        errors: list[str] = []
        pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        pg.on("pageerror", lambda exc: errors.append(str(exc)))
        pg.goto(f"http://127.0.0.1:{port}", wait_until="domcontentloaded")
        pg.wait_for_selector(MAP_FRAME, state="visible", timeout=60_000)
        pg.frame_locator(MAP_FRAME).locator("canvas.event-points[data-draws]").first.wait_for(
            state="attached", timeout=30_000)
        yield pg, dialogs, errors
        context.close()
    finally:
        _stop(proc)


def _frame(pg):
    return next(f for f in pg.frames if f.name and "st_folium" in (f.url or "") or
                (f.url or "").find("streamlit_folium") >= 0)


def _click_event(pg, event_id: str) -> str:
    """Centre the map on the event, click its point with the mouse, return the popup's text.

    The map reports its new view to the app, whose rerun re-sends the event layers; a click
    that lands while the layer is being replaced opens nothing, so it is tried again.
    """
    popup = pg.frame_locator(MAP_FRAME).locator(".event-point-popup")
    for attempt in range(3):
        frame = _frame(pg)
        xy = frame.evaluate(
            """([layerJs, id]) => {
                 const layer = eval(layerJs), d = layer._d;
                 const i = d.ids.findIndex(s => d.meta.idPrefix + s === id);
                 if (i < 0) return null;
                 const ll = L.latLng(d.qlat[i] / 16777215 * 180 - 90, d.qlon[i] / 16777215 * 360 - 180);
                 window.map.setView(ll, 6, {animate: false});
                 layer._redraw();
                 const j = layer._slot(i);  // its place among the shown points
                 return j < 0 ? null : [layer._xs[j], layer._ys[j]];
               }""", [LAYER_JS, event_id])
        assert xy is not None, f"{event_id} is not among the drawn points"
        box = pg.locator(MAP_FRAME).bounding_box()
        pg.mouse.click(box["x"] + xy[0], box["y"] + xy[1])
        pg.wait_for_timeout(400)  # a closed popup fades out for 200 ms before it leaves the DOM
        try:
            popup.last.wait_for(state="visible", timeout=5_000)
            # read at once: the click selects the event, and the rerun that follows redraws the layer
            text = popup.last.inner_text(timeout=2_000)
        except Exception:
            if attempt == 2:
                raise
            pg.wait_for_timeout(2_000)  # let the rerun finish
            continue
        # a rerun that lands between the position read and the click can move the fanned-out
        # points at one place: then the neighbour's popup opens, and the click is tried again
        if f"event id: {event_id}" in text or "events at this place" in text or attempt == 2:
            return text
        _frame(pg).evaluate("() => window.map.closePopup()")
        pg.wait_for_timeout(2_000)
    raise AssertionError("unreachable")


def test_points_are_drawn_for_every_located_event(page, located):
    pg, _, errors = page
    _, n_located = located
    canvas = pg.frame_locator(MAP_FRAME).locator("canvas.event-points")
    assert canvas.count() == 1
    assert int(canvas.get_attribute("data-n")) == n_located > 200  # seed + demo (CNS launches) + hostile
    # something was painted: the canvas is not blank where the points are
    painted = _frame(pg).evaluate(
        f"""() => {{ const l = {LAYER_JS}; const c = l._canvas.getContext('2d');
                     const px = c.getImageData(0, 0, l._canvas.width, l._canvas.height).data;
                     let k = 0; for (let i = 3; i < px.length; i += 4) if (px[i]) k++; return k; }}""")
    assert painted > 100
    legend = pg.frame_locator(MAP_FRAME).locator(".event-points-legend")
    assert "North Korea" in legend.inner_text()
    assert errors == []


def test_click_opens_a_popup_with_type_date_and_id(page):
    pg, _, _ = page
    event_id = _frame(pg).evaluate(
        f"""() => {{ const d = ({LAYER_JS})._d;
                     const i = d.meta.types.indexOf('missile launch');
                     const k = Array.from(d.type).findIndex(t => t === i);
                     return d.meta.idPrefix + d.ids[k]; }}""")
    text = _click_event(pg, event_id)
    assert "missile launch" in text and DATE.search(text)
    assert f"event id: {event_id}" in text or "events at this place" in text


def test_hostile_popup_is_text_and_runs_nothing(page):
    pg, dialogs, errors = page
    text = _click_event(pg, "hostile-1")
    assert "<script>alert(1)</script>" in text  # shown literally
    assert "${alert(1)}" in text and "`backtick`" in text
    assert "event id: hostile-1" in text and "missile launch, 2023-11-01 to 2023-11-30" in text
    frame = pg.frame_locator(MAP_FRAME)
    assert frame.locator(".leaflet-popup-content script, .leaflet-popup-content x").count() == 0
    pg.wait_for_timeout(300)
    assert dialogs == [] and errors == []



def _pick(pg, label: str, option: str) -> None:
    """Pick ``option`` in the sidebar multiselect called ``label``."""
    select = pg.locator("[data-testid='stMultiSelect']").filter(has_text=label)
    select.scroll_into_view_if_needed()
    select.locator("input").click()
    pg.keyboard.type(option)  # narrows the list to the option (a long list scrolls)
    pg.locator("[role='option']").filter(has_text=option).first.click()
    pg.keyboard.press("Escape")


def test_a_filter_change_keeps_the_fetched_points_and_sends_a_mask(page, located):
    # The points come once per page, as a file; a filter change re-creates the layer with a
    # bit mask of the same points (geo.view.points.PointsData.view_of), fetching nothing.
    pg, _, errors = page
    _, n_located = located
    fetched: list[str] = []
    pg.on("request", lambda r: "/app/static/generated/points-" in r.url and fetched.append(r.url))
    canvas = pg.frame_locator(MAP_FRAME).locator("canvas.event-points")
    assert int(canvas.get_attribute("data-n")) == n_located
    _pick(pg, "Event types", "missile launch")
    pg.wait_for_function(
        f"""() => {{ const f = [...document.querySelectorAll('iframe')].find(x => x.title.includes('st_folium'));
                     const c = f && f.contentDocument.querySelector('canvas.event-points');
                     return c && +c.getAttribute('data-n') !== {n_located}; }}""", timeout=30_000)
    kept = int(canvas.get_attribute("data-n"))
    assert 0 < kept < n_located
    # every point drawn is a missile launch: the mask selects them from the fetched data
    types = _frame(pg).evaluate(
        f"""() => {{ const l = {LAYER_JS}; const d = l._d;
                     return [...new Set(Array.from(l._v.idx, i => d.meta.types[d.type[i]]))]; }}""")
    assert types == ["missile launch"]
    assert fetched == [] and errors == []


def test_density_layer_and_one_basemap_at_a_time(page):
    pg, _, errors = page
    _pick(pg, "Map layers", "density")
    density = pg.frame_locator(MAP_FRAME).locator("canvas.event-density[data-cells]")
    density.first.wait_for(state="attached", timeout=30_000)
    assert int(density.first.get_attribute("data-cells")) > 0
    assert pg.frame_locator(MAP_FRAME).locator(".event-density-legend").count() == 1
    # base layers are radio buttons (Natural Earth and the two online tile layers), overlays checkboxes
    layers = pg.frame_locator(MAP_FRAME).locator(".leaflet-control-layers")
    radios = layers.locator(".leaflet-control-layers-base input[type=radio]")
    assert radios.count() == 3
    assert layers.locator(".leaflet-control-layers-base input[type=radio]:checked").count() == 1
    overlays = layers.locator(".leaflet-control-layers-overlays").inner_text()
    assert "Density" in overlays and "Places" in overlays
    assert errors == []


def test_events_at_one_place_are_drawn_apart_among_the_shown(page):
    # Launches from one site (the seed and CNS data have several from Sohae and Pyongyang) share
    # a position; from zoom 5 each shown one gets its own spot of the spiral, the filter's mask
    # included (ranks are counted among the shown points).
    pg, _, errors = page
    spots = _frame(pg).evaluate(
        f"""() => {{ const l = {LAYER_JS}, d = l._d, v = l._v;
                     let best = null;
                     for (const [key, n] of v.count) if (n >= 2 && (!best || n > best[1])) best = [key, n];
                     if (!best) return null;
                     const same = Array.from(v.idx).filter(i => d.qlat[i] * 16777216 + d.qlon[i] === best[0]);
                     const i0 = same[0];
                     const ll = L.latLng(d.qlat[i0] / 16777215 * 180 - 90, d.qlon[i0] / 16777215 * 360 - 180);
                     window.map.setView(ll, 7, {{animate: false}});
                     l._redraw();
                     return same.map(i => [l._xs[l._slot(i)], l._ys[l._slot(i)]]); }}""")
    assert spots is not None and len(spots) >= 2, "no two shown events share a place"
    for (x1, y1), (x2, y2) in itertools.combinations(spots, 2):
        assert (x1 - x2) ** 2 + (y1 - y2) ** 2 >= 25  # at least 5 px apart: each can be pointed at
    assert errors == []


@pytest.mark.parametrize("inflate", [True, False], ids=["gzip-file", "no-DecompressionStream"])
def test_the_points_file_is_fetched_gzipped_and_served_as_it_is(page, located, browser, inflate):
    """The points go out as a .json.gz that Streamlit's server hands out untouched (no gzip per
    request, geo/view/published.py); the map frame inflates it. A browser without
    DecompressionStream fetches the plain copy and draws the same points."""
    pg, _, _ = page
    _, n_located = located
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    if not inflate:
        context.add_init_script("delete window.DecompressionStream;")  # every frame, before its scripts
    try:
        other = context.new_page()
        got = []
        other.on("response", lambda r: "/app/static/generated/points-" in r.url and got.append(
            (r.url, r.status, r.headers.get("content-type"), r.headers.get("content-encoding"))))
        other.goto(pg.url.split("?")[0], wait_until="domcontentloaded")
        other.frame_locator(MAP_FRAME).locator("canvas.event-points[data-draws]").first.wait_for(
            state="attached", timeout=60_000)
        canvas = other.frame_locator(MAP_FRAME).locator("canvas.event-points")
        assert int(canvas.get_attribute("data-n")) == n_located
        [(url, status, ctype, encoding)] = got
        assert status == 200 and url.endswith(".json.gz" if inflate else ".json")
        if inflate:
            assert ctype == "application/gzip" and encoding is None  # not compressed again by the server
    finally:
        context.close()
