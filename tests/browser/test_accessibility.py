"""axe-core on the project's pages in both palettes, and the same pages on a 360-px phone."""

from __future__ import annotations

import contextlib

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from browser.helpers import guarded_context, run_axe

pytestmark = pytest.mark.browser

PHONE = 360  # px, the narrowest common phone
# Home, a section page, a tag page, the explorer, the statistics page and the search's results.
PAGES = {
    "home": "",
    "section": "first-stage/dense/hard-negatives/",
    "tag": "tags/distillation/",
    "explorer": "explorer/?tag=distillation",
    "stats": "stats/",
    "search": "?search=dense",  # the home page with the header's search open on results
}


def _open(page, path: str) -> None:
    page.goto(path)
    page.wait_for_load_state("networkidle")
    if path.startswith("?search="):
        page.keyboard.press("/")
        query = path.removeprefix("?search=")
        page.keyboard.type(query)
        expect(page.locator("[data-pl-search-status]")).to_contain_text(f"for “{query}”")  # every paper is in
        page.wait_for_function("document.getAnimations().length === 0")  # the dialog has slid in
    elif "explorer" in path:
        page.wait_for_selector(".pl-explorer .pl-rows > li")
    elif path.startswith(("first-stage", "tags/")):
        page.wait_for_selector(".pl-filters[data-filters-ready]:not([hidden])")


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", list(PAGES))
def test_no_serious_axe_violation(browser, site_url, artifacts, name, scheme):
    context, guard = guarded_context(browser, site_url, color_scheme=scheme)
    try:
        page = context.new_page()
        _open(page, PAGES[name])
        violations = run_axe(page)
        page.screenshot(path=str(artifacts / f"axe-{name}-{scheme}.png"))
        assert violations == [], f"{name} ({scheme}): {violations}"
    finally:
        context.close()
    guard.check()


@pytest.mark.parametrize("name", list(PAGES))
def test_phone_width_has_no_sideways_scrolling(browser, site_url, artifacts, name):
    # Not is_mobile: Chromium would then widen the layout viewport to fit the content and hide the overflow.
    context, guard = guarded_context(browser, site_url, viewport={"width": PHONE, "height": 740})
    try:
        page = context.new_page()
        _open(page, PAGES[name])
        # The width at rest: while the search opens, Material's overlay (a circle scaled up by a transition)
        # widens the page for a few frames, and a transition can start after getAnimations() was empty.
        fits = f"() => document.documentElement.scrollWidth <= {PHONE}"
        with contextlib.suppress(PlaywrightTimeoutError):
            page.wait_for_function(fits, timeout=5_000)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        page.screenshot(path=str(artifacts / f"phone-{name}.png"), full_page=True)
        assert width <= PHONE, f"{name}: the page is {width} px wide on a {PHONE}-px screen"
    finally:
        context.close()
    guard.check()
