"""Country short forms, demonyms and adjectives from ``data/gazetteer/country_names.tsv``.

The table is hand-written from public facts (see docs/gazetteer.md). It serves two
uses: the build adds the short forms ("DPRK", "ROK", "U.S.") to the country
records, and :meth:`Gazetteer.demonym` maps adjectives ("South Korean",
"Japanese") to countries at run time.
"""

from __future__ import annotations

import re
from pathlib import Path

from geo.gazetteer.data import DATA_DIR
from geo.gazetteer.normalize import normalize

COUNTRY_NAMES_PATH = DATA_DIR / "country_names.tsv"
# "North Korea's", "Americans'" -> strip the possessive before looking up.
_POSSESSIVE = re.compile(r"(?:['’ʼ]s|s['’ʼ])$", re.I)


def strip_possessive(text: str) -> str:
    """``"North Korea's"`` -> ``"North Korea"``; ``"Americans'"`` -> ``"Americans"``."""
    t = text.strip()
    m = _POSSESSIVE.search(t)
    if not m:
        return t
    return t[: m.start()] + ("s" if m.group(0).lower().startswith("s") else "")


def country_name_table(path: Path = COUNTRY_NAMES_PATH) -> dict[str, tuple[list[str], list[str]]]:
    """The table as written: ISO alpha-2 code -> (short forms, demonyms), original spellings."""
    out: dict[str, tuple[list[str], list[str]]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t") + ["", ""]
        short, dem = out.setdefault(cols[0].strip(), ([], []))
        short.extend(s for s in cols[1].split("|") if s)
        dem.extend(s for s in cols[2].split("|") if s)
    return out


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
