"""The Dask side: a client on a LocalCluster or a scheduler's address, and the per-worker warm-up.

Only this module imports Dask. Dask and distributed are pinned in requirements.txt; a
missing install is a :class:`DaskMissing` with the command that fixes it, never a traceback.
"""

from __future__ import annotations

import asyncio
import logging
import os
from contextlib import contextmanager
from typing import Any, Iterator

from geo.errors import GeoError, InvalidInput

INSTALL_HINT = "pip install 'dask[distributed]==2026.8.0' (both are pinned in requirements.txt)"


class DaskMissing(GeoError):
    """Dask or distributed is not installed."""


def _distributed() -> Any:
    try:
        import distributed
    except ImportError as exc:
        raise DaskMissing(f"--engine dask needs Dask and distributed, which are not installed ({exc}); "
                          f"install them with: {INSTALL_HINT}") from None
    return distributed


def warm_up_plugin() -> Any:
    """A :class:`distributed.WorkerPlugin` that loads the extraction data once on each worker
    (present and future: a worker the nanny restarts after a crash loads it again, once)."""
    distributed = _distributed()

    class WarmUp(distributed.WorkerPlugin):
        name = "geo-warm-up"

        async def setup(self, worker: Any) -> None:
            from geo.scale.tasks import warm_up

            # Off the worker's event loop: loading takes about a second and heartbeats must go on.
            await asyncio.get_running_loop().run_in_executor(None, warm_up)

    return WarmUp()


@contextmanager
def dask_client(scheduler: str | None = None, workers: int | None = None) -> Iterator[Any]:
    """A :class:`distributed.Client`, with the warm-up plugin registered.

    Parameters
    ----------
    scheduler : str, optional
        A running scheduler's address (``tcp://host:8786``): the workers are whatever is
        attached to it (dask-kubernetes, dask-jobqueue, a cloud service, ``dask worker``).
        None: a :class:`distributed.LocalCluster` on this machine, closed on exit.
    workers : int, optional
        Worker processes of the LocalCluster (one thread each: extraction is pure Python and
        holds the GIL); default the number of cores. Ignored with ``scheduler``.

    Raises
    ------
    DaskMissing
        Dask is not installed.
    InvalidInput
        The scheduler cannot be reached, or ``workers`` is below 1.
    """
    distributed = _distributed()
    if workers is not None and workers < 1:
        raise InvalidInput(f"--workers {workers} must be at least 1")
    cluster = None
    try:
        if scheduler:
            try:
                client = distributed.Client(scheduler, timeout="20s")
            except (OSError, TimeoutError) as exc:
                raise InvalidInput(f"cannot reach the Dask scheduler at {scheduler!r} ({exc})") from None
        else:
            cluster = distributed.LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1,
                                               processes=True, host="127.0.0.1",
                                               dashboard_address=None, scheduler_kwargs={"dashboard": False},
                                               silence_logs=logging.ERROR)
            client = distributed.Client(cluster)
        try:
            client.register_plugin(warm_up_plugin())
            yield client
        finally:
            client.close()
    finally:
        if cluster is not None:
            cluster.close()
