"""Settings a host chooses, read from the environment (never from a file in the repository).

On Streamlit Community Cloud, root-level entries of the app's secrets are also set as
environment variables, so ``GEO_ALLOW_SAVE = "1"`` in the secrets turns saving on there.
"""

from __future__ import annotations

import os

SAVE_VAR = "GEO_ALLOW_SAVE"
USER_VAR = "GEO_USER"


def saving_enabled() -> bool:
    """True when what visitors upload or paste is saved in the shared store.

    Off by default: a hosted dashboard is read-only for visitors, and what a visitor adds
    lives in their session only.
    """
    return os.environ.get(SAVE_VAR, "").strip().lower() in ("1", "true", "yes", "on")


def user_name() -> str:
    """Who makes corrections: ``$GEO_USER``, else the login name, else "anonymous"."""
    return os.environ.get(USER_VAR) or os.environ.get("USER") or "anonymous"
