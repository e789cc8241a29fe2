"""What search finds, read from the built Pagefind index: one record per paper at its card, the pages
people wrote after them, nothing of the cards' BibTeX, references or COinS, and no lunr index."""

from __future__ import annotations

import pytest

from conftest import REPO
from pagefind_fragments import by_link, fragments
from paperlist.catalog import load_catalog
from paperlist.paging import paging
from paperlist.search.pagefind_index import _indexed_pages, record_html, write_search_index
from paperlist.search.records import SearchRecord, page_record
from paperlist.search.site_index import hand_written_urls


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(REPO)


def test_one_record_per_paper_at_its_card(built_site, catalog):
    pages = paging(catalog)
    records = by_link(built_site)
    papers = [fragment for fragment in fragments(built_site) if fragment["filters"].get("kind") == ["paper"]]
    assert len(papers) == len(catalog.papers)
    for paper in catalog.papers:
        record = records[pages.paper_url(paper.section, paper.key)]
        assert record["meta"]["title"] == paper.title
        assert record["meta"]["authors"] == paper.author_text
        assert record["meta"]["venue"] == paper.venue_text
        assert record["meta"]["section"] == catalog.section(paper.section).title
    colbert = records["first-stage/dense/late-interaction/#khattab2020colbert"]
    assert "Omar Khattab" in colbert["content"] and "late interaction" in colbert["content"].lower()


def test_cards_bibtex_references_and_coins_are_not_indexed(built_site):
    for fragment in fragments(built_site):
        if fragment["filters"].get("kind") != ["paper"]:
            continue  # the curation notes may well quote BibTeX
        text = fragment["content"]
        assert "@inproceedings" not in text and "@misc" not in text and "ctx_ver" not in text, fragment["meta"]
        assert "Copy BibTeX" not in text and "Cite as" not in text


def test_hand_written_pages_and_sections_are_found_after_the_papers(built_site, catalog):
    pages = {link: f for link, f in by_link(built_site).items() if "kind" not in f["filters"]}
    assert {"", "contributing/", "curation-notes/", "performance/"} <= set(pages)
    assert "explorer/" not in pages  # its front matter: search: {exclude: true}
    assert {node.url_path for node in catalog.all_sections()} <= set(pages)
    assert pages["contributing/"]["meta"]["title"] == "Contributing"
    assert "What belongs in the list" in pages["contributing/"]["content"]
    assert "¶" not in pages["contributing/"]["content"]


def test_no_lunr_index_is_shipped_and_only_what_search_js_needs(built_site):
    assert not (built_site / "search").exists()
    shipped = {path.name for path in (built_site / "pagefind").iterdir()}
    assert {"pagefind.js", "pagefind-entry.json", "pagefind-worker.js", "wasm.en.pagefind"} <= shipped
    assert not any(name.startswith(("pagefind-ui", "pagefind-component-ui", "pagefind-modular-ui")) for name in shipped)
    assert "search_index" not in (built_site / "index.html").read_text(encoding="utf-8")


def test_a_record_cannot_add_markup_to_what_pagefind_reads():
    hostile = SearchRecord(
        'x/#k"><script>alert(1)</script>', "<img src=x onerror=alert(1)>", {"title": '"><b>t</b>'}, kind="paper"
    )
    text = record_html(hostile)
    assert "<script>" not in text and "<img" not in text and "<b>" not in text
    assert "&lt;img src=x onerror=alert(1)&gt;" in text


def test_the_pages_people_wrote_are_found_by_their_urls(tmp_path):
    docs = tmp_path / "docs"
    for name in ("index.md", "contributing.md", "guide/index.md", "guide/more.md", "assets/x.md", "tool.md"):
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text("x")
    (docs / "tool.md").write_text("---\ntitle: Tool\nsearch:\n  exclude: true\n---\n\n# Tool\n")
    assert hand_written_urls(docs) == ["contributing/", "guide/", "guide/more/", ""]
    built = '<h1 id="t">Title<a class="headerlink" href="#t">¶</a></h1>'
    page = f'<html><body><nav>menu</nav><article class="md-content__inner md-typeset">{built}<p>Body text</p>'
    page += "<script>var x = 1;</script></article><footer>foot</footer></body></html>"
    record = page_record("guide/", page)
    assert record == SearchRecord("guide/", "Title Body text", {"title": "Title"}, kind="page")
    assert page_record("empty/", "<html><body><p>no article</p></body></html>") is None


def test_the_index_is_whole_when_the_build_goes_on(tmp_path):
    """Every file of the index is complete once write_search_index returns: the entry file parses and counts
    every record, and a second write (not from the cache) gives the same bytes."""
    records = [SearchRecord(f"paper-{n}/#k{n}", f"words of paper {n}", {"title": f"Paper {n}"}) for n in range(40)]
    first, second = tmp_path / "first", tmp_path / "second"
    report = write_search_index(records, first)
    write_search_index(records, second)
    assert report.records == 40 and _indexed_pages(first / "pagefind") == 40
    files = sorted(p.relative_to(first).as_posix() for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second).as_posix() for p in second.rglob("*") if p.is_file())
    assert all((first / name).read_bytes() == (second / name).read_bytes() for name in files)
    assert all((first / name).stat().st_size > 0 for name in files)


def test_an_entry_file_that_is_empty_or_cut_short_counts_no_page(tmp_path):
    entry = tmp_path / "pagefind-entry.json"
    for text in ("", '{"version": "1.5.2", "languages": {"en": {"page_c', '{"languages": []}'):
        entry.write_text(text, encoding="utf-8")
        assert _indexed_pages(tmp_path) == 0


def test_a_cached_index_that_is_incomplete_is_written_again(tmp_path):
    """A build that copied the cache while another was filling it would ship a broken search: the copy is
    checked, and the cache is filled whole or not at all."""
    records = [SearchRecord(f"paper-{n}/#k{n}", f"words of paper {n}", {"title": f"Paper {n}"}) for n in range(12)]
    cache = tmp_path / "cache"
    write_search_index(records, tmp_path / "first", cache)
    (entry,) = cache.glob("search-*/pagefind-entry.json")
    entry.write_text("", encoding="utf-8")  # as a half-done copy would leave it
    write_search_index(records, tmp_path / "second", cache)
    assert _indexed_pages(tmp_path / "second" / "pagefind") == 12
    assert _indexed_pages(entry.parent) == 12
    assert [path.name for path in cache.iterdir()] == [entry.parent.name]  # no partial copy left behind
