"""Loading the bundled gazetteer file (``data/gazetteer/gazetteer.npz``).

The file is built by ``scripts/build_gazetteer.py``; it holds columns (no pickles),
so loading is one decompression per column, a few ``split`` calls and one
``dict(zip(...))`` for the name index.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from geo.errors import DataError
from geo.resources import data_path

DATA_DIR = data_path("gazetteer")
DEFAULT_PATH = DATA_DIR / "gazetteer.npz"


@dataclass
class GazetteerData:
    """Columns of the records and the name index, as loaded."""

    features: tuple[str, ...]
    sources: tuple[str, ...]
    geonameid: np.ndarray      # int32, -1 for records not from GeoNames
    other_id: tuple[str, ...]        # ids of the records with geonameid -1, in record order
    name: tuple[str, ...]
    alts: tuple[str, ...]            # "|"-joined other names; "" for GeoNames places
    cc: tuple[str, ...]
    admin1: np.ndarray         # int16 index into admin1_codes/admin1_names, -1 for none
    admin1_codes: tuple[str, ...]
    admin1_names: tuple[str, ...]
    lat: np.ndarray            # float64 degrees
    lon: np.ndarray
    population: np.ndarray     # int32
    feature: np.ndarray        # int8 index into features
    source: np.ndarray         # int8 index into sources
    keys: tuple[str, ...]            # sorted normalised names
    post_start: np.ndarray     # int64; postings of keys[i] are post_ids[post_start[i]:post_start[i+1]]
    post_ids: np.ndarray       # int32 record numbers
    post_kind: np.ndarray      # uint8 per posting: 0 own/curated name, 1 GeoNames alternate, 2 code,
    #                            3 a village's name, 4 a county's name without its generic word
    post_score: np.ndarray | None  # per posting: score x 10,000 of the plain query's ranking (postings in that order)
    rank_signature: str | None    # the ranking constants post_score was computed with
    loose_keys: tuple[str, ...]
    loose_start: np.ndarray
    loose_ids: np.ndarray
    country_iso3: dict[str, str]
    alias_keys: frozenset[str] = frozenset()  # normalised curated abbreviations ("nsw", "w va")
    chief_town: np.ndarray | None = None  # int32 per record: for a division named after its biggest town, that town

    def __len__(self) -> int:
        return len(self.name)


def _text(z, name: str) -> tuple[str, ...]:
    # Tuples, not lists: a tuple of strings drops out of the garbage collector's sight after
    # its first pass, and these columns hold a million strings it would otherwise re-scan.
    return tuple(z[name].tobytes().decode("utf-8").split("\n"))


def _starts(counts: np.ndarray) -> np.ndarray:
    out = np.zeros(len(counts) + 1, dtype=np.int64)
    np.cumsum(counts, out=out[1:])
    return out


def load(path: Path | str = DEFAULT_PATH) -> GazetteerData:
    """Load a gazetteer file.

    Parameters
    ----------
    path : path-like
        The ``.npz`` written by ``scripts/build_gazetteer.py``.

    Raises
    ------
    DataError
        When the file is missing or damaged.
    """
    path = Path(path)
    try:
        z = np.load(path, allow_pickle=False)
    except FileNotFoundError:
        raise DataError(f"gazetteer file {str(path)!r} is missing; run scripts/build_gazetteer.py") from None
    except (OSError, ValueError, zipfile.BadZipFile) as exc:
        raise DataError(f"gazetteer file {str(path)!r} cannot be read ({exc}); rebuild it") from None
    try:
        with z:
            iso3 = dict(line.split(" ") for line in _text(z, "country_iso3"))
            return GazetteerData(
                features=_text(z, "features"),
                sources=_text(z, "sources"),
                geonameid=z["geonameid"],
                other_id=_text(z, "other_id"),
                name=_text(z, "name"),
                alts=_text(z, "alts"),
                cc=_text(z, "cc"),
                admin1=z["admin1"],
                admin1_codes=_text(z, "admin1_codes"),
                admin1_names=_text(z, "admin1_names"),
                lat=z["lat_e5"].astype(np.float64) / 1e5,
                lon=z["lon_e5"].astype(np.float64) / 1e5,
                population=z["population"],
                feature=z["feature"],
                source=z["source"],
                keys=_text(z, "keys"),
                post_start=_starts(z["post_count"]),
                post_ids=z["post_ids"],
                post_kind=z["post_kind"],
                post_score=z["post_score"] if "post_score" in z.files else None,
                rank_signature=_text(z, "rank_signature")[0] if "rank_signature" in z.files else None,
                loose_keys=_text(z, "loose_keys"),
                loose_start=_starts(z["loose_count"]),
                loose_ids=z["loose_ids"],
                country_iso3=iso3,
                chief_town=z["chief_town"] if "chief_town" in z.files else None,
                alias_keys=frozenset(k for k in _text(z, "alias_keys") if k) if "alias_keys" in z.files else frozenset(),
            )
    except (KeyError, ValueError) as exc:
        raise DataError(f"gazetteer file {str(path)!r} is incomplete ({exc}); rebuild it") from None
