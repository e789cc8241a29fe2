"""Citation counts of the list's papers from OpenAlex, matched by DOI or arXiv id only."""

from __future__ import annotations

import datetime as dt

from paperlist.catalog import Catalog
from paperlist.health.records import CitationCount, Citations
from paperlist.scholarly.http import Http
from paperlist.scholarly.openalex import identifiers, works_by_doi


def fetch_citations(catalog: Catalog, http: Http | None = None, today: dt.date | None = None) -> Citations:
    """A count for every paper OpenAlex knows by the paper's DOI, else by its arXiv id; the others have none.
    Raises `OpenAlexError` when OpenAlex cannot be asked: then no data is written at all."""
    http = http or Http(per_host=1)
    wanted = {paper.key: identifiers(paper) for paper in catalog.papers}
    works = works_by_doi([doi for ids in wanted.values() for _, doi in ids], http)
    fetched = (today or dt.date.today()).isoformat()
    counts = {}
    for key, ids in wanted.items():
        match = next(((kind, works[doi]) for kind, doi in ids if doi in works), None)
        if match:
            kind, work = match
            counts[key] = CitationCount(work.cited_by, work.id, kind, fetched)
    return Citations("OpenAlex", fetched, counts)
