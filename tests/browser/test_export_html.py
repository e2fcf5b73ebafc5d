"""The exported HTML map in Chromium, opened from file:// with every other request blocked:
the map draws (basemap, ring, places), nothing tries to reach http(s), and hostile text
shows as text without running (no dialog)."""

from __future__ import annotations

from pathlib import Path

import pytest

from geo.export.html import write_html
from geo.view.assets import STATIC_DIR
from tests.export_samples import hostile_event, seed_events

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not (STATIC_DIR / "node_modules" / "leaflet").is_dir(),
                       reason="static/node_modules is not installed (make setup)"),
]
ALLOWED_SCHEMES = ("file:", "data:", "blob:", "about:")


@pytest.fixture(scope="module")
def opened(browser, tmp_path_factory):
    """The export of the seed events and the hostile launch, loaded offline."""
    path = tmp_path_factory.mktemp("export") / "map.html"
    write_html([*seed_events(), hostile_event()], path)
    context = browser.new_context(viewport={"width": 1200, "height": 800}, offline=True)
    blocked: list[str] = []
    dialogs: list[str] = []
    errors: list[str] = []

    def route(r):
        if r.request.url.startswith(ALLOWED_SCHEMES):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    requested: list[str] = []
    context.on("request", lambda request: requested.append(request.url))
    page = context.new_page()
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(path.as_uri(), wait_until="load")
    page.locator("path.range-ring").first.wait_for(state="attached", timeout=20_000)
    yield page, requested, blocked, dialogs, errors
    context.close()


def test_the_map_renders_from_the_file_alone(opened) -> None:
    page, requested, blocked, _, errors = opened
    assert page.locator(".leaflet-container").count() == 1
    assert page.locator("path.basemap-land").count() > 100
    assert page.locator("path.range-ring").count() >= 2  # the seed's 570 km ring and the hostile 300 km one
    assert page.locator("path.impact-zone").count() >= 1
    assert page.locator("path.event-place-launch_site").count() >= 2
    assert page.locator("img.leaflet-tile").count() == 0
    assert errors == []
    assert blocked == []
    assert [u for u in requested if not u.startswith(ALLOWED_SCHEMES)] == []


def test_no_link_in_the_rendered_page_leaves_the_file(opened) -> None:
    page, *_ = opened
    urls = page.eval_on_selector_all("[src], [href]", "els => els.map(e => e.getAttribute('src') || e.getAttribute('href'))")
    assert [u for u in urls if u.lower().startswith(("http:", "https:", "//"))] == []


def test_hostile_text_shows_as_text_and_runs_nothing(opened) -> None:
    page, _, blocked, dialogs, errors = opened
    markers = page.locator("path.event-place-launch_site")
    shown = []
    for i in range(markers.count()):
        markers.nth(i).dispatch_event("click")
        page.wait_for_timeout(200)
        popup = page.locator(".leaflet-popup-content")
        if popup.count():
            shown.append(popup.first.inner_text())
    hostile = [t for t in shown if "alert(1)" in t]
    assert hostile, f"no popup showed the hostile place: {shown!r}"
    assert "<script>alert(1)</script>" in hostile[0]  # shown literally, as text
    assert "${alert(1)}" in hostile[0] and "`backtick`" in hostile[0]
    assert page.locator(".leaflet-popup-content script").count() == 0
    assert page.locator("x").count() == 0
    assert dialogs == [] and errors == [] and blocked == []
