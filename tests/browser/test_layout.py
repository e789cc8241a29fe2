"""What the scripts add must not push the page around (layout shift), and a page whose filter script
never runs still shows every card."""

from __future__ import annotations

import pytest

from browser.helpers import guarded_context, wait_for_painted_frames

pytestmark = pytest.mark.browser

# Every layout shift the page records from the start, with the elements that moved.
RECORD_SHIFTS = """window.__shifts = [];
new PerformanceObserver(list => {
    for (const entry of list.getEntries()) {
        window.__shifts.push({value: entry.value, moved: entry.sources.map(s => s.node && s.node.nodeName)});
    }
}).observe({type: 'layout-shift', buffered: true});"""

PAGES = {
    "section": ("first-stage/dense/hard-negatives/", ".pl-filters[data-filters-ready]:not([hidden])"),
    "tag": ("tags/distillation/", ".pl-filters[data-filters-ready]:not([hidden])"),
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
        wait_for_painted_frames(page)  # the frame the bar arrived in is painted and its shifts reported
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


# The header's items, left to right, as laid out (x and width in px).
HEADER_LAYOUT = """() => [...document.querySelectorAll('.md-header__inner > *')]
    .map(e => { const r = e.getBoundingClientRect(); return [e.className, Math.round(r.x), Math.round(r.width)]; })
    .filter(([name, x, width]) => width > 0)"""


@pytest.mark.parametrize("width", [412, 1280])
def test_the_header_is_laid_out_the_same_before_the_parser_reaches_its_end(browser, site_url, width):
    """A busy machine paints a page before it is parsed whole. The header of a page cut right before
    the header's last item (the repository link) keeps every item where the whole page has it, so that
    the link's arrival moves nothing (the search form jumped 262 px left on a slow load)."""
    context, guard = guarded_context(browser, site_url, viewport={"width": width, "height": 823})
    try:
        page = context.new_page()
        page.goto("tags/distillation/")
        whole = page.evaluate(HEADER_LAYOUT)
        html = context.request.get(site_url + "tags/distillation/").text()  # as served, before any script
        cut = html.index('<div class="md-header__source">')
        context.route("**/tags/distillation/", lambda route: route.fulfill(body=html[:cut], content_type="text/html"))
        page.goto("tags/distillation/")
        partial = page.evaluate(HEADER_LAYOUT)
    finally:
        context.close()
    guard.check()
    assert partial == [item for item in whole if "md-header__source" not in item[0]]
