"""Events as one self-contained HTML map that opens offline, e.g. from a USB stick.

The map is the dashboard's (:func:`geo.view.mapview.event_layers`: the Natural Earth
basemap, impact zones, range rings and flight paths as each event carries them in
``event.geometry``, one marker per located place with its tooltip and popup) without
the online tile layers. Then every script and stylesheet folium links to is replaced by
its content, read from the copies ``make setup`` installs in ``static/node_modules``
(:data:`geo.view.assets.LOCAL_ASSETS`); images a stylesheet names become ``data:`` URIs.
Nothing in the file is fetched from anywhere: no ``src``/``href`` points at http(s).

The events' records (their JSON form, geometry included) are embedded in a
``<script type="application/json" id="events-data">`` block, so :func:`read_html`
gives them back and anyone can take the data out of the file.
"""

from __future__ import annotations

import base64
import json
import mimetypes
import os
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Sequence

import folium
from branca.element import Element

from geo.errors import DataError, GeoError, InvalidInput
from geo.events import Event
from geo.export._common import atomic_path, event_of, parse_json, read_text, record
from geo.view import basemap
from geo.view.assets import STATIC_DIR, AssetReport, iter_elements, localize_links
from geo.view.mapview import FIT_MAX_ZOOM, base_map, event_layers

DATA_ID = "events-data"
TITLE = "Reported events"
# folium asks for icon-marker files (awesome-markers, Font Awesome, glyphicons) that no
# element of this map uses; Font Awesome alone would add about 1 MB of fonts.
UNUSED_ASSETS = frozenset({"awesome_markers", "awesome_markers_css", "awesome_markers_font_css",
                           "glyphicons_css", "awesome_rotate_css"})
ATTRIBUTION = "Basemap: Natural Earth (naturalearthdata.com, public domain)"
# Stand-in URL prefix for local files while folium renders; replaced by their contents.
_INLINE = "geo-export-inline:"
_SCRIPT_TAG = re.compile(r'<script[^>]*\bsrc="' + re.escape(_INLINE) + r'/([^"]+)"[^>]*>\s*</script>')
_LINK_TAG = re.compile(r'<link[^>]*\bhref="' + re.escape(_INLINE) + r'/([^"]+)"[^>]*>')
_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")
_SOURCE_MAP = re.compile(r"^\s*(//|/\*)#\s*sourceMappingURL=.*$", re.M)
_END_SCRIPT = re.compile(r"</(script)", re.I)
_REMOTE = re.compile(r"^\s*(https?:)?//", re.I)


def build_export_map(events: Sequence[Event]) -> folium.Map:
    """The dashboard's map of the events (:func:`geo.view.mapview.event_layers`), no tile layer.

    Parameters
    ----------
    events : sequence of Event
        The events, drawn with the geometry they carry.

    Returns
    -------
    folium.Map
        Fitted to the rings, zones and launch sites when there are any, else to all places.
    """
    m = base_map(basemap=True, online_tiles=False)
    for key, child in list(m._children.items()):
        if isinstance(child, basemap.Attribution):  # its link would point out of the file
            del m._children[key]
    basemap.Attribution(ATTRIBUTION, prefix="Leaflet").add_to(m)
    layers = event_layers(events)
    for group in layers.groups:
        group.add_to(m)
    folium.LayerControl(collapsed=True).add_to(m)
    if layers.bounds is not None:
        m.fit_bounds(layers.bounds, padding=(20, 20), max_zoom=FIT_MAX_ZOOM)
    return m


def _data_block(events: Sequence[Event]) -> str:
    text = json.dumps([record(e) for e in events], ensure_ascii=False, allow_nan=False)
    # In a <script> block only "</script" and "<!--" mean anything to the HTML parser;
    # escaping < > & as JSON \u escapes rules out both and keeps the JSON the same.
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/json" id="{DATA_ID}">{text}</script>'


def _point_at_local_files(m: folium.Map, static_dir: Path) -> None:
    report = AssetReport()
    for el in iter_elements(m):
        for attr in ("default_js", "default_css"):
            links = getattr(el, attr, None)
            if links:
                kept = [(name, url) for name, url in links if name not in UNUSED_ASSETS]
                setattr(el, attr, localize_links(kept, lambda p: (static_dir / p).is_file(), _INLINE, report))
    if report.remote:
        raise DataError(
            f"the front-end files {', '.join(sorted(set(report.remote)))} are not under {static_dir / 'node_modules'}: "
            "run `make setup` (it installs them with npm) before exporting an HTML map")


def _data_uri(path: Path) -> str:
    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def _inline_css(css: str, folder: Path) -> str:
    def repl(match: re.Match) -> str:
        url = match.group(2)
        if url.startswith(("data:", "#")):
            return match.group(0)
        if _REMOTE.match(url):
            raise DataError(f"a stylesheet under {folder} loads {url!r} from the internet")
        file = (folder / url.split("?")[0].split("#")[0]).resolve()
        return f'url("{_data_uri(file)}")' if file.is_file() else "none"
    return _SOURCE_MAP.sub("", _CSS_URL.sub(repl, css)).replace("</style", "<\\/style")


def _inline(html: str, static_dir: Path) -> str:
    def script(match: re.Match) -> str:
        js = _SOURCE_MAP.sub("", (static_dir / match.group(1)).read_text(encoding="utf-8"))
        js = _END_SCRIPT.sub(r"<\\/\1", js)  # a "</script" in the code would end the block early
        return f"<script>/* {match.group(1)} */\n{js}\n</script>"

    def style(match: re.Match) -> str:
        path = static_dir / match.group(1)
        return f"<style>/* {match.group(1)} */\n{_inline_css(path.read_text(encoding='utf-8'), path.parent)}\n</style>"

    return _LINK_TAG.sub(style, _SCRIPT_TAG.sub(script, html))


class _Links(HTMLParser):
    """Collects the src/href attributes of a document's elements (script text is not markup)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.urls.extend(v for k, v in attrs if k in ("src", "href") and v)


def remote_links(html: str) -> list[str]:
    """The ``src``/``href`` values of a document's elements that point at another host."""
    parser = _Links()
    parser.feed(html)
    return [u for u in parser.urls if _REMOTE.match(u) or u.startswith(_INLINE)]


def render_html(events: Sequence[Event], static_dir: Path | str = STATIC_DIR) -> str:
    """The self-contained HTML document of the events' map.

    Raises
    ------
    DataError
        ``static/node_modules`` lacks a file the map needs (run ``make setup``).
    """
    static_dir = Path(static_dir)
    m = build_export_map(events)
    root = m.get_root()
    root.title = TITLE
    root.html.add_child(Element(_data_block(events)), name="events_data")
    _point_at_local_files(m, static_dir)
    html = _inline(root.render(), static_dir)
    if remote := remote_links(html):
        raise GeoError(f"the HTML export would still load {remote[0]!r}; this is a bug in geo.export.html")
    return html


def write_html(events: Sequence[Event], path: str | os.PathLike, static_dir: Path | str = STATIC_DIR) -> int:
    """Write the events as one self-contained HTML map, atomically.

    Parameters
    ----------
    events : sequence of Event
        The events.
    path : str or path-like
        The file to write (``.html``); its folder must exist.
    static_dir : Path or str
        The folder holding ``node_modules`` (``make setup`` fills it).

    Returns
    -------
    int
        The number of events in the file.

    Raises
    ------
    DataError
        The front-end files are missing: the message says to run ``make setup``.
    """
    html = render_html(events, static_dir)
    with atomic_path(path) as tmp:
        tmp.write_text(html, encoding="utf-8")
    return len(events)


_DATA_BLOCK = re.compile(r'<script type="application/json" id="' + DATA_ID + r'">(.*?)</script>', re.S)


def read_html(path: str | os.PathLike) -> list[Event]:
    """The events embedded in a map written by :func:`write_html`.

    Raises
    ------
    InvalidInput
        The file has no ``events-data`` block, or its records are not events.
    """
    where = str(path)
    match = _DATA_BLOCK.search(read_text(path, "HTML"))
    if match is None:
        raise InvalidInput(f"{where}: no <script id={DATA_ID!r}> block of events (not an export of ours?)")
    records = parse_json(match.group(1), where)
    if not isinstance(records, list):
        raise InvalidInput(f"{where}: the {DATA_ID} block is not a JSON list")
    return [event_of(d, f"{where}: event {i}") for i, d in enumerate(records)]
