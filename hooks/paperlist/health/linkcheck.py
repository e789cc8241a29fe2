"""Checking every link of the list: HTTP status, redirects, and GitHub repositories through GitHub's API.

An archived GitHub repository still answers HTTP 200, so repositories are asked of the API
(`PAPERLIST_GITHUB_API`, default https://api.github.com; a token from `GITHUB_TOKEN` when set). Dead
links get the Wayback Machine's closest copy (`PAPERLIST_WAYBACK_API`, default
https://archive.org/wayback/available). DOIs are resolved at `PAPERLIST_DOI_RESOLVER` (default
https://doi.org). Each distinct URL is checked once, however many papers link it.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import urllib.parse
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from paperlist.catalog import Catalog
from paperlist.health.records import LinkRecord, LinkReport
from paperlist.links import is_web_url
from paperlist.model import Paper
from paperlist.scholarly.http import Answer, Http

GITHUB_API = "https://api.github.com"
DOI_RESOLVER = "https://doi.org"
WAYBACK_API = "https://archive.org/wayback/available"
MAX_REDIRECTS = 10
PERMANENT = (301, 308)
DEAD = (404, 410)
_GITHUB_REPO = re.compile(r"^https?://(?:www\.)?github\.com/([\w.-]+)/([\w.-]+?)(?:\.git)?(/.*)?$", re.I)


@dataclass(frozen=True)
class LinkToCheck:
    key: str
    field: str
    url: str


@dataclass(frozen=True)
class Outcome:
    """What one URL turned out to be; shared by every paper that links it."""

    status: str
    final_url: str = ""
    http_status: int = 0
    archive_url: str = ""
    note: str = ""


def links_of(papers: Iterable[Paper]) -> list[LinkToCheck]:
    """Every URL an entry names, by field, in list order."""
    found = []
    for paper in papers:
        found += [LinkToCheck(paper.key, "url", paper.url)] if paper.url else []
        found += [LinkToCheck(paper.key, "doi", paper.doi_url)] if paper.doi else []
        found += [
            LinkToCheck(paper.key, "code" if code.official else "unofficialcode", code.url) for code in paper.code
        ]
        found += [LinkToCheck(paper.key, "homepage", paper.homepage)] if paper.homepage else []
        found += [LinkToCheck(paper.key, "seealso", link.url) for link in paper.see_also]
    return found


def check_links(
    catalog: Catalog, http: Http | None = None, workers: int = 16, today: dt.date | None = None
) -> LinkReport:
    http = http or Http()
    links = links_of(catalog.papers)
    urls = list(dict.fromkeys(link.url for link in links))
    checker = _Checker(http)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        outcomes = dict(zip(urls, pool.map(checker.check, urls), strict=True))
    checked = (today or dt.date.today()).isoformat()
    records = tuple(
        LinkRecord(link.key, link.field, link.url, checked=checked, **vars(outcomes[link.url])) for link in links
    )
    return LinkReport(checked, records)


class _Checker:
    def __init__(self, http: Http):
        self.http = http
        self.github_api = (os.environ.get("PAPERLIST_GITHUB_API") or GITHUB_API).rstrip("/")
        self.wayback_api = os.environ.get("PAPERLIST_WAYBACK_API") or WAYBACK_API
        self.doi_resolver = (os.environ.get("PAPERLIST_DOI_RESOLVER") or DOI_RESOLVER).rstrip("/")
        token = os.environ.get("GITHUB_TOKEN", "").strip()
        self.github_headers = {"Accept": "application/vnd.github+json", "X-GitHub-Api-Version": "2022-11-28"}
        if token:
            self.github_headers["Authorization"] = f"Bearer {token}"

    def check(self, url: str) -> Outcome:
        repo = _GITHUB_REPO.match(url)
        if repo:
            outcome = self._repository(*repo.groups())
        elif url.startswith(f"{DOI_RESOLVER}/"):  # the resolver may be replaced (tests, a mirror)
            outcome = self._web(self.doi_resolver + url.removeprefix(DOI_RESOLVER))
        else:
            outcome = self._web(url)
        if outcome.status == "dead":
            return Outcome(**{**vars(outcome), "archive_url": self._archived_copy(url)})
        return outcome

    # -- any web page ---------------------------------------------------------------------

    def _web(self, url: str) -> Outcome:
        current, permanent, seen = url, False, {url}
        for _ in range(MAX_REDIRECTS + 1):
            answer = self.http.get(current, method="HEAD")
            if answer.status >= 400:
                answer = self.http.get(current)  # some servers refuse or mishandle HEAD: GET decides
            if not 300 <= answer.status < 400:
                return _final(answer, url, current, permanent)
            target = answer.location
            if not is_web_url(target):
                return Outcome("unreachable", http_status=answer.status, note="redirects to a URL that is not http(s)")
            if target in seen:
                return Outcome("unreachable", http_status=answer.status, note="redirect loop")
            permanent = permanent or (answer.status in PERMANENT and current == url)
            seen.add(target)
            current = target
        return Outcome("unreachable", note=f"more than {MAX_REDIRECTS} redirects")

    # -- GitHub repositories --------------------------------------------------------------

    def _repository(self, owner: str, name: str, rest: str | None) -> Outcome:
        api = f"{self.github_api}/repos/{urllib.parse.quote(owner)}/{urllib.parse.quote(name)}"
        answer = self.http.get(api, headers=self.github_headers)
        if answer.status in PERMANENT and _same_host(answer.location, api):  # renamed or transferred
            answer = self.http.get(answer.location, headers=self.github_headers)  # the token stays with the API
        if answer.status in (404, 451):
            return Outcome("missing", http_status=answer.status, note="GitHub has no such repository")
        if answer.status != 200:
            return Outcome("unreachable", http_status=answer.status, note=_github_trouble(answer))
        repo = answer.json_object()
        full_name, archived, html_url = (repo or {}).get("full_name"), (repo or {}).get("archived"), None
        if repo is not None and is_web_url(str(repo.get("html_url", ""))):
            html_url = repo["html_url"]
        if not isinstance(full_name, str) or not isinstance(archived, bool) or html_url is None:
            return Outcome("unreachable", http_status=200, note="GitHub's API sent a malformed answer")
        moved = full_name.lower() != f"{owner}/{name}".lower()
        final = html_url + (rest or "") if moved else ""
        if archived:
            return Outcome("archived", final_url=final, http_status=200, note="archived by its owner (read-only)")
        if moved:
            return Outcome("redirected", final_url=final, http_status=200, note=f"the repository is now {full_name}")
        return Outcome("ok", http_status=200)

    # -- the Wayback Machine --------------------------------------------------------------

    def _archived_copy(self, url: str) -> str:
        query = urllib.parse.urlencode({"url": url})
        answer = self.http.get(f"{self.wayback_api}?{query}")
        data = answer.json_object() if answer.status == 200 else None
        closest = ((data or {}).get("archived_snapshots") or {}).get("closest") if isinstance(data, dict) else None
        if not isinstance(closest, dict) or closest.get("available") is not True:
            return ""
        copy = closest.get("url")
        if not isinstance(copy, str) or not is_web_url(copy):
            return ""
        return "https://" + copy.removeprefix("http://") if copy.startswith("http://") else copy


def _final(answer: Answer, url: str, current: str, permanent: bool) -> Outcome:
    if 200 <= answer.status < 300:
        if permanent and current != url:
            return Outcome("redirected", final_url=current, http_status=answer.status, note="moved permanently")
        return Outcome("ok", http_status=answer.status)
    if answer.status in DEAD:
        return Outcome("dead", http_status=answer.status)
    if answer.status == 0:
        return Outcome("unreachable", note=answer.error or "no answer")
    note = "the site refuses automated checks" if answer.status in (401, 403, 429) else "not a page"
    if answer.status >= 500:
        note = "server error on every attempt"
    return Outcome("unreachable", http_status=answer.status, note=note)


def _same_host(url: str, base: str) -> bool:
    return is_web_url(url) and urllib.parse.urlsplit(url).netloc == urllib.parse.urlsplit(base).netloc


def _github_trouble(answer: Answer) -> str:
    if answer.status in (403, 429) and answer.headers.get("x-ratelimit-remaining") == "0":
        return "GitHub's API rate limit was reached: set GITHUB_TOKEN"
    if answer.status == 0:
        return answer.error or "no answer from GitHub's API"
    return f"GitHub's API answered HTTP {answer.status}"
