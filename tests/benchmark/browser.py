"""Speed in headless Chromium (Debian's, through Playwright): search, filters and the explorer.

Every figure is measured in the page with performance.now():
- "to first result" figures are taken from the navigation start (performance.now()'s origin) or
  from the first keydown, to the moment a MutationObserver sees the first result in the DOM;
- an interaction (a filter change, a keystroke) is timed from just before the event is
  dispatched to: the DOM updated and laid out (`layout_ms`, a forced layout after the first
  mutation), and the next frame painted (`paint_ms`: requestAnimationFrame, then a message
  posted from it, like the input-to-next-paint of Web Vitals; it includes waiting for the frame).
Every request the pages make is recorded; any not to 127.0.0.1 counts as third-party.
"""

from __future__ import annotations

import sys
from contextlib import contextmanager
from urllib.parse import urlsplit

from benchmark.common import CHROMIUM, REPO, log, summary

VIEWPORT = {"width": 1280, "height": 900}
SLOWDOWN = 4  # the CPU of a mid-range phone, as Lighthouse's mobile profile assumes
SEARCH_QUERY = "distillation"
KEY_INTERVAL_MS = 100  # 10 keys a second: a fast typist (120 words a minute)
WARM_QUERY = "late interaction"
TYPED = "dense retrieval"
SEARCH_TIMEOUT_MS = 60_000  # the search shows a result or says why it cannot long before

MEASURE_JS = """
window.__benchMeasure = function (root, action) {
  return new Promise(function (resolve) {
    var result = {}, done = false, timer = null;
    var observer = new MutationObserver(function () { finish(false); });
    observer.observe(root, {subtree: true, childList: true, attributes: true, characterData: true});
    var start = performance.now();
    action();
    result.sync_ms = performance.now() - start;
    timer = setTimeout(function () { finish(true); }, 1000);
    function finish(timedOut) {
      if (done) return;
      done = true;
      clearTimeout(timer);
      observer.disconnect();
      result.no_change = timedOut;
      document.body.getBoundingClientRect();
      result.layout_ms = performance.now() - start;
      requestAnimationFrame(function () {
        var channel = new MessageChannel();
        channel.port1.onmessage = function () { result.paint_ms = performance.now() - start; resolve(result); };
        channel.port2.postMessage(null);
      });
    }
  });
};
"""

# Records when the first element matching `selector` enters the DOM, and the first keydown.
FIRST_SEEN_JS = """
(function (selector) {
  var bench = window.__bench = {first: null, keydown: null, lastKey: null};
  addEventListener("keydown", function (event) {
    if (bench.keydown === null) bench.keydown = performance.now();
    bench.lastKey = event.timeStamp;  // when the key was pressed, not when a busy page got to it
  }, true);
  var observer = new MutationObserver(function () {
    if (bench.first === null && document.querySelector(selector)) {
      bench.first = performance.now();
      observer.disconnect();
    }
  });
  observer.observe(document, {childList: true, subtree: true});
})(%r);
"""

# Records in window.__complete when the attribute `name` is first set on an element (the explorer's
# "every part in"); only that attribute is observed, to cost the measured page nothing else.
ATTRIBUTE_SET_JS = """
(function (name) {
  new MutationObserver(function (records, observer) {
    window.__complete = performance.now();
    observer.disconnect();
  }).observe(document, {subtree: true, attributes: true, attributeFilter: [name]});
})(%r);
"""


@contextmanager
def chromium():
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(REPO / "tests"))
    from conftest import CHROMIUM_ARGS

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


class Pages:
    """Fresh browser contexts (empty cache) that log every request."""

    def __init__(self, browser):
        self.browser = browser
        self.requests: list[str] = []

    @contextmanager
    def page(self):
        context = self.browser.new_context(viewport=VIEWPORT)
        context.on("request", lambda request: self.requests.append(request.url))
        page = context.new_page()
        page.set_default_timeout(180_000)
        try:
            yield page
        finally:
            context.close()

    def third_party(self) -> list[str]:
        return sorted({url for url in self.requests if _is_third_party(url)})


def _is_third_party(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https", "ws", "wss") and parts.hostname not in ("127.0.0.1", "localhost")


def search_speed(pages: Pages, base: str, runs: int) -> dict:
    """The header's search (Pagefind), on a CPU slowed 4×: "/" and the query typed as soon as the home page
    has loaded, timed from the last keystroke to the first paper result of the whole query (a link to a card,
    in the list marked with that query). Typed at a fast typist's pace (KEY_INTERVAL_MS between keys), and by
    a robot with no pause: then Chromium runs the key events before any loading task, so Pagefind's script
    waits until the typing stops. The bytes are all the paced page fetched until then (its load included).
    Warm: a second query."""
    paced, navigation, back_to_back, warm, fetched, index_bytes = [], [], [], [], [], []
    for _ in range(runs):
        with pages.page() as page:
            sizes: list[tuple[str, int]] = []
            page.on("requestfinished", lambda request, sizes=sizes: sizes.append(_transferred(request)))
            first, last_key = _search_typed(page, base, KEY_INTERVAL_MS)
            paced.append(max(0.0, first - last_key))
            navigation.append(first)
            fetched.append(sum(size for _, size in sizes))
            index_bytes.append(sum(size for url, size in sizes if "/pagefind/" in url))
            warm.append(_warm_search(page))
        with pages.page() as page:
            first, last_key = _search_typed(page, base, 0)
            back_to_back.append(max(0.0, first - last_key))
    return {
        "query": SEARCH_QUERY,
        "cpu_slowdown": SLOWDOWN,
        "ms_between_keys": KEY_INTERVAL_MS,
        "cold_from_last_key_ms": summary(paced, 1),
        "cold_from_navigation_ms": summary(navigation, 1),
        "back_to_back_from_last_key_ms": summary(back_to_back, 1),
        "warm_ms": summary(warm, 1),
        "fetched_until_first_result_bytes": summary(fetched, 0),
        "search_index_fetched_bytes": summary(index_bytes, 0),
    }


def _search_typed(page, base: str, delay_ms: int) -> tuple[float, float]:
    """Loads the home page with the CPU slowed, types the query; (first result, last keydown) in ms."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page.context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": SLOWDOWN})
    page.add_init_script(
        FIRST_SEEN_JS % f".md-search-result__list[data-query='{SEARCH_QUERY}'] .pl-search__item--paper a[href*='#']"
    )
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(base, wait_until="load")
    page.keyboard.press("/")
    page.keyboard.type(SEARCH_QUERY, delay=delay_ms)  # each key held `delay_ms`: timed from its keydown
    try:
        page.wait_for_function("window.__bench.first !== null", timeout=SEARCH_TIMEOUT_MS)
    except PlaywrightTimeout:
        state = _search_state(page, errors)
        raise RuntimeError(f"no result for {SEARCH_QUERY!r} in {SEARCH_TIMEOUT_MS} ms: {state}") from None
    bench = page.evaluate("window.__bench")
    return bench["first"], bench["lastKey"]


def _search_state(page, errors: list[str]) -> str:
    """What the search shows (status, query, results) and what the page logged as errors."""
    state = page.evaluate(
        """() => ({
            status: document.querySelector("[data-pl-search-status]").textContent,
            typed: document.querySelector(".md-search__input").value,
            results_of: document.querySelector(".md-search-result__list").getAttribute("data-query"),
            results: document.querySelectorAll(".pl-search__item").length,
            focus: document.activeElement && document.activeElement.className,
        })"""
    )
    return f"{state}, console errors: {errors[-5:]}"


def _warm_search(page) -> float:
    """A second query, typed at once into the open search: ms until its first result is in the list."""
    return page.evaluate(
        """(query) => new Promise((resolve) => {
            const input = document.querySelector(".md-search__input");
            const list = document.querySelector(".md-search-result__list");
            const status = document.querySelector("[data-pl-search-status]");
            const observer = new MutationObserver(() => {
              if (status.textContent.includes(query) && list.querySelector(".pl-search__item--paper")) {
                observer.disconnect();
                resolve(performance.now() - start);
              }
            });
            observer.observe(list.parentNode, {childList: true, subtree: true, characterData: true});
            input.value = query;
            const start = performance.now();
            input.dispatchEvent(new Event("input", {bubbles: true}));
          })""",
        WARM_QUERY,
    )


def _transferred(request) -> tuple[str, int]:
    """A finished request's URL and the bytes it took on the wire (headers and encoded body)."""
    try:
        sizes = request.sizes()
    except Exception:  # a request whose sizes the browser no longer has (a redirect's first hop)
        return request.url, 0
    return request.url, sizes["responseBodySize"] + sizes["responseHeadersSize"]


# Chromium's own accounting of the main thread (CDP Performance.getMetrics, cumulative seconds).
MAIN_THREAD = {
    "ScriptDuration": "script_ms",
    "RecalcStyleDuration": "style_ms",
    "LayoutDuration": "layout_ms",
    "TaskDuration": "task_ms",
}


class MainThread:
    """Where an interaction's main-thread time goes: script, style recalculation, layout (and all tasks)."""

    def __init__(self, page):
        self.cdp = page.context.new_cdp_session(page)
        self.cdp.send("Performance.enable")
        self.totals = {key: 0.0 for key in MAIN_THREAD.values()}
        self.count = 0

    def read(self) -> dict:
        metrics = {m["name"]: m["value"] for m in self.cdp.send("Performance.getMetrics")["metrics"]}
        return {key: metrics.get(name, 0.0) * 1000 for name, key in MAIN_THREAD.items()}

    def add(self, before: dict, after: dict, count: int) -> None:
        for key in self.totals:
            self.totals[key] += after[key] - before[key]
        self.count += count

    def per_interaction(self) -> dict:
        return {key: round(total / self.count, 2) if self.count else None for key, total in self.totals.items()}


def _interactions(page, root: str, chip_selector: str, input_selector: str, changes: int, threads=None):
    """Filter changes (a tag chip pressed, then released) and keystrokes in the text filter.
    `threads`: two MainThread accountants (filter changes, keystrokes), or None."""
    chips = page.evaluate(f"Array.from(document.querySelectorAll({chip_selector!r})).map(c => c.dataset.tag)")
    chips = [c for c in chips if c][: max(1, changes // 2)]
    filter_samples, key_samples = [], []
    before = threads[0].read() if threads else None
    for tag in chips:
        for _ in range(2):  # press, then release
            filter_samples.append(
                page.evaluate(
                    """([root, selector]) => window.__benchMeasure(document.querySelector(root),
                        () => document.querySelector(selector).click())""",
                    [root, f'{chip_selector}[data-tag="{tag}"]'],
                )
            )
    if threads:
        threads[0].add(before, threads[0].read(), len(filter_samples))
    page.focus(input_selector)
    before = threads[1].read() if threads else None
    for index in range(len(TYPED)):
        key_samples.append(
            page.evaluate(
                """([root, selector, text]) => window.__benchMeasure(document.querySelector(root), () => {
                    const input = document.querySelector(selector);
                    input.value = text;
                    input.dispatchEvent(new Event("input", {bubbles: true}));
                  })""",
                [root, input_selector, TYPED[: index + 1]],
            )
        )
    if threads:
        threads[1].add(before, threads[1].read(), len(key_samples))
    return filter_samples, key_samples


def _interaction_summary(samples: list[dict], thread: MainThread | None = None) -> dict:
    """Interactions that changed nothing in the DOM within a second are counted, not timed."""
    changed = [s for s in samples if not s["no_change"]]
    return {
        "main_thread_ms": thread.per_interaction() if thread else None,
        "paint_ms": summary([s["paint_ms"] for s in changed], 2),
        "layout_ms": summary([s["layout_ms"] for s in changed], 2),
        "sync_ms": summary([s["sync_ms"] for s in changed], 2),
        "interactions": len(changed),
        "unchanged": len(samples) - len(changed),
    }


def section_filter_speed(pages: Pages, url: str, runs: int) -> dict:
    """The filter bar of a section page (the largest one): it filters the cards already on the page."""
    filters, keys, ready, threads = [], [], [], None
    for _ in range(runs):
        with pages.page() as page:
            page.add_init_script(FIRST_SEEN_JS % "[data-filters-ready] .pl-chip")
            page.add_init_script(MEASURE_JS)
            page.goto(url, wait_until="load")
            page.wait_for_function("window.__bench.first !== null")
            ready.append(page.evaluate("window.__bench.first"))
            threads = _carry(threads, page)
            chips = "[data-filters-ready] button.pl-chip"
            f, k = _interactions(page, ".md-content", chips, "input.pl-input", 8, threads)
            filters += f
            keys += k
    return {
        "url": urlsplit(url).path,
        "bar_ready_ms": summary(ready, 1),
        "filter_change": _interaction_summary(filters, threads[0] if threads else None),
        "keystroke": _interaction_summary(keys, threads[1] if threads else None),
    }


def _carry(threads: list | None, page) -> list:
    """Main-thread accountants for a new page, keeping the totals of the previous pages."""
    fresh = [MainThread(page), MainThread(page)]
    if threads:
        for new, old in zip(fresh, threads, strict=True):
            new.totals, new.count = old.totals, old.count
    return fresh


def explorer_speed(pages: Pages, base: str, runs: int, spec: dict) -> dict:
    """The explorer. Its first rows on a phone-sized screen with the CPU slowed 4× (a filtered URL and the
    unfiltered page, fresh cache): from the navigation, from the load event, and the bytes fetched until
    then; when every part of the list was in. Then, on the desktop profile with every part in, filter
    changes and keystrokes. `spec` names the selectors (see EXPLORER in run.py)."""
    phone = {path: _explorer_first_rows(pages, base + path, runs, spec) for path in (spec["path"], "explorer/")}
    filters, keys, threads = [], [], None
    for _ in range(runs):
        with pages.page() as page:
            page.add_init_script(MEASURE_JS)
            page.goto(base + spec["path"], wait_until="load")
            page.wait_for_selector(f"[{spec['complete_attribute']}]", state="attached")
            threads = _carry(threads, page)
            f, k = _interactions(page, spec["root"], spec["chip"], spec["input"], 8, threads)
            filters += f
            keys += k
    return {
        "path": spec["path"],
        "cpu_slowdown": SLOWDOWN,
        "first_rows": phone[spec["path"]],
        "first_rows_unfiltered": phone["explorer/"],
        "filter_change": _interaction_summary(filters, threads[0] if threads else None),
        "keystroke": _interaction_summary(keys, threads[1] if threads else None),
    }


def _explorer_first_rows(pages: Pages, url: str, runs: int, spec: dict) -> dict:
    navigation, after_load, fetched, complete = [], [], [], []
    for _ in range(runs):
        context = pages.browser.new_context(**MOBILE)
        context.on("request", lambda request: pages.requests.append(request.url))
        try:
            page = context.new_page()
            page.set_default_timeout(180_000)
            sizes: list[tuple[str, int]] = []
            page.on("requestfinished", lambda request, sizes=sizes: sizes.append(_transferred(request)))
            page.context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": SLOWDOWN})
            page.add_init_script(FIRST_SEEN_JS % spec["result"])
            page.add_init_script(ATTRIBUTE_SET_JS % spec["complete_attribute"])
            page.goto(url, wait_until="commit")
            page.wait_for_function("window.__bench.first !== null")
            fetched.append(sum(size for _, size in sizes))
            page.wait_for_load_state("load")
            first = page.evaluate("window.__bench.first")
            load = page.evaluate("performance.getEntriesByType('navigation')[0].loadEventStart")
            navigation.append(first)
            after_load.append(first - load)  # negative when the rows came before the load event
            page.wait_for_function("window.__complete !== undefined")
            complete.append(page.evaluate("window.__complete"))
        finally:
            context.close()
    return {
        "path": urlsplit(url).path + (f"?{urlsplit(url).query}" if urlsplit(url).query else ""),
        "from_navigation_ms": summary(navigation, 1),
        "after_load_event_ms": summary(after_load, 1),
        "fetched_bytes": summary(fetched, 0),
        "complete_ms": summary(complete, 1),
    }


# Every layout shift while a page loads, with the elements that moved (what Lighthouse's CLS sums up).
SHIFTS_JS = """
window.__shifts = [];
new PerformanceObserver(function (list) {
  list.getEntries().forEach(function (entry) {
    window.__shifts.push({
      value: entry.value,
      at_ms: entry.startTime,
      sources: (entry.sources || []).map(function (source) {
        var node = source.node;
        if (!node || node.nodeType !== 1) return node ? "#text" : "(removed)";
        var classes = typeof node.className === "string" ? node.className.trim().split(/\\s+/).filter(Boolean) : [];
        return node.tagName.toLowerCase() + (node.id ? "#" + node.id : "") + classes.map(function (c) {
          return "." + c;
        }).join("");
      }),
    });
  });
}).observe({type: "layout-shift", buffered: true});
"""
MOBILE = {"viewport": {"width": 412, "height": 823}, "device_scale_factor": 1.75, "is_mobile": True, "has_touch": True}


def layout_shifts(pages: Pages, urls: dict[str, str], runs: int) -> dict:
    """Cumulative layout shift of each page while it loads, on a phone-sized screen like Lighthouse's
    mobile preset, and the elements that moved most. Two seconds after the load event."""
    result = {}
    for name, url in urls.items():
        totals, sources = [], {}
        for _ in range(runs):
            context = pages.browser.new_context(**MOBILE)
            context.on("request", lambda request: pages.requests.append(request.url))
            try:
                page = context.new_page()
                page.add_init_script(SHIFTS_JS)
                page.goto(url, wait_until="load")
                page.wait_for_timeout(2000)
                shifts = page.evaluate("window.__shifts")
            finally:
                context.close()
            totals.append(sum(shift["value"] for shift in shifts))
            for shift in shifts:
                for source in shift["sources"]:
                    sources[source] = sources.get(source, 0.0) + shift["value"] / runs
        top = sorted(sources.items(), key=lambda item: -item[1])[:3]
        result[name] = {
            "url": urlsplit(url).path,
            "cls": summary(totals, 3),
            "moved": [{"element": element, "shift": round(value, 3)} for element, value in top],
        }
    return result


def browser_speed(base: str, runs: int, section_url: str, explorer: dict | None) -> dict:
    with chromium() as browser:
        pages = Pages(browser)
        result = {"search": search_speed(pages, base, runs)}
        log(f"  search: cold {result['search']['cold_from_last_key_ms']['median']} ms after the last key")
        result["section_filters"] = section_filter_speed(pages, base + section_url, runs)
        log(f"  section filters: change {result['section_filters']['filter_change']['paint_ms']['median']} ms")
        if explorer:
            result["explorer"] = explorer_speed(pages, base, runs, explorer)
            first = result["explorer"]["first_rows"]["from_navigation_ms"]["median"]
            log(f"  explorer: first rows {first} ms from the navigation (phone, CPU 4x)")
        urls = {"home": base, "section": base + section_url}
        if explorer:
            urls["explorer"] = base + "explorer/"
        result["layout_shift"] = layout_shifts(pages, urls, runs)
        result["requests"] = len(pages.requests)
        result["third_party_requests"] = pages.third_party()
    return result
