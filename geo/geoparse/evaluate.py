"""Metrics for geoparsing against an annotated corpus.

Recognition: precision, recall and F1 on *overlapping* spans (a predicted span
counts as correct when it overlaps a gold span not yet matched; one-to-one).

Resolution (Gritta et al. 2018, "Which Melbourne? Augmenting geocoding with maps",
ACL): the great-circle error in km for each gold toponym with coordinates that
was recognised (or, with gold spans, every one); accuracy within 161 km (100
miles); the AUC of the error curve, i.e. the area under the sorted
``log(1 + error_km)`` values normalised by ``log(20039)`` (half the Earth's
circumference), so 0 is perfect and 1 is the worst; mean and median error. A
gold toponym the system leaves unresolved counts as the maximum error, 20039 km.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Iterable, Sequence

from geo.coords import haversine_km

MAX_ERROR_KM = 20039.0  # half the equatorial circumference, as in Gritta et al. 2018
ACC_KM = 161.0  # 100 miles


distance_km = haversine_km  # the corpora's error is measured on the sphere, as in Gritta et al.


def match_spans(pred: Sequence[tuple[int, int]], gold: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Pair predicted and gold spans that overlap, one-to-one, in text order.

    Returns
    -------
    list of (pred_index, gold_index)
    """
    pairs = []
    used = set()
    for i, (ps, pe) in enumerate(pred):
        best = None
        for j, (gs, ge) in enumerate(gold):
            if j in used or ge <= ps or gs >= pe:
                continue
            overlap = min(pe, ge) - max(ps, gs)
            if best is None or overlap > best[0]:
                best = (overlap, j)
        if best is not None:
            used.add(best[1])
            pairs.append((i, best[1]))
    return pairs


def auc_of_errors(errors_km: Sequence[float]) -> float:
    """Area under the curve of sorted ``log(1 + error_km) / log(20039)`` over [0, 1] (lower is better)."""
    if not errors_km:
        return float("nan")
    ys = sorted(math.log1p(min(e, MAX_ERROR_KM)) / math.log(MAX_ERROR_KM) for e in errors_km)
    if len(ys) == 1:
        return ys[0]
    # Trapezoid rule over evenly spaced x in [0, 1].
    return sum((a + b) / 2 for a, b in zip(ys, ys[1:])) / (len(ys) - 1)


@dataclass
class Scores:
    """Accumulates counts over documents; :meth:`summary` gives the figures."""

    predicted: int = 0
    gold: int = 0
    matched: int = 0
    errors_km: list | None = None
    by_feature: dict | None = None  # predicted feature ("unresolved" when none) -> errors in km

    def __post_init__(self) -> None:
        if self.errors_km is None:
            self.errors_km = []
        if self.by_feature is None:
            self.by_feature = {}

    def add(self, pred: Sequence[tuple], gold: Sequence[tuple[int, int, float | None, float | None]]) -> None:
        """Score one document: ``(start, end, lat, lon)`` tuples; lat/lon None when unknown.

        A predicted tuple may carry a fifth item, the feature of the place chosen ("country",
        "city"...): the errors are then also counted per feature (:attr:`by_feature`).
        """
        self.predicted += len(pred)
        self.gold += len(gold)
        pairs = match_spans([(p[0], p[1]) for p in pred], [(g[0], g[1]) for g in gold])
        self.matched += len(pairs)
        for i, j in pairs:
            g, p = gold[j], pred[i]
            if g[2] is None or g[3] is None:
                continue
            if p[2] is None or p[3] is None:
                err = MAX_ERROR_KM
            else:
                err = distance_km(g[2], g[3], p[2], p[3])
            self.errors_km.append(err)
            if len(p) > 4:
                self.by_feature.setdefault(p[4] if p[2] is not None else "unresolved", []).append(err)

    def summary(self) -> dict:
        """Precision, recall, F1, accuracy within 161 km, AUC, mean and median error (km)."""
        p = self.matched / self.predicted if self.predicted else 0.0
        r = self.matched / self.gold if self.gold else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        errs = sorted(self.errors_km)
        n = len(errs)
        median = (errs[n // 2] if n % 2 else (errs[n // 2 - 1] + errs[n // 2]) / 2) if n else float("nan")
        return {
            "toponyms": self.gold,
            "predicted": self.predicted,
            "resolved": n,
            "precision": round(p, 4),
            "recall": round(r, 4),
            "f1": round(f1, 4),
            "acc_161km": round(sum(e <= ACC_KM for e in errs) / n, 4) if n else None,
            "auc": round(auc_of_errors(errs), 4) if n else None,
            "mean_km": round(sum(errs) / n, 1) if n else None,
            "median_km": round(median, 1) if n else None,
            "by_feature": {f: {"n": len(e), "acc_161km": round(sum(x <= ACC_KM for x in e) / len(e), 4)}
                           for f, e in sorted(self.by_feature.items(), key=lambda kv: -len(kv[1]))},
        }


def score(pairs: Iterable[tuple[Sequence, Sequence]]) -> dict:
    """Score ``(pred, gold)`` document pairs; see :meth:`Scores.add`."""
    s = Scores()
    for pred, gold in pairs:
        s.add(pred, gold)
    return s.summary()


def evaluate_corpus(path, gold_spans: bool = False, split: str = "all", demonyms: bool | None = None,
                    infer_unknown: bool = True) -> dict:
    """Geoparse every document of an LGL- or GeoVirus-schema corpus and score it.

    Parameters
    ----------
    path : str or Path
        The corpus XML.
    gold_spans : bool
        Resolve the gold spans instead of recognising (measures resolution alone).
    split : {"all", "even", "odd"}
        Documents to use, by index: the even half is the development half.
    demonyms : bool, optional
        Count demonyms ("American") as toponyms. By default as the corpus'
        guidelines do: LGL annotates adjectival place references, GeoVirus does not.
    infer_unknown : bool
        With gold spans, put a span the index cannot place at the nearest place the text
        names (:func:`geo.geoparse.geoparse_spans`); False counts it as unresolved.

    Returns
    -------
    dict
        ``docs, toponyms, precision, recall, f1, acc_161km, auc, mean_km, median_km,
        docs_per_s`` and details (``predicted``, ``resolved``, ``offsets_repaired``...).
    """
    import time

    from geo.errors import InvalidInput
    from geo.geoparse import default_recognizer, geoparse, geoparse_spans
    from geo.geoparse.corpus import read_corpus

    if split not in ("all", "even", "odd"):
        raise InvalidInput(f"split {split!r} is not one of all, even, odd")
    corpus = read_corpus(path)
    docs = corpus.documents
    if split != "all":
        docs = docs[0 if split == "even" else 1::2]
    if demonyms is None:
        demonyms = corpus.schema == "lgl"
    default_recognizer()  # load the index before the clock starts: we time geoparsing, not loading
    geoparse("Warm-up in Paris.")
    s = Scores()
    elapsed = 0.0
    for d in docs:
        t0 = time.perf_counter()
        if gold_spans:
            tops = geoparse_spans(d.text, [(g.start, g.end) for g in d.toponyms], infer_unknown=infer_unknown)
        else:
            tops = geoparse(d.text, demonyms=demonyms)
        elapsed += time.perf_counter() - t0
        s.add([(t.start, t.end, t.lat, t.lon, t.feature) for t in tops],
              [(g.start, g.end, g.lat, g.lon) for g in d.toponyms])
    out = {"docs": len(docs), **s.summary()}
    out["docs_per_s"] = round(len(docs) / elapsed, 1) if elapsed > 0 else None
    out.update({"corpus": corpus.name, "schema": corpus.schema, "split": split, "gold_spans": gold_spans,
                "demonyms": demonyms, "infer_unknown": infer_unknown if gold_spans else None, "offsets_repaired": corpus.repaired, "annotations_dropped": corpus.dropped})
    return out
