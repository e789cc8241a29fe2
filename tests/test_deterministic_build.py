"""Deterministic builds: the same sources give a byte-identical site, whatever the day and the checkout's path."""

from __future__ import annotations

import datetime as dt
import gzip
import os
import struct
from pathlib import Path

import pytest

from conftest import REPO, build_site, copy_project
from paperlist.catalog import load_catalog

# Outputs the comparison must cover, so that an empty or partial build cannot pass it.
EXPECTED = ("index.html", "papers.json", "papers.bib", "feed.xml", "pagefind/pagefind-entry.json", "sitemap.xml")
EXPECTED += ("sitemap.xml.gz", "surveys/surveys.bib", "surveys/index.html", "tags/index.html", "explorer/index.html")


def files_of(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


@pytest.fixture(scope="module")
def second_build(built_site, tmp_path_factory) -> Path:
    """The site built again, from a copy of the sources at another path: no absolute path may leak into it."""
    base = tmp_path_factory.mktemp("second-build")
    project = copy_project(base / "elsewhere" / "checkout")
    site = base / "site"
    result = build_site(project, site)
    assert result.returncode == 0, result.stderr[-3000:]
    return site


def test_two_builds_are_byte_identical(built_site, second_build):
    first, second = files_of(built_site), files_of(second_build)
    assert set(EXPECTED) <= set(first)
    assert sorted(first) == sorted(second), "the same files"
    differing = [path for path in first if first[path] != second[path]]
    assert differing == [], f"files that differ between two builds of the same sources: {differing}"


def test_the_day_of_the_build_is_in_no_file(built_site):
    """MkDocs dates pages by the build day (sitemap <lastmod>, the gzip header of sitemap.xml.gz); the hook
    dates them by the newest paper, so builds on two days are identical too."""
    catalog = load_catalog(REPO)
    newest = catalog.newest_date()
    data_days = {paper.added.isoformat() for paper in catalog.papers}
    today = {dt.date.today(), dt.datetime.now(dt.UTC).date()}
    build_days = {day.isoformat() for day in today} - data_days
    files = files_of(built_site)
    files["sitemap.xml (unzipped)"] = gzip.decompress(files["sitemap.xml.gz"])
    for day in build_days:
        assert [path for path, data in files.items() if day.encode() in data] == []
    if "SOURCE_DATE_EPOCH" not in os.environ:  # the standard override, which the hook leaves alone
        assert f"<lastmod>{newest.isoformat()}</lastmod>".encode() in files["sitemap.xml"]
        (mtime,) = struct.unpack("<I", files["sitemap.xml.gz"][4:8])  # gzip header: MTIME at bytes 4-7
        assert mtime == int(dt.datetime.combine(newest, dt.time(), dt.UTC).timestamp())
