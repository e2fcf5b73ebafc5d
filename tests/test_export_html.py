"""The HTML export: one file that needs nothing else (no http(s) src/href), holds the events,
and shows hostile text as text. The browser test (tests/browser/test_export_html.py) opens it."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from geo.errors import DataError, InvalidInput
from geo.export.html import DATA_ID, read_html, write_html
from geo.view.assets import STATIC_DIR
from tests.export_samples import HOSTILE, hostile_event, normal, sample_events, seed_events

pytestmark = pytest.mark.skipif(not (STATIC_DIR / "node_modules" / "leaflet").is_dir(),
                                reason="static/node_modules is not installed (make setup)")


class _Doc(HTMLParser):
    """Tags with their attributes, and the text of each <script> and <style>."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[tuple[dict, str]] = []
        self._open: dict | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._open = dict(attrs)
            self.scripts.append((self._open, ""))

    def handle_data(self, data):
        if self._open is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)

    def handle_endtag(self, tag):
        if tag == "script":
            self._open = None


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> tuple[Path, str, _Doc]:
    path = tmp_path_factory.mktemp("html") / "map.html"
    assert write_html(sample_events(), path) == len(sample_events())
    text = path.read_text(encoding="utf-8")
    doc = _Doc()
    doc.feed(text)
    return path, text, doc


def test_no_element_loads_or_links_anything_over_http(exported) -> None:
    _, _, doc = exported
    links = [v for _, attrs in doc.tags for k, v in attrs.items() if k in ("src", "href") and v]
    assert not [u for u in links if re.match(r"\s*(https?:)?//", u, re.I)]
    assert not [tag for tag, attrs in doc.tags if tag == "script" and attrs.get("src")]  # all inlined
    assert not [tag for tag, attrs in doc.tags if tag == "link" and attrs.get("rel") == "stylesheet"]


def test_leaflet_and_its_styles_are_inlined(exported) -> None:
    _, text, doc = exported
    leaflet = next(s for attrs, s in doc.scripts if "leaflet/dist/leaflet.js" in s[:200])
    assert "L.version" in leaflet or 'version="1.9.3"' in leaflet.replace(" ", "")
    assert ".leaflet-container" in text  # leaflet.css
    assert "url(images/" not in text  # its images became data: URIs
    assert "sourceMappingURL" not in text


def test_the_file_holds_the_events_and_reads_back(exported) -> None:
    path, _, doc = exported
    [(attrs, data)] = [(a, s) for a, s in doc.scripts if a.get("id") == DATA_ID]
    assert attrs["type"] == "application/json"
    back = read_html(path)
    assert [normal(e) for e in back] == [normal(e) for e in sample_events()]


def test_the_map_draws_the_events_geometry(exported) -> None:
    _, text, _ = exported
    assert "range-ring" in text and "impact-zone" in text and "event-place-launch_site" in text
    assert "basemap-land" in text  # the Natural Earth basemap, no tiles
    assert "L.tileLayer" not in text
    # the seed ring's first vertex, as the event carries it
    lon, lat = seed_events()[0].geometry.ring["coordinates"][0][0]
    assert f"[{lon}, {lat}]" in text


def test_hostile_text_is_never_markup_or_code(exported) -> None:
    _, text, doc = exported
    assert "<script>alert" not in text  # neither in the map's script nor in the data block
    assert "</Data><x>" not in text
    assert not [tag for tag, _ in doc.tags if tag == "x"]
    inline = [s for attrs, s in doc.scripts if not attrs]
    map_script = next(s for s in inline if "L.map(" in s)
    # folium puts tooltips and popups in JavaScript template literals: there ${ and
    # backticks must be entities, or the literal would run code or end early.
    literals = re.findall(r"(?:bindTooltip\(|\$\()\s*`(.*?)`", map_script, re.S)
    hostile = [lit for lit in literals if "alert(1)" in lit]
    assert len(hostile) >= 2  # the place's tooltip and popup at least
    assert all("${" not in lit for lit in literals)
    assert all("&#36;{alert(1)}" in lit and "&#96;backtick&#96;" in lit for lit in hostile)
    # elsewhere the text is in JSON strings (GeoJSON properties), where ${ is inert: always
    # after the JSON-escaped "<x> ", never in a form markup or a template literal would run
    for match in re.finditer(re.escape("${alert(1)}"), map_script):
        assert map_script[:match.start()].endswith("\\u003cx\\u003e ")
    assert HOSTILE not in text


def test_missing_front_end_files_say_to_run_make_setup(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="make setup"):
        write_html([hostile_event()], tmp_path / "m.html", static_dir=tmp_path / "empty")
    assert not list(tmp_path.glob("*.html"))


def test_a_page_without_events_data_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.html"
    path.write_text("<html><body>hello</body></html>")
    with pytest.raises(InvalidInput, match=DATA_ID):
        read_html(path)
