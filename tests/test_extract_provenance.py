"""Highlight spans for events: every sentence that added a field, and the words behind each field."""

from __future__ import annotations

import pytest

from geo.extract import evidence_spans, extract_report, provenance_spans, report_spans
from geo.reports import read_report


@pytest.fixture(scope="module")
def seed_report(seed_path):
    r = read_report(seed_path)
    return r[0] if isinstance(r, list) else r


def test_seed_launch_highlights_the_sentence_with_site_range_and_impact(seed_report):
    text = seed_report.text
    launch = next(e for e in extract_report(seed_report) if e["type"] == "missile_launch")
    sentences = [text[s:e] for s, e, _ in provenance_spans(launch)]
    assert any("fired a short-range ballistic missile" in s for s in sentences)
    follow = "The missile, launched from near Pyongyang, traveled approximately 570 kilometers before landing in the sea."
    assert follow in sentences
    # the fields that sentence gave are highlighted inside it
    ev = {label: text[s:e] for s, e, label in evidence_spans(launch)}
    assert "570" in ev["range_km"]
    assert ev["launch_site"] == "Pyongyang"
    start = text.index(follow)
    (s, e), = [(s, e) for s, e, label in evidence_spans(launch) if label == "range_km"]
    assert start <= s < e <= start + len(follow)


def test_every_evidence_span_lies_in_a_provenance_sentence(seed_report):
    for ev in extract_report(seed_report):
        sentences = [(s, e) for s, e, _ in provenance_spans(ev)]
        for s, e, label in evidence_spans(ev):
            assert any(a <= s and e <= b for a, b in sentences), (ev["type"], label, s, e)


def test_spans_from_minimal_and_foreign_events():
    # events from elsewhere (no "sentences", no "evidence") still give their own sentence
    assert provenance_spans({"type": "meeting", "date": None, "start": 5, "end": 20}) == [(5, 20, "meeting")]
    assert evidence_spans({"evidence": {"type": [3, 8], "actors": [[0, 2], [10, 12]], "date": None}}) == [
        (0, 2, "actors"), (3, 8, "type"), (10, 12, "actors")]
    both = report_spans([{"type": "attack", "date": "2024-01-02", "start": 0, "end": 4, "sentences": [[0, 4], [9, 12]]}])
    assert both == [(0, 4, "attack · 2024-01-02"), (9, 12, "attack · 2024-01-02")]
