"""Geoparsing: speed on news and accuracy against fair peers.

Corpora: LGL and GeoVirus (``../shared/data/geoparse/``) when they are beside the checkout.
A corpus that is missing is said so and its part is skipped; the rest runs (the index
load and the long-text figure need no corpus). Nothing is timed on a text repeated: a
repeated text times one document's cache, not geoparsing.

- Speed on LGL: documents per second on one core, the first pass (every name looked up for
  the first time) apart from later passes (median of RUNS); recognition alone.
- Long text: one 260 KB text (a sentence repeated 5,000 times), time to geoparse it whole
  (median of 3): the guard against quadratic work that used to be a timed test.
- Calibration: the share of answers within 161 km by score band (gold spans, all documents).
- Accuracy within 161 km on gold spans, against two peers: the population baseline (each
  span read alone as the gazetteer's first answer: kind and population, no context; what
  Gritta et al. 2018 call the population heuristic, there 70% on LGL) and the published
  figures of other systems (cited below; they ran elsewhere, on their own gazetteers).

Usage: ``make bench BENCH=geoparse`` or ``python benchmarks/bench_geoparse.py``.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo.gazetteer import Gazetteer  # noqa: E402
from geo.geoparse import default_recognizer, geoparse, geoparse_spans  # noqa: E402
from geo.geoparse.evaluate import distance_km  # noqa: E402

RUNS = 5
CORPORA = ROOT.parent / "shared" / "data" / "geoparse"
# Accuracy within 161 km reported by the systems' authors or by Gritta et al. 2018 ("What's
# missing in geographical parsing?", Lang Resources & Evaluation 52) and the Mordecai 3 paper
# (Halterman 2023): LGL figures; none of them reports GeoVirus here.
PUBLISHED_LGL = [("CLAVIN", 0.71), ("Edinburgh Geoparser", 0.76), ("CamCoder", 0.76),
                 ("Mordecai 3, gold place names", 0.827)]


def _corpus(name: str):
    path = CORPORA / name
    if not path.is_file():
        print(f"{path} is missing: this part is skipped (see ../shared/data/README.md)")
        return None
    from geo.geoparse.corpus import read_corpus

    return read_corpus(path)


def speed(corpus) -> None:
    docs = [d.text for d in corpus.documents]
    chars = sum(len(d) for d in docs)
    print(f"corpus: LGL, {len(docs)} documents, {chars / len(docs):.0f} characters each on average")
    t = time.perf_counter()
    for d in docs:
        geoparse(d)
    print(f"geoparse, first pass (every name looked up for the first time): "
          f"{len(docs) / (time.perf_counter() - t):.0f} documents/s")
    rates = []
    for _ in range(RUNS):
        t = time.perf_counter()
        for d in docs:
            geoparse(d)
        rates.append(len(docs) / (time.perf_counter() - t))
    print(f"geoparse (recognise + resolve), later passes, median of {RUNS}: {statistics.median(rates):.0f} "
          f"documents/s (min {min(rates):.0f}, max {max(rates):.0f})")
    rec = default_recognizer()
    rates = []
    for _ in range(RUNS):
        t = time.perf_counter()
        for d in docs:
            rec.recognize(d)
        rates.append(len(docs) / (time.perf_counter() - t))
    print(f"recognition alone, median of {RUNS}: {statistics.median(rates):.0f} documents/s")


def long_text() -> None:
    text = "Flooding in Paris, Texas, and in Lyon closed roads. " * 5000
    times = []
    for _ in range(3):
        t = time.perf_counter()
        n = len(geoparse(text))
        times.append(time.perf_counter() - t)
    print(f"long text: {len(text) / 1000:.0f} KB, {n} toponyms, median of 3: {statistics.median(times):.2f} s "
          f"({len(text) / statistics.median(times) / 1000:.0f} KB/s)")


def accuracy(corpus, label: str) -> None:
    """Accuracy within 161 km on gold spans with coordinates: ours against the population baseline."""
    gz = Gazetteer.default()
    ours = base = n = 0
    t_ours = t_base = 0.0
    bins = {"< 0.5": [0, 0], "0.5-0.8": [0, 0], "0.8-0.95": [0, 0], ">= 0.95": [0, 0]}
    for doc in corpus.documents:
        gold = [g for g in doc.toponyms if g.lat is not None]
        if not gold:
            continue
        t = time.perf_counter()
        tops = geoparse_spans(doc.text, [(g.start, g.end) for g in gold])
        t_ours += time.perf_counter() - t
        t = time.perf_counter()
        firsts = [gz.search(g.text, limit=1) if g.text.strip() else [] for g in gold]
        t_base += time.perf_counter() - t
        for g, top, first in zip(gold, tops, firsts):
            n += 1
            right = top.lat is not None and distance_km(top.lat, top.lon, g.lat, g.lon) <= 161
            ours += right
            base += bool(first) and distance_km(first[0].lat, first[0].lon, g.lat, g.lon) <= 161
            if top.lat is not None:
                b = bins["< 0.5" if top.score < 0.5 else "0.5-0.8" if top.score < 0.8
                         else "0.8-0.95" if top.score < 0.95 else ">= 0.95"]
                b[0] += 1
                b[1] += right
    print(f"{label}: {n} gold toponyms with coordinates, accuracy within 161 km (all documents): "
          f"this package {ours / n:.1%}, population baseline {base / n:.1%} "
          f"(ratio {ours / max(base, 1):.2f}); time {t_ours:.1f} s against {t_base:.1f} s")
    print(f"{label} calibration of the score (answers with a point: right within 161 km): " + ", ".join(
        f"{k} {a} answers {r / a:.0%}" for k, (a, r) in bins.items() if a))


def main() -> None:
    t0 = time.perf_counter()
    default_recognizer()
    print(f"index load (gazetteer + geoparse lexicons, once per process): {time.perf_counter() - t0:.2f} s")
    lgl = _corpus("lgl.xml")
    if lgl is not None:
        speed(lgl)
    long_text()
    if lgl is not None:
        accuracy(lgl, "LGL")
        print("published, LGL, within 161 km: " + ", ".join(f"{n} {a:.1%}" for n, a in PUBLISHED_LGL))
    geovirus = _corpus("GeoVirus.xml")
    if geovirus is not None:
        accuracy(geovirus, "GeoVirus")


if __name__ == "__main__":
    main()
