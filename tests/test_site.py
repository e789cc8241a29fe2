"""The real site built with --strict: pages, cards, search index, exports, feed, edit links."""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import REPO, build_site, copy_project
from htmltree import nav_paths
from pagefind_fragments import by_link
from paperlist.bibfile import read_bib_text
from paperlist.catalog import Catalog, load_catalog
from paperlist.citation import citation_fields
from paperlist.fields import STANDARD_FIELDS

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(REPO)


class Cards(HTMLParser):
    """Collects paper cards (their attributes and links) and every id of a page."""

    def __init__(self):
        super().__init__()
        self.cards: list[dict] = []
        self.ids: list[str] = []
        self.heads: list[dict] = []
        self._in_card = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if tag in ("link", "script") and self._in_card == 0:
            self.heads.append({"tag": tag, **attrs})
        if tag == "article" and "pl-card" in attrs.get("class", ""):
            self.cards.append({"attrs": attrs, "links": [], "heading_id": None})
            self._in_card = 1
        elif self._in_card:
            if tag == "a":
                self.cards[-1]["links"].append(attrs.get("href"))
            if tag == "h3":
                self.cards[-1]["heading_id"] = attrs.get("id")

    def handle_endtag(self, tag):
        if tag == "article" and self._in_card:
            self._in_card = 0


def parse(path: Path) -> Cards:
    parser = Cards()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_every_section_page_exists_in_nav_order(built_site, catalog):
    """The sidebar is pruned (navigation.prune): a page lists the top level and the branch it is in."""
    for node in catalog.all_sections():
        assert (built_site / node.url_path / "index.html").exists(), node.url_path
    for page_path, nodes in [("", catalog.sections)] + [(n.url_path, n.children) for n in catalog.all_sections()]:
        listed = nav_paths(built_site, page_path)
        positions = [listed.index(node.url_path) for node in nodes]
        assert positions == sorted(positions), f"the sidebar of /{page_path} lists its sections in the taxonomy's order"


def test_cards_on_each_leaf_page_equal_its_entries(built_site, catalog):
    for leaf in catalog.leaves():
        page = parse(built_site / leaf.url_path / "index.html")
        keys = [card["attrs"]["data-key"] for card in page.cards]
        assert keys == [paper.key for paper in catalog.papers_in(leaf.slug)], leaf.slug
        for card, paper in zip(page.cards, catalog.papers_in(leaf.slug), strict=True):
            assert card["links"][0] == paper.url
            for link in paper.code:
                assert link.url in card["links"]
            assert page.ids.count(paper.key) == 1, "one anchor per card, equal to the key"
            owns = paper.section == leaf.slug
            assert (card["heading_id"] == paper.key) is owns
            assert (card["attrs"].get("id") == paper.key) is not owns


def test_group_pages_list_subsections_with_counts(built_site, catalog):
    for node in catalog.all_sections():
        if node.is_leaf:
            continue
        html = (built_site / node.url_path / "index.html").read_text()
        for child in node.children:
            count = len(catalog.papers_in(child.slug))
            assert f"{count} paper{'s' if count != 1 else ''}" in html
            assert child.title.replace("&", "&amp;") in html


def test_papers_bib_reparses_to_the_same_entries(built_site, catalog):
    entries, problems = read_bib_text((built_site / "papers.bib").read_text(), "papers.bib")
    assert problems == []
    assert [e.key for e in entries] == [p.key for p in catalog.papers]
    for entry, paper in zip(entries, catalog.papers, strict=True):
        source = dict(paper.fields)
        assert entry.fields == citation_fields(paper.entry_type, source)
        assert {name: entry.fields[name] for name in STANDARD_FIELDS if name in source} == {
            name: value for name, value in source.items() if name in STANDARD_FIELDS
        }, f"{paper.key}: a standard field was lost or changed on the way to papers.bib"
        assert entry.entry_type == paper.entry_type


def test_section_bib_downloads(built_site, catalog):
    for leaf in catalog.leaves():
        html = (built_site / leaf.url_path / "index.html").read_text()
        assert f'href="{leaf.slug}.bib"' in html
        entries, problems = read_bib_text((built_site / leaf.url_path / f"{leaf.slug}.bib").read_text(), "x")
        assert problems == [] and [e.key for e in entries] == [p.key for p in catalog.papers_in(leaf.slug)]


def test_papers_json(built_site, catalog):
    data = json.loads((built_site / "papers.json").read_text())
    assert data["format"] == "pretrained-ir-papers/1"
    assert [p["key"] for p in data["papers"]] == [p.key for p in catalog.papers]
    slugs = {s["slug"] for s in data["sections"]}
    tags = {t["slug"] for t in data["tags"]}
    for record in data["papers"]:
        assert set(record["sections"]) <= slugs and set(record["tags"]) <= tags
        assert record["title"] and "{" not in record["title"]
        assert record["url"].startswith(("http://", "https://"))
        assert record["page"].endswith("#" + record["key"])
        assert record["bibtex"].startswith("@")
        for link in record["code"]:
            assert link["url"].startswith("https://") and "/" in link["repo"]
    hofstaetter = [r for r in data["papers"] if any("Hofstätter" in a for a in r["authors"])]
    assert hofstaetter, "authors are decoded for display"


def test_feed_is_atom_newest_first(built_site, catalog):
    root = ET.parse(built_site / "feed.xml").getroot()
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    assert 0 < len(entries) <= 50
    updated = [e.find(f"{ATOM}updated").text for e in entries]
    assert updated == sorted(updated, reverse=True)
    assert root.find(f"{ATOM}updated").text == updated[0]
    for entry in entries:
        assert entry.find(f"{ATOM}title").text
        assert entry.find(f"{ATOM}id").text.startswith("https://")
    head = (built_site / "first-stage" / "dense" / "hard-negatives" / "index.html").read_text()
    assert re.search(r'<link rel="alternate" type="application/atom\+xml"[^>]*href="[^"]*feed\.xml"', head)


def test_edit_buttons_point_at_the_section_file(built_site, catalog):
    for node in catalog.all_sections():
        html = (built_site / node.url_path / "index.html").read_text()
        target = f"papers/{node.bib_path}" if node.is_leaf else "papers/taxonomy.yml"
        assert f"/edit/main/{target}" in html, node.slug
    assert "/edit/main/papers/tags.yml" in (built_site / "tags" / "distillation" / "index.html").read_text()


def test_home_page_numbers_come_from_the_data(built_site, catalog):
    html = (built_site / "index.html").read_text()
    assert f"<strong>{len(catalog.papers)}</strong> papers" in html
    assert f"<strong>{sum(p.has_code for p in catalog.papers)}</strong> with code" in html
    assert "{{" not in html and "{%" not in html
    for root in catalog.sections:
        assert f'href="{root.url_path}"' in html


def test_tag_pages_and_index(built_site, catalog):
    index = (built_site / "tags" / "index.html").read_text()
    for tag in catalog.tags:
        count = sum(tag.slug in p.tags for p in catalog.papers)
        assert re.search(rf'href="\.\./tags/{tag.slug}/">[^<]*</a> <span class="pl-count">{count}</span>', index)
        page = parse(built_site / "tags" / tag.slug / "index.html")
        assert sorted(c["attrs"]["data-key"] for c in page.cards) == sorted(
            p.key for p in catalog.papers if tag.slug in p.tags
        )


def test_no_third_party_resources(built_site):
    for path in built_site.rglob("*.html"):
        for element in parse(path).heads:
            url = element.get("href") or element.get("src") or ""
            assert not re.match(r"(https?:)?//", url) or "ir-papers.github.io" in url, (path, url)


@pytest.fixture(scope="module")
def tricky_site(tmp_path_factory) -> Path:
    """A copy of the project with one legitimate but tricky entry added."""
    project = copy_project(tmp_path_factory.mktemp("tricky"))
    bib = project / "papers" / "surveys.bib"
    bib.write_text(
        bib.read_text() + "\n@misc{tricky2024less,\n"
        "  title          = {Less is {MORE}: {$\\alpha$-NDCG} <b>\\&</b> {{BERT}} for {R}etrieval},\n"
        '  author         = {Fran{\\c{c}}ois M{\\"u}ller and others},\n'
        "  year           = {2024},\n"
        "  venue          = {arXiv},\n"
        "  url            = {https://example.org/paper.pdf},\n"
        "  keyidea        = {\\{\\{ config \\}\\} and \\{\\% raw \\%\\} stay text},\n"
        "  tags           = {survey},\n"
        "  added          = {2026-11-26}\n"
        "}\n"
    )
    site = project / "site"
    result = build_site(project, site)
    assert result.returncode == 0, result.stderr
    return site


def test_tricky_title_is_escaped_and_brace_free(tricky_site):
    html = (tricky_site / "surveys" / "index.html").read_text()
    assert "Less is MORE: α-NDCG &lt;b&gt;&amp;&lt;/b&gt; BERT for Retrieval" in html
    assert "François Müller et al." in html
    assert "{{ config }} and {% raw %} stay text" in html
    assert "<b>&</b>" not in html
    record = by_link(tricky_site)["surveys/#tricky2024less"]  # what search shows, as text (search.js)
    assert record["meta"]["title"] == "Less is MORE: α-NDCG <b>&</b> BERT for Retrieval"


def test_new_mark_is_relative_to_the_data(tricky_site):
    page = parse(tricky_site / "surveys" / "index.html")
    new = {card["attrs"]["data-key"]: "pl-card--new" in card["attrs"]["class"] for card in page.cards}
    first_batch = {paper.key for paper in load_catalog(REPO).papers if paper.added == dt.date(2026, 11, 25)}
    assert new["tricky2024less"] and first_batch & set(new)
    wrong = [key for key, is_new in new.items() if is_new == (key in first_batch)]
    assert wrong == [], "only entries after the first batch and within 90 days of the newest are new"


def test_bad_data_stops_the_build_with_located_messages(tmp_path):
    project = copy_project(tmp_path / "bad")
    bib = project / "papers" / "surveys.bib"
    bib.write_text(bib.read_text().replace("  year           = {2021},", "  year           = {2021a},", 1))
    line = next(i for i, text in enumerate(bib.read_text().splitlines(), 1) if "{2021a}" in text)
    for strict in (True, False):
        result = build_site(project, project / "site", strict=strict)
        assert result.returncode != 0
        assert f"papers/surveys.bib:{line}:" in result.stderr and "is not a four-digit year" in result.stderr
        assert not (project / "site" / "index.html").exists()
