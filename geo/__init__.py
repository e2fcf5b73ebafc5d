"""geo: reports of events -> located events -> maps.

The library behind the dashboard (``streamlit_app.py``) and the command line
(``python -m geo``). Data flows one way: ``reports`` -> ``extract`` -> ``geocode``
-> ``geodesy`` -> ``store`` -> ``view`` -> ``export``. Nothing in this package
imports Streamlit.
"""

from geo.errors import GeoError

__all__ = ["GeoError"]
__version__ = "0.1.0"
