"""Has a preprint of the list been published? Proposals with their evidence, for a person to approve.

Three open sources are asked: the arXiv API (the authors' journal reference and DOI), OpenAlex (journal
or conference versions merged with the arXiv work) and Crossref (a journal article or proceedings paper
with the same title and first author). Nothing here edits an entry.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import urllib.parse
from dataclasses import asdict, dataclass
from pathlib import Path

from paperlist.catalog import Catalog, normalized_title
from paperlist.model import Paper
from paperlist.scholarly.http import Answer, Http
from paperlist.scholarly.metadata import ARXIV_API, CROSSREF_API, FetchError, parse_arxiv_feed
from paperlist.scholarly.openalex import OpenAlexError, arxiv_doi, works_by_doi

ARXIV_BATCH = 50
PUBLISHED_TYPES = {"journal-article": "journal article", "proceedings-article": "proceedings paper"}


@dataclass(frozen=True)
class Evidence:
    source: str  # arXiv, OpenAlex or Crossref
    url: str  # where a person can see it
    detail: str  # what it says, e.g. "journal reference: SIGIR 2021"
    doi: str = ""


@dataclass(frozen=True)
class Proposal:
    key: str
    arxiv: str
    title: str
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class PublishedReport:
    checked: str
    proposals: tuple[Proposal, ...]
    unavailable: tuple[str, ...]  # sources that could not be asked, and why


def preprints(catalog: Catalog) -> list[Paper]:
    return [paper for paper in catalog.papers if paper.venue == "arXiv" and paper.arxiv]


def find_published_versions(
    catalog: Catalog, http: Http | None = None, today: dt.date | None = None
) -> PublishedReport:
    http = http or Http(per_host=1)
    papers = preprints(catalog)
    found: dict[str, list[Evidence]] = {paper.key: [] for paper in papers}
    unavailable = []
    for source, ask in (("arXiv", _from_arxiv), ("OpenAlex", _from_openalex), ("Crossref", _from_crossref)):
        try:
            for key, evidence in ask(papers, http):
                found[key].append(evidence)
        except (FetchError, OpenAlexError) as error:
            unavailable.append(f"{source}: {error}")
    proposals = tuple(
        Proposal(paper.key, paper.arxiv, paper.title, tuple(found[paper.key])) for paper in papers if found[paper.key]
    )
    return PublishedReport((today or dt.date.today()).isoformat(), proposals, tuple(unavailable))


def write_published(path: Path, report: PublishedReport) -> None:
    data = {"format": 1, **asdict(report)}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def load_published(path: Path) -> PublishedReport | None:
    """The proposals `write_published` wrote, or None; raises ValueError for a file it did not write."""
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        proposals = tuple(
            Proposal(str(p["key"]), str(p["arxiv"]), str(p["title"]), tuple(_evidence(e) for e in p["evidence"]))
            for p in data["proposals"]
        )
        return PublishedReport(str(data["checked"]), proposals, tuple(str(text) for text in data["unavailable"]))
    except (UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError, AttributeError) as error:
        raise ValueError(f"{path} is not a report of `paperlist published` ({type(error).__name__}: {error})") from None


def _evidence(item: dict) -> Evidence:
    return Evidence(str(item["source"]), str(item["url"]), str(item["detail"]), str(item.get("doi", "")))


def _from_arxiv(papers: list[Paper], http: Http):
    base = os.environ.get("PAPERLIST_ARXIV_API") or ARXIV_API
    keys = {paper.arxiv: paper.key for paper in papers}
    ids = list(keys)
    for start in range(0, len(ids), ARXIV_BATCH):
        batch = ids[start : start + ARXIV_BATCH]
        query = urllib.parse.urlencode({"id_list": ",".join(batch), "max_results": len(batch)})
        answer = http.get(f"{base}?{query}")
        if answer.status != 200:
            raise FetchError(f"the arXiv API answered {answer.status or answer.error}")
        for found in parse_arxiv_feed(answer.body):
            if found.arxiv in keys and (found.journal_ref or found.doi):
                detail = f"journal reference: {found.journal_ref}" if found.journal_ref else "the authors give a DOI"
                yield keys[found.arxiv], Evidence("arXiv", found.url, detail, found.doi.lower())


def _from_openalex(papers: list[Paper], http: Http):
    works = works_by_doi([arxiv_doi(paper.arxiv) for paper in papers], http)
    for paper in papers:
        work = works.get(arxiv_doi(paper.arxiv))
        for venue, kind, page in work.published_in if work else ():
            doi = page.lower().split("doi.org/", 1)[1] if "doi.org/10." in page.lower() else ""
            yield paper.key, Evidence("OpenAlex", page, f"{kind} version in {venue} ({work.id})", doi)


def _from_crossref(papers: list[Paper], http: Http):
    base = (os.environ.get("PAPERLIST_CROSSREF_API") or CROSSREF_API).rstrip("/")
    for paper in papers:
        family = paper.authors[0].split()[-1] if paper.authors else ""
        query = {"query.bibliographic": paper.title, "rows": "5", "select": "DOI,title,type,container-title,author"}
        if family:
            query["query.author"] = family
        answer = http.get(f"{base}?{urllib.parse.urlencode(query)}", headers={"Accept": "application/json"})
        if answer.status != 200:
            raise FetchError(f"the Crossref API answered {answer.status or answer.error}")
        for item in _crossref_items(answer):
            if _same_paper(item, paper, family):
                kind = PUBLISHED_TYPES[item["type"]]
                venue = item["container-title"][0] if item.get("container-title") else "an unnamed venue"
                doi = item["DOI"].lower()
                yield paper.key, Evidence("Crossref", f"https://doi.org/{doi}", f"{kind} in {venue}", doi)


def _crossref_items(answer: Answer) -> list[dict]:
    data = answer.json_object()
    if data is None:
        raise FetchError("the Crossref API sent a malformed answer (not a JSON object)")
    message = data.get("message")
    items = message.get("items") if isinstance(message, dict) else None
    if not isinstance(items, list):
        raise FetchError("the Crossref API sent a malformed answer (no list of items)")
    return [item for item in items if isinstance(item, dict)]


def _same_paper(item: dict, paper: Paper, family: str) -> bool:
    """The same title (normalized) and first author's family name, as a published type with a DOI."""
    titles, authors = item.get("title"), item.get("author")
    if item.get("type") not in PUBLISHED_TYPES or not isinstance(item.get("DOI"), str):
        return False
    if not isinstance(titles, list) or not titles or not isinstance(titles[0], str):
        return False
    containers = item.get("container-title")
    if containers is not None and not (isinstance(containers, list) and all(isinstance(c, str) for c in containers)):
        return False
    first = authors[0] if isinstance(authors, list) and authors and isinstance(authors[0], dict) else {}
    same_author = normalized_title(str(first.get("family", ""))) == normalized_title(family)
    return same_author and normalized_title(titles[0]) == normalized_title(paper.title)
