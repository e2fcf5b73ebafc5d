"""Escaping and highlighting of untrusted report text (geo.view.text)."""

from __future__ import annotations

import html
import re

from hypothesis import given
from hypothesis import strategies as st

from geo.view.text import escape_html, highlight, merge_spans


def test_escape_html_neutralises_markup_and_template_literals():
    out = escape_html('<img src=x onerror="alert(1)"> `${document.cookie}` C:\\u0000 & \'q\'')
    assert "<" not in out and ">" not in out and '"' not in out and "'" not in out
    # Inside folium's JS template literals these would run code or break the script.
    assert "`" not in out and "${" not in out and "\\" not in out
    assert html.unescape(out) == '<img src=x onerror="alert(1)"> `${document.cookie}` C:\\u0000 & \'q\''


def test_escape_html_of_none_is_empty():
    assert escape_html(None) == ""


def test_highlight_wraps_spans_by_original_offsets():
    text = "A < B. North Korea fired a missile. Talks followed."
    start = text.index("North")
    end = text.index(".", start) + 1
    out = highlight(text, [(start, end, "missile_launch")])
    assert '<mark class="event-sentence" title="missile_launch">North Korea fired a missile.</mark>' in out
    assert out.startswith("A &lt; B. ")


def test_merge_spans_merges_overlaps_clips_and_drops_bad():
    spans = [(5, 10, "a"), (8, 15, "b"), (20, 18, "empty"), (-3, 2, "c"), (90, 120, "d"), (None, 4, "x")]
    assert merge_spans(spans, 100) == [(0, 2, "c"), (5, 15, "a; b"), (90, 100, "d")]


_spans = st.lists(st.tuples(st.integers(-5, 60), st.integers(-5, 60), st.sampled_from(["x", "y<z"])), max_size=6)


@given(text=st.text(max_size=60), spans=_spans)
def test_highlight_keeps_the_text(text, spans):
    out = highlight(text, spans)
    # Removing our marks and unescaping gives back exactly the original text.
    assert html.unescape(re.sub(r"</?mark[^>]*>", "", out)) == text
    assert "<script" not in out.lower()
