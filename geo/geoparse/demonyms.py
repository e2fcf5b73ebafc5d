"""Demonyms of first-level divisions and regions ("Ohioans", "Texan", "South Ossetian").

Placeholder: the helper writing this module replaces it.
"""

from __future__ import annotations


def division_demonym(lookup, surface: str):
    """The division a demonym stands for, or None (not written yet)."""
    return None
