"""The hostile site in Chromium: every page that shows corpus data is loaded, hovered, focused,
searched and filtered, and nothing from the data runs.

Every payload either calls alert()/msgbox() or sets `__pwned` on its window (or its parent), so:
no dialog may open, `window.__pwned` stays unset, the live DOM (after the site's own scripts and
Material's search have run) holds no element, handler or URL from the data, and no request leaves
the local server. Query strings read by the filter scripts carry payloads too.
"""

from __future__ import annotations

from urllib.parse import quote, urlsplit

import pytest
from browser.helpers import wait_for_painted_frames

from hostile.hostile_corpus import INERT

pytestmark = pytest.mark.browser

FIXED_PAGES = ["", "hostile/", "hostile-yaml-text/", "tags/", "tags/hostile-tag/", "tags/survey/", "stats/", "surveys/"]
PAYLOAD_QUERY = "?" + "&".join(
    f"{name}={quote(value)}"
    for name, value in (
        ("venue", "Evil<script>window.__pwned=1</script>"),
        ("tag", "<img src=x onerror=alert(1)>"),
        ("section", '"><svg onload=alert(1)>'),
        ("text", "<script>window.__pwned=1</script>"),
        ("sort", "javascript:alert(1)"),
    )
)

# Run in the page after its scripts: anything live that came from the data.
LIVE_DOM = """() => {
  const found = [];
  if (window.__pwned !== undefined) found.push("window.__pwned = " + window.__pwned);
  for (const el of document.querySelectorAll("*")) {
    const tag = el.tagName.toLowerCase();
    if (["iframe", "frame", "object", "embed", "base"].includes(tag)) found.push("<" + tag + ">");
    for (const attr of el.attributes) {
      if (attr.name.startsWith("on")) found.push("<" + tag + " " + attr.name + ">");
    }
    for (const name of ["href", "src", "action", "formaction", "xlink:href"]) {
      const value = el.getAttribute(name);
      if (value === null || (tag === "a" && value === "javascript:void(0)")) continue;  // Material's share button
      const url = new URL(value, location.href);
      if (!["http:", "https:"].includes(url.protocol)) {
        found.push("<" + tag + " " + name + "=" + value.slice(0, 60) + ">");
      }
    }
  }
  for (const script of document.scripts) {
    if (/__pwned|alert\\(|msgbox\\(/.test(script.textContent)) found.push("script with a payload");
  }
  return found;
}"""


@pytest.fixture
def watched(browser, hostile_url):
    """A page whose dialogs, page errors and outside requests are recorded (outside requests are blocked)."""
    context = browser.new_context(base_url=hostile_url, viewport={"width": 1280, "height": 900})
    seen = {"dialogs": [], "errors": [], "outside": []}
    host = urlsplit(hostile_url).netloc

    def route(route):
        parts = urlsplit(route.request.url)
        if parts.scheme in ("data", "blob", "about") or parts.netloc == host:
            route.fallback()
        else:
            seen["outside"].append(route.request.url)
            route.abort()

    def dialog(dialog):
        seen["dialogs"].append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    context.route("**/*", route)
    page = context.new_page()
    page.on("dialog", dialog)
    page.on("pageerror", lambda error: seen["errors"].append(str(error)))
    yield page, seen
    context.close()


def _exercise(page):
    """What a reader does: hover and focus what holds data, open the BibTeX, tab through the page."""
    page.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)")
    for card in page.locator(".pl-card, .pl-row, .pl-recent li").filter(visible=True).all()[:12]:
        card.hover(timeout=2000)
    for _ in range(8):
        page.keyboard.press("Tab")
    page.mouse.wheel(0, 20_000)
    wait_for_painted_frames(page)


def _assert_clean(page, seen, where):
    assert not page.evaluate(LIVE_DOM), f"{where}: {page.evaluate(LIVE_DOM)}"
    assert not seen["dialogs"], f"{where}: a dialog opened: {seen['dialogs']}"
    assert not seen["outside"], f"{where}: requests left the local server: {seen['outside']}"
    assert not seen["errors"], f"{where}: page errors: {seen['errors']}"


def test_no_payload_runs_on_any_page(watched, hostile_site):
    page, seen = watched
    paths = FIXED_PAGES + sorted(set(hostile_site.pages.values()))
    for path in paths:
        for query in ("", PAYLOAD_QUERY):
            page.goto(path + query, wait_until="load")
            page.wait_for_load_state("networkidle")
            _exercise(page)
            _assert_clean(page, seen, path + query)
    cases = [case for case in INERT if case.site and case.papers]
    assert len(paths) >= len(cases)


def test_explorer_renders_hostile_papers_json_as_text(watched):
    page, seen = watched
    page.goto("explorer/", wait_until="load")
    page.locator(".pl-row").first.wait_for(timeout=15_000)
    more = page.locator(".pl-explorer__more")
    while more.is_visible():
        more.click()
    # textContent, not innerText: rows below the screen are not rendered (content-visibility: auto), and
    # innerText leaves out what is not rendered. A payload that had become markup would not be in it either.
    text = page.locator(".pl-rows").text_content()
    assert "<script>window.__pwned=1</script> in the title" in text
    assert '{{ "JINJA" + "EVAL" }} in the title' in text
    _exercise(page)
    _assert_clean(page, seen, "explorer/")
    page.goto("explorer/" + PAYLOAD_QUERY, wait_until="load")
    page.locator(".pl-explorer").first.wait_for(timeout=15_000)
    page.wait_for_load_state("networkidle")
    _assert_clean(page, seen, "explorer/ with a hostile query")


def test_header_search_results_show_payloads_as_text(watched):
    page, seen = watched
    page.goto("", wait_until="load")
    page.locator(".md-search__input").click()
    page.keyboard.type("lovelace", delay=20)  # the author of every corpus entry
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=15_000)
    for result in results.all()[:10]:
        result.hover(timeout=2000)
    assert "<script>window.__pwned=1</script>" in page.locator(".md-search-result").inner_text()
    _assert_clean(page, seen, "search results for 'lovelace'")
