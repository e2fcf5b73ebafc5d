"""Where the event store lives: ``$GEO_EVENTS_DB``, else a per-user data directory."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

ENV_VAR = "GEO_EVENTS_DB"
APP_NAME = "reported-events-map"
FILE_NAME = "events.sqlite"


def default_db_path() -> Path:
    """The store's file when none is given.

    Returns
    -------
    Path
        ``$GEO_EVENTS_DB`` when set and not empty, else
        ``platformdirs.user_data_dir("reported-events-map") / "events.sqlite"``
        (``~/.local/share/reported-events-map/events.sqlite`` on Linux).
    """
    env = os.environ.get(ENV_VAR, "").strip()
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME)) / FILE_NAME
