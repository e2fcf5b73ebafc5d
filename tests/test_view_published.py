"""Files the browser fetches once (geo.view.published): named by content, written whole,
old generations pruned, None when the folder cannot be written."""

from __future__ import annotations

import os

import pytest

from geo.view.published import GENERATED, publish


def test_publish_names_by_content_and_writes_once(tmp_path):
    url = publish(b'{"a": 1}', "points", static_dir=tmp_path, url_prefix="/app/static")
    assert url is not None and url.startswith(f"/app/static/{GENERATED}/points-") and url.endswith(".json")
    path = tmp_path / GENERATED / url.rsplit("/", 1)[1]
    assert path.read_bytes() == b'{"a": 1}'
    assert publish(b'{"a": 1}', "points", static_dir=tmp_path, url_prefix="/app/static") == url
    other = publish(b'{"a": 2}', "points", static_dir=tmp_path, url_prefix="/app/static")
    assert other != url
    assert not list((tmp_path / GENERATED).glob(".*.tmp"))  # no half-written files left


def test_publish_keeps_the_newest_of_a_kind(tmp_path):
    urls = []
    for i in range(5):
        urls.append(publish(str(i).encode(), "points", static_dir=tmp_path, keep=3))
        newest = tmp_path / GENERATED / urls[-1].rsplit("/", 1)[1]
        os.utime(newest, (1_000_000 + i, 1_000_000 + i))  # distinct mtimes, in order
    basemap = publish(b"land", "basemap", static_dir=tmp_path, keep=3)
    names = sorted(p.name for p in (tmp_path / GENERATED).iterdir())
    assert len([n for n in names if n.startswith("points-")]) == 3
    assert urls[-1].rsplit("/", 1)[1] in names and urls[0].rsplit("/", 1)[1] not in names
    assert basemap.rsplit("/", 1)[1] in names  # another kind is not pruned


def test_publish_returns_none_when_the_folder_cannot_be_written(tmp_path):
    blocker = tmp_path / "static"
    blocker.write_text("a file where the folder should be")
    assert publish(b"x", "points", static_dir=blocker) is None


def test_publish_rejects_a_kind_that_is_not_a_plain_name(tmp_path):
    with pytest.raises(ValueError):
        publish(b"x", "../points", static_dir=tmp_path)


def test_a_gzipped_file_is_published_beside_its_plain_copy(tmp_path):
    import gzip

    data = b'{"points": [' + b",".join(b"%d" % i for i in range(5000)) + b"]}"
    url = publish(data, "points", static_dir=tmp_path, url_prefix="/app/static", gzipped=True)
    assert url is not None and url.endswith(".json.gz")
    folder = tmp_path / GENERATED
    packed = (folder / url.rsplit("/", 1)[1]).read_bytes()
    assert gzip.decompress(packed) == data and len(packed) < len(data) / 2
    assert (folder / url.rsplit("/", 1)[1][:-3]).read_bytes() == data  # the plain copy
    # the same data gives the same bytes (no timestamp in the gzip header): one file, one URL
    assert publish(data, "points", static_dir=tmp_path, url_prefix="/app/static", gzipped=True) == url
    assert (folder / url.rsplit("/", 1)[1]).read_bytes() == packed


def test_gzipped_copies_are_pruned_like_the_plain_ones(tmp_path):
    for i in range(5):
        url = publish(str(i).encode() * 100, "points", static_dir=tmp_path, keep=2, gzipped=True)
        for name in (url.rsplit("/", 1)[1], url.rsplit("/", 1)[1][:-3]):
            os.utime(tmp_path / GENERATED / name, (1_000_000 + i, 1_000_000 + i))
    names = [p.name for p in (tmp_path / GENERATED).iterdir()]
    assert len([n for n in names if n.endswith(".json.gz")]) == 2
    assert len([n for n in names if n.endswith(".json")]) == 2
