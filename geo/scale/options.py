"""The ``--engine dask`` options that ``ingest`` and ``import`` share, and their run."""

from __future__ import annotations

import argparse
import sys
from typing import Sequence

from geo.errors import InvalidInput


def add_engine_arguments(p: argparse.ArgumentParser) -> None:
    """Declare ``--engine``, ``--dataset``, ``--scheduler``, ``--workers``, ``--no-attach``."""
    g = p.add_argument_group("bulk work on Dask (docs/scale.md)")
    g.add_argument("--engine", choices=("local", "dask"), default="local",
                   help="local: this process, into the store (default); dask: Dask workers, into a partitioned "
                        "GeoParquet dataset (--dataset) that the store then queries in place")
    g.add_argument("--dataset", metavar="DIR",
                   help="with --engine dask: the dataset folder (Hive-partitioned by year and month); a rerun "
                        "skips the finished tasks and redoes the rest")
    g.add_argument("--scheduler", metavar="ADDRESS",
                   help="with --engine dask: a running Dask scheduler (tcp://host:8786); default a LocalCluster")
    g.add_argument("--workers", type=int, metavar="N",
                   help="with --engine dask and no --scheduler: worker processes (default: the number of cores)")
    g.add_argument("--no-attach", action="store_true",
                   help="with --engine dask: do not attach the dataset to the store (--db) when done")


def check_engine_arguments(args: argparse.Namespace) -> bool:
    """Whether the run is a Dask run; :class:`InvalidInput` for options that do not fit the engine."""
    if args.engine == "dask":
        if not args.dataset:
            raise InvalidInput("--engine dask needs --dataset DIR: the folder its GeoParquet partitions go to")
        return True
    for name in ("dataset", "scheduler", "workers"):
        if getattr(args, name) is not None:
            raise InvalidInput(f"--{name} is for --engine dask")
    return False


def run_on_dask(args: argparse.Namespace, tasks: Sequence) -> dict:
    """Run ``tasks`` on Dask into ``args.dataset``; attach it to the store unless ``--no-attach``.

    Returns the run's summary (:func:`geo.scale.run.run_tasks`) with ``attached_to``: the
    store's file, or None.
    """
    from geo.scale.engine import dask_client
    from geo.scale.run import run_tasks

    with dask_client(args.scheduler, args.workers) as client:
        summary = run_tasks(client, args.dataset, tasks)
    summary["attached_to"] = None
    if not args.no_attach:
        from geo.store import open_store

        with open_store(args.db) as store:
            store.attach(summary["dataset"])
            summary["attached_to"] = str(store.path)
    failed = summary["tasks_failed"]
    print(f"dask: {summary['tasks_run']} task(s) run, {summary['tasks_skipped']} finished before, "
          f"{len(failed)} failed; {summary['rows']} event(s) written to {summary['dataset']} on "
          f"{summary['workers']} worker(s) in {summary['seconds']:.1f} s", file=sys.stderr)
    if failed:
        print(f"first failure: {failed[0]['error']} (run the same command again to redo the failed tasks)",
              file=sys.stderr)
    return summary
