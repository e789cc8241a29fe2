"""A section's cards on pages of at most `PAGE_SIZE` papers, and the page each paper's card is on.

Measured at 10,000 papers: the largest section had 764 papers, 2.4 MB of HTML on one page. Pages of
200 keep every page under about 0.7 MB. Every link to a paper (search, "Listed in", the recent lists,
papers.json, the feed) goes through `paper_url`, so it finds the card on whichever page it is.
"""

from __future__ import annotations

from dataclasses import dataclass

from paperlist.catalog import Catalog
from paperlist.model import Section

PAGE_SIZE = 200


@dataclass(frozen=True)
class Paging:
    catalog: Catalog
    page_size: int
    _page_of: dict[tuple[str, str], int]  # (leaf slug, paper key) -> page number, from 1
    _counts: dict[str, int]  # leaf slug -> its number of pages

    def page_count(self, slug: str) -> int:
        return self._counts.get(slug, 1)

    def pages(self, node: Section) -> list[tuple[int, tuple]]:
        """A leaf's pages: (number, its papers), in order. A group page is one page, without cards."""
        papers = self.catalog.papers_in(node.slug) if node.is_leaf else ()
        size = self.page_size
        return [(start // size + 1, papers[start : start + size]) for start in range(0, len(papers), size)] or [
            (1, papers)
        ]

    def page_path(self, slug: str, number: int) -> str:
        """The URL path of page `number` of a section: the section's own for the first, then `2/`, `3/`..."""
        base = self.catalog.section(slug).url_path
        return base if number == 1 else f"{base}{number}/"

    def paper_url(self, slug: str, key: str) -> str:
        """Where a paper's card is among the pages of section `slug` (its own or one it is cross-listed in)."""
        return self.page_path(slug, self._page_of.get((slug, key), 1)) + "#" + key


def paging(catalog: Catalog, page_size: int | None = None) -> Paging:
    size = page_size or PAGE_SIZE
    page_of: dict[tuple[str, str], int] = {}
    counts: dict[str, int] = {}
    for leaf in catalog.leaves():
        papers = catalog.papers_in(leaf.slug)
        counts[leaf.slug] = max(1, -(-len(papers) // size))
        for index, paper in enumerate(papers):
            page_of[(leaf.slug, paper.key)] = index // size + 1
    return Paging(catalog, size, page_of, counts)
