"""The view: EVENT dicts -> a folium map, a table and highlighted report text.

Pure functions the dashboard (``streamlit_app.py``) calls and tests call without
Streamlit:

- :mod:`geo.view.mapview`  ``build_map(events)`` -> ``folium.Map``
- :mod:`geo.view.basemap`  the offline Natural Earth vector basemap
- :mod:`geo.view.assets`   folium's scripts and styles served from ``static/``
- :mod:`geo.view.text`     HTML escaping and sentence highlighting
- :mod:`geo.view.filters`  ViewFilter and apply(): the filters map, table and timeline share
- :mod:`geo.view.state`    the view in the URL (to_query / from_query)
- :mod:`geo.view.table`    events -> pandas frame
- :mod:`geo.view.timeline` events -> weekly Altair timeline
- :mod:`geo.view.inputs`   uploads and seed files -> reports
"""
