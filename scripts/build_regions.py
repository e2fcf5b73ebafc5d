"""Build the bundled regions in ``geo/data/regions/`` from Natural Earth (public domain).

A *region* is a named area the in-range lists can name as a whole, that no country polygon
is on its own. One so far:

- ``continental_us.geojson``: "the continental United States", the 48 contiguous states and
  the District of Columbia. Natural Earth's 1:110m admin-0 polygon of the United States
  (``ne_110m_admin_0_countries.json``, ISO_A3 ``USA``) holds the contiguous states, Alaska and
  Hawaii as separate parts; the contiguous part is the one whose representative point lies
  south of 50 N and east of 130 W (Alaska lies north of 51 N, Hawaii west of 154 W). No
  admin-1 (states) layer is needed for that.

Run: ``python scripts/build_regions.py [SOURCE_DIR]`` (default ``../shared/data/natural-earth``).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from shapely.geometry import mapping, shape

from build_naturalearth import _round  # coordinates to 3 decimals (about 100 m), as the basemap's
from shapely.ops import unary_union

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "geo" / "data" / "regions"
DEFAULT_SRC = ROOT.parent / "shared" / "data" / "natural-earth"


def continental_us(src: Path) -> dict:
    """The contiguous United States as a GeoJSON Feature."""
    data = json.loads((src / "ne_110m_admin_0_countries.json").read_text(encoding="utf-8"))
    usa = [f for f in data["features"]
           if (f["properties"].get("ISO_A3") or f["properties"].get("iso_a3")) == "USA"
           or f["properties"].get("ADM0_A3") == "USA"]
    if len(usa) != 1:
        raise SystemExit(f"expected one USA feature in Natural Earth admin-0, found {len(usa)}")
    geom = shape(usa[0]["geometry"])
    parts = list(getattr(geom, "geoms", [geom]))
    keep = [p for p in parts if p.representative_point().y < 50.0 and p.representative_point().x > -130.0]
    if not keep:
        raise SystemExit("no part of the USA polygon lies south of 50 N and east of 130 W")
    region = unary_union(keep)
    return {"type": "Feature",
            "properties": {"name": "the continental United States", "short": "continental US",
                           "iso_a3": "USA", "parts_kept": len(keep), "parts_total": len(parts),
                           "source": "Natural Earth 1:110m admin-0 countries (public domain)"},
            "geometry": _round(mapping(region))}


def main(argv: list[str]) -> int:
    src = Path(argv[1]) if len(argv) > 1 else DEFAULT_SRC
    OUT.mkdir(parents=True, exist_ok=True)
    feature = continental_us(src)
    out = {"type": "FeatureCollection", "features": [feature]}
    (OUT / "continental_us.geojson").write_text(json.dumps(out, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {OUT / 'continental_us.geojson'}: {feature['properties']['parts_kept']} of "
          f"{feature['properties']['parts_total']} parts of the USA polygon")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
