"""Helpers for the browser tests: a watched browser context, page queries, axe-core, BibTeX keys.

Every page comes from a context that records each request, console error and page error: a
request to another host than 127.0.0.1 is blocked and fails the test, and so does any console
error, so every test also checks "no third-party request" and "no console error".
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

REPO = Path(__file__).resolve().parents[2]
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
LOCAL_SCHEMES = {"blob", "data", "about"}  # never leave the browser


@dataclass
class Guard:
    requests: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def check(self) -> None:
        assert not self.outside, f"requests left the local server: {self.outside}"
        assert not self.errors, f"console errors: {self.errors}"


def guarded_context(browser, site_url: str, **options):
    """A new context whose pages are watched; returns (context, guard)."""
    options.setdefault("viewport", {"width": 1280, "height": 900})
    context = browser.new_context(base_url=site_url, **options)
    guard = Guard()

    def route(route):
        url = route.request.url
        parts = urlsplit(url)
        guard.requests.append(url)
        if parts.scheme in LOCAL_SCHEMES or parts.hostname == "127.0.0.1":
            route.fallback()
        else:
            guard.outside.append(url)
            route.abort()

    context.route("**/*", route)
    context.on("request", lambda request: _note_outside(guard, request.url))

    def watch(page):
        page.on("console", lambda message: guard.errors.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: guard.errors.append(f"page error: {error}"))

    context.on("page", watch)
    return context, guard


@contextlib.contextmanager
def page_of_site(browser, directory: Path, **options):
    """A watched page on a local server of another built site; its guard is checked when the test passed."""
    from conftest import serve_directory

    server, url = serve_directory(directory)
    context, guard = guarded_context(browser, url, **options)
    try:
        yield context.new_page()
    finally:
        context.close()
        server.shutdown()
    guard.check()


def _note_outside(guard: Guard, url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in LOCAL_SCHEMES and parts.hostname != "127.0.0.1" and url not in guard.outside:
        guard.outside.append(url)


# Queried with document.querySelectorAll in the page's own world: right after `go_back` across a
# reload, Playwright's eval_on_selector_all answered [] for a page whose cards were visible (seen
# in CI, also seconds later), while the page itself saw them.
_VISIBLE_KEYS = """selector => [...document.querySelectorAll(selector)]
    .filter(card => !card.hidden && card.offsetParent !== null)
    .map(card => card.dataset.key)"""


def visible_keys(page, selector: str = "[data-paper-list] .pl-card") -> list[str]:
    """Keys of the visible cards, in document order."""
    return page.evaluate(_VISIBLE_KEYS, selector)


def expect_visible_keys(page, expected: list[str], selector: str = "[data-paper-list] .pl-card") -> None:
    """The visible cards become exactly `expected`, in order, within 5 s (as Playwright's `expect`
    waits), so that a check right after a reload or a history step sees the settled page."""
    script = f"""([selector, expected]) => JSON.stringify(({_VISIBLE_KEYS})(selector)) === JSON.stringify(expected)"""
    with contextlib.suppress(PlaywrightTimeoutError):  # the assertion below says what differs
        page.wait_for_function(script, arg=[selector, expected], timeout=5000)
    shown = visible_keys(page, selector)
    assert shown == expected, f"visible cards {shown}, expected {expected}"


def wait_for_painted_frames(page, frames: int = 2) -> None:
    """Wait until the browser has painted `frames` more frames (a state, not a time): what the last
    change laid out has been rendered, and layout-shift entries for it have been queued."""
    page.evaluate(
        """n => new Promise(done => {
            const next = left => left ? requestAnimationFrame(() => next(left - 1)) : done();
            next(n);
        })""",
        frames,
    )


def wait_for_filters(page) -> None:
    page.wait_for_selector(".pl-filters[data-filters-ready]:not([hidden])")


def wait_for_explorer(page) -> None:
    """Rows shown and every part of the list in (the text filter and the downloads work at once)."""
    page.wait_for_selector(".pl-explorer .pl-rows > li")
    page.wait_for_selector("[data-explorer-complete]", state="attached")


def run_axe(page) -> list[dict]:
    """Serious and critical axe-core violations on the page as it is now."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    violations = page.evaluate(
        """() => axe.run(document, {resultTypes: ['violations']}).then(result => result.violations.map(v => ({
            id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' :: ' + (n.failureSummary || '')),
        })))"""
    )
    return [v for v in violations if v["impact"] in ("serious", "critical")]


BIB_KEY = re.compile(r"^@\w+\{([^,\s]+),", re.MULTILINE)


def bibtex_keys(text: str) -> list[str]:
    return BIB_KEY.findall(text)
