"""Geoparsing: find the places a text mentions and locate them, offline.

    from geo.geoparse import geoparse, Toponym
    geoparse("Talks in Washington followed the launch near Pyongyang.")

Recognition (:mod:`geo.geoparse.recognize`) is gazetteer-driven with context
rules for people and organisations; resolution (:mod:`geo.geoparse.resolve`)
chooses among same-named places jointly for the whole text. Evaluation on the
LGL and GeoVirus corpora: :mod:`geo.geoparse.evaluate`, ``python -m geo evaluate-geoparse``.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Sequence

from geo.errors import InvalidInput
from geo.geoparse.lookup import Lookup
from geo.geoparse.recognize import (GazetteerRecognizer, Mention, Recognizer, SpacyRecognizer, ellipsis_name,
                                    state_name)
from geo.geoparse.cues import link_qualifiers
from geo.geoparse.resolve import Toponym, place_unknown_near_known
from geo.geoparse.resolve import resolve as resolve_mentions  # the module keeps the name ``resolve``

__all__ = ["geoparse", "geoparse_spans", "resolve_mentions", "Toponym", "Mention", "Recognizer", "GazetteerRecognizer",
           "SpacyRecognizer", "default_recognizer"]

_DEFAULT: GazetteerRecognizer | None = None


def default_recognizer() -> GazetteerRecognizer:
    """The process-wide gazetteer recogniser (built on first use, about a second)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = GazetteerRecognizer()
    return _DEFAULT


def geoparse(text: str, context_countries: Sequence[str] = (), recognizer: Recognizer | None = None,
             demonyms: bool = True) -> list[Toponym]:
    """Find and locate the places in ``text``.

    Parameters
    ----------
    text : str
        Any text; offsets in the result index into it.
    context_countries : sequence of str
        ISO 3166 alpha-2 codes the text is known to be about (a preference, not a filter).
    recognizer : Recognizer, optional
        Another recogniser (e.g. :class:`SpacyRecognizer`); the gazetteer one by default.
    demonyms : bool
        Keep demonyms and adjectives ("Japanese" -> Japan) in the result.

    Returns
    -------
    list of Toponym
        Sorted by start; ``text[t.start:t.end] == t.text``.
    """
    if not isinstance(text, str):
        raise TypeError(f"geoparse needs a str, got {type(text).__name__}")
    rec = recognizer or default_recognizer()
    mentions = rec.recognize(text)
    if not demonyms:
        mentions = _drop_demonyms(mentions)
    return sorted(resolve_mentions(text, mentions, context_countries=context_countries), key=lambda t: (t.start, t.end))


def _drop_demonyms(mentions: list[Mention]) -> list[Mention]:
    keep = [k for k, m in enumerate(mentions) if m.kind != "demonym"]
    where = {old: new for new, old in enumerate(keep)}
    return [replace(mentions[k], qualifier=where.get(mentions[k].qualifier)) for k in keep]


def geoparse_spans(text: str, spans: Sequence[tuple[int, int]], context_countries: Sequence[str] = (),
                   infer_unknown: bool = True) -> list[Toponym]:
    """Resolve given spans (e.g. gold annotations) without recognition.

    Parameters
    ----------
    text : str
        The document.
    spans : sequence of (start, end)
        Character offsets of place mentions, sorted by start.
    context_countries : sequence of str
        ISO codes of countries the text is about: a preference, not a filter.
    infer_unknown : bool
        A span the index cannot place (a street, a hamlet) is put at the nearest place the
        text names, with ``feature="near"`` and a middling score; False leaves it unresolved.
    """
    lk = Lookup.default()
    mentions = []
    spans = sorted(spans)
    for s, e in spans:
        if not (isinstance(s, int) and isinstance(e, int) and 0 <= s < e <= len(text)):
            raise InvalidInput(f"span ({s!r}, {e!r}) is not inside the text of {len(text)} characters")
        surface = text[s:e]
        key = lk.key(surface)
        kind = "demonym" if key not in lk.names and lk.demonym(surface) is not None else "place"
        # "North" in "North and South Korea" is North Korea, though "North" alone is also a name.
        query = ellipsis_name(lk, text, s, e) or (state_name(surface) if key not in lk.names else None)
        mentions.append(Mention(s, e, surface, kind, None, query))
    tops = resolve_mentions(text, link_qualifiers(text, mentions), lk, context_countries)
    return place_unknown_near_known(tops) if infer_unknown else tops
