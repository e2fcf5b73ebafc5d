"""Run every ``benchmarks/bench_*.py`` (or those named on the command line) in turn.

Each benchmark is a script that prints its own figures (medians) and the ratio
against the naive way; this runner only finds and starts them.
Usage: ``make bench`` or ``make bench BENCH="geodesy gazetteer"``.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(names: list[str]) -> int:
    scripts = sorted(HERE.glob("bench_*.py"))
    if names:
        # exact names: BENCH=extract must not also start the long extract_scale run
        scripts = [s for s in scripts if s.stem.removeprefix("bench_") in names]
    if not scripts:
        print("no benchmark matched", names, file=sys.stderr)
        return 2
    status = 0
    for script in scripts:
        print(f"\n=== {script.stem} ===", flush=True)
        status |= subprocess.call([sys.executable, str(script)], cwd=HERE.parent)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
