"""What the explorer page reads: a small index of every paper's filter values, and the papers in parts.

At 10,000 papers the whole `papers.json` is 19 MB, and a phone with the CPU slowed 4× took 3 s to
show the explorer's first rows from it. The index (`explorer/index.json`, 281 kB there, 44 kB
compressed) has, for each paper in list order, only what the filters count: sections, tags, year,
venue, code, citations. With it the page shows its counts for any filters at once, then fetches only the parts
(`explorer/papers-N.json`, PART_SIZE papers each) that hold the rows it shows. The other parts
follow in the background; the text search, the title sort and the downloads wait for them.
"""

from __future__ import annotations

import json

from paperlist.catalog import Catalog
from paperlist.health.records import Health
from paperlist.model import Paper
from paperlist.paging import Paging

FORMAT = "pretrained-ir-papers-explorer/1"
INDEX = "explorer/index.json"
TO_ROOT = "../"  # from the index's folder to the site's root
EXPORTS = {"bibtex": "papers.bib", "ris": "papers.ris", "csl": "papers.csl.json"}  # what the downloads read
PART_SIZE = 250  # the first part holds the unfiltered first rows (100) with room to spare
# A part's papers are arrays in this order (the index names them), to keep parts small to parse.
ROW_FIELDS = ("key", "title", "model", "author_text", "venue_text", "key_idea", "url", "page", "code", "cited_by_date")


def part_path(number: int) -> str:
    """The site path of part `number` (1-based)."""
    return f"explorer/papers-{number}.json"


def explorer_files(catalog: Catalog, pages: Paging, health: Health) -> dict[str, str]:
    """Site path -> JSON text: the index, then each part."""
    papers = catalog.papers
    parts = [papers[start : start + PART_SIZE] for start in range(0, len(papers), PART_SIZE)]
    files = {INDEX: _dump(_index(catalog, health, len(parts)))}
    for number, part in enumerate(parts, start=1):
        files[part_path(number)] = _dump({"papers": [_row(paper, pages, health) for paper in part]})
    return files


def _index(catalog: Catalog, health: Health, part_count: int) -> dict:
    sections = catalog.all_sections()
    section_number = {node.slug: i for i, node in enumerate(sections)}
    tag_number = {tag.slug: i for i, tag in enumerate(catalog.tags)}
    venues = sorted({paper.venue for paper in catalog.papers if paper.venue})
    venue_number = {venue: i for i, venue in enumerate(venues)}
    papers = catalog.papers
    return {
        "format": FORMAT,
        "count": len(papers),
        "part_size": PART_SIZE,
        # relative to this file, like every URL in it
        "parts": [part_path(number).removeprefix("explorer/") for number in range(1, part_count + 1)],
        "fields": list(ROW_FIELDS),
        "exports": {name: TO_ROOT + path for name, path in EXPORTS.items()},
        "sections": [{"slug": node.slug, "title": node.title, "path": list(node.path)} for node in sections],
        "tags": [{"slug": tag.slug, "name": tag.name} for tag in catalog.tags],
        "venues": venues,
        # One list per filter, with a value for each paper in list order.
        "filters": {
            "sections": [[section_number[slug] for slug in paper.sections] for paper in papers],
            "tags": [[tag_number[slug] for slug in paper.tags] for paper in papers],
            "year": [paper.year for paper in papers],
            "venue": [venue_number[paper.venue] if paper.venue else None for paper in papers],
            "code": [1 if paper.code else 0 for paper in papers],
            "cited": [_cited(paper, health) for paper in papers],
        },
    }


def _cited(paper: Paper, health: Health) -> int | None:
    cited = health.citation(paper.key)
    return cited.cited_by if cited else None


def _row(paper: Paper, pages: Paging, health: Health) -> list:
    cited = health.citation(paper.key)
    values = {
        "key": paper.key,
        "title": paper.title,
        "model": paper.model,
        "author_text": paper.author_text,
        "venue_text": paper.venue_text,
        "key_idea": paper.key_idea,
        "url": paper.url,
        "page": TO_ROOT + pages.paper_url(paper.section, paper.key),
        "code": [{"repo": link.repo, "url": link.url, "official": link.official} for link in paper.code],
        "cited_by_date": cited.fetched if cited else None,
    }
    return [values[name] for name in ROW_FIELDS]


def _dump(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"
