"""Paper metadata from the arXiv API (Atom) and the Crossref REST API (JSON), standard library only.

Base URLs come from the environment so that tests (or a mirror) can replace them:
`PAPERLIST_ARXIV_API` (default https://export.arxiv.org/api/query) and `PAPERLIST_CROSSREF_API`
(default https://api.crossref.org/works); `PAPERLIST_HTTP_TIMEOUT` is in seconds (default 20).
Every failure (offline, timeout, HTTP error, malformed answer, unknown id) raises `FetchError`
with a message for people.
"""

from __future__ import annotations

import html
import http.client
import json
import os
import re
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from paperlist.links import ARXIV_ID, DOI, is_web_url

ARXIV_API = "https://export.arxiv.org/api/query"
CROSSREF_API = "https://api.crossref.org/works"
USER_AGENT = "paperlist-add/1.0 (+https://github.com/ir-papers/pretrained-models-for-ir)"
MAX_BYTES = 5_000_000
_ATOM = "{http://www.w3.org/2005/Atom}"
_ARXIV = "{http://arxiv.org/schemas/atom}"
_ARXIV_INPUT = re.compile(r"^(?:arxiv:|https?://arxiv\.org/(?:abs|pdf)/)?(.+?)(?:v\d+)?(?:\.pdf)?$", re.I)
_DOI_INPUT = re.compile(r"^(?:doi:|https?://(?:dx\.)?doi\.org/)?(10\.\S+)$", re.I)


class FetchError(Exception):
    """The metadata could not be had; nothing was changed."""


@dataclass(frozen=True)
class Author:
    given: str
    family: str

    @property
    def full(self) -> str:
        return " ".join(part for part in (self.given, self.family) if part)


@dataclass(frozen=True)
class Metadata:
    """What an API says about a paper, as plain text (not yet BibTeX)."""

    source: str  # "arXiv" or "Crossref"
    kind: str  # "arxiv" or "doi"
    title: str
    authors: tuple[Author, ...]
    year: str
    url: str
    arxiv: str = ""
    doi: str = ""
    abstract: str = ""
    primary_class: str = ""
    venue_names: tuple[str, ...] = ()  # Crossref: container title, short title, event name and acronym
    work_type: str = ""  # Crossref's `type`, e.g. proceedings-article
    container: str = ""
    pages: str = ""
    publisher: str = ""
    address: str = ""  # Crossref's publisher-location, as ACM's own BibTeX gives it
    volume: str = ""
    issue: str = ""
    month: int = 0  # 1-12 when the source gives the month of publication
    isbn: str = ""
    note: str = ""  # arXiv's journal reference or comment, shown to the contributor
    journal_ref: str = ""  # arXiv's journal reference alone: where the authors say it was published


def parse_identifier(text: str) -> tuple[str, str]:
    """("arxiv", "2004.04906") or ("doi", "10.1145/...") from an id, DOI or their URLs."""
    text = text.strip()
    doi = _DOI_INPUT.match(text)
    if doi and DOI.match(doi.group(1)):
        return "doi", doi.group(1)
    arxiv = _ARXIV_INPUT.match(text)
    if arxiv and ARXIV_ID.match(arxiv.group(1)):
        return "arxiv", arxiv.group(1)
    raise FetchError(f"{text!r} is neither an arXiv id (e.g. 2004.04906) nor a DOI (e.g. 10.1145/3397271.3401075)")


def fetch(kind: str, identifier: str) -> Metadata:
    if kind == "arxiv":
        base = os.environ.get("PAPERLIST_ARXIV_API") or ARXIV_API
        url = f"{base}?{urllib.parse.urlencode({'id_list': identifier, 'max_results': 1})}"
        return parse_arxiv(_get(url, "the arXiv API"), identifier)
    base = os.environ.get("PAPERLIST_CROSSREF_API") or CROSSREF_API
    url = f"{base.rstrip('/')}/{urllib.parse.quote(identifier, safe='/')}"
    return parse_crossref(_get(url, "the Crossref API", not_found=f"Crossref knows no DOI {identifier}"), identifier)


def _get(url: str, service: str, not_found: str = "") -> bytes:
    if not is_web_url(url):
        raise FetchError(f"{service}: {url!r} is not an http(s) URL; check PAPERLIST_ARXIV_API/PAPERLIST_CROSSREF_API")
    timeout = float(os.environ.get("PAPERLIST_HTTP_TIMEOUT") or 20)
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
    host = urllib.parse.urlsplit(url).netloc
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # only http(s): checked above
            data = response.read(MAX_BYTES + 1)
    except urllib.error.HTTPError as error:
        if error.code == 404 and not_found:
            raise FetchError(f"{not_found} (HTTP 404 from {host})") from None
        raise FetchError(f"{service} answered HTTP {error.code} {error.reason} ({url}); try again later") from None
    except urllib.error.URLError as error:
        raise FetchError(f"could not reach {service} at {host}: {error.reason}. Are you offline?") from None
    except TimeoutError:
        raise FetchError(f"{service} at {host} did not answer within {timeout:g} s; try again later") from None
    except (OSError, http.client.HTTPException) as error:
        raise FetchError(f"the connection to {service} at {host} failed: {error or type(error).__name__}") from None
    if len(data) > MAX_BYTES:
        raise FetchError(f"{service} sent more than {MAX_BYTES} bytes; that is not a metadata record")
    return data


# -- arXiv -----------------------------------------------------------------------------------


def parse_arxiv(data: bytes, arxiv_id: str) -> Metadata:
    """The first entry of an arXiv API Atom feed."""
    entries = _arxiv_entries(data)
    if not entries:
        raise FetchError(f"arXiv has no paper {arxiv_id}")
    entry = entries[0]
    if "/api/errors" in _text(entry, "id"):
        raise FetchError(f"arXiv refused id {arxiv_id}: {_text(entry, 'summary') or 'error'}")
    found = _arxiv_metadata(entry)
    if found is None:
        raise FetchError(f"arXiv has no paper {arxiv_id} (its answer has no title, author or date)")
    if found.arxiv != arxiv_id:
        raise FetchError(f"the arXiv API answered about {found.arxiv} instead of {arxiv_id}")
    return found


def parse_arxiv_feed(data: bytes) -> list[Metadata]:
    """Every well-formed entry of an arXiv API Atom feed (a query of several ids); others are skipped."""
    return [found for entry in _arxiv_entries(data) if (found := _arxiv_metadata(entry)) is not None]


def _arxiv_entries(data: bytes) -> list[ET.Element]:
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise FetchError("the arXiv API sent XML with a DOCTYPE; refusing to parse it")
    try:
        feed = ET.fromstring(data)
    except ET.ParseError as error:
        raise FetchError(f"the arXiv API sent a malformed answer (not Atom XML: {error})") from None
    if feed.tag != f"{_ATOM}feed":
        raise FetchError("the arXiv API sent a malformed answer (no Atom feed)")
    return feed.findall(f"{_ATOM}entry")


def _arxiv_metadata(entry: ET.Element) -> Metadata | None:
    title = _text(entry, "title")
    authors = tuple(_split_name(_text(a, "name")) for a in entry.findall(f"{_ATOM}author"))
    published = _text(entry, "published")
    found = re.search(r"arxiv\.org/abs/(.+?)(?:v\d+)?$", _text(entry, "id"))
    if not title or not authors or not re.match(r"^\d{4}-", published) or not found:
        return None
    arxiv_id = found.group(1)
    primary = entry.find(f"{_ARXIV}primary_category")
    journal_ref = _text(entry, "journal_ref", _ARXIV)
    return Metadata(
        source="arXiv",
        kind="arxiv",
        title=title,
        authors=authors,
        year=published[:4],
        url=f"https://arxiv.org/abs/{arxiv_id}",
        arxiv=arxiv_id,
        doi=_text(entry, "doi", _ARXIV),
        abstract=_text(entry, "summary"),
        primary_class=primary.get("term", "") if primary is not None else "",
        note=journal_ref or _text(entry, "comment", _ARXIV),
        journal_ref=journal_ref,
    )


def _text(element: ET.Element, name: str, namespace: str = _ATOM) -> str:
    found = element.find(f"{namespace}{name}")
    return " ".join((found.text or "").split()) if found is not None else ""


def _split_name(name: str) -> Author:
    """arXiv gives "Given Family"; the last word is taken as the family name."""
    given, _, family = " ".join(name.split()).rpartition(" ")
    return Author(given, family)


# -- Crossref --------------------------------------------------------------------------------


def parse_crossref(data: bytes, doi: str) -> Metadata:
    """A Crossref `/works/DOI` answer: {"status": "ok", "message": {...}}."""
    try:
        answer = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise FetchError(f"the Crossref API sent a malformed answer (not JSON: {error})") from None
    work = answer.get("message") if isinstance(answer, dict) and answer.get("status") == "ok" else None
    if not isinstance(work, dict):
        raise FetchError("the Crossref API sent a malformed answer (no `message` with status ok)")
    title, subtitle = _first(work.get("title")), _first(work.get("subtitle"))
    if title and subtitle:  # publishers such as ACM deposit "ColBERT" + "Efficient and Effective ..."
        title = f"{title}: {subtitle}"
    authors = tuple(
        Author(_plain(a.get("given", "")), _plain(a.get("family", "") or a.get("name", "")))
        for a in work.get("author") or []
        if isinstance(a, dict) and (a.get("family") or a.get("name"))
    )
    year = _year(work)
    if not title or not authors or not year:
        raise FetchError(f"Crossref's record of {doi} has no title, author or year; add the entry by hand")
    event = work.get("event") if isinstance(work.get("event"), dict) else {}
    names = [_first(work.get("container-title")), _first(work.get("short-container-title"))]
    names += [str(event.get("acronym") or ""), str(event.get("name") or "")]
    return Metadata(
        source="Crossref",
        kind="doi",
        title=_plain(title),
        authors=authors,
        year=year,
        url=f"https://doi.org/{work.get('DOI') or doi}",
        doi=str(work.get("DOI") or doi),
        abstract=_plain(str(work.get("abstract") or "")),
        venue_names=tuple(_plain(name) for name in names if name),
        work_type=str(work.get("type") or ""),
        container=_plain(_first(work.get("container-title"))),
        pages=str(work.get("page") or "").replace("-", "--"),
        publisher=_plain(str(work.get("publisher") or "")),
        address=_plain(str(work.get("publisher-location") or "")),
        volume=_plain(str(work.get("volume") or "")),
        issue=_plain(str(work.get("issue") or "")),
        month=_month(work),
        isbn=_plain(_first(work.get("ISBN"))),
    )


def _first(value) -> str:
    if isinstance(value, list):
        return str(value[0]) if value else ""
    return str(value or "")


def _year(work: dict) -> str:
    for name in ("published-print", "published", "issued", "published-online", "created"):
        parts = (work.get(name) or {}).get("date-parts") or [[None]]
        year = parts[0][0] if parts and parts[0] else None
        if isinstance(year, int):
            return str(year)
    return ""


def _month(work: dict) -> int:
    for name in ("published-print", "published", "issued", "published-online"):
        parts = (work.get(name) or {}).get("date-parts") or [[None]]
        if parts and len(parts[0]) > 1 and isinstance(parts[0][1], int) and 1 <= parts[0][1] <= 12:
            return parts[0][1]
    return 0


def _plain(text: str) -> str:
    """Crossref text may hold JATS or HTML tags and entities: keep the words."""
    return " ".join(html.unescape(re.sub(r"<[^>]*>", " ", text)).split())
