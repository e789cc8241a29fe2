"""What the scripts add must not push the page around (layout shift), and a page whose filter script
never runs still shows every card."""

from __future__ import annotations

import pytest

from browser.helpers import guarded_context

pytestmark = pytest.mark.browser

# Every layout shift the page records from the start, with the elements that moved.
RECORD_SHIFTS = """window.__shifts = [];
new PerformanceObserver(list => {
    for (const entry of list.getEntries()) {
        window.__shifts.push({value: entry.value, moved: entry.sources.map(s => s.node && s.node.nodeName)});
    }
}).observe({type: 'layout-shift', buffered: true});"""

PAGES = {
    "section": ("first-stage/dense/hard-negatives/", ".pl-filters:not([hidden]) .pl-filters__count"),
    "tag": ("tags/distillation/", ".pl-filters:not([hidden]) .pl-filters__count"),
    "explorer": ("explorer/", ".pl-explorer .pl-rows > li"),
}


@pytest.mark.parametrize("width", [412, 1280])
@pytest.mark.parametrize("name", list(PAGES))
def test_no_layout_shift_while_the_page_loads(browser, site_url, name, width):
    path, ready = PAGES[name]
    context, guard = guarded_context(browser, site_url, viewport={"width": width, "height": 823})
    try:
        page = context.new_page()
        page.add_init_script(RECORD_SHIFTS)
        page.goto(path)
        page.wait_for_selector(ready)
        page.wait_for_timeout(300)  # let the last frame be laid out and reported
        shifts = page.evaluate("window.__shifts")
    finally:
        context.close()
    guard.check()
    assert shifts == [], f"{name} at {width} px: {shifts}"


def test_cards_show_even_if_the_filter_script_never_runs(browser, site_url):
    context, guard = guarded_context(browser, site_url)
    try:
        context.route("**/filters.js", lambda route: route.fulfill(status=200, body="", content_type="text/javascript"))
        page = context.new_page()
        page.goto("first-stage/dense/hard-negatives/")
        card = page.locator(".pl-card").first
        # Hidden in place while the bar is awaited, then shown after 2 s all the same.
        page.wait_for_function("() => getComputedStyle(document.querySelector('.pl-card')).visibility === 'visible'")
        assert card.is_visible()
        assert page.locator(".pl-filters").get_attribute("hidden") is not None
    finally:
        context.close()
    guard.check()
