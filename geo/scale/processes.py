"""A Dask scheduler and workers as processes of their own on this machine (loopback only).

What ``--scheduler ADDRESS`` meets on a real cluster, made here with Dask's own command
line (``dask scheduler``, ``dask worker``), so the tests and the benchmark can run the
same code against a scheduler that is not in the client's process.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from geo.errors import GeoError

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def scheduler_processes(workers: int = 2, timeout_s: float = 120.0) -> Iterator[str]:
    """Start ``dask scheduler`` and ``workers`` ``dask worker`` processes (one thread each) on
    127.0.0.1; yield the scheduler's address once every worker has joined; stop them all.

    Raises
    ------
    GeoError
        When the workers have not joined within ``timeout_s`` seconds.
    """
    from distributed import Client

    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "env": env, "cwd": str(ROOT)}
    procs = [subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1",
                               "--port", str(port), "--no-dashboard"], **quiet)]
    try:
        procs += [subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_worker", address, "--host",
                                    "127.0.0.1", "--nthreads", "1", "--no-dashboard"], **quiet)
                  for _ in range(workers)]
        deadline = time.monotonic() + timeout_s
        while True:
            try:
                with Client(address, timeout="5s") as client:
                    client.wait_for_workers(workers, timeout=max(1.0, deadline - time.monotonic()))
                break
            except (OSError, TimeoutError) as exc:
                if time.monotonic() > deadline:
                    raise GeoError(f"the Dask scheduler at {address} did not get {workers} workers in "
                                   f"{timeout_s:.0f} s ({exc})") from None
                time.sleep(0.5)
        yield address
    finally:
        for p in reversed(procs):
            p.terminate()
        for p in procs:
            try:
                p.wait(10)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
