"""The header's search (Pagefind, search.js) as a reader uses it: "/" or a click opens it, the paper comes
first and its result lands on the card, arrow keys and Enter work, pages people wrote come after the
papers, on a phone and after instant navigation too, with no lunr index and no request elsewhere."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from browser.helpers import guarded_context

pytestmark = pytest.mark.browser

PAPER_RESULTS = ".pl-search__item--paper"


def search(page, query: str, *, key: str = "/"):
    """Open the search the way a reader does and type; returns the paper results once the first is there."""
    page.keyboard.press(key)
    expect(page.locator(".md-search__input")).to_be_focused()
    page.keyboard.type(query, delay=20)
    expect(page.locator("[data-pl-search-status]")).to_contain_text(f"for “{query}”", timeout=15_000)
    return page.locator(PAPER_RESULTS)


def land_on_card(page, key: str, artifacts, name: str) -> None:
    page.wait_for_url(f"**#{key}")
    assert urlsplit(page.url).fragment == key
    card = page.locator(f".pl-card:has(> [id='{key}']), .pl-card[id='{key}']")  # the hash's target card
    expect(card).to_have_count(1)
    expect(card).to_be_in_viewport()
    expect(page.locator("#__search")).not_to_be_checked()
    page.screenshot(path=str(artifacts / f"search-{name}.png"))


@pytest.mark.parametrize(("query", "key"), [("ColBERT", "khattab2020colbert"), ("DPR", "karpukhin2020dense")])
def test_search_lists_the_paper_first_and_lands_on_its_card(page, papers_json, artifacts, query, key):
    papers = {paper["key"]: paper for paper in papers_json["papers"]}
    page.goto("")
    results = search(page, query)
    first = results.first.locator("a")
    assert urlsplit(first.get_attribute("href")).fragment == key, results.all_inner_texts()[:3]
    expect(results.first).to_contain_text(papers[key]["venue_text"])
    expect(results.first).to_contain_text(papers[key]["author_text"].split(",")[0])
    first.click()
    land_on_card(page, key, artifacts, query.lower())
    assert urlsplit(page.url).path.endswith("/" + papers[key]["page"].split("#")[0])


def test_search_by_author_with_diacritics_and_the_keyboard(page, papers_json, artifacts):
    papers = {paper["key"]: paper for paper in papers_json["papers"]}
    page.goto("tags/")
    results = search(page, "Hofstätter", key="s")
    expect(results.first).to_contain_text("Hofstätter")
    second = results.nth(1)
    key = urlsplit(second.locator("a").get_attribute("href")).fragment
    assert any("Hofstätter" in author for author in papers[key]["authors"]), key
    expect(results.first).to_have_class(
        "md-search-result__item pl-search__item pl-search__item--paper pl-search__item--active"
    )
    page.keyboard.press("ArrowDown")
    expect(second.locator("a")).to_be_focused()
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    expect(page.locator(".md-search__input")).to_be_focused()  # back in the box, on the first result
    page.keyboard.press("ArrowDown")
    expect(second.locator("a")).to_be_focused()
    page.keyboard.press("Enter")
    land_on_card(page, key, artifacts, "hofstatter")


def test_pages_people_wrote_come_after_the_papers(page):
    page.goto("")
    search(page, "curation notes")
    expect(page.locator(".pl-search__item--page").first).to_be_visible()  # added once their records arrive
    items = page.locator(".md-search-result__list > li")
    kinds = items.evaluate_all(
        "items => items.map(i => i.classList.contains('pl-search__group') ? 'group' :"
        " i.classList.contains('pl-search__item--page') ? 'page' : 'paper')"
    )
    assert "page" in kinds and kinds.index("group") < kinds.index("page")
    assert "paper" not in kinds[kinds.index("group") :]
    pages = page.locator(".pl-search__item--page a").evaluate_all("links => links.map(a => a.pathname)")
    assert any(path.endswith("/curation-notes/") for path in pages)
    page.keyboard.press("Escape")
    expect(page.locator("#__search")).not_to_be_checked()


def test_search_after_instant_navigation_and_on_a_phone(browser, site_url, artifacts):
    context, guard = guarded_context(browser, site_url, viewport={"width": 390, "height": 844}, color_scheme="dark")
    try:
        page = context.new_page()
        page.goto("")
        page.locator(".md-content a[href$='explorer/']").first.click()  # instant navigation: the header stays
        page.wait_for_url("**/explorer/")
        page.locator("label.md-header__button[for='__search']").click()
        expect(page.locator(".md-search__input")).to_be_focused()
        page.keyboard.type("SPLADE", delay=20)
        first = page.locator(PAPER_RESULTS).first
        expect(first).to_contain_text("SPLADE")
        expect(first).to_be_in_viewport()
        page.screenshot(path=str(artifacts / "search-phone-dark.png"))
        key = urlsplit(first.locator("a").get_attribute("href")).fragment
        first.locator("a").click()
        land_on_card(page, key, artifacts, "phone-landed")
        requested = [urlsplit(url).path for url in guard.requests]
        assert not any("search_index" in path or "/search/" in path for path in requested)
        assert any(path.endswith("/pagefind/pagefind.js") for path in requested)
    finally:
        context.close()
    guard.check()


def test_the_first_paper_shows_while_the_records_of_the_others_are_on_their_way(page):
    """Pagefind fetches the records of the ten papers together; the first is on screen as soon as its record
    is in, and the status (read by screen readers) says the search goes on until all of them are."""
    first, held, hold = [], [], [True]

    def serve(route):  # the first record asked for (the first result's) is served, the others held
        if not first or not hold[0]:
            first.append(route.request.url)
            route.fallback()
        else:
            held.append(route)

    page.context.route("**/pagefind/fragment/*", serve)
    page.goto("")
    page.keyboard.press("/")
    page.locator(".md-search__input").fill("retrieval")  # one query, not one per letter
    results = page.locator(PAPER_RESULTS)
    expect(results).to_have_count(1)
    expect(page.locator(".md-search-result__list")).to_have_attribute("data-query", "retrieval")
    expect(page.locator("[data-pl-search-status]")).to_have_text("Searching “retrieval”…")
    assert held, "the other papers' records were asked for with the first"
    hold[0] = False
    while held:
        held.pop(0).fallback()
    expect(page.locator("[data-pl-search-status]")).to_contain_text("10 papers and")
    expect(results).to_have_count(10)


INDEX_PARTS = {  # a part of Pagefind's index (requested from its worker) and one way its request can fail
    "wasm": ("**/pagefind/wasm.*.pagefind", "abort"),
    "word chunk": ("**/pagefind/index/*", "503"),
    "filter chunk": ("**/pagefind/filter/*", "abort"),
    "record": ("**/pagefind/fragment/*", "503"),
}


def _fail(route, how: str) -> None:
    if how == "abort":
        route.abort("connectionreset")
    else:
        route.fulfill(status=503, body="busy")


@pytest.mark.parametrize("part", INDEX_PARTS)
def test_a_part_of_the_index_whose_request_fails_once_is_asked_for_again(browser, site_url, part):
    """Pagefind would keep the failure for the page's lifetime and answer without that part ("no result");
    search-worker.js asks again."""
    pattern, how = INDEX_PARTS[part]
    failed = []

    def fail_once(route):
        if failed:
            route.fallback()
        else:
            failed.append(route.request.url)
            _fail(route, how)

    context, guard = guarded_context(browser, site_url)
    try:
        page = context.new_page()
        context.route(pattern, fail_once)
        page.goto("")
        results = search(page, "ColBERT")
        expect(results.first).to_contain_text("ColBERT")
        assert len(failed) == 1
    finally:
        context.close()
    guard.errors[:] = [error for error in guard.errors if "503" not in error]  # the browser's line for a 503
    guard.check()


def test_an_index_that_cannot_be_loaded_is_said_not_no_result_and_typing_again_retries(browser, site_url):
    context, guard = guarded_context(browser, site_url)
    try:
        page = context.new_page()
        context.route("**/pagefind/index/*", lambda route: _fail(route, "503"))
        page.goto("")
        page.keyboard.press("/")
        page.locator(".md-search__input").fill("ColBERT")
        status = page.locator("[data-pl-search-status]")
        expect(status).to_have_text("Search could not load its index. Check the connection, then type again.")
        expect(page.locator(".pl-search__item")).to_have_count(0)
        context.unroute("**/pagefind/index/*")
        page.locator(".md-search__input").fill("colbert")
        expect(status).to_contain_text("for “colbert”")
        expect(page.locator(PAPER_RESULTS).first).to_contain_text("ColBERT")
    finally:
        context.close()
    assert guard.errors and all("503" in error for error in guard.errors), guard.errors
    guard.errors.clear()
    guard.check()


def test_the_search_worker_runs_only_pagefinds_worker_of_this_site(page):
    """search-worker.js takes the script it runs from its URL: another host's, or another script, is refused."""
    page.goto("")
    outcomes = page.evaluate(
        """(scripts) => Promise.all(scripts.map((script) => new Promise((resolve) => {
            const url = new URL(script, location.href).href;
            const worker = new Worker("assets/javascripts/search-worker.js?pagefind=" + encodeURIComponent(url));
            worker.onerror = (event) => { event.preventDefault(); worker.terminate(); resolve("refused"); };
            worker.onmessage = () => { worker.terminate(); resolve("ran"); };
            worker.postMessage({ id: "probe", instanceId: "probe", method: "no such method", args: [] });
          })))""",
        [
            "https://example.org/pagefind/pagefind-worker.js",
            "assets/javascripts/explorer.js",
            "pagefind/pagefind-worker.js",  # Pagefind's, which answers any message
        ],
    )
    assert outcomes == ["refused", "refused", "ran"]
