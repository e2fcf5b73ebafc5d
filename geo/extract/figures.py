"""The headline range and apogee of an event from the claims of its sources.

Sources often disagree (South Korea 30 km, Japan 50 km). The event's figures are the
first firm claims (not made on a condition) of the lead source; when claims disagree by
more than 5 % the event also gets a band [min, max] of all of them.
"""

from __future__ import annotations

from geo.extract.quantities import disagree


def distinct_count(values: list[float], tolerance: float = 0.05) -> int:
    """How many values differ from each other by more than ``tolerance`` (relative)."""
    kept: list[float] = []
    for v in values:
        if all(abs(v - k) > tolerance * max(v, k) for k in kept):
            kept.append(v)
    return len(kept)


def lead_source(claims: list[dict]) -> str | None:
    """The source whose figures headline the event: the one that reports the most.

    Sources often disagree (South Korea 30 km, Japan 50 km). The lead source is the one with
    the most distinct firm figures, counting range and apogee separately: a source that
    tells the missiles of a salvo apart ("400 and 350 km respectively") or gives both range
    and apogee saw the flight in more detail than one that gives a single figure. Ties go to
    the source cited first (reports lead with their main source). Taking range and apogee
    from one source keeps the two consistent. Claims without a named source count as one
    source (``None``).
    """
    firm = [c for c in claims if not c.get("hedged")]
    if not firm:
        return None
    order: dict[str | None, int] = {}
    for i, c in enumerate(firm):
        order.setdefault(c.get("source_actor"), i)

    def detail(src: str | None) -> int:
        mine = [c for c in firm if c.get("source_actor") == src]
        return sum(distinct_count([c["value_km"] for c in mine if c["quantity"] == q]) for q in {c["quantity"] for c in mine})

    return max(order, key=lambda src: (detail(src), -order[src]))



def headline(claims: list[dict], *, launch: bool) -> tuple[dict, dict]:
    """The event's range and apogee from its claims, with the words behind them.

    Parameters
    ----------
    claims : list of dict
        Claims with ``quantity``, ``value_km``, ``hedged``, ``source_actor``, ``start``, ``end``.
    launch : bool
        A launch event, whose plain distances ("traveled 570 km") count as range when no
        claim names a range.

    Returns
    -------
    (fields, evidence)
        ``fields``: ``range_km`` / ``apogee_km`` (km) when claimed, and ``range_band_km`` /
        ``apogee_band_km`` = [min, max] when the claims disagree by more than 5 %;
        ``evidence``: field -> ``[start, end]`` of the claim chosen.
    """
    ranges = [c for c in claims if c["quantity"] == "range"]
    if not ranges and launch:
        ranges = [c for c in claims if c["quantity"] == "distance"]
    apogees = [c for c in claims if c["quantity"] == "apogee"]
    lead = lead_source(ranges + apogees)
    fields: dict = {}
    evidence: dict = {}
    for key, group in (("range", ranges), ("apogee", apogees)):
        if not group:
            continue
        # a conditional estimate ("assuming a ballistic trajectory") yields to a plain statement;
        # of the firm claims, the lead source's first; the band keeps the others
        firm = [c for c in group if not c.get("hedged")] or group
        top = next((c for c in firm if c.get("source_actor") == lead), firm[0])
        fields[f"{key}_km"] = top["value_km"]
        evidence[f"{key}_km"] = [top["start"], top["end"]]
        values = [c["value_km"] for c in group]
        if disagree(values):
            fields[f"{key}_band_km"] = [min(values), max(values)]
    return fields, evidence
