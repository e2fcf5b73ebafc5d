"""The geoparser's word tables in ``geo/data/geoparse/``: given names, titles, organisation
and generic place words (``lexicon.tsv``, hand-written) and English word frequencies
(``common_words.tsv``, from wordfreq). A module of its own so that the recogniser, the
lookup and the demonym table read them without importing each other.
"""

from __future__ import annotations

from functools import lru_cache

from geo.errors import DataError
from geo.resources import data_path

DATA = data_path("geoparse")


def read_table(name: str) -> list[list[str]]:
    """The rows of ``geo/data/geoparse/<name>`` split on tabs, without comment and blank lines.

    Raises
    ------
    DataError
        The file is missing (rebuild it with ``make data``).
    """
    path = DATA / name
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise DataError(f"{path} is missing; run make data") from None
    return [line.split("\t") for line in lines if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=1)
def lexicon() -> dict[str, frozenset[str]]:
    """The word lists in ``data/geoparse/lexicon.tsv`` by kind (first, title, org, connector)."""
    kinds: dict[str, set[str]] = {}
    for kind, word in read_table("lexicon.tsv"):
        kinds.setdefault(kind, set()).add(word.rstrip("."))
    return {k: frozenset(v) for k, v in kinds.items()}


@lru_cache(maxsize=1)
def common_words() -> dict[str, float]:
    """Lower-case English word -> Zipf frequency (``data/geoparse/common_words.tsv``)."""
    return {w: float(z) for w, z in read_table("common_words.tsv")}
