"""Build ``data/demo/``: the demo table a new user sees beside the seed report.

Source
------
``../shared/data/cns-missile-tests/north_korea_missile_test_database.csv`` (or the CSV
given as the first argument): the CNS North Korea Missile Test Database, James Martin
Center for Nonproliferation Studies / NTI; free use with attribution (stated in
``data/demo/README.md`` and the project README).

The file is copied byte for byte (it is Windows-1252 text; :mod:`geo.importers.cns`
decodes it), after checking that the importer reads every row of it: a damaged or
different export stops the build instead of shipping a demo that shows nothing.

Run: ``.venv/bin/python scripts/build_demo.py [CSV]`` (``make data`` runs it).
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo.importers.cns import read_cns  # noqa: E402 - after the path is set

DEFAULT_SRC = ROOT.parent / "shared" / "data" / "cns-missile-tests" / "north_korea_missile_test_database.csv"
OUT = ROOT / "geo" / "data" / "demo" / "cns_missile_tests.csv"


def main(argv: list[str]) -> int:
    src = Path(argv[1]) if len(argv) > 1 else DEFAULT_SRC
    if not src.is_file():
        print(f"error: {src} not found; give the CNS CSV as the first argument", file=sys.stderr)
        return 2
    result = read_cns(src)
    if result.bad_rows or not result.events:
        print(f"error: {src}: {len(result.events)} events, {len(result.bad_rows)} bad rows "
              f"(first: {result.bad_rows[:1]}); not copying", file=sys.stderr)
        return 1
    data = src.read_bytes()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    tmp = OUT.with_suffix(".tmp")
    tmp.write_bytes(data)
    tmp.replace(OUT)
    print(f"{OUT.relative_to(ROOT)}: {len(result.events)} launches, {len(data)} bytes, "
          f"sha256 {hashlib.sha256(data).hexdigest()[:16]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
