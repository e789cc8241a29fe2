"""The explorer's index and parts: every paper once, in list order, with the filter values of its
entry, and links that lead to its card and to the exports; the explorer page preloads what exists."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from paperlist.catalog import Catalog, load_catalog
from paperlist.search import explorer_data

REPO = Path(__file__).resolve().parents[1]
INDEX_URL = "https://example.org/" + explorer_data.INDEX  # any base: URLs in the data are relative


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(REPO)


def read(site: Path, path: str) -> dict:
    return json.loads((site / path).read_text(encoding="utf-8"))


def site_path(url: str) -> str:
    """A URL under INDEX_URL's site as a path in the built site ("a/b/#key" -> "a/b/index.html")."""
    path = urlsplit(url).path.removeprefix("/")
    return path + "index.html" if path.endswith("/") or not path else path


def rows(site: Path, index: dict) -> list[dict]:
    papers = []
    for part in index["parts"]:
        part_data = read(site, site_path(urljoin(INDEX_URL, part)))
        papers += [dict(zip(index["fields"], values, strict=True)) for values in part_data["papers"]]
    return papers


def test_every_paper_once_in_list_order_with_its_filter_values(built_site, catalog):
    index = read(built_site, explorer_data.INDEX)
    papers = catalog.papers
    assert index["format"] == explorer_data.FORMAT and index["count"] == len(papers)
    assert len(index["parts"]) == -(-len(papers) // index["part_size"]) > 1  # the real list spans parts
    shown = rows(built_site, index)
    assert [row["key"] for row in shown] == [paper.key for paper in papers]
    filters = index["filters"]
    assert all(len(values) == len(papers) for values in filters.values())
    for i, (paper, row) in enumerate(zip(papers, shown, strict=True)):
        assert [index["sections"][n]["slug"] for n in filters["sections"][i]] == list(paper.sections)
        assert [index["tags"][n]["slug"] for n in filters["tags"][i]] == list(paper.tags)
        assert filters["year"][i] == paper.year
        assert (index["venues"][filters["venue"][i]] if filters["venue"][i] is not None else "") == paper.venue
        assert filters["code"][i] == (1 if paper.code else 0)
        assert filters["cited"][i] is None and row["cited_by_date"] is None  # no counts are committed
        assert (row["title"], row["author_text"], row["venue_text"]) == (
            paper.title,
            paper.author_text,
            paper.venue_text,
        )
        assert [link["url"] for link in row["code"]] == [link.url for link in paper.code]


def test_rows_link_to_the_cards_and_the_downloads_to_the_exports(built_site, catalog):
    index = read(built_site, explorer_data.INDEX)
    for row in rows(built_site, index):
        page = urljoin(INDEX_URL, row["page"])
        key = urlsplit(page).fragment
        assert key == row["key"]
        assert f'id="{key}"' in (built_site / site_path(page)).read_text(encoding="utf-8"), page
    assert set(index["exports"]) == {"bibtex", "ris", "csl"}
    for path in index["exports"].values():
        assert (built_site / site_path(urljoin(INDEX_URL, path))).is_file(), path


def test_the_explorer_page_preloads_its_index_and_first_part(built_site):
    page = (built_site / "explorer" / "index.html").read_text(encoding="utf-8")
    source = re.search(r'<a data-explorer-source href="([^"]+)">', page)
    assert source and urljoin("https://example.org/explorer/", source.group(1)) == INDEX_URL
    preloads = re.findall(r'<link rel="preload" href="([^"]+)" as="fetch" crossorigin="anonymous">', page)
    first_part = urljoin(INDEX_URL, read(built_site, explorer_data.INDEX)["parts"][0])
    assert [urljoin("https://example.org/explorer/", href) for href in preloads] == [INDEX_URL, first_part]
