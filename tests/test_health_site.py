"""The site built with recorded check results (planted, not fetched): citation counts on cards and in the
explorer's data, sorting by them, archived and dead links marked, the Link health part of the Statistics
page. The real site, with no check run yet, says so and shows no count."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from browser.helpers import page_of_site
from playwright.sync_api import expect

from conftest import build_site, copy_project

SECTION = "first-stage/dense/hard-negatives/"
COUNTS = {"karpukhin2020dense": 4321, "xiong2020approximate": 1500, "zhan2021optimizing": 380}
FETCHED = "2026-12-06"
LINKS = [
    {
        "key": "karpukhin2020dense",
        "field": "code",
        "url": "https://github.com/facebookresearch/DPR",
        "status": "archived",
        "http_status": 200,
        "note": "archived by its owner (read-only)",
    },
    {
        "key": "zhan2020repbert",
        "field": "url",
        "url": "https://arxiv.org/pdf/2006.15498.pdf",
        "status": "dead",
        "http_status": 404,
        "archive_url": "https://web.archive.org/web/2021/https://arxiv.org/pdf/2006.15498.pdf",
    },
    {
        "key": "xiong2020approximate",
        "field": "code",
        "url": "https://github.com/microsoft/ANCE",
        "status": "ok",
        "http_status": 200,
    },
    {
        "key": "zhan2021optimizing",
        "field": "code",
        "url": "https://github.com/jingtaozhan/DRhard",
        "status": "missing",
        "http_status": 404,
    },
    {
        "key": "zhan2021optimizing",
        "field": "doi",
        "url": "https://doi.org/10.1145/3404835.3462880",
        "status": "unreachable",
        "note": "the site refuses automated checks",
        "http_status": 403,
    },
]


@pytest.fixture(scope="module")
def recorded_site(tmp_path_factory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("recorded") / "project")
    (project / "data").mkdir(exist_ok=True)
    links = [record | {"checked": FETCHED} for record in LINKS]
    (project / "data" / "links.json").write_text(json.dumps({"format": 1, "checked": FETCHED, "links": links}))
    papers = {
        key: {"cited_by": n, "work": f"https://openalex.org/W{n}", "matched_by": "doi", "fetched": FETCHED}
        for key, n in COUNTS.items()
    }
    citations = {"format": 1, "source": "OpenAlex", "fetched": FETCHED, "papers": papers}
    (project / "data" / "citations.json").write_text(json.dumps(citations))
    site = project / "site"
    result = build_site(project, site)
    assert result.returncode == 0, result.stderr
    return site


def card_html(site: Path, page: str, key: str) -> str:
    text = (site / page / "index.html").read_text(encoding="utf-8")
    start = text.index(f'data-key="{key}"')
    return text[start : text.index("</article>", start)]


def test_cards_show_counts_and_mark_archived_missing_and_dead_links(recorded_site):
    dpr = card_html(recorded_site, SECTION, "karpukhin2020dense")
    assert 'data-cited-by="4321"' in dpr
    assert re.search(
        r'<span class="pl-cited" title="Cited by 4321 works according to OpenAlex, counted on 2026-12-06">'
        r"cited by 4321</span>",
        dpr,
    )
    archived = r'DPR</a> <span class="pl-mark pl-mark--archived" title="[^"]*2026-12-06\)">archived</span>'
    assert re.search(archived, dpr)
    repbert = card_html(recorded_site, SECTION, "zhan2020repbert")
    assert "pl-cited" not in repbert  # OpenAlex does not know it: nothing shown
    assert '<span class="pl-mark pl-mark--dead" title="No page at this address (HTTP 404)' in repbert
    assert 'href="https://web.archive.org/web/2021/https://arxiv.org/pdf/2006.15498.pdf"' in repbert
    drhard = card_html(recorded_site, SECTION, "zhan2021optimizing")
    assert "repository missing" in drhard
    assert "pl-mark" not in card_html(recorded_site, SECTION, "xiong2020approximate")  # ok links are not marked
    assert drhard.count('class="pl-mark ') == 1  # an unreachable DOI is not called dead


def test_explorer_data_carries_the_counts(recorded_site):
    papers = json.loads((recorded_site / "papers.json").read_text(encoding="utf-8"))["papers"]
    counted = {p["key"]: (p["cited_by"], p["cited_by_date"]) for p in papers if "cited_by" in p}
    assert counted == {key: (n, FETCHED) for key, n in COUNTS.items()}


def test_statistics_page_reports_link_health_by_status_and_section(recorded_site):
    text = (recorded_site / "stats" / "index.html").read_text(encoding="utf-8")
    part = html.unescape(re.sub(r"<[^>]+>", " ", text[text.index('id="link-health"') :]))
    words = " ".join(part.split())
    assert "checked on 2026-12-06" in words
    assert "All sections 1 0 1 1 1 1" in words  # ok, redirected, dead, archived, missing, unreachable
    assert "Hard negative sampling 1 0 1 1 1 1" in words  # every planted record is in that section
    assert "Links to fix (3)" in words
    assert "counted on 2026-12-06 , for the 3 of" in words


def test_the_real_site_says_no_check_has_run_yet(built_site):
    stats = (built_site / "stats" / "index.html").read_text(encoding="utf-8")
    assert "The links have not been checked yet" in stats
    assert "No citation counts have been fetched yet" in stats
    section = (built_site / SECTION / "index.html").read_text(encoding="utf-8")
    assert "pl-cited" not in section and "data-cited-by" not in section and "pl-mark" not in section


@pytest.mark.browser
def test_sections_and_the_explorer_sort_by_citations(browser, recorded_site):
    with page_of_site(browser, recorded_site) as page:
        page.goto(SECTION)
        page.wait_for_selector(".pl-filters[data-filters-ready]:not([hidden])")
        page.get_by_label("Sort").select_option("cited")
        expect(page).to_have_url(re.compile(r"sort=cited"))
        top = sorted(COUNTS, key=COUNTS.get, reverse=True)
        expect(page.locator(".pl-card:not([hidden])").first).to_have_attribute("data-key", top[0])
        keys = page.locator(".pl-card:not([hidden])").evaluate_all("cards => cards.map(c => c.dataset.key)")
        assert keys[: len(top)] == top

        page.goto("explorer/?sort=cited")
        first = page.locator(".pl-explorer .pl-rows > li").first
        expect(first).to_contain_text("cited by 4321")
        expect(page.get_by_label("Sort")).to_have_value("cited")
