"""The explorer: facets combine and count like a Python model over papers.json says (the page reads
its own index and parts); the BibTeX download and copy hold exactly the filtered entries; URL state
survives reload, back and instant navigation; at 10,000 papers the first rows and counts come before
the other parts, and a part that fails is said."""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import rispy
from playwright.sync_api import expect

from browser.helpers import bibtex_keys, guarded_context, wait_for_explorer

pytestmark = pytest.mark.browser
PAGE = 100  # rows shown before "Show more"


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


class Model:
    """What the explorer should show, computed independently from papers.json."""

    def __init__(self, data: dict):
        self.papers = data["papers"]
        paths = {section["slug"]: section["path"] for section in data["sections"]}
        self.within = {
            paper["key"]: {ancestor for slug in paper["sections"] for ancestor in paths[slug]} for paper in self.papers
        }

    def passes(self, paper, state: dict, skip: str = "") -> bool:
        words = fold(state.get("text", "")).split()
        text = fold(
            " ".join(
                [
                    paper["title"],
                    paper["model"],
                    paper["author_text"],
                    " ".join(paper["authors"]),
                    paper["key_idea"],
                    paper["venue"],
                ]
            )
        )
        start, end = state.get("from"), state.get("to")
        checks = {
            "section": not state.get("section") or state["section"] in self.within[paper["key"]],
            "tags": all(tag in paper["tags"] for tag in state.get("tags", [])),
            "year": not (start or end)
            or bool(paper["year"] and (not start or paper["year"] >= start) and (not end or paper["year"] <= end)),
            "venue": not state.get("venue") or paper["venue"] == state["venue"],
            "code": not state.get("code") or bool(paper["code"]),
            "text": all(word in text for word in words),
        }
        return all(ok for name, ok in checks.items() if name != skip)

    def keys(self, state: dict) -> list[str]:
        return [paper["key"] for paper in self.papers if self.passes(paper, state)]

    def counts(self, state: dict) -> dict:
        """Each facet value's count given every other active filter (tags: AND with the selection)."""
        matches = [paper for paper in self.papers if self.passes(paper, state)]
        return {
            "tags": Counter(tag for paper in matches for tag in paper["tags"]),
            "section": Counter(
                s for paper in self.papers if self.passes(paper, state, "section") for s in self.within[paper["key"]]
            ),
            "venue": Counter(paper["venue"] for paper in self.papers if self.passes(paper, state, "venue")),
            "year": Counter(paper["year"] for paper in self.papers if self.passes(paper, state, "year")),
            "code": sum(1 for paper in self.papers if paper["code"] and self.passes(paper, state, "code")),
        }


def shown_keys(page) -> list[str]:
    """Every matching row, clicking "Show more" until all are in the DOM."""
    more = page.locator(".pl-explorer__more")
    while more.is_visible():
        more.click()
    return page.eval_on_selector_all(".pl-rows > li", "rows => rows.map(r => r.dataset.key)")


def option_counts(page, name: str) -> dict[str, int]:
    texts = page.eval_on_selector_all(
        f".pl-filters select[data-filter='{name}'] option[data-label]", "os => os.map(o => [o.value, o.textContent])"
    )
    return {value: int(re.search(r"\((\d+)\)$", text).group(1)) for value, text in texts}


def check_facets(page, model: Model, state: dict) -> list[str]:
    keys = model.keys(state)
    total = len(model.papers)
    expect(page.locator(".pl-filters__count")).to_have_text(f"{len(keys)} of {total} papers")
    counts = model.counts(state)
    chips = page.eval_on_selector_all(
        ".pl-filters .pl-chip[data-tag]",
        "cs => cs.map(c => [c.dataset.tag, c.querySelector('.pl-chip__count').textContent])",
    )
    assert {tag: int(n) for tag, n in chips} == {tag: counts["tags"].get(tag, 0) for tag, _ in chips}
    assert option_counts(page, "venue") == {v: counts["venue"].get(v, 0) for v in option_counts(page, "venue")}
    assert option_counts(page, "section") == {s: counts["section"].get(s, 0) for s in option_counts(page, "section")}
    assert option_counts(page, "from") == {y: counts["year"].get(int(y), 0) for y in option_counts(page, "from")}
    code = page.locator(".pl-filters .pl-chip--code .pl-chip__count").inner_text()
    assert int(code) == counts["code"]
    assert shown_keys(page) == keys
    return keys


def test_facets_combine_and_count(page, papers_json, artifacts):
    model = Model(papers_json)
    page.goto("explorer/")
    wait_for_explorer(page)
    total = len(model.papers)
    expect(page.locator(".pl-filters__count")).to_have_text(f"{total} of {total} papers")
    expect(page.locator(".pl-rows > li")).to_have_count(min(PAGE, total))

    # Section (a top-level one: its subsections count too), then a tag, code, a year range, a venue.
    top = Counter(s for p in model.papers for s in model.within[p["key"]] if "/" not in s)
    top_sections = [s["slug"] for s in papers_json["sections"] if len(s["path"]) == 1]
    section = max(top_sections, key=lambda s: top[s])
    state: dict = {"section": section}
    page.select_option(".pl-filters select[data-filter='section']", section)
    check_facets(page, model, state)

    in_section = [p for p in model.papers if model.passes(p, state)]
    tag = Counter(t for p in in_section for t in p["tags"]).most_common(2)[1][0]
    page.locator(f".pl-filters .pl-chip[data-tag='{tag}']").click()
    state["tags"] = [tag]
    check_facets(page, model, state)

    page.locator(".pl-filters .pl-chip--code").click()
    state["code"] = True
    check_facets(page, model, state)

    years = sorted({p["year"] for p in model.papers if p["year"]})
    page.select_option(".pl-filters select[data-filter='from']", str(years[len(years) // 2]))
    state["from"] = years[len(years) // 2]
    keys = check_facets(page, model, state)
    assert keys, "the combination should leave some papers"

    venue = Counter(p["venue"] for p in model.papers if model.passes(p, state) and p["venue"]).most_common(1)[0][0]
    page.select_option(".pl-filters select[data-filter='venue']", venue)
    state["venue"] = venue
    check_facets(page, model, state)
    assert parse_qs(urlsplit(page.url).query) == {
        "tag": [tag],
        "section": [section],
        "from": [str(state["from"])],
        "venue": [venue],
        "code": ["1"],
    }
    page.screenshot(path=str(artifacts / "explorer-facets.png"), full_page=True)

    # Text filter on top (diacritics folded), then clear.
    page.select_option(".pl-filters select[data-filter='venue']", "")
    del state["venue"]
    word = fold(model.papers[0]["author_text"].split()[-2 if "et al." in model.papers[0]["author_text"] else -1])
    state = {"text": word}
    page.locator(".pl-filters .pl-filters__clear").click()
    page.locator(".pl-filters input[type='search']").fill(word)
    check_facets(page, model, state)


def test_download_and_copy_hold_exactly_the_filtered_entries(browser, site_url, papers_json, artifacts):
    model = Model(papers_json)
    bibtex = {paper["key"]: paper["bibtex"].strip() for paper in model.papers}
    context, guard = guarded_context(
        browser, site_url, accept_downloads=True, permissions=["clipboard-read", "clipboard-write"]
    )
    try:
        page = context.new_page()
        tag = Counter(t for p in model.papers for t in p["tags"]).most_common(1)[0][0]
        page.goto(f"explorer/?tag={tag}&code=1&sort=title")
        wait_for_explorer(page)
        state = {"tags": [tag], "code": True}
        keys = model.keys(state)
        by_title = sorted(keys, key=lambda k: (fold(next(p["title"] for p in model.papers if p["key"] == k)), k))
        assert 1 < len(keys) < len(model.papers)

        with page.expect_download() as download_info:
            page.get_by_role("button", name="Download these as BibTeX").click()
        download = download_info.value
        text = download.path().read_text(encoding="utf-8")
        (artifacts / "explorer-download.bib").write_text(text, encoding="utf-8")
        assert download.suggested_filename.endswith(".bib")
        assert sorted(bibtex_keys(text)) == sorted(keys)
        assert bibtex_keys(text) == shown_keys(page)  # the order on screen
        assert [k for k in bibtex_keys(text)] == [k for k in by_title if k in keys] or len(set(by_title)) == len(keys)
        assert text == "\n\n".join(bibtex[key] for key in bibtex_keys(text)) + "\n"

        page.get_by_role("button", name="Copy BibTeX").click()
        expect(page.locator(".pl-explorer__note")).to_contain_text(f"Copied {len(keys)} BibTeX entries")
        assert page.evaluate("navigator.clipboard.readText()") == text

        # Unfiltered: every entry, also those not rendered yet.
        page.goto("explorer/")
        wait_for_explorer(page)
        with page.expect_download() as download_info:
            page.get_by_role("button", name="Download these as BibTeX").click()
        everything = download_info.value.path().read_text(encoding="utf-8")
        assert bibtex_keys(everything) == [paper["key"] for paper in model.papers]
    finally:
        context.close()
    guard.check()


def test_explorer_gives_the_filtered_papers_as_ris_and_csl_json(browser, site_url, papers_json, built_site):
    """For EndNote, Mendeley and Zotero (RIS) and Zotero or pandoc (CSL-JSON): the same filtered set, read by
    rispy and as JSON, every author kept; the records are the list's own (papers.csl.json), fetched when asked for."""
    model = Model(papers_json)
    csl = {item["id"]: item for item in json.loads((built_site / "papers.csl.json").read_text(encoding="utf-8"))}
    context, guard = guarded_context(
        browser, site_url, accept_downloads=True, permissions=["clipboard-read", "clipboard-write"]
    )
    try:
        page = context.new_page()
        tag = Counter(t for p in model.papers for t in p["tags"]).most_common(2)[1][0]
        page.goto(f"explorer/?tag={tag}")
        wait_for_explorer(page)
        keys = model.keys({"tags": [tag]})
        assert 1 < len(keys) < len(model.papers)

        page.get_by_label("Format of the download").select_option("ris")
        with page.expect_download() as download_info:
            page.get_by_role("button", name="Download these as RIS").click()
        download = download_info.value
        assert download.suggested_filename == "papers-selection.ris"
        parsed = rispy.loads(download.path().read_text(encoding="utf-8"))
        assert [record["id"] for record in parsed] == shown_keys(page) and sorted(shown_keys(page)) == sorted(keys)
        for record in parsed:
            assert len(record.get("authors", [])) == len(csl[record["id"]].get("author", []))
        expect(page.locator(".pl-explorer__note")).to_contain_text(f"Downloaded {len(keys)} RIS records")

        page.get_by_label("Format of the download").select_option("csl")
        page.get_by_role("button", name="Copy CSL-JSON").click()
        expect(page.locator(".pl-explorer__note")).to_contain_text(f"Copied {len(keys)} CSL-JSON items")
        items = json.loads(page.evaluate("navigator.clipboard.readText()"))
        assert [item["id"] for item in items] == shown_keys(page)
        assert items == [csl[item["id"]] for item in items]
    finally:
        context.close()
    guard.check()


def test_card_copy_button_puts_the_entry_on_the_clipboard(browser, site_url, papers_json):
    context, guard = guarded_context(browser, site_url, permissions=["clipboard-read", "clipboard-write"])
    try:
        page = context.new_page()
        paper = next(p for p in papers_json["papers"] if p["key"] == "khattab2020colbert")
        page.goto(paper["page"])
        card = page.locator(f".pl-card[data-key='{paper['key']}']").first
        copy_bibtex = card.locator("button.pl-copy[data-copy-key]")  # not by name: "Copied" renames it
        copy_bibtex.click()
        expect(copy_bibtex).to_have_text("Copied")
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied.strip() == paper["bibtex"].strip()
        assert copied.startswith("@") and paper["key"] in copied.splitlines()[0]

        # "Cite as": the formatted reference, shown and copied as papers.json has it
        card.locator("details.pl-cite summary").click()
        expect(card.locator(".pl-cite__text")).to_have_text(paper["cite_as"])
        copy_reference = card.locator("button.pl-copy[data-copy-from]")
        expect(copy_reference).to_have_accessible_name("Copy reference")
        copy_reference.click()
        expect(copy_reference).to_have_text("Copied")
        assert page.evaluate("navigator.clipboard.readText()") == paper["cite_as"]
    finally:
        context.close()
    guard.check()


def test_url_state_reload_back_and_instant_navigation(page, papers_json):
    model = Model(papers_json)
    page.goto("")
    # Instant navigation (no full load) into the explorer: it must initialize from document$.
    page.locator(".md-content a[href$='explorer/']").first.click()
    wait_for_explorer(page)
    assert page.evaluate("performance.getEntriesByType('navigation').length") == 1
    assert urlsplit(page.url).path.endswith("/explorer/")

    tag = Counter(t for p in model.papers for t in p["tags"]).most_common(3)[2][0]
    page.locator(f".pl-filters .pl-chip[data-tag='{tag}']").click()
    page.locator(".pl-filters input[type='search']").fill("a")
    state = {"tags": [tag], "text": "a"}
    keys = model.keys(state)
    expect(page.locator(".pl-filters__count")).to_have_text(f"{len(keys)} of {len(model.papers)} papers")
    assert parse_qs(urlsplit(page.url).query) == {"tag": [tag], "text": ["a"]}

    # Reload restores.
    page.reload()
    wait_for_explorer(page)
    expect(page.locator(f".pl-filters .pl-chip[data-tag='{tag}']")).to_have_attribute("aria-pressed", "true")
    expect(page.locator(".pl-filters input[type='search']")).to_have_value("a")
    expect(page.locator(".pl-filters__count")).to_have_text(f"{len(keys)} of {len(model.papers)} papers")

    # A row's section link leads to the card; back returns to the same filtered explorer.
    first = page.locator(".pl-rows > li").first
    key = first.get_attribute("data-key")
    first.locator(".pl-row__section a").click()
    page.wait_for_url(f"**#{key}")
    expect(page.locator(f".pl-card:has(> [id='{key}']), .pl-card[id='{key}']")).to_be_in_viewport()
    page.go_back()
    wait_for_explorer(page)
    expect(page.locator(f".pl-filters .pl-chip[data-tag='{tag}']")).to_have_attribute("aria-pressed", "true")
    expect(page.locator(".pl-filters__count")).to_have_text(f"{len(keys)} of {len(model.papers)} papers")

    # Back through discrete changes: the chip click was pushed, typing replaced.
    page.go_back()
    expect(page.locator(f".pl-filters .pl-chip[data-tag='{tag}']")).to_have_attribute("aria-pressed", "false")
    expect(page.locator(".pl-filters__count")).to_have_text(f"{len(model.papers)} of {len(model.papers)} papers")


def synthetic_explorer(site: Path, size: int) -> dict[str, str]:
    """The explorer's index and parts for `size` papers made of copies of the real ones, with distinct keys
    and titles: file name in explorer/ -> JSON text."""
    index = json.loads((site / "explorer" / "index.json").read_text(encoding="utf-8"))
    real = [row for part in index["parts"] for row in json.loads((site / "explorer" / part).read_text())["papers"]]
    key, title, page_at = (index["fields"].index(name) for name in ("key", "title", "page"))
    papers = []
    for i in range(size):
        row, copy = list(real[i % len(real)]), i // len(real)
        if copy:
            row[key] = f"{row[key]}x{copy}"
            row[title] = f"{row[title]} (variant {copy})"
            row[page_at] = row[page_at].split("#")[0] + "#" + row[key]
        papers.append(row)
    step = index["part_size"]
    names = [f"papers-{n}.json" for n in range(1, -(-size // step) + 1)]
    filters = {name: [values[i % len(real)] for i in range(size)] for name, values in index["filters"].items()}
    files = {"index.json": json.dumps(index | {"count": size, "parts": names, "filters": filters})}
    for n, name in enumerate(names):
        files[name] = json.dumps({"papers": papers[n * step : (n + 1) * step]})
    return files


def matching_text(files: dict[str, str], word: str) -> int:
    """How many papers of `synthetic_explorer`'s files the text filter finds for one word."""
    index = json.loads(files["index.json"])
    fields = index["fields"]
    rows = [dict(zip(fields, row, strict=True)) for name in index["parts"] for row in json.loads(files[name])["papers"]]
    venues = [index["venues"][n] if n is not None else "" for n in index["filters"]["venue"]]
    texts = (
        fold(" ".join([row["title"], row["model"], row["author_text"], row["key_idea"], venue]))
        for row, venue in zip(rows, venues, strict=True)
    )
    return sum(word in text for text in texts)


def file_name(route) -> str:
    return urlsplit(route.request.url).path.rsplit("/", 1)[-1]


def test_ten_thousand_papers_show_rows_and_counts_before_the_rest_arrives(page, built_site, artifacts):
    size = 10_000
    files = synthetic_explorer(built_site, size)
    first = {"index.json", "papers-1.json"}
    requested, held = [], []
    hold = True

    def serve(route):
        name = file_name(route)
        requested.append(name)
        if hold and name not in first:
            held.append(route)  # answered later: the page must not wait for it
        else:
            route.fulfill(status=200, content_type="application/json", body=files[name])

    page.route("**/explorer/*.json", serve)
    page.goto("explorer/")
    expect(page.locator(".pl-filters__count")).to_have_text(f"{size:,} of {size:,} papers")
    expect(page.locator(".pl-rows > li")).to_have_count(PAGE)
    expect(page.locator(".pl-rows > li").first.locator(".pl-row__title a")).to_have_text(
        json.loads(files["papers-1.json"])["papers"][0][1]
    )
    assert first <= set(requested) and len(held) <= 2  # the others in the background, two at a time

    # A text query before every part is in says that it waits, then finds what the whole list has.
    page.locator(".pl-filters input[type='search']").fill("bert")
    expect(page.locator(".pl-explorer__status")).to_contain_text("Loading every paper to search their text")
    hold = False
    while held:
        route = held.pop()
        route.fulfill(status=200, content_type="application/json", body=files[file_name(route)])
    wait_for_explorer(page)
    found = matching_text(files, "bert")
    assert 0 < found < size
    expect(page.locator(".pl-filters__count")).to_have_text(f"{found:,} of {size:,} papers")
    expect(page.locator(".pl-explorer__status")).to_be_hidden()
    assert len([name for name in requested if name != "index.json"]) == len(files) - 1  # each part once
    page.locator(".pl-filters input[type='search']").fill("")
    expect(page.locator(".pl-rows > li")).to_have_count(PAGE)

    timings = page.evaluate(
        """async () => {
            const input = document.querySelector('.pl-filters input[type=search]');
            const measure = (action) => {
                const start = performance.now();
                action();
                document.body.offsetHeight; // include style and layout
                return performance.now() - start;
            };
            const fire = (node, type) => node.dispatchEvent(new Event(type, {bubbles: true}));
            const type = (text) => measure(() => { input.value = text; fire(input, 'input'); });
            const result = {typing: []};
            for (const text of ['b', 'be', 'ber', 'bert', 'bert r', 'bert re', 'bert ret', '']) {
                result.typing.push(type(text));
            }
            const chip = document.querySelector('.pl-filters .pl-chip[data-tag]');
            result.chip = measure(() => chip.click());
            result.chipOff = measure(() => chip.click());
            const sort = document.querySelector('.pl-filters select[data-filter=sort]');
            result.sortTitle = measure(() => { sort.value = 'title'; fire(sort, 'change'); });
            result.sortTitleAgain = measure(() => { sort.value = 'list'; fire(sort, 'change'); });
            result.rows = document.querySelectorAll('.pl-rows > li').length;
            return result;
        }"""
    )
    more = page.locator(".pl-explorer__more")
    more.click()
    expect(page.locator(".pl-rows > li")).to_have_count(2 * PAGE)
    (artifacts / "explorer-10k-timings.json").write_text(json.dumps(timings, indent=1), encoding="utf-8")
    print("explorer, 10,000 papers, ms:", json.dumps(timings))
    # Still paged after every change. Speed is measured by the benchmark (make bench), not asserted
    # here: the timings are saved as an artifact only.
    assert timings["rows"] <= PAGE


def test_a_part_that_cannot_be_loaded_is_said_where_its_rows_would_be(browser, site_url):
    context, guard = guarded_context(browser, site_url)
    try:
        page = context.new_page()
        page.route("**/explorer/papers-1.json", lambda route: route.fulfill(status=503, body="busy"))
        page.goto("explorer/")
        expect(page.locator(".pl-explorer__status")).to_have_text(
            "The papers could not be loaded (503 Service Unavailable)."
        )
        expect(page.locator(".pl-filters__count")).to_have_text(re.compile(r"^([\d,]+) of \1 papers$"))
        expect(page.locator(".pl-rows > li")).to_have_count(0)
        page.unroute("**/explorer/papers-1.json")
        page.locator(".pl-filters select[data-filter=sort]").select_option("newest")  # the next change tries again
        expect(page.locator(".pl-rows > li")).to_have_count(PAGE)
        expect(page.locator(".pl-explorer__status")).to_be_hidden()
    finally:
        context.close()
    assert guard.errors and all("503" in error for error in guard.errors)  # the browser's own line for each
    guard.errors.clear()
    guard.check()
