"""Files published with the site: BibTeX, JSON and the Atom feed. Deterministic: no build time."""

from __future__ import annotations

import datetime as dt
import functools
import json
from xml.sax.saxutils import escape, quoteattr

from paperlist.bibformat import format_entry
from paperlist.catalog import Catalog
from paperlist.citation import citation_fields
from paperlist.cite import cite_as
from paperlist.health.records import Health
from paperlist.model import Paper
from paperlist.paging import Paging
from paperlist.references import csl_item, ris_record

FEED_SIZE = 50


def paper_bibtex(paper: Paper) -> str:
    """The entry as a reader cites it (standard fields only), as on its card and in papers.bib."""
    return _citation_bibtex(paper.entry_type, paper.key, paper.fields)


# Keyed by value: each entry is formatted once per build though its card, papers.json, papers.bib and
# its section's .bib all show it; under `mkdocs serve` an unchanged entry is not formatted again.
@functools.lru_cache(maxsize=65_536)
def _citation_bibtex(entry_type: str, key: str, fields: tuple[tuple[str, str], ...]) -> str:
    return format_entry(entry_type, key, citation_fields(entry_type, dict(fields)))


def bibtex_export(papers: tuple[Paper, ...] | list[Paper]) -> str:
    return "\n".join(paper_bibtex(paper) for paper in papers)


def ris_export(papers: tuple[Paper, ...] | list[Paper]) -> str:
    """RIS for EndNote, Mendeley and Zotero: one record per paper."""
    return "\n".join(ris_record(paper) for paper in papers)


def csl_json_export(papers: tuple[Paper, ...] | list[Paper]) -> str:
    """CSL-JSON for Zotero and pandoc/citeproc: a list of items."""
    # One item per line: a third smaller than indented, and a diff still shows which paper changed.
    return "[\n" + ",\n".join(json.dumps(csl_item(paper), ensure_ascii=False) for paper in papers) + "\n]\n"


def paper_record(paper: Paper, catalog: Catalog, pages: Paging) -> dict:
    """One paper as plain data, decoded for display, with everything a client needs."""
    return {
        "key": paper.key,
        "type": paper.entry_type,
        "title": paper.title,
        "authors": list(paper.authors),
        "more_authors": paper.more_authors,
        "author_text": paper.author_text,
        "year": paper.year,
        "venue": paper.venue,
        "track": paper.track,
        "workshop": paper.workshop,
        "award": paper.award,
        "venue_text": paper.venue_text,
        "url": paper.url,
        "pdf": paper.pdf_url,
        "arxiv": paper.arxiv,
        "doi": paper.doi,
        "code": [
            {"url": link.url, "label": link.label, "official": link.official, "repo": link.repo} for link in paper.code
        ],
        "homepage": paper.homepage,
        "see_also": [{"url": link.url, "label": link.label} for link in paper.see_also],
        "model": paper.model,
        "key_idea": paper.key_idea,
        "abstract": paper.abstract,
        "tags": list(paper.tags),
        "added": paper.added.isoformat(),
        "section": paper.section,
        "sections": list(paper.sections),
        "page": pages.paper_url(paper.section, paper.key),
        "bibtex": paper_bibtex(paper),
        "cite_as": cite_as(paper),
    }


def json_export(catalog: Catalog, pages: Paging, health: Health | None = None) -> str:
    health = health or Health()
    data = {
        "format": "pretrained-ir-papers/1",
        "sections": [
            {
                "slug": node.slug,
                "title": node.title,
                "path": list(node.path),
                "page": node.url_path,
                "leaf": node.is_leaf,
            }
            for node in catalog.all_sections()
        ],
        "tags": [{"slug": tag.slug, "name": tag.name, "description": tag.description} for tag in catalog.tags],
        "papers": [_with_citations(paper_record(paper, catalog, pages), health) for paper in catalog.papers],
    }
    # Compact: with `indent`, Python's json falls back to its pure-Python encoder (twice as slow).
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def _with_citations(record: dict, health: Health) -> dict:
    """`cited_by` and the day it was counted, for the papers OpenAlex knows (none before the first fetch)."""
    cited = health.citation(record["key"])
    return record | {"cited_by": cited.cited_by, "cited_by_date": cited.fetched} if cited else record


def recent_papers(papers: tuple[Paper, ...] | list[Paper], limit: int) -> list[Paper]:
    """The most recently added first; papers added the same day keep their order in `papers`."""
    order = {paper.key: i for i, paper in enumerate(papers)}
    return sorted(papers, key=lambda p: (-p.added.toordinal(), order[p.key]))[:limit]


def atom_feed(catalog: Catalog, pages: Paging, site_url: str, title: str) -> str:
    """An Atom feed of the most recently added papers; `updated` comes from the data."""
    base = site_url.rstrip("/") + "/"
    newest = catalog.newest_date() or dt.date(1970, 1, 1)
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        f"  <title>{escape(title)} – recently added papers</title>",
        f"  <id>{escape(base)}feed.xml</id>",
        f'  <link rel="self" href={quoteattr(base + "feed.xml")}/>',
        f'  <link rel="alternate" href={quoteattr(base)}/>',
        f"  <updated>{newest.isoformat()}T00:00:00Z</updated>",
    ]
    for paper in recent_papers(catalog.papers, FEED_SIZE):
        page = base + pages.paper_url(paper.section, paper.key)
        # the id stays when the paper moves to another page of its section
        permanent = base + catalog.section(paper.section).url_path + "#" + paper.key
        summary = " — ".join(part for part in (paper.author_text, paper.venue_text, paper.key_idea) if part)
        lines += [
            "  <entry>",
            f"    <title>{escape(paper.title)}</title>",
            f"    <id>{escape(permanent)}</id>",
            f'    <link rel="alternate" href={quoteattr(page)}/>',
            *([f'    <link rel="related" href={quoteattr(paper.url)}/>'] if paper.url else []),
            f"    <updated>{paper.added.isoformat()}T00:00:00Z</updated>",
            *(f"    <author><name>{escape(name)}</name></author>" for name in paper.authors or ("unknown",)),
            *(f"    <category term={quoteattr(tag)}/>" for tag in paper.tags),
            f"    <summary>{escape(summary)}</summary>",
            "  </entry>",
        ]
    lines.append("</feed>")
    return "\n".join(lines) + "\n"
