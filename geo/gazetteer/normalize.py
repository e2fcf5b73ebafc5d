"""Name normalisation: the one function that decides when two spellings are the same name.

GeoNames writes North Korean names with U+2019 and breves ("Sinp’o", "Wŏnsan"),
news writes "Sinpo" and "Wonsan"; abbreviations come with and without dots
("U.S.", "D.C.", "St."). Everything the index stores and everything a caller
asks goes through :func:`normalize`, so both sides fold the same way.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Letters that NFKD does not decompose into a base letter plus a mark.
_SPECIAL = str.maketrans({
    "ø": "o", "Ø": "o", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ß": "ss",
    "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "ð": "d", "Ð": "d", "þ": "th", "Þ": "th",
    "ı": "i", "ħ": "h", "ŀ": "l",
})
# Apostrophes and dots vanish ("Sinp’o" -> "sinpo", "U.S." -> "us"); every other
# non-alphanumeric character separates words ("Musudan-ri" -> "musudan ri").
_DROP = "'’‘ʼʻʾʿ`´′.\u02bc\u2032"
_ASCII_TABLE = str.maketrans(
    {**{c: None for c in _DROP},
     **{chr(i): " " for i in range(128) if not chr(i).isalnum() and chr(i) not in _DROP}}
)
_NON_WORD = re.compile(r"[^0-9a-z]+")
_DROP_TABLE = str.maketrans({c: None for c in _DROP})
_NON_ALNUM = re.compile(r"[\W_]+")


class _CombiningMarks(dict):
    """``str.translate`` table that deletes combining marks, filled as characters are met
    (a table of every code point would take a second to build at import)."""

    def __missing__(self, code: int) -> int | None:
        value = None if unicodedata.combining(chr(code)) else code
        self[code] = value
        return value


_NO_MARKS = _CombiningMarks()


class _LatinFold(dict):
    """``str.translate`` table: each character's full fold (marks, case, apostrophes and
    dots dropped, other punctuation to a space), computed by the general path on first sight."""

    def __missing__(self, code: int) -> str:
        value = self[code] = _fold_chars(chr(code))
        return value


def _fold_chars(c: str) -> str:
    """The general path for one character, before spaces are collapsed."""
    s = unicodedata.normalize("NFKD", c.translate(_SPECIAL))
    s = unicodedata.normalize("NFC", s.translate(_NO_MARKS)).casefold()
    return _NON_ALNUM.sub(" ", s.translate(_DROP_TABLE))


_LATIN_FOLD = _LatinFold()
# Latin (Basic to Extended-B, IPA, spacing modifiers) and general punctuation.
_BEYOND_LATIN = re.compile(r"[^\u0000-\u02ff\u2000-\u206f]")


@lru_cache(maxsize=65536)
def normalize(s: str) -> str:
    """Fold a place name for matching.

    Case, diacritics, apostrophes (’ ʼ '), dots, other punctuation and runs of
    whitespace are folded: ``"Sinp’o"`` -> ``"sinpo"``, ``"Wŏnsan"`` -> ``"wonsan"``,
    ``"Washington, D.C."`` -> ``"washington dc"``, ``"Musudan-ri"`` -> ``"musudan ri"``.
    Letters outside the Latin script are kept (lower-cased), so non-Latin names
    still normalise to something, though the bundled index stores Latin names only.

    Parameters
    ----------
    s : str
        Any text.

    Returns
    -------
    str
        Lower-case words separated by single spaces; ``""`` when nothing is left.
    """
    if s.isascii():
        return " ".join(s.lower().translate(_ASCII_TABLE).split())
    if not _BEYOND_LATIN.search(s):
        # Latin letters with marks and common punctuation fold one character at a time
        # (nothing here composes with its neighbour), from a table filled as they are met.
        return " ".join(s.translate(_LATIN_FOLD).split())
    return _fold_any(s)


def _fold_any(s: str) -> str:
    s = unicodedata.normalize("NFKD", s.translate(_SPECIAL))
    # Recompose what is left (Hangul syllables split into jamo by NFKD).
    s = unicodedata.normalize("NFC", s.translate(_NO_MARKS)).casefold()
    if s.isascii():
        return " ".join(s.translate(_ASCII_TABLE).split())
    # The same as the ASCII table for any script: drop apostrophes and dots, every
    # character that is not a letter or digit (str.isalnum, as re's \w less "_") separates.
    return " ".join(_NON_ALNUM.sub(" ", s.translate(_DROP_TABLE)).split())


def is_latin_key(key: str) -> bool:
    """True when a normalised key holds only ASCII letters, digits and spaces."""
    return bool(key) and key.isascii() and _NON_WORD.sub("", key.replace(" ", "")) == key.replace(" ", "")


# Korean romanisations differ in systematic ways: McCune-Reischauer "Kangwon",
# "Pyongan", "Pusan", "Chongjin" against Revised "Gangwon", "Pyeongan", "Busan",
# "Cheongjin"; hyphens come and go ("Tongchang-ri", "Tongchangri"). A loose key
# folds those differences; it is only consulted when the exact key finds nothing.
_LOOSE_RULES = (
    ("eo", "o"), ("eu", "u"), ("ch", "j"), ("k", "g"), ("p", "b"), ("t", "d"),
    ("r", "l"), ("sh", "s"), ("ae", "e"),
)


def loose_key(key: str) -> str:
    """A looser fold of a normalised key for Korean-style romanisation variants.

    Parameters
    ----------
    key : str
        Output of :func:`normalize`.

    Returns
    -------
    str
        The key without spaces, with vowel digraphs and voiced/unvoiced
        consonant pairs merged (``"gangwon do"`` and ``"kangwon do"`` give the same).
    """
    k = key.replace(" ", "")
    for a, b in _LOOSE_RULES:
        k = k.replace(a, b)
    return k


# The same word written two ways: abbreviated and spelled out ("St." / "Saint").
_SPELLED_OUT = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort", "pt": "point"}
_ABBREVIATED = {"saint": "st", "mount": "mt", "fort": "ft"}
# Abbreviations that are only tried when nothing else matched ("N. Korea", "Coco Is.").
_COMPASS = {"n": "north", "s": "south", "e": "east", "w": "west", "is": "island"}
# Words that name the kind of a place rather than the place ("Hwanghae Province").
_GENERIC_SUFFIXES = (
    "province", "prefecture", "state", "oblast", "region", "governorate", "county",
    "district", "municipality", "city", "town", "village", "island", "islands",
    "do", "si", "gun", "ri", "ni", "up", "eup", "dong", "kraj", "krai",
)


def abbreviation_variants(key: str) -> list[str]:
    """The same name with "St"/"Mt"/"Ft"/"Pt" spelled out, or spelled out words abbreviated.

    These are the same name written two ways, so :meth:`Gazetteer.search` looks
    them up together with the exact key ("Mt. Vernon" finds every Mount Vernon).
    """
    words = key.split()
    out = []
    expanded = [_SPELLED_OUT.get(w, w) for w in words]
    if expanded != words:
        out.append(" ".join(expanded))
    contracted = [_ABBREVIATED.get(w, w) for w in words]
    if contracted != words:
        out.append(" ".join(contracted))
    return out


def query_variants(key: str) -> list[str]:
    """Alternative keys to try, in order, when a normalised query matches nothing.

    Covers a leading "the", abbreviations ("st" <-> "saint", "mt" <-> "mount",
    "n" -> "north"), a trailing possessive ("north koreas" from "North Korea's" is
    handled by the caller), a generic suffix ("hwanghae province" -> "hwanghae")
    and "city of x".

    Parameters
    ----------
    key : str
        A normalised query.

    Returns
    -------
    list of str
        Distinct keys, not including ``key`` itself.
    """
    out: list[str] = []
    words = key.split()
    if not words:
        return out
    if words[0] == "the" and len(words) > 1:
        words = words[1:]
        out.append(" ".join(words))
    if len(words) > 2 and words[0] == "city" and words[1] == "of":
        out.append(" ".join(words[2:]))
    expanded = [_SPELLED_OUT.get(w) or _COMPASS.get(w, w) for w in words]
    if expanded != words:
        out.append(" ".join(expanded))
    contracted = [_ABBREVIATED.get(w, w) for w in words]
    if contracted != words:
        out.append(" ".join(contracted))
    if len(words) > 1 and words[-1] in _GENERIC_SUFFIXES:
        out.append(" ".join(words[:-1]))
    seen = {key}
    uniq = []
    for k in out:
        if k and k not in seen:
            seen.add(k)
            uniq.append(k)
    return uniq
