"""``python -m geo evaluate-geoparse CORPUS.xml [--gold-spans]``: score the geoparser on a corpus."""

from __future__ import annotations

import argparse

NAME = "evaluate-geoparse"
HELP = "score the geoparser on an LGL- or GeoVirus-schema corpus (precision, recall, F1, accuracy within 161 km)"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("corpus", metavar="CORPUS.xml", help="corpus in the LGL or GeoVirus schema")
    p.add_argument("--gold-spans", action="store_true", help="resolve the annotated spans (resolution alone)")
    p.add_argument("--split", choices=("all", "even", "odd"), default="all",
                   help="documents by index: even = development half, odd = held-out half (default all)")
    p.add_argument("--no-inference", action="store_true",
                   help="with --gold-spans: leave a span the index cannot place unresolved instead of putting "
                        "it at the nearest place the text names")
    p.add_argument("--demonyms", choices=("auto", "yes", "no"), default="auto",
                   help="count demonyms as toponyms (auto: as the corpus annotates them; LGL yes, GeoVirus no)")


def run(args: argparse.Namespace) -> dict:
    from geo.geoparse.evaluate import evaluate_corpus

    demonyms = {"auto": None, "yes": True, "no": False}[args.demonyms]
    return evaluate_corpus(args.corpus, gold_spans=args.gold_spans, split=args.split, demonyms=demonyms,
                           infer_unknown=not args.no_inference)
