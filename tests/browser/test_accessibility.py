"""axe-core on the project's pages in both palettes, and the same pages on a 360-px phone."""

from __future__ import annotations

import pytest

from browser.helpers import guarded_context, run_axe

pytestmark = pytest.mark.browser

# Home, a section page, a tag page, the explorer and the statistics page.
PAGES = {
    "home": "",
    "section": "first-stage/dense/hard-negatives/",
    "tag": "tags/distillation/",
    "explorer": "explorer/?tag=distillation",
    "stats": "stats/",
}


def _open(page, path: str) -> None:
    page.goto(path)
    page.wait_for_load_state("networkidle")
    if "explorer" in path:
        page.wait_for_selector(".pl-explorer .pl-rows > li")
    elif path.startswith(("first-stage", "tags/")):
        page.wait_for_selector(".pl-filters:not([hidden]) .pl-filters__count")


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
    context, guard = guarded_context(browser, site_url, viewport={"width": 360, "height": 740}, is_mobile=True)
    try:
        page = context.new_page()
        _open(page, PAGES[name])
        widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
        page.screenshot(path=str(artifacts / f"phone-{name}.png"), full_page=True)
        assert widths[0] <= widths[1], f"{name}: the page is {widths[0]} px wide on a {widths[1]}-px screen"
    finally:
        context.close()
    guard.check()
