"""The command line: ``python -m geo VERB ...``.

Each verb lives in its own module under :mod:`geo.commands` and is found
automatically; a module there defines

- ``NAME`` (the verb) and ``HELP`` (one line),
- ``add_arguments(parser)`` to declare its options,
- ``run(args)`` returning a JSON-serialisable result.

This module owns the contract every verb shares: JSON on stdout (or ``-o FILE``,
written atomically so a failure never leaves half a file), errors on stderr as
one line naming the bad value, exit status 2 for bad input, 1 for other
library errors, and never a traceback for either.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from types import ModuleType
from typing import Sequence

from geo import commands
from geo.commands._args import add_position_arguments, write_output
from geo.errors import GeoError, InvalidInput

# Re-exported for verbs written before the helpers moved to geo.commands._args (a verb imports
# them from there: geo.cli imports every verb).
__all__ = ["add_position_arguments", "build_parser", "main", "write_output"]


def _command_modules() -> list[ModuleType]:
    mods = []
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        mod = importlib.import_module(f"{commands.__name__}.{info.name}")
        if hasattr(mod, "NAME") and hasattr(mod, "run"):
            mods.append(mod)
    return mods


def build_parser() -> argparse.ArgumentParser:
    """Return the parser with one sub-command per module in :mod:`geo.commands`."""
    parser = argparse.ArgumentParser(prog="python -m geo", description="Reported events on a map.")
    sub = parser.add_subparsers(dest="verb", metavar="VERB", required=True)
    for mod in _command_modules():
        p = sub.add_parser(mod.NAME, help=mod.HELP, description=mod.HELP)
        mod.add_arguments(p)
        if not any(a.dest == "output" for a in p._actions):
            p.add_argument("-o", "--output", metavar="FILE", help="write the result to FILE instead of stdout")
        p.set_defaults(_run=mod.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)  # argparse itself exits 2 with a usage line on bad syntax
    try:
        result = args._run(args)
        write_output(result, getattr(args, "output", None))
    except InvalidInput as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except GeoError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"error: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    return 0
