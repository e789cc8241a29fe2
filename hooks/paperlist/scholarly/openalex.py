"""OpenAlex (open, no key): the works behind the list's DOIs and arXiv ids, with their citation counts.

A paper is matched by its DOI, or by its arXiv id through arXiv's DataCite DOI (10.48550/arXiv.<id>),
never by its title. `PAPERLIST_OPENALEX_API` (default https://api.openalex.org) replaces the service;
`PAPERLIST_OPENALEX_MAILTO` puts an address in the requests, which OpenAlex asks of heavy users.
"""

from __future__ import annotations

import os
import urllib.parse
from dataclasses import dataclass

from paperlist.links import is_web_url
from paperlist.model import Paper
from paperlist.scholarly.http import Answer, Http

OPENALEX_API = "https://api.openalex.org"
BATCH = 50  # DOIs in one filter: OpenAlex accepts up to 100 values joined by "|"
_WORK_ID = "https://openalex.org/W"


class OpenAlexError(Exception):
    """OpenAlex could not be asked, or answered something that is not a list of works."""


@dataclass(frozen=True)
class Work:
    id: str  # https://openalex.org/W...
    doi: str  # lower case, without https://doi.org/
    cited_by: int
    published_in: tuple[tuple[str, str, str], ...] = ()  # (venue, kind, DOI or page) of its published versions


def arxiv_doi(arxiv_id: str) -> str:
    return f"10.48550/arxiv.{arxiv_id}".lower()


def identifiers(paper: Paper) -> list[tuple[str, str]]:
    """("doi", ...) then ("arxiv", ...): the DOIs a paper may be known by, best first."""
    found = [("doi", paper.doi.lower())] if paper.doi else []
    return found + ([("arxiv", arxiv_doi(paper.arxiv))] if paper.arxiv else [])


def works_by_doi(dois: list[str], http: Http) -> dict[str, Work]:
    """OpenAlex's works for these DOIs, keyed by lower-case DOI; unknown DOIs are left out."""
    base = (os.environ.get("PAPERLIST_OPENALEX_API") or OPENALEX_API).rstrip("/")
    mailto = os.environ.get("PAPERLIST_OPENALEX_MAILTO", "")
    found: dict[str, Work] = {}
    unique = list(dict.fromkeys(doi.lower() for doi in dois))
    for start in range(0, len(unique), BATCH):
        batch = unique[start : start + BATCH]
        query = {
            "filter": "doi:" + "|".join(batch),
            "per-page": str(len(batch)),
            "select": "id,doi,cited_by_count,locations",
        }
        if mailto:
            query["mailto"] = mailto
        answer = http.get(f"{base}/works?{urllib.parse.urlencode(query)}", headers={"Accept": "application/json"})
        if answer.status != 200:
            raise OpenAlexError(f"OpenAlex answered {answer.status or answer.error} for {len(batch)} DOIs")
        for work in parse_works(answer):
            if work.doi in batch:
                found[work.doi] = work
    return found


def parse_works(answer: Answer) -> list[Work]:
    """The works of an OpenAlex `/works` answer; a work without a proper id, DOI or count is skipped."""
    data = answer.json_object()
    if data is None:
        raise OpenAlexError("OpenAlex sent a malformed answer (not a JSON object)")
    results = data.get("results")
    if not isinstance(results, list):
        raise OpenAlexError("OpenAlex sent a malformed answer (no list of `results`)")
    return [work for item in results if (work := _work(item)) is not None]


def _work(item: object) -> Work | None:
    if not isinstance(item, dict):
        return None
    work_id, doi, count = item.get("id"), item.get("doi"), item.get("cited_by_count")
    if not isinstance(work_id, str) or not work_id.startswith(_WORK_ID) or not is_web_url(work_id):
        return None
    if not isinstance(doi, str) or not isinstance(count, int) or isinstance(count, bool) or count < 0:
        return None
    doi = doi.lower().removeprefix("https://doi.org/")
    return Work(work_id, doi, count, _published_locations(item.get("locations")))


def _published_locations(locations: object) -> tuple[tuple[str, str, str], ...]:
    """Journal and conference versions among a work's locations (an arXiv work merged with its paper)."""
    found = []
    for location in locations if isinstance(locations, list) else []:
        source = location.get("source") if isinstance(location, dict) else None
        if not isinstance(source, dict) or source.get("type") not in ("journal", "conference"):
            continue
        venue, page = source.get("display_name"), location.get("landing_page_url")
        if isinstance(venue, str) and venue.strip() and isinstance(page, str) and is_web_url(page):
            found.append((" ".join(venue.split()), source["type"], page))
    return tuple(found)
