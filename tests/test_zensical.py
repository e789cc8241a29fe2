"""The same site from Zensical, which runs no MkDocs hook: `paperlist export`, `zensical build` (the pinned
version `make zensical` installs), `paperlist search-index`, the steps of `make build-zensical`. Every card,
export and feed of the MkDocs site is there; the filter bar and the search work in Chromium."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from browser.helpers import page_of_site
from playwright.sync_api import expect

from conftest import REPO

pytestmark = pytest.mark.tools
ZENSICAL = REPO / "bench" / "zensical-venv" / "bin" / "zensical"
EXPORTS = ("papers.bib", "papers.ris", "papers.csl.json", "papers.json", "feed.xml")


def run(command: list, cwd: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO / "hooks"), "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, f"{command}: {result.stdout[-2000:]}{result.stderr[-3000:]}"


@pytest.fixture(scope="module")
def zensical_site(tmp_path_factory) -> Path:
    assert ZENSICAL.exists(), "Zensical is installed by `make zensical` (make test does it)"
    work = tmp_path_factory.mktemp("zensical")
    paperlist = [sys.executable, "-m", "paperlist", "--root", str(REPO)]
    run([*paperlist, "export", "--out", str(work / "project")], REPO)
    run([str(ZENSICAL), "build", "--clean"], work / "project")
    site = work / "project" / "site"
    run([*paperlist, "search-index", "--site", str(site)], REPO)
    return site


def cards(page: Path) -> list[str]:
    return re.findall(r'<article class="pl-card[^"]*"[^>]*data-key="([^"]+)"', page.read_text(encoding="utf-8"))


def test_every_card_of_the_mkdocs_site_is_on_the_same_page(built_site, zensical_site):
    pages = [path.relative_to(built_site) for path in built_site.rglob("index.html")]
    with_cards = [page for page in pages if cards(built_site / page)]
    assert len(with_cards) > 50
    for page in with_cards:
        assert (zensical_site / page).is_file(), page
        assert cards(zensical_site / page) == cards(built_site / page), page


def test_the_exports_feed_and_search_index_are_there(built_site, zensical_site):
    for name in EXPORTS:
        assert (zensical_site / name).read_bytes() == (built_site / name).read_bytes(), name
    for bib in built_site.rglob("*.bib"):
        assert (zensical_site / bib.relative_to(built_site)).read_bytes() == bib.read_bytes(), bib
    explorer_data = list((built_site / "explorer").glob("*.json"))
    assert len(explorer_data) >= 2  # the index and a part
    for data in explorer_data:
        assert (zensical_site / "explorer" / data.name).read_bytes() == data.read_bytes(), data
    assert (zensical_site / "pagefind" / "pagefind-entry.json").is_file()
    home = (zensical_site / "index.html").read_text(encoding="utf-8")
    assert "{{" not in home and re.search(r"<strong>\d+ papers</strong>", home)  # the home page's numbers


@pytest.mark.browser
def test_filters_and_search_work_in_the_zensical_site(browser, zensical_site):
    with page_of_site(browser, zensical_site) as page:
        page.goto("first-stage/dense/hard-negatives/")
        page.wait_for_selector(".pl-filters[data-filters-ready]:not([hidden])")
        total = page.locator(".pl-card").count()
        page.locator(".pl-chip[data-filter='code']").click()
        expect(page.locator(".pl-card:not([hidden])")).not_to_have_count(total)
        expect(page).to_have_url(re.compile(r"code=1"))

        page.keyboard.press("/")
        page.keyboard.type("ColBERT", delay=20)
        first = page.locator(".pl-search__item--paper a").first
        expect(first).to_have_attribute("href", re.compile(r"#khattab2020colbert$"))
        first.click()
        page.wait_for_url("**#khattab2020colbert")
        assert urlsplit(page.url).path.endswith("/first-stage/dense/late-interaction/")
        expect(page.locator(".pl-card[data-key='khattab2020colbert']")).to_be_in_viewport()

        page.goto("explorer/?tag=distillation")  # its index and parts, asked for with the page
        rows = page.locator(".pl-explorer .pl-rows > li")
        expect(rows.first).to_be_visible()
        expect(page.locator(".pl-explorer .pl-filters__count")).to_have_text(re.compile(r"^\d+ of \d[\d,]* papers$"))
        shown = int(page.locator(".pl-explorer .pl-filters__count").inner_text().split()[0])
        expect(rows).to_have_count(min(shown, 100))
