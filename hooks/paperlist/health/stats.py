"""The "Link health" part of the Statistics page: the last link report, counted by status and section."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from paperlist.catalog import Catalog
from paperlist.health.records import MARKED, STATUSES, LinkRecord, LinkReport


@dataclass(frozen=True)
class SectionHealth:
    slug: str
    title: str
    counts: tuple[int, ...]  # per status, in STATUSES order


@dataclass(frozen=True)
class LinkHealth:
    checked: str
    statuses: tuple[str, ...]
    totals: tuple[int, ...]
    sections: tuple[SectionHealth, ...]
    warnings: tuple[tuple[LinkRecord, str], ...]  # dead links, archived or missing repositories; with section


def link_health(catalog: Catalog, report: LinkReport | None) -> LinkHealth | None:
    """None until a link report exists; links of papers no longer in the list are left out."""
    if report is None:
        return None
    section_of = {paper.key: paper.section for paper in catalog.papers}
    records = [record for record in report.links if record.key in section_of]
    by_section: dict[str, Counter[str]] = {}
    for record in records:
        by_section.setdefault(section_of[record.key], Counter())[record.status] += 1
    totals = Counter(record.status for record in records)
    sections = tuple(
        SectionHealth(leaf.slug, leaf.title, tuple(by_section[leaf.slug][status] for status in STATUSES))
        for leaf in catalog.leaves()
        if leaf.slug in by_section
    )
    warnings = tuple((record, section_of[record.key]) for record in records if record.status in MARKED)
    return LinkHealth(report.checked, STATUSES, tuple(totals[status] for status in STATUSES), sections, warnings)
