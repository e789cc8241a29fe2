"""The exports for reference managers, read by their real consumers: COinS spans parse back (standard OpenURL
KEV parsing) to the card's facts, RIS files through rispy, CSL-JSON through citeproc-py (a CSL processor)."""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs

import pytest
import rispy
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON

from conftest import REPO
from paperlist.catalog import Catalog, load_catalog
from paperlist.references import names, parse_name

HARVARD = Path(__import__("citeproc").__file__).parent / "data" / "styles" / "harvard-cite-them-right.csl"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(REPO)


class CoinsSpans(HTMLParser):
    """The COinS spans of a page, with the card (data-key) each one is in."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.spans: dict[str, str] = {}
        self.hidden: dict[str, bool] = {}
        self._card = ""

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "article" and attributes.get("data-key"):
            self._card = attributes["data-key"]
        if tag == "span" and "Z3988" in (attributes.get("class") or "").split():
            self.spans[self._card] = attributes.get("title") or ""
            self.hidden[self._card] = "aria-hidden" in attributes


def test_every_card_has_a_coins_span_that_parses_back_to_its_facts(built_site, catalog):
    seen = {}
    for leaf in catalog.leaves():
        parser = CoinsSpans()
        parser.feed((built_site / leaf.url_path / "index.html").read_text(encoding="utf-8"))
        assert set(parser.spans) == {paper.key for paper in catalog.papers_in(leaf.slug)}, leaf.slug
        assert all(parser.hidden.values()), f"{leaf.slug}: a COinS span is read out by screen readers"
        seen |= parser.spans
    for paper in catalog.papers:
        kev = parse_qs(seen[paper.key], strict_parsing=True)
        assert kev["ctx_ver"] == ["Z39.88-2004"]
        title = kev.get("rft.atitle") or kev.get("rft.title")
        assert title == [paper.title], paper.key
        people = kev.get("rft.au") or kev.get("rft.creator") or []
        assert len(people) == len(names(paper)), f"{paper.key}: every author"
        if paper.year:
            assert kev["rft.date"][0].startswith(str(paper.year))
        if paper.entry_type in ("inproceedings", "article"):
            genre = "proceeding" if paper.entry_type == "inproceedings" else "article"
            assert kev["rft.jtitle"][0] and kev["rft.genre"] == [genre], paper.key
        if paper.doi:
            assert f"info:doi/{paper.doi}" in kev["rft_id"]
        if paper.arxiv:
            assert f"info:arxiv/{paper.arxiv}" in kev["rft_id"]


def test_ris_files_are_read_by_rispy_with_every_author(built_site, catalog):
    files = {"papers.ris": list(catalog.papers)}
    files |= {f"{leaf.url_path}{leaf.slug}.ris": list(catalog.papers_in(leaf.slug)) for leaf in catalog.leaves()}
    for name, papers in files.items():
        records = rispy.loads((built_site / name).read_text(encoding="utf-8"))
        assert [record["id"] for record in records] == [paper.key for paper in papers], name
        for record, paper in zip(records, papers, strict=True):
            assert record["title"] == paper.title
            assert record.get("authors", []) == [n.inverted for n in names(paper)], paper.key
            if paper.year:
                assert record["year"] == str(paper.year)
            if paper.entry_type in ("inproceedings", "article"):
                assert record["secondary_title"], f"{paper.key}: its venue"


def test_csl_json_is_rendered_by_a_csl_processor_with_every_author(built_site, catalog):
    files = {"papers.csl.json": list(catalog.papers)}
    files |= {f"{leaf.url_path}{leaf.slug}.csl.json": list(catalog.papers_in(leaf.slug)) for leaf in catalog.leaves()}
    style = CitationStylesStyle(str(HARVARD), validate=False)
    for name, papers in files.items():
        items = json.loads((built_site / name).read_text(encoding="utf-8"))
        assert [item["id"] for item in items] == [paper.key for paper in papers], name
        bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
        for item in items:
            bibliography.register(Citation([CitationItem(item["id"])]))
        rendered = {key: str(text) for key, text in zip(bibliography.keys, bibliography.bibliography(), strict=True)}
        by_key = {item["id"]: item for item in items}
        for paper in papers:
            item, reference = by_key[paper.key], rendered[paper.key.lower()]
            kept = [author.get("literal") or author["family"] for author in item.get("author", [])]
            assert kept == [name_.literal or name_.family for name_ in names(paper)], f"{paper.key}: every author"
            first = kept[0] if kept else paper.title  # Harvard shortens 4 or more authors to "et al."
            assert first in reference and str(paper.year or "") in reference, f"{paper.key}: {reference}"
            assert item.get("container-title", "") in reference, f"{paper.key}: venue missing in {reference}"


CITE_TEXT = re.compile(
    r'<article class="pl-card[^"]*"[^>]*data-key="([^"]+)".*?<p class="pl-cite__text"[^>]*>(.*?)</p>', re.S
)


def test_cite_as_is_rendered_by_the_csl_processor_and_the_same_on_cards_and_in_papers_json(built_site, catalog):
    records = {r["key"]: r for r in json.loads((built_site / "papers.json").read_text(encoding="utf-8"))["papers"]}
    csl = {item["id"]: item for item in json.loads((built_site / "papers.csl.json").read_text(encoding="utf-8"))}
    style = CitationStylesStyle(str(HARVARD), validate=False)
    for leaf in catalog.leaves():
        page = (built_site / leaf.url_path / "index.html").read_text(encoding="utf-8")
        cards = {key: html.unescape(text) for key, text in CITE_TEXT.findall(page)}
        assert set(cards) == {paper.key for paper in catalog.papers_in(leaf.slug)}, leaf.slug
        for key, text in cards.items():
            assert text == records[key]["cite_as"], key
    for paper in catalog.papers:
        record = records[paper.key]
        bibliography = CitationStylesBibliography(style, CiteProcJSON([csl[paper.key]]), formatter.plain)
        bibliography.register(Citation([CitationItem(paper.key)]))
        assert record["cite_as"] == " ".join(str(bibliography.bibliography()[0]).split())  # what the processor says
        authors = names(paper)
        leading = (authors[0].literal or authors[0].family) if authors else paper.title
        assert leading in record["cite_as"], paper.key
        assert not paper.year or str(paper.year) in record["cite_as"], paper.key


def test_names_split_the_bibtex_way():
    assert parse_name("Khattab, Omar") == parse_name("Omar Khattab")
    assert parse_name("Marie-Catherine de Marneffe").family == "de Marneffe"
    assert parse_name("{Facebook AI Research}").literal == "Facebook AI Research"
    assert parse_name('Sebastian Hofst{\\"a}tter').family == "Hofstätter"


def test_exports_carry_no_markup_that_could_run(built_site):
    for name in ("papers.ris", "papers.csl.json"):
        assert not re.search(r"<script|javascript:", (built_site / name).read_text(encoding="utf-8"), re.I)
