"""Injection (issue 16, item 1), unit level: every payload of tests/fixtures/xss_payloads.txt
through the escaping, the map's tooltips and popups, the table and every exporter.

Markup checks compare the structure of what is made from a payload with what is made from
benign text: the payload must add no element, no attribute, no script, no template-literal
backtick and no ``${`` to the document. The browser tests (tests/browser/test_xss.py) check
that nothing runs.
"""

from __future__ import annotations

import csv
import functools
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest

from geo.export import write
from geo.export.html import read_html, render_html
from geo.geodesy.enrich import enrich
from geo.view.assets import STATIC_DIR
from geo.view.mapview import build_map
from geo.view.placemarkers import PlaceMarkers
from geo.view.table import events_frame
from geo.view.text import escape_html, highlight
from tests.xss_corpus import BENIGN, payload_event, payloads

PAYLOADS = payloads()
IDS = [f"p{i:02d}" for i in range(len(PAYLOADS))]


def test_corpus_size_and_every_payload_has_a_sentinel():
    assert 40 <= len(PAYLOADS) <= 70
    assert len(set(PAYLOADS)) == len(PAYLOADS)
    for p in PAYLOADS:
        assert "__xss" in p or "alert(" in p or "X194c3M" in p, p  # X194c3M: "__xss" in base64


class _Shape(HTMLParser):
    """Elements, attribute names, javascript:/data: URLs and the script-significant tokens
    inside <script> blocks of a document."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, tuple[str, ...]]] = []
        self.urls: list[str] = []
        self.script_tokens: list[tuple[int, int, int]] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, tuple(sorted(k for k, _ in attrs))))
        self.urls.extend(v for k, v in attrs if k in ("href", "src", "action", "data", "xlink:href") and v
                         and re.match(r"\s*(javascript|vbscript|data:text/html)", v, re.I))
        # a JSON data block is data, not code: only "</script" could matter there (counted below)
        self._in_script = "code" if tag == "script" and dict(attrs).get("type") in (None, "text/javascript") \
            else "data" if tag == "script" else False

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        self._in_script = False

    def handle_endtag(self, tag):
        self.tags.append(("/" + tag, ()))
        self._in_script = False

    def handle_data(self, data):
        if self._in_script == "code" and not data.lstrip().startswith("/* "):  # inlined libraries: ours
            counts, templates = js_strings(data)
            # string-literal counts drift on scripts with regular-expression literals (the points
            # layer's code), which this lexer does not parse: compare template literals,
            # interpolations and comments; quotes breaking out show in the template's HTML below
            self.script_tokens.append(counts[1:])
            # folium puts tooltips and popups in template literals that Leaflet renders as HTML
            for template in templates:
                inner = shape(template)
                self.tags.extend(("js:" + t, a) for t, a in inner.tags)
                self.urls.extend(inner.urls)
        elif self._in_script == "data":
            self.script_tokens.append(("data", len(re.findall(r"</?script|<!--", data, re.I))))


def js_strings(code: str) -> tuple[tuple[int, int, int, int], list[str]]:
    """(string literals, template literals, ``${`` interpolations, comments) in a script, and
    the text of its template literals.

    A small lexer for the scripts folium writes (no regular-expression literals there):
    quotes, backticks and escapes, so a payload that closed a string or a template literal,
    or opened an interpolation, changes the counts.
    """
    strings = templates = interpolations = comments = 0
    texts: list[str] = []
    i, n = 0, len(code)
    while i < n:
        c = code[i]
        if c in "\"'":
            strings += 1
            i += 1
            while i < n and code[i] != c:
                i += 2 if code[i] == "\\" else 1
            i += 1
        elif c == "`":
            templates += 1
            i += 1
            start = i
            while i < n and code[i] != "`":
                if code[i] == "\\":
                    i += 2
                elif code.startswith("${", i):
                    interpolations += 1
                    i += 2
                else:
                    i += 1
            texts.append(code[start:i])
            i += 1
        elif code.startswith("//", i):
            comments += 1
            i = code.find("\n", i) % (n + 1) if "\n" in code[i:] else n
        elif code.startswith("/*", i):
            comments += 1
            end = code.find("*/", i + 2)
            i = n if end < 0 else end + 2
        else:
            i += 1
    return (strings, templates, interpolations, comments), texts


def shape(markup: str) -> _Shape:
    parser = _Shape()
    parser.feed(markup)
    parser.close()
    return parser


def assert_same_shape(markup: str, benign: str) -> None:
    got, want = shape(markup), shape(benign)
    assert got.tags == want.tags
    assert got.urls == want.urls == []
    assert got.script_tokens == want.script_tokens


@pytest.mark.parametrize("payload", PAYLOADS, ids=IDS)
def test_escape_html_leaves_no_markup_or_script_characters(payload):
    out = escape_html(payload)
    assert not set(out) & set("<>\"'`$\\")
    assert shape(f"<p title=\"{out}\">{out}</p>").tags == [("p", ("title",)), ("/p", ())]


@pytest.mark.parametrize("payload", PAYLOADS, ids=IDS)
def test_highlight_wraps_payloads_without_letting_them_out(payload):
    text = f"Before {payload} after {payload}."
    spans = [(0, len(text) // 2, payload), (len(text) // 3, len(text) - 2, "missile launch"), (5, 3, payload)]
    out = highlight(text, spans)
    marks = re.findall(r"<mark [^>]*>", out)
    assert len(marks) == 1 and out.count("</mark>") == 1
    rest = out.replace(marks[0], "").replace("</mark>", "")
    assert "<" not in rest and ">" not in rest
    assert shape(out).tags == [("mark", ("class", "title")), ("/mark", ())]


@pytest.mark.parametrize("payload", PAYLOADS, ids=IDS)
def test_place_markers_carry_every_field_as_data_not_markup(payload):
    """The place markers' tooltips and popups are built in the browser with textContent
    (places.js): the script holds the text as JSON, which no payload can leave."""
    event, benign = payload_event(payload), payload_event(BENIGN)
    script, safe = PlaceMarkers([event]).payload_json, PlaceMarkers([benign]).payload_json
    assert not set(script) & set("<>&`$")  # nothing that ends a script, opens a tag or interpolates
    assert_same_shape(f"<script>var x = {script};</script>", f"<script>var x = {safe};</script>")
    rows = json.loads(script)["rows"]
    assert [r[3] for r in rows] == [payload, f"{payload} (2)"]  # the text itself, unescaped: it is data
    assert rows[0][6] == payload and rows[0][8] == f"{payload}.txt"


def test_place_markers_script_sets_text_never_html():
    library = PlaceMarkers([]).library
    assert "textContent" in library
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "Function("):
        assert sink not in library, sink


def _map_html(text: str) -> str:
    html = build_map([enrich(payload_event(text))], online_tiles=False, local_assets=False).get_root().render()
    return re.sub(r"_[0-9a-f]{32}", "_ID", html)  # folium names elements by random ids


_BENIGN_MAP = functools.cache(lambda: _map_html(BENIGN))


@pytest.mark.parametrize("payload", PAYLOADS, ids=IDS)
def test_whole_map_script_has_no_more_markup_or_script_tokens_than_with_benign_text(payload):
    assert_same_shape(_map_html(payload), _BENIGN_MAP())


def test_the_shape_check_sees_an_unescaped_payload(monkeypatch):
    """The check can fail: with escaping that forgets backticks, a template literal breaks."""
    import html as std_html
    from geo.view import mapview
    monkeypatch.setattr(mapview, "escape_html", lambda t: std_html.escape(str(t or "")))
    with pytest.raises(AssertionError):
        assert_same_shape(_map_html("`;window.__xss=1;`"), _BENIGN_MAP())
    with pytest.raises(AssertionError):
        assert_same_shape(_map_html("${window.__xss=1}"), _BENIGN_MAP())
    monkeypatch.setattr(mapview, "escape_html", str)
    with pytest.raises(AssertionError):
        assert_same_shape(_map_html("<img src=x onerror=window.__xss=1>"), _BENIGN_MAP())


@pytest.mark.parametrize("payload", PAYLOADS, ids=IDS)
def test_table_holds_the_text_as_data(payload):
    frame = events_frame([payload_event(payload)])
    row = frame.iloc[0]
    assert payload in row["actors"] and payload in row["places"] and payload in row["sentence"]
    assert shape(frame.to_html()).tags == shape(events_frame([payload_event(BENIGN)]).to_html()).tags


@pytest.mark.skipif(not (STATIC_DIR / "node_modules").is_dir(), reason="static/node_modules not installed")
def test_exported_html_map_keeps_every_payload_inert_and_gives_it_back(tmp_path):
    events = [enrich(payload_event(p, i, lat=-60 + i * 2, lon=-170 + i * 5)) for i, p in enumerate(PAYLOADS)]
    benign = [enrich(payload_event(f"{BENIGN} {i}", i, lat=-60 + i * 2, lon=-170 + i * 5)) for i in range(len(PAYLOADS))]
    norm = lambda s: re.sub(r"_[0-9a-f]{32}", "_ID", s)
    assert_same_shape(norm(render_html(events)), norm(render_html(benign)))
    path = tmp_path / "map.html"
    write("html", events, path)
    back = read_html(path)
    assert [e.sentence for e in back] == [e.sentence for e in events]


def test_kml_geojson_csv_exports_keep_payloads_as_text(tmp_path):
    events = [enrich(payload_event(p, i)) for i, p in enumerate(PAYLOADS)]
    write("kml", events, tmp_path / "a.kml")
    root = ET.parse(tmp_path / "a.kml").getroot()  # well-formed XML: no payload broke out
    ns = {"k": "http://www.opengis.net/kml/2.2"}
    descriptions = [d.text for d in root.iterfind(".//k:description", ns)]
    assert len(descriptions) >= len(PAYLOADS)
    for d in descriptions:  # Google Earth renders descriptions as HTML: they hold no markup
        assert "<" not in d and ">" not in d
    write("geojson", events, tmp_path / "a.geojson")
    data = json.loads((tmp_path / "a.geojson").read_text(encoding="utf-8"))
    sentences = [f["properties"].get("sentence") for f in data["features"] if f["properties"].get("sentence")]
    assert set(sentences) >= {e.sentence for e in events}
    write("csv", events, tmp_path / "a.csv")
    with open(tmp_path / "a.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == len(events)
    for row in rows:  # no cell a spreadsheet would run as a formula
        assert not any(v.startswith(("=", "+", "-", "@")) for k, v in row.items() if k not in ("lat", "lon"))
