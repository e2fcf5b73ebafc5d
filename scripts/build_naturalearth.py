"""Build the bundled Natural Earth layers in ``data/naturalearth/``.

Sources (public domain, https://www.naturalearthdata.com), read from
``../shared/data/natural-earth`` or a folder given as the first argument:

- ``ne_50m_land.json``                          -> ``land.geojson``     (basemap, land/sea tests)
- ``ne_50m_admin_0_boundary_lines_land.json``   -> ``borders.geojson``  (basemap)
- ``ne_110m_admin_0_countries.json``            -> ``countries.geojson`` (point-in-country)
- ``ne_10m_geography_marine_polys.json``        -> ``seas.geojson``     (named seas, gulfs, straits)

Geometries are simplified (topology-preserving) and coordinates rounded so the
files stay small; the tolerances are in degrees and documented below.

Run: ``python scripts/build_naturalearth.py [SOURCE_DIR]``
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from shapely.geometry import mapping, shape

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "geo" / "data" / "naturalearth"
DEFAULT_SRC = ROOT.parent / "shared" / "data" / "natural-earth"

# Simplification tolerances in degrees (1 degree of latitude is about 111 km).
# 0.02 deg keeps point-in-sea answers right for named seas (see shared/data README);
# the basemap layers tolerate 0.03 deg at the zooms a world map is read at.
TOLERANCE_DEG = {"land": 0.03, "borders": 0.03, "countries": 0.0, "seas": 0.02}
DECIMALS = 3  # about 100 m


def _round(obj):
    if isinstance(obj, float):
        return round(obj, DECIMALS)
    if isinstance(obj, (list, tuple)):
        return [_round(x) for x in obj]
    if isinstance(obj, dict):
        return {k: _round(v) for k, v in obj.items()}
    return obj


def _clean_name(name: str | None) -> str | None:
    """Collapse Natural Earth's double spaces and title-case its upper-case ocean names."""
    if not name:
        return None
    name = re.sub(r"\s+", " ", name).strip()
    if name.isupper():
        name = name.title()
    return name


def _features(src: Path, tolerance: float, keep) -> list[dict]:
    data = json.loads(src.read_text(encoding="utf-8"))
    out = []
    for feat in data["features"]:
        props = keep(feat["properties"])
        if props is None or feat.get("geometry") is None:
            continue
        geom = shape(feat["geometry"])
        if tolerance:
            geom = geom.simplify(tolerance, preserve_topology=True)
        if geom.is_empty:
            continue
        out.append({"type": "Feature", "properties": props, "geometry": _round(mapping(geom))})
    return out


def _write(name: str, features: list[dict]) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"{name}.geojson"
    tmp = path.with_suffix(".tmp")
    tmp.write_text(
        json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":")),
        encoding="utf-8",
    )
    tmp.replace(path)
    print(f"{path.relative_to(ROOT)}: {len(features)} features, {path.stat().st_size / 1e6:.2f} MB")


def main(src_dir: Path) -> None:
    _write("land", _features(src_dir / "ne_50m_land.json", TOLERANCE_DEG["land"], lambda p: {}))
    _write(
        "borders",
        _features(
            src_dir / "ne_50m_admin_0_boundary_lines_land.json", TOLERANCE_DEG["borders"], lambda p: {}
        ),
    )

    def country(p: dict) -> dict:
        iso3 = p.get("ISO_A3") if p.get("ISO_A3") not in (None, "-99") else p.get("ADM0_A3")
        iso2 = p.get("ISO_A2") if p.get("ISO_A2") not in (None, "-99") else None
        return {"name": p.get("NAME"), "iso_a2": iso2, "iso_a3": iso3}

    _write("countries", _features(src_dir / "ne_110m_admin_0_countries.json", 0.0, country))

    def sea(p: dict) -> dict | None:
        name = _clean_name(p.get("name"))
        if not name:
            return None
        return {
            "name": name,
            "namealt": _clean_name(p.get("namealt")),
            "featurecla": p.get("featurecla"),
            "scalerank": p.get("scalerank"),
        }

    _write("seas", _features(src_dir / "ne_10m_geography_marine_polys.json", TOLERANCE_DEG["seas"], sea))


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_SRC)
