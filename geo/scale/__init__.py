"""Beyond one machine: bulk ingest and import on Dask into a partitioned GeoParquet dataset.

Modules: :mod:`~geo.scale.dataset` (the Hive-partitioned layout, task markers, what a reader
sees), :mod:`~geo.scale.tasks` (what a worker runs), :mod:`~geo.scale.run` (cutting the
inputs into tasks and running the unfinished ones), :mod:`~geo.scale.engine` (the Dask
client and the per-worker warm-up; the only module that imports Dask). The store queries
such a dataset in place: :mod:`geo.store.attached`. See docs/scale.md.
"""
