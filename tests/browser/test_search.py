"""Material's header search finds papers by title, model name and author, and a result lands on
the paper's card."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def search(page, query: str):
    """Type into the header search; return the links of the first result group (the best page)."""
    box = page.locator(".md-search__input")
    box.click()
    page.keyboard.type(query, delay=20)
    first_group = page.locator(".md-search-result__list > li.md-search-result__item").first
    # The first group starts with its page, then its best sections: the papers (#key links).
    expect(first_group.locator("a.md-search-result__link[href*='#']").first).to_be_visible(timeout=15_000)
    return first_group.locator("a.md-search-result__link[href*='#']")


def first_paper_result(page, query: str, papers: dict[str, dict]) -> tuple[str, object]:
    links = search(page, query)
    for index in range(links.count()):
        key = urlsplit(links.nth(index).get_attribute("href")).fragment
        if key in papers:
            return key, links.nth(index)
    raise AssertionError(f"no paper among the first results for {query!r}")


def land_on_card(page, link, key: str, artifacts, name: str) -> None:
    link.click()
    page.wait_for_url(f"**#{key}")
    assert urlsplit(page.url).fragment == key
    card = page.locator(f".pl-card:has(> [id='{key}']), .pl-card[id='{key}']")  # the hash's target card
    expect(card).to_have_count(1)
    expect(card).to_be_visible()
    expect(card).to_be_in_viewport()
    page.screenshot(path=str(artifacts / f"search-{name}.png"))


@pytest.mark.parametrize(
    ("query", "key"),
    [("ColBERT", "khattab2020colbert"), ("DPR", "karpukhin2020dense")],
)
def test_search_lists_the_paper_first_and_lands_on_its_card(page, papers_json, artifacts, query, key):
    papers = {paper["key"]: paper for paper in papers_json["papers"]}
    assert key in papers, f"{key} is no longer in papers.json"
    page.goto("")
    first_key, link = first_paper_result(page, query, papers)
    assert first_key == key, f"{query!r}: first paper result is {first_key}, expected {key}"
    land_on_card(page, link, key, artifacts, query.lower())
    # The card is the paper's own card on its home section page.
    assert urlsplit(page.url).path.endswith("/" + papers[key]["page"].split("#")[0])


def test_search_by_author_with_diacritics(page, papers_json, artifacts):
    papers = {paper["key"]: paper for paper in papers_json["papers"]}
    page.goto("")
    key, link = first_paper_result(page, "Hofstätter", papers)
    assert any("Hofstätter" in author for author in papers[key]["authors"]), (key, papers[key]["authors"])
    assert "Hofstätter" in link.inner_text()
    land_on_card(page, link, key, artifacts, "hofstatter")
    expect(page.locator(f".pl-card[data-key='{key}'] .pl-card__authors").first).to_contain_text("Hofstätter")
