"""Split report text into sentences, keeping character offsets.

News text is full of full stops that do not end sentences ("U.S.", "U.N.",
"Gen.", "No. 2", "1,000.5 km", "7:10 a.m."), so the splitter only breaks after
``.``/``!``/``?`` (and a closing quote or bracket) when white space follows and
the next visible character starts a sentence, and never after a known
abbreviation or a single capital letter. Blank lines always end a sentence, and
so does a first line without a full stop (a headline).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Abbreviations after which a full stop rarely ends a sentence (lower-cased, no dot).
_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof gen lt col maj capt sgt adm cmdr rep sen gov pres st no nos vol approx est
    jan feb mar apr jun jul aug sep sept oct nov dec mt ft vs etc al fig e.g i.e cf inc corp ltd co
    dept univ"""
    .split()
)
# A candidate break: sentence punctuation, optional closing quotes/brackets, then white space.
_BREAK = re.compile(r"[.!?]+[\"'\u201d\u2019)\]]*(?=\s)")
_PARAGRAPH = re.compile(r"\n[ \t]*\n")
_HEADLINE = re.compile(r"\A[ \t]*([^\n]{1,200}?[^.!?:;,\s\n])[ \t]*\n(?=[ \t]*\S)")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)$")
_WORD_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz.")
_VISIBLE = re.compile(r"\S")


@dataclass(frozen=True)
class Sentence:
    """One sentence: ``text == report_text[start:end]``."""

    text: str
    start: int
    end: int


def _is_abbreviation(chunk: str) -> bool:
    """True when the text before a full stop ends in an abbreviation."""
    m = _WORD_BEFORE.search(chunk)
    return bool(m) and _is_abbreviation_word(m.group(1))


def _word_before(text: str, start: int, stop: int) -> str | None:
    """``_WORD_BEFORE.search(text[start:stop])``'s word, reading back from ``stop`` only.

    The regex searched the whole chunk since the last break, so a paragraph whose full stops
    are not breaks ("e.g. ... etc. ...", text in lower case) cost its length at every stop.
    """
    if stop > start and text[stop - 1] == "\n":
        stop -= 1  # ``$`` also matches before a final newline
    i = stop
    while i > start and text[i - 1] in _WORD_CHARS:
        i -= 1
    while i < stop and text[i] == ".":  # the word starts with its first letter
        i += 1
    return text[i:stop] if i < stop else None


def _is_abbreviation_word(word: str) -> bool:
    if "." in word:  # "U.S", "U.N", "e.g": dotted initials
        return True
    if len(word) == 1 and word.isupper():  # an initial: "John F. Kennedy"
        return True
    return word.lower() in _ABBREVIATIONS


def _split_paragraph(text: str, offset: int) -> list[Sentence]:
    out: list[Sentence] = []
    start = 0
    for m in _BREAK.finditer(text):
        end = m.end()
        if text[m.start()] == "." and _is_abbreviation_word(_word_before(text, start, m.start()) or ""):
            continue  # "U.S. Forces", "Gen. Kim": a missed break is cheaper than a false one
        visible = _VISIBLE.search(text, end)  # not text[end:].lstrip(): that copies the rest of the paragraph
        nxt = visible.group() if visible else ""
        if nxt and not (nxt.isupper() or nxt.isdigit() or nxt in "\"'\u201c\u2018("):
            continue
        _add(out, text, start, end, offset)
        start = end
    _add(out, text, start, len(text), offset)
    return out


def _add(out: list[Sentence], text: str, start: int, end: int, offset: int) -> None:
    chunk = text[start:end]
    stripped_left = len(chunk) - len(chunk.lstrip())
    s, e = start + stripped_left, start + len(chunk.rstrip())
    if e > s:
        out.append(Sentence(text[s:e], s + offset, e + offset))


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences with offsets into ``text``.

    Parameters
    ----------
    text : str
        The report body.

    Returns
    -------
    list of Sentence
        In order; ``text[s.start:s.end] == s.text`` for each.
    """
    out: list[Sentence] = []
    pos = 0
    headline = _HEADLINE.match(text)
    if headline:  # a first line without a full stop is a title: its own sentence
        _add(out, text, 0, headline.end(1), 0)
        pos = headline.end()
    for m in _PARAGRAPH.finditer(text, pos):
        out.extend(_split_paragraph(text[pos:m.start()], pos))
        pos = m.end()
    out.extend(_split_paragraph(text[pos:], pos))
    return out
