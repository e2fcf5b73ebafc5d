"""Offline gazetteer and geocoding: place names -> coordinates with no internet.

    from geo.gazetteer import Gazetteer, Place, normalize
    gz = Gazetteer.default()
    gz.search("Sinpo")[0]        # Place(name="Sinp’o", lat=40.03, lon=128.19, ...)

See docs/gazetteer.md for the data, the ranking and the online extras
(:mod:`geo.gazetteer.geocoder`, :mod:`geo.gazetteer.chain`).
"""

from geo.gazetteer.index import Gazetteer
from geo.gazetteer.normalize import normalize
from geo.gazetteer.place import Place

__all__ = ["Gazetteer", "Place", "normalize"]
