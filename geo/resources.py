"""Where the data bundled with the package lives.

Every table the library reads at run time (the gazetteer, Natural Earth, the actor dictionary,
the geoparser's lookup, the landing prior, the demo table) ships inside the package under
``geo/data/`` and is found through :mod:`importlib.resources`, so a checkout and an installed
wheel read the same files. ``scripts/`` (``make data``) writes them.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def data_path(*parts: str) -> Path:
    """Path of a bundled data file or folder.

    Parameters
    ----------
    *parts : str
        Path components below ``geo/data``, e.g. ``("gazetteer", "gazetteer.npz")``.

    Returns
    -------
    pathlib.Path
        The file's path; it exists when the package was installed from a wheel or a checkout.
    """
    return Path(str(files("geo").joinpath("data", *parts)))
