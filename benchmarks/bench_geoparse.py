"""Geoparsing speed: documents per second on one core, against the naive way.

Corpus: LGL (../shared/data/geoparse/lgl.xml, 588 local news articles) when it is
beside the checkout, else the seed report repeated. Figures are medians of
several runs, timing geoparsing only (the index is loaded once before, and its
load time is printed on its own). The first pass is printed apart: it fills the
per-name candidate cache that later passes (and a long-running app) reuse.

The naive way: look every gazetteer name up in the text (``name in text`` over
the ~390,000 normalised names) - what a recogniser without a token n-gram index
does. It is timed on a handful of documents and reported per document.

Usage: ``python benchmarks/bench_geoparse.py`` (about a minute).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo.gazetteer import normalize  # noqa: E402
from geo.geoparse import default_recognizer, geoparse  # noqa: E402
from geo.geoparse.lookup import Lookup  # noqa: E402

RUNS = 5


def documents() -> tuple[str, list[str]]:
    lgl = ROOT.parent / "shared" / "data" / "geoparse" / "lgl.xml"
    if lgl.is_file():
        from geo.geoparse.corpus import read_corpus

        return "LGL (588 articles)", [d.text for d in read_corpus(lgl).documents]
    from geo.reports import read_report

    text = read_report(ROOT / "seeds" / "2023-12-18_north-korea-srbm-launch.txt").text
    return "seed report x 100", [text] * 100


def main() -> None:
    t0 = time.perf_counter()
    default_recognizer()
    load_s = time.perf_counter() - t0
    name, docs = documents()
    chars = sum(len(d) for d in docs)
    print(f"corpus: {name}, {len(docs)} documents, {chars / len(docs):.0f} characters each on average")
    print(f"index load (gazetteer + geoparse lexicons, once per process): {load_s:.2f} s")

    t = time.perf_counter()
    for d in docs:
        geoparse(d)
    cold = len(docs) / (time.perf_counter() - t)
    print(f"geoparse, first pass (every name looked up for the first time): {cold:.0f} documents/s")
    rates = []
    for _ in range(RUNS):
        t = time.perf_counter()
        for d in docs:
            geoparse(d)
        rates.append(len(docs) / (time.perf_counter() - t))
    ours = statistics.median(rates)
    print(f"geoparse (recognise + resolve), later passes, median of {RUNS}: {ours:.0f} documents/s "
          f"(min {min(rates):.0f}, max {max(rates):.0f})")

    rec = default_recognizer()
    rates = []
    for _ in range(RUNS):
        t = time.perf_counter()
        for d in docs:
            rec.recognize(d)
        rates.append(len(docs) / (time.perf_counter() - t))
    print(f"recognition alone, median of {RUNS}: {statistics.median(rates):.0f} documents/s")

    names = list(Lookup.default().names)
    sample = docs[:5]
    times = []
    for d in sample:
        t = time.perf_counter()
        norm = " " + normalize(d) + " "
        _found = [n for n in names if " " + n + " " in norm]
        times.append(time.perf_counter() - t)
    naive = 1 / statistics.median(times)
    print(f"naive (every gazetteer name searched in the text), median of {len(sample)} documents: "
          f"{naive:.2f} documents/s")
    print(f"ratio: geoparse is {ours / naive:.0f}x faster than the naive recogniser alone")


if __name__ == "__main__":
    main()
