"""Country short forms, demonyms and adjectives (the shared table of :mod:`geo.names`).

The table is hand-written from public facts (see docs/gazetteer.md). It serves two
uses: the build adds the short forms ("DPRK", "ROK", "U.S.") to the country
records, and :meth:`Gazetteer.demonym` maps adjectives ("South Korean",
"Japanese") to countries at run time.
"""

from __future__ import annotations

from pathlib import Path

from geo.gazetteer.normalize import normalize
from geo.names import COUNTRY_NAMES_PATH, country_name_table, strip_possessive

__all__ = ["COUNTRY_NAMES_PATH", "country_name_table", "read_country_names", "strip_possessive"]


def read_country_names(path: Path = COUNTRY_NAMES_PATH) -> tuple[dict[str, str], dict[str, str]]:
    """Read the table for lookups.

    Returns
    -------
    short_forms, demonyms : dict of str to str
        Normalised short form or demonym -> ISO alpha-2 code.
    """
    short: dict[str, str] = {}
    dem: dict[str, str] = {}
    for cc, (shorts, dems) in country_name_table(path).items():
        for s in shorts:
            short.setdefault(normalize(s), cc)
        for s in dems:
            dem.setdefault(normalize(s), cc)
    return short, dem
