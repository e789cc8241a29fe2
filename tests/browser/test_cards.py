"""A card's own buttons, clicked as a reader would: what lands on the clipboard is the paper's entry."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from browser.helpers import guarded_context

pytestmark = pytest.mark.browser

SECTION = "first-stage/dense/hard-negatives/"


def test_copy_bibtex_and_copy_reference_put_the_cards_own_text_on_the_clipboard(browser, site_url, papers_json):
    bibtex = {paper["key"]: paper["bibtex"].strip() for paper in papers_json["papers"]}
    context, guard = guarded_context(browser, site_url, permissions=["clipboard-read", "clipboard-write"])
    try:
        page = context.new_page()
        page.goto(SECTION)
        card = page.locator(".pl-card").nth(1)
        key = card.get_attribute("data-key")

        copy_bibtex = card.locator("button[data-copy-key]")
        copy_bibtex.click()
        expect(copy_bibtex).to_have_text("Copied")
        assert page.evaluate("navigator.clipboard.readText()").strip() == bibtex[key]

        card.locator("summary", has_text="Cite as").click()
        copy_reference = card.locator("button[data-copy-from]")
        copy_reference.click()
        expect(copy_reference).to_have_text("Copied")
        reference = card.locator(".pl-cite__text").text_content()
        assert reference and page.evaluate("navigator.clipboard.readText()") == reference

        # The BibTeX is not a `pre > code` block: Material would mount a component with observers on each.
        card.locator("summary", has_text="BibTeX").click()
        expect(card.locator(".pl-bibtex__source")).to_be_visible()
        assert page.locator(".pl-card pre[id^='__code_']").count() == 0
    finally:
        context.close()
    guard.check()
