"""Long sections on several pages: every card on exactly one page, every link to a paper finds it.

The real list's sections are short, so these tests make pages of 3 papers (`paging.PAGE_SIZE`, read when a
build starts) and build the real site in this process, where the hook uses the same `paperlist` modules.
"""

from __future__ import annotations

import json
import math
import re

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from conftest import REPO, copy_project
from htmltree import broken_links, nav_paths, parse_html
from pagefind_fragments import by_link
from paperlist import paging
from paperlist.catalog import load_catalog
from paperlist.render import Renderer

PAGE = 3


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(REPO)


@pytest.fixture(scope="module")
def paged_site(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("paged") / "project")
    site = project.parent / "site"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(paging, "PAGE_SIZE", PAGE)
        patch.setenv("NO_MKDOCS_2_WARNING", "1")
        patch.chdir(project)
        config = load_config(str(project / "mkdocs.yml"), site_dir=str(site), strict=True)
        build(config)
    return site


def test_each_card_is_on_exactly_one_page_of_its_section_in_order(catalog, monkeypatch):
    monkeypatch.setattr(paging, "PAGE_SIZE", PAGE)
    renderer = Renderer(catalog, REPO / "overrides" / "paperlist")
    long_leaves = [leaf for leaf in catalog.leaves() if len(catalog.papers_in(leaf.slug)) > PAGE]
    assert long_leaves, "the real list has sections longer than a test page"
    for leaf in long_leaves:
        papers = catalog.papers_in(leaf.slug)
        pages = renderer.section_pages(leaf)
        assert len(pages) == math.ceil(len(papers) / PAGE)
        assert [page.path for page in pages] == [leaf.url_path + "index.md"] + [
            f"{leaf.url_path}{n}/index.md" for n in range(2, len(pages) + 1)
        ]
        assert [page.in_nav for page in pages] == [True] + [False] * (len(pages) - 1)
        shown = [[card.attrs["data-key"] for card in parse_html(p.html).find_all("article", "pl-card")] for p in pages]
        assert [key for keys in shown for key in keys] == [paper.key for paper in papers]
        assert all(len(keys) <= PAGE for keys in shown)
        for number, keys in enumerate(shown, start=1):
            for key in keys:
                assert (
                    renderer.paging.paper_url(leaf.slug, key)
                    == renderer.paging.page_path(leaf.slug, number) + "#" + key
                )


def test_every_link_of_the_paged_site_resolves(paged_site):
    """Pager, "Listed in", recent papers, breadcrumbs, downloads: the site's link checker over every page."""
    assert broken_links(paged_site) == []


def test_pages_link_to_each_other_and_only_the_first_is_in_the_sidebar(paged_site, catalog):
    leaf = max(catalog.leaves(), key=lambda node: len(catalog.papers_in(node.slug)))
    count = math.ceil(len(catalog.papers_in(leaf.slug)) / PAGE)
    second = parse_html((paged_site / leaf.url_path / "2" / "index.html").read_text(encoding="utf-8"))
    pager = second.find("nav", "pl-pager")
    assert pager is not None and pager.find("span", "pl-pager__page").text() == "2"
    links = [a.attrs["href"] for a in pager.find_all("a")]
    assert links[0].endswith("/" + leaf.url_path) and "Previous" in pager.find_all("a")[0].text()
    assert {link.removeprefix("../" * (leaf.url_path.count("/") + 1)) for link in links} == {leaf.url_path} | {
        f"{leaf.url_path}{n}/" for n in range(3, count + 1)
    }
    assert f"of {count})" in second.find("title").text()
    sidebar = nav_paths(paged_site, leaf.url_path)
    assert leaf.url_path in sidebar and f"{leaf.url_path}2/" not in sidebar


def test_search_and_papers_json_point_to_the_page_of_each_card(paged_site, catalog):
    locations = set(by_link(paged_site))
    records = json.loads((paged_site / "papers.json").read_text(encoding="utf-8"))["papers"]
    on_later_pages = 0
    for record in records:
        assert record["page"] in locations, record["key"]  # one search entry per paper, at its card
        path, key = record["page"].split("#")
        assert f'id="{key}"' in (paged_site / path / "index.html").read_text(encoding="utf-8")
        on_later_pages += bool(re.search(r"/\d+/$", path))
    assert on_later_pages > 0
