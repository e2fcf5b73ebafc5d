"""folium's CDN links -> local front-end files (geo.view.assets), without a browser."""

from __future__ import annotations

import logging

import folium
import folium.plugins
import pytest

from geo.view.assets import LOCAL_ASSETS, STATIC_DIR, cdn_notice, iter_elements, localize_links, use_local_assets

CDN_HOSTS = ("cdn.jsdelivr.net", "cdnjs.cloudflare.com", "code.jquery.com", "netdna.bootstrapcdn.com", "unpkg.com")
INSTALLED = (STATIC_DIR / "node_modules" / "leaflet" / "dist" / "leaflet.js").is_file()
needs_npm = pytest.mark.skipif(not INSTALLED, reason="static/node_modules not installed (run `make setup` with npm)")


def _all_links(m):
    """Every script/style URL streamlit_folium would load for this map (its walk)."""
    links = []
    for el in iter_elements(m):
        links += [url for _, url in getattr(el, "default_js", [])]
        links += [url for _, url in getattr(el, "default_css", [])]
    return links


def test_localize_links_points_known_entries_at_static():
    out = localize_links(folium.Map.default_js, exists=lambda path: True)
    assert dict(out)["leaflet"] == "/app/static/node_modules/leaflet/dist/leaflet.js"
    assert dict(out)["jquery"] == "/app/static/node_modules/jquery/dist/jquery.min.js"
    assert all(url.startswith("/app/static/node_modules/") for _, url in out)


def test_localize_links_drops_unneeded_css_in_local_mode():
    out = dict(localize_links(folium.Map.default_css, exists=lambda path: True))
    assert "glyphicons_css" not in out and "awesome_rotate_css" not in out
    assert out["leaflet_css"] == "/app/static/node_modules/leaflet/dist/leaflet.css"


def test_localize_links_keeps_cdn_when_nothing_is_installed():
    assert localize_links(folium.Map.default_css, exists=lambda path: False) == list(folium.Map.default_css)


def test_same_name_from_another_package_is_not_swapped():
    # BoatMarker calls its own script "markerclusterjs": it must not become markercluster.
    boat = folium.plugins.BoatMarker.default_js
    assert localize_links(boat, exists=lambda path: True) == list(boat)


@needs_npm
def test_every_local_asset_exists_on_disk():
    missing = [a.path for a in LOCAL_ASSETS.values() if not (STATIC_DIR / a.path).is_file()]
    assert missing == []


@needs_npm
def test_map_with_plugins_loads_nothing_from_a_cdn():
    m = folium.Map(tiles=None)
    folium.Marker([39.0, 125.75], icon=folium.Icon(icon="star")).add_to(m)
    folium.plugins.MarkerCluster().add_to(m)
    report = use_local_assets(m)
    assert report.offline
    links = _all_links(m)
    assert links and all(url.startswith("/app/static/") for url in links)
    assert not any(host in url for url in links for host in CDN_HOSTS)
    # The class keeps folium's own links; only this map's instances changed.
    assert folium.Map.default_js[0][1].startswith("https://")


def test_without_node_modules_cdn_links_stay_and_a_warning_is_logged(tmp_path, caplog):
    m = folium.Map(tiles=None)
    with caplog.at_level(logging.WARNING, logger="geo.view.assets"):
        report = use_local_assets(m, static_dir=tmp_path)
    assert not report.offline and "leaflet" in report.remote
    assert any("CDN" in r.getMessage() for r in caplog.records)
    assert dict(m.default_js)["leaflet"].startswith("https://cdn.jsdelivr.net/")


def test_a_map_from_a_cdn_tells_the_visitor_which_site_it_needs(tmp_path):
    m = folium.Map(tiles=None)
    use_local_assets(m, static_dir=tmp_path)  # no node_modules: folium's CDN links stay
    links = [url for _, url in m.default_js + m.default_css]
    notice = cdn_notice(links)
    assert notice and "cdn.jsdelivr.net" in notice and "code.jquery.com" in notice and "blocked" in notice
    assert cdn_notice(["/app/static/node_modules/leaflet/dist/leaflet.js"]) is None
    assert cdn_notice([]) is None
