"""Page bodies from the catalog, through autoescaped Jinja templates under `overrides/paperlist/`.

A generated page is its front matter and an HTML body. The body is finished HTML: a site generator
puts it into the page as it is, without a Markdown pass (at 10,000 papers Python-Markdown took longer
to re-read the cards than everything else together). Written out as Markdown (`markdown`), the body is
one raw HTML block that Markdown leaves alone. Nothing from the data is ever evaluated as Jinja: it is
only passed to templates as values, which autoescape.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import re
from dataclasses import dataclass
from pathlib import Path

import jinja2
import markupsafe
import yaml

from paperlist.catalog import Catalog, tag_counts
from paperlist.cite import CITE_STYLE_NAME, cite_as
from paperlist.exports import paper_bibtex, recent_papers
from paperlist.health.records import CitationCount, Health
from paperlist.health.stats import link_health
from paperlist.links import is_web_url
from paperlist.model import Paper, Section
from paperlist.paging import Paging, paging
from paperlist.references import coins
from paperlist.stats import stats_charts

NEW_WINDOW = dt.timedelta(days=90)
# A tag page shows its papers' cards up to this many; a larger tag shows its sections with counts (each
# opening the section filtered by the tag) and its newest papers. A card is then written once per paper
# and section, not once more per tag: at 10,000 papers the largest tag page was 10 MB of HTML.
TAG_CARDS_LIMIT = 200
NEWEST_LIMIT = 10  # papers listed as "recently added" on group pages and large tag pages


@dataclass(frozen=True)
class GeneratedPage:
    path: str  # e.g. "first-stage/dense/hard-negatives/index.md"
    meta: dict  # front matter: title, description, what the theme hides, search options
    html: str  # the body, finished HTML
    edit_path: str = ""  # repository path a contributor edits for this page
    in_nav: bool = True  # pages 2, 3... of a section are reached from its first page, not from the sidebar

    @property
    def front_matter(self) -> str:
        # The theme writes the title and description into <title>, <meta> and the header without escaping.
        meta = {k: html.escape(v) if k in ("title", "description") else v for k, v in self.meta.items()}
        return "---\n" + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=1000) + "---\n"

    @property
    def markdown(self) -> str:
        """The page as a Markdown file: front matter and the body as one raw HTML block."""
        return f"{self.front_matter}\n{self.html}\n"


class Renderer:
    def __init__(self, catalog: Catalog, templates: Path, pages: Paging | None = None, health: Health | None = None):
        self.catalog = catalog
        self.health = health or Health()
        self.paging = pages or paging(catalog)
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(templates)),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=False,
        )
        self.env.filters["safe_url"] = safe_url
        self.new_keys = new_paper_keys(catalog)
        self.tag_names = {tag.slug: tag.name for tag in catalog.tags}
        # What a card depends on besides its paper: the template, the tags' names, the sections' titles.
        self._card_context = hashlib.blake2b(
            repr(
                (self.env.loader.get_source(self.env, "card.html")[0], self.tag_names, _section_titles(catalog))
            ).encode(),
            digest_size=16,
        ).digest()
        self._cards_used: dict[tuple, markupsafe.Markup] = {}

    def pages(self) -> list[GeneratedPage]:
        pages = [page for node in self.catalog.all_sections() for page in self.section_pages(node)]
        pages.append(self.tags_index())
        pages += [self.tag_page(tag.slug) for tag in self.catalog.tags]
        pages.append(self.stats_page())
        _cards.clear()  # keep this build's cards only: memory stays bounded over a long `mkdocs serve`
        _cards.update(self._cards_used)
        return pages

    # -- pages -------------------------------------------------------------------------------

    def section_pages(self, node: Section) -> list[GeneratedPage]:
        """A section's page; a leaf with more papers than a page holds has pages 2, 3... after it."""
        papers = self.catalog.papers_in(node.slug)
        count = self.paging.page_count(node.slug)
        common = {
            "node": node,
            "papers": papers,
            "page_count": count,
            "children": [(child, len(self.catalog.papers_in(child.slug))) for child in node.children],
            "breadcrumbs": [self.catalog.section(slug) for slug in node.path[:-1]],
            # a group page lists its subsections, not their cards: these instead
            "newest": [] if node.is_leaf else recent_papers(papers, NEWEST_LIMIT),
        }
        # A leaf page is its .bib file; a phase or group page is its title and description in the taxonomy.
        edit_path = f"papers/{node.bib_path}" if node.is_leaf else "papers/taxonomy.yml"
        pages = []
        for number, shown in self.paging.pages(node):
            path = self.paging.page_path(node.slug, number) + "index.md"
            first = (number - 1) * self.paging.page_size + 1
            context = common | {"page_number": number, "shown": shown, "first": first, "last": first + len(shown) - 1}
            body = self._render("section.html", path, **context)
            title = node.title if number == 1 else f"{node.title} (page {number} of {count})"
            meta = {"title": title, "description": _summary(node.description), "hide": ["toc"]}
            pages.append(GeneratedPage(path, meta, body, edit_path, in_nav=number == 1))
        return pages

    def tags_index(self) -> GeneratedPage:
        path = "tags/index.md"
        counts = tag_counts(self.catalog)
        tags = sorted(self.catalog.tags, key=lambda t: (-counts[t.slug], t.name.lower()))
        body = self._render("tags-index.html", path, tags=tags, counts=counts)
        meta = {"title": "Tags", "description": "Every tag of the list with its number of papers.", "hide": ["toc"]}
        return GeneratedPage(path, meta, body, "papers/tags.yml")

    def tag_page(self, slug: str) -> GeneratedPage:
        path = f"tags/{slug}/index.md"
        tag = self.catalog.tag(slug)
        by_section: dict[str, list[Paper]] = {}
        for paper in self.catalog.papers:
            if slug in paper.tags:
                by_section.setdefault(paper.section, []).append(paper)
        groups = [(leaf, by_section[leaf.slug]) for leaf in self.catalog.leaves() if leaf.slug in by_section]
        papers = [paper for _, section_papers in groups for paper in section_papers]
        show_cards = len(papers) <= TAG_CARDS_LIMIT
        newest = [] if show_cards else recent_papers(papers, NEWEST_LIMIT)
        context = {"tag": tag, "groups": groups, "count": len(papers), "show_cards": show_cards, "newest": newest}
        body = self._render("tag.html", path, **context)
        meta = {
            "title": f"Tag: {tag.name}",
            "description": tag.description,
            "hide": ["toc"],
        }
        return GeneratedPage(path, meta, body, "papers/tags.yml")

    def stats_page(self) -> GeneratedPage:
        path = "stats/index.md"
        body = self._render(
            "stats.html",
            path,
            charts=stats_charts(self.catalog),
            link_health=link_health(self.catalog, self.health.links),
            citations=self.health.citations,
        )
        meta = {"title": "Statistics", "description": "Papers per year, venue and section, and share with code."}
        return GeneratedPage(path, meta, body)

    def overview(self, page_path: str) -> str:
        """HTML cards of the top-level sections with their counts, for the home page."""
        phases = [(node, len(self.catalog.papers_in(node.slug))) for node in self.catalog.sections]
        return self._render("overview.html", page_path, phases=phases)

    def recent_list(self, limit: int, page_path: str) -> str:
        """HTML of the most recently added papers, for the home page (through macros)."""
        return self._render("recent.html", page_path, papers=recent_papers(self.catalog.papers, limit))

    # -- helpers -----------------------------------------------------------------------------

    def _render(self, template: str, page_path: str, **context) -> str:
        root = "../" * page_path.count("/")
        html = self.env.get_template(template).render(
            root=root,
            catalog=self.catalog,
            card=lambda paper, home=None: self.card(paper, root, home),
            section_url=lambda slug: root + self.catalog.section(slug).url_path,
            page_url=lambda slug, number: root + self.paging.page_path(slug, number),
            paper_url=lambda slug, key: root + self.paging.paper_url(slug, key),
            tag_names=self.tag_names,
            **context,
        )
        return _one_block(html)

    def card(self, paper: Paper, root: str, home: str | None) -> markupsafe.Markup:
        """A paper's card. On its own section's page (`home`) its heading carries the anchor, so
        search indexes each paper once; elsewhere the card itself carries it."""
        owns_anchor = home == paper.section
        is_new = paper.key in self.new_keys
        # A card depends only on these: a paper on several tag pages (same depth) is rendered once per build,
        # and an unchanged paper is not rendered again when `mkdocs serve` rebuilds after an edit.
        places = tuple(self.paging.paper_url(slug, paper.key) for slug in paper.sections)  # "Listed in" links
        marks, cited = self.health.marks(paper.key), self.health.citation(paper.key)
        key = (paper, root, owns_anchor, is_new, places, tuple(marks.values()), cited, self._card_context)
        card = self._cards_used.get(key) or _cards.get(key)
        if card is None:
            card = self._render_card(paper, root, owns_anchor, is_new, marks, cited)
        self._cards_used[key] = card
        return card

    def _render_card(
        self, paper: Paper, root: str, owns_anchor: bool, is_new: bool, marks: dict, cited: CitationCount | None
    ) -> markupsafe.Markup:
        template = self.env.get_template("card.html")
        return markupsafe.Markup(
            template.render(  # already escaped by the autoescaping template
                paper=paper,
                root=root,
                owns_anchor=owns_anchor,
                is_new=is_new,
                bibtex=paper_bibtex(paper),
                coins=coins(paper),
                cite_as=cite_as(paper),
                cite_style=CITE_STYLE_NAME,
                paper_url=lambda slug, key: root + self.paging.paper_url(slug, key),
                section_title=lambda slug: self.catalog.section(slug).title,
                tag_names=self.tag_names,
                marks=marks,
                cited=cited,
            )
        )


# Cards by paper and context, kept from one build to the next in the same process (`mkdocs serve`)
_cards: dict[tuple, markupsafe.Markup] = {}


def _section_titles(catalog: Catalog) -> tuple[tuple[str, str, str], ...]:
    return tuple((node.slug, node.title, node.url_path) for node in catalog.all_sections())


def new_paper_keys(catalog: Catalog) -> frozenset[str]:
    """Papers added within 90 days before the newest entry's date, relative to the data so that
    builds are reproducible. The first batch of the list (its oldest date) is never "new"."""
    dates = [paper.added for paper in catalog.papers]
    if not dates or min(dates) == max(dates):
        return frozenset()
    oldest, newest = min(dates), max(dates)
    return frozenset(p.key for p in catalog.papers if p.added > oldest and p.added >= newest - NEW_WINDOW)


def safe_url(url: str) -> str:
    """Only http(s) URLs reach an href; anything else becomes an inert fragment."""
    return url if is_web_url(url) else "#"


def _one_block(html: str) -> str:
    """Drop blank lines so Markdown treats the whole body as one raw HTML block."""
    return "\n".join(line for line in html.splitlines() if line.strip())


def _summary(text: str, limit: int = 160) -> str:
    if len(text) <= limit:
        return text
    return re.sub(r"\s+\S*$", "", text[:limit]) + "…"
