"""Pausing Python's cyclic garbage collector while a large frame is built.

Building the dashboard's frame makes about a million small tuples, lists and sets that
hold no reference cycles. Each few hundred allocations wake the collector, and every
so often it walks every live object (the whole frame so far, and in a server everything
else that is alive): at 100,000 events that was about a sixth of the frame's build time
for nothing found. Reference counting still frees memory as usual meanwhile.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator


@contextmanager
def gc_paused() -> Iterator[None]:
    """Disable the cyclic collector inside the block; re-enable it after only if it was on
    (so nested or concurrent uses never turn it on while an outer one wants it off)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
