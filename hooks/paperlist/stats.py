"""Numbers about the list, for the home page and the statistics page's charts."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from paperlist.catalog import Catalog


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    total: int = 0  # for shares: value out of total
    href: str = ""  # site path relative to the root, e.g. "tags/x/"


@dataclass(frozen=True)
class Chart:
    slug: str
    title: str
    caption: str
    bars: tuple[Bar, ...]
    unit: str = "papers"
    heading: str = "Year"  # what a bar stands for, as a table column heading

    @property
    def maximum(self) -> int:
        return max((bar.total or bar.value for bar in self.bars), default=0) or 1


def summary(catalog: Catalog) -> dict:
    """Headline numbers (plain values, safe to pass to mkdocs-macros)."""
    papers = catalog.papers
    years = [p.year for p in papers if p.year]
    return {
        "papers": len(papers),
        "with_code": sum(1 for p in papers if p.has_code),
        "sections": len(catalog.leaves()),
        "tags": len(catalog.tags),
        "venues": len({p.venue for p in papers if p.venue}),
        "first_year": min(years, default=0),
        "last_year": max(years, default=0),
        "newest_added": str(catalog.newest_date() or ""),
    }


def stats_charts(catalog: Catalog) -> list[Chart]:
    papers = catalog.papers
    by_year = Counter(p.year for p in papers if p.year)
    code_by_year = Counter(p.year for p in papers if p.year and p.has_code)
    years = range(min(by_year, default=0), max(by_year, default=-1) + 1)
    by_venue = Counter(p.venue for p in papers if p.venue)
    with_code = sum(1 for p in papers if p.has_code)
    return [
        Chart(
            "per-year",
            "Papers per year",
            "Number of papers by year of the listed version.",
            tuple(Bar(str(year), by_year[year]) for year in years),
        ),
        Chart(
            "code-per-year",
            "Papers with code, per year",
            f"{with_code} of {len(papers)} papers ({_percent(with_code, len(papers))}) link to code.",
            tuple(Bar(str(year), code_by_year[year], by_year[year]) for year in years),
            unit="with code",
        ),
        Chart(
            "per-venue",
            "Papers per venue",
            "Venues ordered by number of papers; arXiv counts preprints without a published version.",
            tuple(Bar(venue, count) for venue, count in sorted(by_venue.items(), key=lambda kv: (-kv[1], kv[0]))),
            heading="Venue",
        ),
        Chart(
            "per-section",
            "Papers per section",
            "Each section counts its own papers and those cross-listed into it.",
            tuple(Bar(leaf.title, len(catalog.papers_in(leaf.slug)), href=leaf.url_path) for leaf in catalog.leaves()),
            heading="Section",
        ),
    ]


def _percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)} %" if whole else "0 %"
