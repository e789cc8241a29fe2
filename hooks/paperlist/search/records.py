"""What search finds: a record per paper, linking to its card, and one per page a person wrote.

A paper's record holds what a reader types (title, model, authors, key idea, venue, year, tags,
section, arXiv id) and shows what a result needs (title, authors, venue and year, section). The
BibTeX, references and COinS of cards are not in it. Pages come after papers in the results: their
records carry the filter `kind: page`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

from paperlist.catalog import Catalog
from paperlist.paging import Paging


@dataclass(frozen=True)
class SearchRecord:
    url: str  # relative to the site's root, e.g. "first-stage/dense/hard-negatives/#karpukhin2020dense"
    content: str
    meta: dict[str, str] = field(hash=False)
    kind: str = "paper"  # or "page"


def paper_records(catalog: Catalog, pages: Paging) -> list[SearchRecord]:
    tag_names = {tag.slug: tag.name for tag in catalog.tags}
    records = []
    for paper in catalog.papers:
        section = catalog.section(paper.section).title
        words = [
            paper.title,
            paper.model,
            *paper.authors,
            paper.key_idea,
            paper.venue_text,
            *(tag_names[tag] for tag in paper.tags),
            section,
            paper.arxiv,
        ]
        meta = {"title": paper.title, "authors": paper.author_text, "venue": paper.venue_text, "section": section}
        if paper.model:
            meta["model"] = paper.model
        url = pages.paper_url(paper.section, paper.key)
        records.append(SearchRecord(url, " ".join(word for word in words if word), meta))
    return records


def section_records(catalog: Catalog) -> list[SearchRecord]:
    """Each section's page, found by its title and description (after the papers)."""
    return [
        SearchRecord(node.url_path, f"{node.title}. {node.description}", {"title": node.title}, kind="page")
        for node in catalog.all_sections()
    ]


def page_record(url: str, page_html: str) -> SearchRecord | None:
    """A built page's record: its main text (Material's article, without its scripts and edit button)."""
    text = _ArticleText()
    text.feed(page_html)
    title = " ".join(text.title.replace("¶", "").split())  # without the headings' permalinks
    body = " ".join(" ".join(text.parts).replace("¶", "").split())
    if not body:
        return None
    return SearchRecord(url, body, {"title": title or url}, kind="page")


class _ArticleText(HTMLParser):
    """The text inside <article class="md-content__inner ...">, and the page's <h1>."""

    SKIP = frozenset({"script", "style", "svg", "button", "template"})

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title = ""
        self._depth = 0  # open elements inside the article, the article included
        self._skip = 0
        self._in_h1 = False

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        if self._depth:
            self._depth += tag not in _VOID
            self._skip += tag in self.SKIP
            self._in_h1 = self._in_h1 or tag == "h1"
        elif tag == "article" and "md-content__inner" in classes:
            self._depth = 1

    def handle_endtag(self, tag):
        if not self._depth or tag in _VOID:
            return
        self._skip -= tag in self.SKIP and self._skip > 0
        self._in_h1 = self._in_h1 and tag != "h1"
        self._depth -= 1

    def handle_data(self, data):
        if self._depth and not self._skip:
            self.parts.append(data)
            if self._in_h1:
                self.title += data


_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
