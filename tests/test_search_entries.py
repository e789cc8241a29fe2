"""What Material's search indexes of a generated page: read without the blocks it excludes, the same entries."""

from __future__ import annotations

from pathlib import Path

import pytest
from material.plugins.search.plugin import Parser

from conftest import REPO
from paperlist.render import searchable_html
from paperlist.site import SiteBuild, build_site


@pytest.fixture(scope="module")
def site() -> SiteBuild:
    return build_site(Path(REPO), "https://example.org/", "Papers")


def _entries(html: str) -> list[tuple[str | None, str, str]]:
    parser = Parser()  # the search plugin's own parser: sections at headings with ids, exclusions applied
    parser.feed(html)
    parser.close()
    entries = [
        (section.id, "".join(section.title).strip(), "".join(section.text).strip())
        for section in parser.data
        if not section.is_excluded()
    ]
    # an entry with neither title nor text (before the first heading, or at a heading inside an excluded
    # block, e.g. "Recently added") is one the plugin writes without anything to find
    return [entry for entry in entries if entry[1] or entry[2]]


def test_search_reads_the_same_entries_without_the_excluded_blocks(site):
    for page in site.pages:
        assert _entries(searchable_html(page.html)) == _entries(page.html), page.path


def test_the_excluded_blocks_are_gone_and_nothing_else(site):
    leaf = next(page for page in site.pages if "pl-card__actions" in page.html)
    lite = searchable_html(leaf.html)
    assert "pl-card__actions" not in lite and "Z3988" not in lite and "<pre>" not in lite
    assert lite.count('<article class="pl-card') == leaf.html.count('<article class="pl-card') > 0
    assert lite.count("</div>") == leaf.html.count("</div>") - leaf.html.count("data-search-exclude")
