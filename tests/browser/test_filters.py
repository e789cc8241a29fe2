"""The filter bar of section and tag pages: chips, selects, text, sort, count, URL state, history,
keyboard, and the page without JavaScript. Expectations are computed from papers.json."""

from __future__ import annotations

import unicodedata
from collections import Counter
from itertools import combinations
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from browser.helpers import expect_visible_keys, guarded_context, run_axe, visible_keys, wait_for_filters

pytestmark = pytest.mark.browser


def fold(text: str) -> str:
    """What the page compares: lower case without diacritics."""
    decomposed = unicodedata.normalize("NFD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def section_papers(papers_json: dict, slug: str) -> list[dict]:
    return [paper for paper in papers_json["papers"] if slug in paper["sections"]]


def pick_section_and_tags(papers_json: dict) -> tuple[dict, str, str]:
    """A leaf section and two tags A, B such that A filters, and A+B filters further (not empty)."""
    best = None
    for section in papers_json["sections"]:
        if not section["leaf"]:
            continue
        papers = section_papers(papers_json, section["slug"])
        counts = Counter(tag for paper in papers for tag in paper["tags"])
        for a, b in combinations(sorted(counts, key=lambda t: (-counts[t], t)), 2):
            both = sum(1 for paper in papers if a in paper["tags"] and b in paper["tags"])
            if 0 < both < counts[a] < len(papers):
                score = (len(papers), counts[a])
                if best is None or score > best[0]:
                    best = (score, section, a, b)
                break
    assert best, "no section page has two tags that narrow each other down"
    return best[1], best[2], best[3]


def expect_keys(papers: list[dict], *, tags=(), venue="", code=False, text="", start=None, end=None) -> list[str]:
    words = fold(text).split()
    keys = []
    for paper in papers:
        searchable = fold(
            " ".join([paper["title"], paper["model"], paper["author_text"], paper["key_idea"], paper["venue"]])
        )
        if not all(tag in paper["tags"] for tag in tags):
            continue
        if venue and paper["venue"] != venue:
            continue
        if code and not paper["code"]:
            continue
        if (start or end) and (not paper["year"] or (start and paper["year"] < start) or (end and paper["year"] > end)):
            continue
        if not all(word in searchable for word in words):
            continue
        keys.append(paper["key"])
    return keys


def chip(page, slug: str):
    return page.locator(f".pl-filters .pl-chip[data-tag='{slug}']")


def test_tag_chips_filter_count_url_reload_and_back(page, papers_json, artifacts):
    section, tag_a, tag_b = pick_section_and_tags(papers_json)
    papers = section_papers(papers_json, section["slug"])
    total = len(papers)
    page.goto(section["page"])
    wait_for_filters(page)

    # Before any filter: every card, the count, a chip for each tag on the page.
    expect_visible_keys(page, [paper["key"] for paper in papers])
    expect(page.locator(".pl-filters__count")).to_have_text(f"{total} of {total} papers")
    chips = page.eval_on_selector_all(".pl-filters .pl-chip[data-tag]", "cs => cs.map(c => c.dataset.tag)")
    assert set(chips) == {tag for paper in papers for tag in paper["tags"]}

    # One tag: exactly the papers with it (by the cards' data attributes and by papers.json).
    chip(page, tag_a).click()
    expect(chip(page, tag_a)).to_have_attribute("aria-pressed", "true")
    with_a = expect_keys(papers, tags=[tag_a])
    by_attributes = page.eval_on_selector_all(
        "[data-paper-list] .pl-card",
        "(cards, tag) => cards.filter(c => c.dataset.tags.split(' ').includes(tag)).map(c => c.dataset.key)",
        tag_a,
    )
    assert visible_keys(page) == with_a == by_attributes
    expect(page.locator(".pl-filters__count")).to_have_text(f"{len(with_a)} of {total} papers")
    assert parse_qs(urlsplit(page.url).query) == {"tag": [tag_a]}

    # Two tags: papers with both.
    chip(page, tag_b).click()
    with_both = expect_keys(papers, tags=[tag_a, tag_b])
    assert 0 < len(with_both) < len(with_a)
    expect_visible_keys(page, with_both)
    expect(page.locator(".pl-filters__count")).to_have_text(f"{len(with_both)} of {total} papers")
    assert parse_qs(urlsplit(page.url).query) == {"tag": [tag_a, tag_b]}
    expect(page.locator(".pl-filters__tags legend")).to_contain_text("all of them")
    page.screenshot(path=str(artifacts / "filters-two-tags.png"), full_page=True)

    # Reload restores the filters.
    page.reload()
    wait_for_filters(page)
    expect(chip(page, tag_a)).to_have_attribute("aria-pressed", "true")
    expect(chip(page, tag_b)).to_have_attribute("aria-pressed", "true")
    expect_visible_keys(page, with_both)
    expect(page.locator(".pl-filters__count")).to_have_text(f"{len(with_both)} of {total} papers")

    # Back: one tag, then none; forward: one tag again.
    page.go_back()
    expect(chip(page, tag_b)).to_have_attribute("aria-pressed", "false")
    expect(chip(page, tag_a)).to_have_attribute("aria-pressed", "true")
    expect_visible_keys(page, with_a)
    expect(page.locator(".pl-filters__count")).to_have_text(f"{len(with_a)} of {total} papers")
    page.go_back()
    expect(chip(page, tag_a)).to_have_attribute("aria-pressed", "false")
    expect_visible_keys(page, [paper["key"] for paper in papers])
    expect(page.locator(".pl-filters__count")).to_have_text(f"{total} of {total} papers")
    page.go_forward()
    expect(chip(page, tag_a)).to_have_attribute("aria-pressed", "true")
    expect_visible_keys(page, with_a)


def test_every_filter_from_the_url_and_sorting(page, papers_json):
    section, _, _ = pick_section_and_tags(papers_json)
    papers = section_papers(papers_json, section["slug"])
    years = sorted({paper["year"] for paper in papers if paper["year"]})
    start, end = years[0], years[-1]
    venue = Counter(paper["venue"] for paper in papers if paper["venue"]).most_common(1)[0][0]

    # Sort orders, on the whole list.
    page.goto(section["page"] + "?sort=title")
    wait_for_filters(page)
    by_title = [p["key"] for p in sorted(papers, key=lambda p: (fold(p["title"]), papers.index(p)))]
    expect_visible_keys(page, by_title)
    page.select_option(".pl-filters select[data-filter='sort']", "newest")
    newest = sorted(papers, key=lambda p: (p["year"] is None, -(p["year"] or 0), papers.index(p)))
    expect_visible_keys(page, [p["key"] for p in newest])
    assert parse_qs(urlsplit(page.url).query)["sort"] == ["newest"]
    page.select_option(".pl-filters select[data-filter='sort']", "list")
    expect_visible_keys(page, [p["key"] for p in papers])

    # Every filter at once, straight from a URL; the controls show it.
    query = f"?venue={venue}&from={start}&to={end}&code=1&text=e&sort=oldest"
    page.goto(section["page"] + query)
    wait_for_filters(page)
    matching = expect_keys(papers, venue=venue, code=True, text="e", start=start, end=end)
    oldest = sorted(
        (p for p in papers if p["key"] in matching), key=lambda p: (p["year"] is None, p["year"] or 0, papers.index(p))
    )
    expect_visible_keys(page, [p["key"] for p in oldest])
    expect(page.locator(".pl-filters__count")).to_have_text(f"{len(matching)} of {len(papers)} papers")
    expect(page.locator(".pl-filters select[data-filter='venue']")).to_have_value(venue)
    expect(page.locator(".pl-filters select[data-filter='from']")).to_have_value(str(start))
    expect(page.locator(".pl-filters select[data-filter='to']")).to_have_value(str(end))
    expect(page.locator(".pl-filters .pl-chip--code")).to_have_attribute("aria-pressed", "true")
    expect(page.locator(".pl-filters input[type='search']")).to_have_value("e")

    # Clear filters keeps the sort and shows everything.
    page.locator(".pl-filters__status .pl-filters__clear").click()
    assert len(visible_keys(page)) == len(papers)
    assert parse_qs(urlsplit(page.url).query) == {"sort": ["oldest"]}


def test_typing_replaces_the_history_entry_and_keeps_other_parameters(page, papers_json):
    section, _, _ = pick_section_and_tags(papers_json)
    papers = section_papers(papers_json, section["slug"])
    word = fold(papers[0]["title"]).split()[0]
    page.goto(section["page"] + "?h=unrelated#" + papers[0]["key"])
    wait_for_filters(page)
    before = page.evaluate("history.length")
    page.locator(".pl-filters input[type='search']").press_sequentially(word, delay=30)
    assert page.evaluate("history.length") == before
    url = urlsplit(page.url)
    assert parse_qs(url.query) == {"h": ["unrelated"], "text": [word]}
    assert url.fragment == papers[0]["key"]
    assert visible_keys(page) == expect_keys(papers, text=word)


def test_tag_page_hides_empty_groups(page, papers_json, artifacts):
    sections = {section["slug"]: section for section in papers_json["sections"]}
    by_tag: dict[str, list[dict]] = {}
    for paper in papers_json["papers"]:
        for tag in paper["tags"]:
            by_tag.setdefault(tag, []).append(paper)
    tag = max(by_tag, key=lambda t: (len({p["section"] for p in by_tag[t]}), t))
    papers = by_tag[tag]
    page.goto(f"tags/{tag}/")
    wait_for_filters(page)
    expect(page.locator(".pl-filters__count")).to_have_text(f"{len(papers)} of {len(papers)} papers")
    all_groups = page.eval_on_selector_all("[data-paper-list] > h2", "hs => hs.map(h => h.id)")
    assert set(all_groups) == {"in-" + p["section"] for p in papers}
    # The page's own tag is no chip: every paper has it.
    expect(chip(page, tag)).to_have_count(0)

    target = papers[-1]
    page.locator(".pl-filters input[type='search']").fill(target["title"])
    matching = expect_keys(papers, text=target["title"])
    assert target["key"] in matching
    assert sorted(visible_keys(page)) == sorted(matching)
    shown = page.eval_on_selector_all("[data-paper-list] > h2", "hs => hs.filter(h => !h.hidden).map(h => h.id)")
    assert set(shown) == {"in-" + p["section"] for p in papers if p["key"] in matching}
    assert len(shown) < len(all_groups)
    expect(page.locator(f"#in-{target['section']}")).to_contain_text(sections[target["section"]]["title"])
    page.screenshot(path=str(artifacts / "tag-page-filtered.png"), full_page=True)


def test_keyboard_reaches_and_operates_every_control(page, papers_json):
    section, tag_a, _ = pick_section_and_tags(papers_json)
    page.goto(section["page"] + f"?tag={tag_a}")  # Clear filters is shown only when something is filtered
    wait_for_filters(page)
    controls = page.eval_on_selector_all(
        ".pl-filters input, .pl-filters select, .pl-filters button:not([hidden])",
        "nodes => nodes.map(n => n.id || n.dataset.tag || n.dataset.filter || n.textContent)",
    )
    page.locator(".pl-filters input[type='search']").focus()
    reached = []
    for _ in range(len(controls) + 5):
        info = page.evaluate(
            """() => {
                const n = document.activeElement;
                const style = getComputedStyle(n);
                return {inBar: !!n.closest('.pl-filters'),
                        name: n.id || n.dataset.tag || n.dataset.filter || n.textContent,
                        outline: style.outlineStyle, width: parseFloat(style.outlineWidth)};
            }"""
        )
        if not info["inBar"]:
            break
        reached.append(info["name"])
        if info["name"] != controls[0]:  # the text field shows focus with its border colour
            assert info["outline"] != "none" and info["width"] >= 2, f"no visible focus on {info['name']}"
        page.keyboard.press("Tab")
    assert reached == controls

    # Space and Enter toggle a chip; the URL follows.
    other = page.locator(".pl-filters .pl-chip[data-tag][aria-pressed='false']").first
    slug = other.get_attribute("data-tag")
    other.focus()
    page.keyboard.press("Space")
    expect(chip(page, slug)).to_have_attribute("aria-pressed", "true")
    assert slug in parse_qs(urlsplit(page.url).query)["tag"]
    page.keyboard.press("Enter")
    expect(chip(page, slug)).to_have_attribute("aria-pressed", "false")
    # Arrow keys choose in a select.
    page.locator(".pl-filters select[data-filter='sort']").focus()
    page.keyboard.press("ArrowDown")
    assert parse_qs(urlsplit(page.url).query).get("sort") == ["newest"]
    # The count is announced politely.
    expect(page.locator(".pl-filters__count")).to_have_attribute("aria-live", "polite")


def test_without_javascript_every_card_shows_and_the_explorer_says_why(browser, site_url, papers_json):
    context, guard = guarded_context(browser, site_url, java_script_enabled=False)
    try:
        page = context.new_page()
        section, tag_a, _ = pick_section_and_tags(papers_json)
        papers = section_papers(papers_json, section["slug"])
        page.goto(section["page"] + f"?tag={tag_a}")
        expect(page.locator(".pl-filters")).to_be_hidden()
        expect(page.locator("[data-paper-list] .pl-card")).to_have_count(len(papers))
        assert len(visible_keys(page)) == len(papers)

        page.goto("explorer/")
        notice = page.locator(".pl-explorer")
        expect(notice).to_contain_text("The explorer needs JavaScript")
        links = page.eval_on_selector_all(".pl-explorer a", "links => links.map(a => a.href)")
        assert site_url + "papers.json" in links
        top_level = [s["page"] for s in papers_json["sections"] if len(s["path"]) == 1]
        assert {site_url + page_path for page_path in top_level} <= set(links)
    finally:
        context.close()
    guard.check()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_on_a_phone_the_bar_is_folded_and_papers_come_first(browser, site_url, papers_json, scheme):
    """At 390 px the bar is one "Filters" control that says how many filters are active; wide, it is open."""
    section, tag_a, _ = pick_section_and_tags(papers_json)
    total = len(section_papers(papers_json, section["slug"]))
    context, guard = guarded_context(browser, site_url, viewport={"width": 390, "height": 844}, color_scheme=scheme)
    try:
        page = context.new_page()
        page.goto(section["page"])
        wait_for_filters(page)
        toggle = page.locator(".pl-filters__toggle")
        expect(toggle).to_be_visible()
        expect(toggle).to_have_text("Filters")
        expect(page.locator(".pl-filters__form")).to_be_hidden()
        expect(page.locator("[data-paper-list] .pl-card").first).to_be_in_viewport()
        assert run_axe(page) == []
        toggle.click()
        chip(page, tag_a).click()
        expect(toggle).to_contain_text("1 active")
        expect(page.locator(".pl-filters__count")).not_to_have_text(f"{total} of {total} papers")
        page.set_viewport_size({"width": 1280, "height": 900})
        expect(toggle).to_be_hidden()
        expect(page.locator(".pl-filters__form")).to_be_visible()
        page.goto(section["page"])  # a wide screen opens the bar at once
        wait_for_filters(page)
        expect(page.locator(".pl-filters__form")).to_be_visible()
    finally:
        context.close()
    guard.check()
