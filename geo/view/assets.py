"""Serve folium's front-end files (Leaflet, jQuery, Bootstrap, ...) from this machine.

folium names the scripts and styles each map element needs in ``default_js`` /
``default_css`` as ``(name, CDN URL)`` pairs, and ``streamlit_folium`` loads every
one of them into the map frame. With no internet a single failing script stops the
whole map, so this module points those entries at copies installed from the npm
registry into ``static/node_modules`` (``make setup``; git-ignored), which Streamlit
serves at ``/app/static/`` when ``server.enableStaticServing`` is on.

When the local copy of a file is missing (no npm, e.g. on Streamlit Community
Cloud) its CDN link is kept and a warning is logged: the map then needs the
internet, which a hosted app has.

Everything here is pure apart from checking which files exist; no Streamlit.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator
from urllib.parse import urlsplit

import branca.element

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]
STATIC_DIR = ROOT / "static"
# Streamlit serves <app dir>/static/ at this path (server.enableStaticServing).
STATIC_URL = "/app/static"


@dataclass(frozen=True)
class LocalAsset:
    """Where the local copy of one folium asset lives.

    Attributes
    ----------
    path : str
        Path under ``static/``.
    package : str
        A string the CDN URL must contain for the entry to be this asset. folium
        reuses entry names across plugins (``BoatMarker`` calls its script
        ``markerclusterjs``), so the name alone is not proof.
    """

    path: str
    package: str


NM = "node_modules"
# folium entry name -> local copy. Versions are pinned in static/package.json to
# the ones folium 0.20 asks for (awesome-markers: 2.0.5 on npm for 2.0.2 on cdnjs,
# same API).
LOCAL_ASSETS: dict[str, LocalAsset] = {
    "leaflet": LocalAsset(f"{NM}/leaflet/dist/leaflet.js", "leaflet"),
    "leaflet_css": LocalAsset(f"{NM}/leaflet/dist/leaflet.css", "leaflet"),
    "jquery": LocalAsset(f"{NM}/jquery/dist/jquery.min.js", "jquery"),
    "bootstrap": LocalAsset(f"{NM}/bootstrap/dist/js/bootstrap.bundle.min.js", "bootstrap"),
    "bootstrap_css": LocalAsset(f"{NM}/bootstrap/dist/css/bootstrap.min.css", "bootstrap"),
    "awesome_markers": LocalAsset(
        f"{NM}/leaflet.awesome-markers/dist/leaflet.awesome-markers.min.js", "awesome-markers"
    ),
    "awesome_markers_css": LocalAsset(
        f"{NM}/leaflet.awesome-markers/dist/leaflet.awesome-markers.css", "awesome-markers"
    ),
    "awesome_markers_font_css": LocalAsset(
        f"{NM}/@fortawesome/fontawesome-free/css/all.min.css", "fontawesome"
    ),
    "markerclusterjs": LocalAsset(
        f"{NM}/leaflet.markercluster/dist/leaflet.markercluster.js", "markercluster"
    ),
    "markerclustercss": LocalAsset(f"{NM}/leaflet.markercluster/dist/MarkerCluster.css", "markercluster"),
    "markerclusterdefaultcss": LocalAsset(
        f"{NM}/leaflet.markercluster/dist/MarkerCluster.Default.css", "markercluster"
    ),
}

# Entries no map of ours needs and npm has no copy of: Bootstrap 3 glyphicons (folium
# keeps them for old icon names) and the CSS for rotated awesome-markers.
DROPPABLE = frozenset({"glyphicons_css", "awesome_rotate_css"})

Links = list[tuple[str, str]]
_WARNED: set[tuple[Path, tuple[str, ...]]] = set()


@dataclass
class AssetReport:
    """What :func:`use_local_assets` did, for logs and tests.

    Attributes
    ----------
    local : list of str
        Entry names now served from ``static/``.
    dropped : list of str
        Entry names removed (not needed, no local copy).
    remote : list of str
        Entry names still loaded from a CDN (local copy missing or unknown entry).
    """

    local: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    remote: list[str] = field(default_factory=list)

    @property
    def offline(self) -> bool:
        """True when nothing the map loads comes from another host."""
        return not self.remote


def localize_links(
    links: Iterable[tuple[str, str]],
    exists: Callable[[str], bool],
    url_prefix: str = STATIC_URL,
    report: AssetReport | None = None,
) -> Links:
    """Rewrite folium ``(name, url)`` asset entries to local URLs where a copy exists.

    Parameters
    ----------
    links : iterable of (str, str)
        folium ``default_js`` or ``default_css`` entries.
    exists : callable
        ``exists(path)`` tells whether ``static/<path>`` is present.
    url_prefix : str
        URL under which ``static/`` is served.
    report : AssetReport, optional
        Filled with what happened to each entry.

    Returns
    -------
    list of (str, str)
        The entries, local where possible; droppable entries are removed only
        when every local copy needed is there (otherwise the CDN set is kept whole).
    """
    report = report if report is not None else AssetReport()
    out: Links = []
    for name, url in links:
        asset = LOCAL_ASSETS.get(name)
        if asset is not None and asset.package in url.lower() and exists(asset.path):
            out.append((name, f"{url_prefix.rstrip('/')}/{asset.path}"))
            report.local.append(name)
        elif name in DROPPABLE and _is_local_mode(exists):
            report.dropped.append(name)
        else:
            out.append((name, url))
            report.remote.append(name)
    return out


def _is_local_mode(exists: Callable[[str], bool]) -> bool:
    # Drop the optional entries only when Leaflet itself is served locally: in CDN
    # mode folium's links stay exactly as folium wrote them.
    return exists(LOCAL_ASSETS["leaflet"].path)


def iter_elements(element: branca.element.Element) -> Iterator[branca.element.Element]:
    """Yield ``element`` and all its descendants (depth first), as streamlit_folium walks them."""
    yield element
    for child in list(getattr(element, "_children", {}).values()):
        yield from iter_elements(child)


def use_local_assets(
    element: branca.element.Element,
    static_dir: Path | str = STATIC_DIR,
    url_prefix: str = STATIC_URL,
) -> AssetReport:
    """Point every asset link of a folium map (and its children) at local copies.

    Call it after the map is complete (elements added later keep CDN links).
    Sets ``default_js``/``default_css`` on each instance, leaving folium's classes
    untouched.

    Parameters
    ----------
    element : branca Element
        Usually the ``folium.Map``.
    static_dir : Path or str
        The folder Streamlit serves (holds ``node_modules/``).
    url_prefix : str
        The URL it is served at.

    Returns
    -------
    AssetReport
        Entry names made local, dropped, or left remote. A warning is logged
        when anything stays remote.
    """
    static_dir = Path(static_dir)
    cache: dict[str, bool] = {}

    def exists(path: str) -> bool:
        if path not in cache:
            cache[path] = (static_dir / path).is_file()
        return cache[path]

    report = AssetReport()
    for el in iter_elements(element):
        for attr in ("default_js", "default_css"):
            links = getattr(el, attr, None)
            if links:
                setattr(el, attr, localize_links(links, exists, url_prefix, report))
    remote = tuple(sorted(set(report.remote)))
    if remote and (static_dir, remote) not in _WARNED:
        _WARNED.add((static_dir, remote))  # once per process, not on every rerun of the app
        log.warning(
            "front-end files not found under %s (run `make setup`, which needs npm): "
            "the map loads %s from public CDNs and needs the internet",
            static_dir / NM,
            ", ".join(remote),
        )
    return report


def cdn_notice(links: Iterable[str]) -> str | None:
    """What to tell a visitor when the map's files come from other sites (no npm where the app
    runs, as on Streamlit Community Cloud): a blocked CDN leaves the map blank with no error.

    Parameters
    ----------
    links : iterable of str
        The map's script and style sheet URLs (local ones are paths such as ``/app/static/...``).

    Returns
    -------
    str or None
        A sentence naming the hosts, or None when every link is local.
    """
    hosts = sorted({urlsplit(u).netloc for u in links if urlsplit(u).netloc})
    if not hosts:
        return None
    return f"The map loads its scripts from {', '.join(hosts)}; if it stays blank, that site is blocked on your network."
