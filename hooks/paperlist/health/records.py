"""The list's health as data in the repository: the link report and the citation counts.

Both files are written by the weekly workflow (`paperlist links`, `paperlist citations`) and read by
every build; neither is needed: without them the site says that no check has run yet. Their content
came from remote services, so it is checked again on reading: an unknown status, a non-http(s) URL or a
count that is not a number stops the build with the file's name and what to do.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass
from functools import cached_property
from pathlib import Path

from paperlist.links import is_web_url
from paperlist.model import Location
from paperlist.problems import DataError, Problem

LINKS_FILE = "data/links.json"
CITATIONS_FILE = "data/citations.json"
PUBLISHED_FILE = "data/published.json"
FORMAT = 1
STATUSES = ("ok", "redirected", "dead", "archived", "missing", "unreachable")
MARKED = ("dead", "archived", "missing")  # the states a card shows next to the link
# Fields of an entry whose URLs are checked, with the link they make on a card.
LINK_FIELDS = ("url", "doi", "code", "unofficialcode", "homepage", "seealso")


@dataclass(frozen=True)
class LinkRecord:
    key: str
    field: str
    url: str
    status: str
    checked: str  # YYYY-MM-DD
    final_url: str = ""  # where a redirect or a renamed repository leads
    http_status: int = 0  # the last HTTP status seen; 0 when none came
    archive_url: str = ""  # the Wayback Machine's copy of a dead link
    note: str = ""  # why, in a few words (rate limited, timed out...)


@dataclass(frozen=True)
class LinkReport:
    checked: str
    links: tuple[LinkRecord, ...]


@dataclass(frozen=True)
class CitationCount:
    cited_by: int
    work: str  # the OpenAlex work, https://openalex.org/W...
    matched_by: str  # "doi" or "arxiv"
    fetched: str  # YYYY-MM-DD


@dataclass(frozen=True)
class Citations:
    source: str
    fetched: str
    counts: dict[str, CitationCount]  # paper key -> count


@dataclass(frozen=True)
class Health:
    """What the last checks found, for the pages: either part is None until its check has run."""

    links: LinkReport | None = None
    citations: Citations | None = None

    def citation(self, key: str) -> CitationCount | None:
        return self.citations.counts.get(key) if self.citations else None

    def marks(self, key: str) -> dict[str, LinkRecord]:
        """A paper's links that a reader should be warned about (dead, archived, missing), by URL."""
        return self._marks.get(key, {})

    @cached_property
    def _marks(self) -> dict[str, dict[str, LinkRecord]]:
        found: dict[str, dict[str, LinkRecord]] = {}
        for record in self.links.links if self.links else ():
            if record.status in MARKED:
                found.setdefault(record.key, {})[record.url] = record
        return found


def load_health(root: Path) -> Health:
    return Health(load_link_report(root), load_citations(root))


# -- writing ---------------------------------------------------------------------------------


def write_link_report(path: Path, report: LinkReport) -> None:
    data = {"format": FORMAT, "checked": report.checked, "links": [_compact(asdict(r)) for r in report.links]}
    _write_json(path, data)


def write_citations(path: Path, citations: Citations) -> None:
    counts = {key: asdict(count) for key, count in sorted(citations.counts.items())}
    _write_json(path, {"format": FORMAT, "source": citations.source, "fetched": citations.fetched, "papers": counts})


def _compact(record: dict) -> dict:
    return {name: value for name, value in record.items() if value not in ("", 0) or name == "status"}


def _write_json(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


# -- reading ---------------------------------------------------------------------------------


def load_link_report(root: Path) -> LinkReport | None:
    """The last link report, or None when no check has run; raises `DataError` when it is malformed."""
    data = _read(root, LINKS_FILE)
    if data is None:
        return None
    checked = _date(data.get("checked"), LINKS_FILE, "checked")
    items = data.get("links")
    if not isinstance(items, list):
        raise _error(LINKS_FILE, "`links` is not a list of records")
    return LinkReport(checked, tuple(_link_record(item, n) for n, item in enumerate(items, 1)))


def load_citations(root: Path) -> Citations | None:
    """The stored citation counts, or None when none were fetched; raises `DataError` when malformed."""
    data = _read(root, CITATIONS_FILE)
    if data is None:
        return None
    fetched = _date(data.get("fetched"), CITATIONS_FILE, "fetched")
    papers = data.get("papers")
    if not isinstance(papers, dict):
        raise _error(CITATIONS_FILE, "`papers` is not an object of paper keys")
    counts = {str(key): _citation(key, value) for key, value in papers.items()}
    return Citations(str(data.get("source") or "OpenAlex"), fetched, counts)


def _read(root: Path, name: str) -> dict | None:
    path = root / name
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise _error(name, f"is not JSON ({error})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise _error(name, f"is not a format-{FORMAT} file of paperlist")
    return data


def _link_record(item: object, number: int) -> LinkRecord:
    where = f"record {number}"
    if not isinstance(item, dict):
        raise _error(LINKS_FILE, f"{where} is not an object")
    text = {name: item.get(name, "") for name in ("key", "field", "url", "status", "final_url", "archive_url", "note")}
    if not all(isinstance(value, str) for value in text.values()):
        raise _error(LINKS_FILE, f"{where}: key, field, url, status, final_url, archive_url and note must be text")
    if text["status"] not in STATUSES:
        raise _error(LINKS_FILE, f"{where}: status {text['status']!r} is not one of {', '.join(STATUSES)}")
    if text["field"] not in LINK_FIELDS:
        raise _error(LINKS_FILE, f"{where}: field {text['field']!r} is not one of {', '.join(LINK_FIELDS)}")
    for name in ("url", "final_url", "archive_url"):
        if text[name] and not is_web_url(text[name]):
            raise _error(LINKS_FILE, f"{where}: {name} is not an http(s) URL")
    http_status = item.get("http_status", 0)
    if not isinstance(http_status, int) or isinstance(http_status, bool) or not 0 <= http_status < 1000:
        raise _error(LINKS_FILE, f"{where}: http_status is not an HTTP status code")
    checked = _date(item.get("checked"), LINKS_FILE, f"{where}: checked")
    return LinkRecord(checked=checked, http_status=http_status, **text)


def _citation(key: object, value: object) -> CitationCount:
    where = f"paper {key!r}"
    if not isinstance(value, dict):
        raise _error(CITATIONS_FILE, f"{where} is not an object")
    count = value.get("cited_by")
    if not isinstance(count, int) or isinstance(count, bool) or count < 0:
        raise _error(CITATIONS_FILE, f"{where}: cited_by is not a count")
    work = value.get("work")
    if not isinstance(work, str) or not is_web_url(work):
        raise _error(CITATIONS_FILE, f"{where}: work is not the http(s) URL of an OpenAlex work")
    matched_by = value.get("matched_by")
    if matched_by not in ("doi", "arxiv"):
        raise _error(CITATIONS_FILE, f"{where}: matched_by must be doi or arxiv")
    return CitationCount(count, work, matched_by, _date(value.get("fetched"), CITATIONS_FILE, f"{where}: fetched"))


def _date(value: object, name: str, what: str) -> str:
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value).isoformat()
        except ValueError:
            pass
    raise _error(name, f"{what} is not a date (YYYY-MM-DD)")


def _error(name: str, message: str) -> DataError:
    command = "paperlist links" if name == LINKS_FILE else "paperlist citations"
    return DataError([Problem(Location(name, 1), f"{name} {message}", f"run `{command}` again, or delete the file")])
