"""Where in the report an event comes from, as spans the app can highlight.

An event's ``start``/``end`` is the sentence with its trigger; other sentences may have
added fields ("The missile, launched from near Pyongyang, traveled approximately 570
kilometers before landing in the sea." adds the launch site, range and impact area to the
launch reported just before). ``event["sentences"]`` lists them all and
``event["evidence"]`` gives the words behind each field; these functions turn both into
``(start, end, label)`` spans, the form ``geo.view.text.highlight`` takes.
"""

from __future__ import annotations

from collections.abc import Iterable


def event_label(event: dict) -> str:
    """A short tooltip for an event: "missile_launch · 2023-12-18" (date omitted when unknown)."""
    parts = [str(event.get("type") or "event")]
    if event.get("date"):
        parts.append(str(event["date"]))
    return " · ".join(parts)


def provenance_spans(event: dict) -> list[tuple[int, int, str]]:
    """Every sentence that contributed a field to ``event``, as highlight spans.

    Parameters
    ----------
    event : dict
        An EVENT dict from :func:`geo.extract.extract_report`.

    Returns
    -------
    list of (start, end, label)
        Character offsets into the report text (end exclusive), in text order, one per
        sentence; the trigger sentence (``start``/``end``) is always included, also for
        events made elsewhere that have no ``sentences`` key.
    """
    label = event_label(event)
    spans = {(int(s), int(e)) for s, e in event.get("sentences") or ()}
    if event.get("start") is not None and event.get("end") is not None:
        spans.add((int(event["start"]), int(event["end"])))
    return [(s, e, label) for s, e in sorted(spans) if s < e]


def evidence_spans(event: dict) -> list[tuple[int, int, str]]:
    """The words behind each field of ``event`` ("range_km", "launch_site", "actors"...).

    Parameters
    ----------
    event : dict
        An EVENT dict from :func:`geo.extract.extract_report`.

    Returns
    -------
    list of (start, end, label)
        Offsets into the report text (end exclusive), sorted; the label is the field name.
    """
    out: list[tuple[int, int, str]] = []
    for name, where in (event.get("evidence") or {}).items():
        pairs: Iterable = where if where and isinstance(where[0], (list, tuple)) else [where]
        for pair in pairs:
            if pair and len(pair) == 2 and pair[0] is not None and pair[1] is not None and pair[0] < pair[1]:
                out.append((int(pair[0]), int(pair[1]), name))
    return sorted(out)


def report_spans(events: Iterable[dict]) -> list[tuple[int, int, str]]:
    """Provenance spans of all ``events`` of one report (for highlighting the whole report)."""
    return [span for ev in events for span in provenance_spans(ev)]
