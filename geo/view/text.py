"""HTML for untrusted report text: escaping and highlighted event sentences.

Report text reaches HTML in three places: the report panel, map tooltips and map
popups. folium puts tooltips and popups inside JavaScript template literals
(backticks), where ``${...}`` would run and a stray backslash can break the
whole map script, so :func:`escape_html` neutralises those too.
"""

from __future__ import annotations

import html
from typing import Iterable

_EXTRA = str.maketrans({"`": "&#96;", "$": "&#36;", "\\": "&#92;"})


def escape_html(text: object) -> str:
    """Escape text for HTML, attributes and JavaScript template literals.

    Parameters
    ----------
    text : object
        Anything; ``None`` gives ``""``, other values are ``str()``-ed.

    Returns
    -------
    str
        ``& < > " '`` as entities, plus backtick, dollar and backslash.
    """
    if text is None:
        return ""
    return html.escape(str(text), quote=True).translate(_EXTRA)


def merge_spans(spans: Iterable[tuple[int, int, str]], length: int) -> list[tuple[int, int, str]]:
    """Clip spans to ``[0, length]``, drop empty ones and merge overlaps.

    Parameters
    ----------
    spans : iterable of (start, end, label)
        Character offsets (end exclusive) and a label for the tooltip.
    length : int
        Length of the text, characters.

    Returns
    -------
    list of (start, end, label)
        Sorted, non-overlapping; labels of merged spans joined with "; ".
    """
    clean = []
    for start, end, label in spans:
        try:
            s, e = max(0, int(start)), min(length, int(end))
        except (TypeError, ValueError):
            continue  # an event without offsets is simply not highlighted
        if s < e:
            clean.append((s, e, str(label)))
    clean.sort()
    merged: list[tuple[int, int, str]] = []
    for s, e, label in clean:
        if merged and s < merged[-1][1]:
            ps, pe, pl = merged[-1]
            labels = pl if label in pl.split("; ") else f"{pl}; {label}"
            merged[-1] = (ps, max(pe, e), labels)
        else:
            merged.append((s, e, label))
    return merged


def highlight(text: str, spans: Iterable[tuple[int, int, str]], css_class: str = "event-sentence") -> str:
    """Return the text as HTML with the given spans wrapped in ``<mark>``.

    The text is escaped piece by piece *after* cutting at the offsets, so
    offsets keep referring to the original characters.

    Parameters
    ----------
    text : str
        The untrusted report text.
    spans : iterable of (start, end, label)
        Character offsets into ``text``; the label becomes the mark's tooltip.
    css_class : str
        Class of the ``<mark>`` elements.

    Returns
    -------
    str
        HTML; line breaks kept by the caller's ``white-space: pre-wrap``.
    """
    out = []
    pos = 0
    for start, end, label in merge_spans(spans, len(text)):
        out.append(escape_html(text[pos:start]))
        out.append(
            f'<mark class="{escape_html(css_class)}" title="{escape_html(label)}">'
            f"{escape_html(text[start:end])}</mark>"
        )
        pos = end
    out.append(escape_html(text[pos:]))
    return "".join(out)
