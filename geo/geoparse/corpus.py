"""Readers for the geoparsing corpora: LGL (Lieberman et al. 2010, as distributed by
Gritta et al. 2018) and GeoVirus (Gritta et al. 2018).

Both are XML files of ``<article>`` elements with the text and its annotated
toponyms (character offsets, gold coordinates). The schemas differ:

- LGL: ``<text>``, ``<toponyms><toponym><start/><end/><phrase/><gaztag geonameid>
  <lat/><lon/>...``; some toponyms carry no ``gaztag`` (no gold coordinates).
- GeoVirus: ``<text>``, ``<locations><location><name/><start/><end/><lat/><lon/>``.

Offsets are checked against the text; a toponym whose offsets do not match its
phrase is re-anchored to the nearest occurrence of the phrase (counted in
:attr:`Corpus.repaired`) or dropped (counted in :attr:`Corpus.dropped`).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from geo.errors import InvalidInput

MAX_CORPUS_BYTES = 200_000_000


@dataclass(frozen=True)
class GoldToponym:
    """One annotated toponym: offsets into the document text, and its gold point (degrees)."""

    start: int
    end: int
    text: str
    lat: float | None
    lon: float | None


@dataclass(frozen=True)
class Document:
    """One corpus document: its text and gold toponyms sorted by start."""

    id: str
    text: str
    toponyms: tuple[GoldToponym, ...]


@dataclass
class Corpus:
    """A parsed corpus and how many annotations needed repair on the way in."""

    name: str
    schema: str  # "lgl" | "geovirus"
    documents: list[Document] = field(default_factory=list)
    repaired: int = 0
    dropped: int = 0


def _float(el: ET.Element | None) -> float | None:
    if el is None or el.text is None or not el.text.strip():
        return None
    try:
        return float(el.text)
    except ValueError:
        return None


def _anchor(text: str, start: int, end: int, phrase: str) -> tuple[int, int] | None:
    """Return offsets at which ``phrase`` really sits, near ``start``; None if absent."""
    if text[start:end] == phrase:
        return start, end
    if not phrase:
        return None
    best = None
    i = text.find(phrase)
    while i != -1:
        if best is None or abs(i - start) < abs(best - start):
            best = i
        i = text.find(phrase, i + 1)
    return None if best is None else (best, best + len(phrase))


def _toponyms(text: str, items, corpus: Corpus) -> tuple[GoldToponym, ...]:
    out = []
    for start, end, phrase, lat, lon in items:
        if start is None or end is None:
            corpus.dropped += 1
            continue
        phrase = phrase if phrase is not None else text[start:end]
        at = _anchor(text, start, end, phrase)
        if at is None:
            corpus.dropped += 1
            continue
        if at != (start, end):
            corpus.repaired += 1
        out.append(GoldToponym(at[0], at[1], text[at[0]:at[1]], lat, lon))
    out.sort(key=lambda t: (t.start, t.end))
    return tuple(out)


def _int(el: ET.Element | None) -> int | None:
    try:
        return int(el.text)  # type: ignore[union-attr, arg-type]
    except (AttributeError, TypeError, ValueError):
        return None


def read_corpus(path: str | Path) -> Corpus:
    """Read an LGL- or GeoVirus-schema corpus file.

    Parameters
    ----------
    path : str or Path
        The XML file.

    Raises
    ------
    InvalidInput
        The file is missing, not XML, or in neither schema.
    """
    path = Path(path)
    if not path.is_file():
        raise InvalidInput(f"corpus {str(path)!r} does not exist or is not a file")
    if path.stat().st_size > MAX_CORPUS_BYTES:
        raise InvalidInput(f"corpus {str(path)!r} is larger than {MAX_CORPUS_BYTES // 1_000_000} MB")
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise InvalidInput(f"corpus {str(path)!r} is not valid XML ({exc})") from None
    articles = root.findall("article") if root.tag == "articles" else []
    if not articles:
        raise InvalidInput(f"corpus {str(path)!r} has no <articles><article> elements (LGL or GeoVirus schema)")
    schema = "lgl" if articles[0].find("toponyms") is not None else (
        "geovirus" if articles[0].find("locations") is not None else "")
    if not schema:
        raise InvalidInput(f"corpus {str(path)!r} articles have neither <toponyms> (LGL) nor <locations> (GeoVirus)")
    corpus = Corpus(name=path.name, schema=schema)
    for n, art in enumerate(articles):
        text = art.findtext("text") or ""
        items = []
        if schema == "lgl":
            for t in art.iter("toponym"):
                gaz = t.find("gaztag")
                lat = _float(gaz.find("lat")) if gaz is not None else None
                lon = _float(gaz.find("lon")) if gaz is not None else None
                items.append((_int(t.find("start")), _int(t.find("end")), t.findtext("phrase"), lat, lon))
            doc_id = art.get("docid") or str(n)
        else:
            for t in art.iter("location"):
                items.append((_int(t.find("start")), _int(t.find("end")), t.findtext("name"),
                              _float(t.find("lat")), _float(t.find("lon"))))
            doc_id = str(n)
        corpus.documents.append(Document(doc_id, text, _toponyms(text, items, corpus)))
    return corpus
