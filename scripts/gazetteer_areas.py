"""Named areas for the gazetteer that are not settlements: lakes, world regions, Natural
Earth's map subunits and disputed areas, and the hand-written places and aliases of
``data/gazetteer/extra_places.tsv``. Used by ``build_gazetteer.py``.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import TYPE_CHECKING

from area_centres import spherical_mean
from geo.gazetteer.normalize import normalize

if TYPE_CHECKING:
    from build_gazetteer import Builder

# Natural Earth abbreviates in its labels ("Kuril Is.", "N. Cyprus", "W. Sahara").
# Only a whole word followed by a space or the end: "U.N." and "N.Z." stay as they are.
_NE_ABBREV = [(re.compile(r"(?<![\w.])" + re.escape(a) + r"(?=\s|$)"), r) for a, r in [
    ("Is.", "Islands"), ("I.", "Island"), ("N.", "Northern"), ("S.", "South"), ("W.", "Western"),
    ("Fr.", "French"), ("Br.", "British"), ("Rep.", "Republic"), ("St.", "Saint")]]

def lake_names(name: str) -> tuple[str, list[str]]:
    """A Natural Earth lake label as news writes it, and its other names.

    Natural Earth abbreviates its map labels ("L. Erie", "Wollaston L.", "Rybinsk Res.") and
    keeps local forms ("Lago Titicaca", "Lac Saint-Jean"); news writes "Lake Erie" and
    "Lake Titicaca". Returns the full name and the English and local forms.
    """
    full = re.sub(r"^L\. ", "Lake ", name)
    full = re.sub(r" L\.$", " Lake", full)
    full = re.sub(r"\bR[ée]s\.", "Reservoir", full)
    alts = []
    local = re.match(r"^(?:Lago de |Lago |Lac de |Lac |Lake )(.+)$", full)
    if local:
        alts.append(f"Lake {local.group(1)}")
        if not full.startswith("Lake "):
            alts.append(full)
        full = f"Lake {local.group(1)}"
    return full, sorted(set(alts) - {full})


def add_lakes(b: Builder, path: Path) -> None:
    """Named lakes and reservoirs of Natural Earth 1:50m, at a point inside the largest part."""
    from shapely.geometry import shape

    seen: dict[str, tuple[float, int]] = {}
    for f in json.loads(path.read_text(encoding="utf-8"))["features"]:
        label = f["properties"].get("name")
        if not label:
            continue
        name, alts = lake_names(" ".join(label.split()))
        geom = shape(f["geometry"])
        k = normalize(name)
        if k in seen:  # a lake in several polygons: keep the largest
            if geom.area <= seen[k][0]:
                continue
            b.rec[seen[k][1]]["feature"] = "_drop"
        pt = geom.representative_point()
        i = b.add(pid=f"naturalearth-lake:{k.replace(' ', '-')}", name=name, lat=pt.y, lon=pt.x, cc=None,
                  feature="lake", population=0, admin1=None, admin1_code=None, source="naturalearth", alts=alts)
        seen[k] = (geom.area, i)


URALS_LON = 60.0  # degrees east: Europe's conventional eastern edge, for regions of Europe
# Groups of countries as Natural Earth's country table names them (UN M49 subregions, World
# Bank regions), the name news uses, and other names; None keeps Natural Earth's.
_WORLD_REGIONS = {
    ("SUBREGION", "Western Africa"): ("West Africa", ["Western Africa"]),
    ("SUBREGION", "Eastern Africa"): ("East Africa", ["Eastern Africa"]),
    ("SUBREGION", "Middle Africa"): ("Central Africa", ["Middle Africa"]),
    ("SUBREGION", "Northern Africa"): ("North Africa", ["Northern Africa"]),
    ("SUBREGION", "Southern Africa"): (None, []),
    ("SUBREGION", "South-Eastern Asia"): ("Southeast Asia", ["South-East Asia", "South East Asia", "South-Eastern Asia"]),
    ("REGION_WB", "South Asia"): (None, ["Southern Asia"]),  # the UN's Southern Asia also holds Iran
    ("SUBREGION", "Eastern Asia"): ("East Asia", ["Eastern Asia"]),
    ("SUBREGION", "Western Asia"): (None, []),
    ("SUBREGION", "Central Asia"): (None, []),
    ("SUBREGION", "Northern Europe"): (None, []),
    ("SUBREGION", "Western Europe"): (None, []),
    ("SUBREGION", "Eastern Europe"): (None, []),
    ("SUBREGION", "Southern Europe"): (None, []),
    ("SUBREGION", "Caribbean"): (None, ["Caribbean region"]),
    ("SUBREGION", "Melanesia"): (None, []),
    ("REGION_WB", "Sub-Saharan Africa"): (None, ["sub-Saharan Africa"]),
    ("REGION_WB", "Latin America & Caribbean"): ("Latin America", ["Latin America and the Caribbean"]),
    ("CONTINENT", ("North America", "South America")): ("Americas", ["the Americas"]),
}


def add_world_regions(b: Builder, path: Path) -> None:
    """Regions made of whole countries, at the area-weighted centre of their land.

    Natural Earth's country table says which UN subregion, World Bank region and continent
    each country is in. A region's point is the mean of its countries' centroids weighted by
    their area (unit vectors, so it is a point on the sphere). A name that already means a
    country or a continent ("South Africa" for Southern Africa) is not given to the region.
    Regions of Europe count only the land west of the Urals.
    """
    from shapely.geometry import box, shape

    europe = box(-180, -90, URALS_LON, 90)
    feats = json.loads(path.read_text(encoding="utf-8"))["features"]
    for (field, value), (name, alts) in _WORLD_REGIONS.items():
        values = value if isinstance(value, tuple) else (value,)
        members = [shape(f["geometry"]) for f in feats if f["properties"].get(field) in values]
        if "Europe" in str(value):  # Russia is in Eastern Europe, but Siberia is not
            members = [g.intersection(europe) for g in members]
            members = [g for g in members if not g.is_empty]
        # Each country weighs its area: degrees squared shrink with the cosine of latitude.
        cents = [g.centroid for g in members]
        lat, lon = spherical_mean([c.y for c in cents], [c.x for c in cents],
                                  [g.area * math.cos(math.radians(c.y)) for g, c in zip(members, cents)])
        name = name or (value if isinstance(value, str) else " and ".join(value))
        taken = ("country", "region", "continent", "sea", "lake", "admin1")
        alts = [a for a in alts if not b.known(normalize(a), taken)]
        if b.known(normalize(name), taken):
            continue
        b.add(pid=f"naturalearth-region:{normalize(name).replace(' ', '-')}", name=name, lat=round(lat, 2),
              lon=round(lon, 2), cc=None, feature="region", population=0, admin1=None, admin1_code=None,
              source="naturalearth", alts=alts)


def add_extra_places(b: Builder, path: Path, kinds: tuple[str, ...] = ("place", "alias")) -> None:
    """The rows of ``extra_places.tsv`` of the given kinds: ``place`` adds a place, ``alias``
    adds names to a place of any source (so alias rows run after every source)."""
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if cols[0] not in kinds:
            continue
        if cols[0] == "group":
            # The six states of New England (the US Census Bureau's division): a region of
            # divisions at the mean of their points, the rule of the regions made of divisions.
            _, name, alts, codes, cc = cols[:5]
            members = [r for r in b.rec if r["feature"] == "admin1" and r["admin1_code"] in codes.split("|")]
            if len(members) != len(codes.split("|")):
                raise SystemExit(f"extra_places.tsv: not every division of {name!r} is known")
            lat, lon = spherical_mean([r["lat"] for r in members], [r["lon"] for r in members])
            b.add(pid=f"manual:{normalize(name).replace(' ', '-')}", name=name, lat=round(lat, 4), lon=round(lon, 4),
                  cc=None if cc == "-" else cc, feature="region", population=0, admin1=None, admin1_code=None,
                  source="manual", alts=[a for a in alts.split("|") if a])
            continue
        if cols[0] == "seat":
            # A body at its seat: the point of the seat's own record (GeoNames' Brussels).
            _, name, alts, seat, cc = cols[:5]
            hits = [r for r in b.rec if r["feature"] in ("capital", "city") and r["cc"] == cc and r["name"] == seat]
            if not hits:
                raise SystemExit(f"extra_places.tsv: no town {seat!r} in {cc} for {name!r}")
            r = max(hits, key=lambda r: r["population"])
            b.add(pid=f"manual:{normalize(name).replace(' ', '-')}", name=name, lat=r["lat"], lon=r["lon"], cc=None,
                  feature="region", population=0, admin1=None, admin1_code=None, source="manual",
                  alts=[a for a in alts.split("|") if a])
            continue
        if cols[0] == "place":
            _, name, alts, lat, lon, cc, feature = cols
            b.add(pid=f"manual:{normalize(name).replace(' ', '-')}", name=name, lat=float(lat), lon=float(lon),
                  cc=None if cc == "-" else cc, feature=feature, population=0, admin1=None, admin1_code=None,
                  source="manual", alts=[a for a in alts.split("|") if a])
        elif cols[0] == "alias":
            _, feature, name, alts = cols[:4]
            k = normalize(name)
            hits = [i for i, r in enumerate(b.rec) if r["feature"] == feature and normalize(r["name"]) == k]
            if not hits:
                raise SystemExit(f"extra_places.tsv: no {feature} called {name!r}")
            for i in hits:
                for a in alts.split("|"):
                    if a:
                        b.add_alias(i, a)


def ne_region_names(label: str) -> list[str]:
    """A Natural Earth label as a name and, when it abbreviates, the name written out.

    ``"Kuril Is."`` -> ``["Kuril Islands", "Kuril Is."]``; ``"Korean Demilitarized Zone (north)"``
    -> ``["Korean Demilitarized Zone"]``; labels that describe rather than name ("Bhutan
    claimed by China", "Ilemi Triangle S. Sudan admin.") -> ``[]``.
    """
    label = " ".join(re.sub(r"\([^)]*\)", " ", label.split("\r")[0].split("\n")[0]).split())
    if not label or " by " in label or label.endswith(" admin.") or label.startswith("Near "):
        return []
    full = label
    for pat, rep in _NE_ABBREV:
        full = pat.sub(rep, full)
    return [full, label] if full != label else [label]


def add_ne_regions(b: Builder, path: Path, iso3_to_2: dict[str, str]) -> None:
    """Map subunits (islands, constituent countries) and disputed or leased areas from Natural Earth.

    One point per name, the label point of its lowest scale rank (the main part). Names
    that a country, division, region or sea already answers to are skipped, so this only
    fills gaps. Subunits keep their country; claimed, disputed, indeterminate, leased and
    overlay areas have none (``country_code`` None: the map does not take sides). A subunit
    named like a town of its own country is left to the town.
    """
    fc = json.loads(path.read_text(encoding="utf-8"))
    best: dict[str, tuple[int, float, float, str | None]] = {}
    for f in fc["features"]:
        p = f["properties"]
        if f["geometry"]["type"] != "Point" or (p.get("scalerank") or 0) >= 100:
            continue  # scale rank 100 marks Natural Earth's "Null Island" at 0, 0
        lon, lat = f["geometry"]["coordinates"][:2]
        rank = p.get("scalerank") or 0
        if p.get("sr_br_name"):
            label, cc = p["sr_br_name"], None
        elif p.get("sr_subunit"):
            label, cc = p["sr_subunit"], iso3_to_2.get(p.get("sr_adm0_a3") or "")
        else:
            continue
        if label not in best or rank < best[label][0]:
            best[label] = (rank, lat, lon, cc)
    # A subunit named like a town of its country is that town's region ("Brussels",
    # "Kaliningrad"): the town already answers to the name.
    towns = {(r["cc"], normalize(r["name"])) for r in b.rec if r["feature"] in ("city", "capital")}
    taken: set[str] = set()
    for label, (_rank, lat, lon, cc) in sorted(best.items()):
        names = ne_region_names(label)
        keys = [normalize(n) for n in names]
        if not names or any(b.known(k, ("country", "admin1", "region", "sea", "continent")) or k in taken
                            or (cc, k) in towns for k in keys):
            continue
        taken.update(keys)
        b.add(pid=f"naturalearth-region:{keys[0].replace(' ', '-')}", name=names[0], lat=lat, lon=lon, cc=cc,
              feature="region", population=0, admin1=None, admin1_code=None, source="naturalearth",
              alts=names[1:])
