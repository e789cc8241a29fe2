"""URLs in entries: safety, arXiv ids and DOIs, code repositories, labelled link lists."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

# Hosts whose URLs name a source repository as /owner/repo[/...].
REPO_HOSTS = ("github.com", "gitlab.com", "bitbucket.org", "codeberg.org", "huggingface.co")

_ARXIV_URL = re.compile(
    r"^https?://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf)/(\d{4}\.\d{4,5}|[a-z\-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?(?:\.pdf)?/?$",
    re.I,
)
ARXIV_ID = re.compile(r"^(\d{4}\.\d{4,5}|[a-z\-]+(?:\.[A-Z]{2})?/\d{7})$")
_DOI_URL = re.compile(
    r"^https?://(?:dx\.)?(?:doi\.org|dl\.acm\.org/doi(?:/pdf|/abs|/full)?)/(10\.\d{4,9}/\S+?)(?:\.pdf)?/?$", re.I
)
DOI = re.compile(r"^10\.\d{4,9}/\S+$")
# The ACL Anthology names papers by id; their DOIs are 10.18653/v1/<id>.
_ACL_ANTHOLOGY = re.compile(
    r"^https?://(?:www\.)?aclweb\.org/anthology/([A-Z]\d{2}-\d{4}|\d{4}\.[a-z\d\-]+\.\d+)(?:\.pdf)?/?$|^https?://aclanthology\.org/([A-Z]\d{2}-\d{4}|\d{4}\.[a-z\d\-]+\.\d+)(?:\.pdf)?/?$"
)
_SPACE_OR_CONTROL = re.compile(r"[\s\x00-\x1f]")  # \s is what str.isspace() accepts


def is_web_url(url: str) -> bool:
    """True only for absolute http(s) URLs with a host and no whitespace or control characters."""
    if url != url.strip() or _SPACE_OR_CONTROL.search(url):
        return False
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and "\\" not in url


def arxiv_id_from_url(url: str) -> str:
    match = _ARXIV_URL.match(url)
    return match.group(1) if match else ""


def doi_from_url(url: str) -> str:
    match = _DOI_URL.match(url)
    if match:
        return match.group(1)
    match = _ACL_ANTHOLOGY.match(url)
    if match:
        return "10.18653/v1/" + (match.group(1) or match.group(2))
    return ""


def is_repository_url(url: str) -> bool:
    """A link to a repository on a known forge (owner and name at least)."""
    parts = urlsplit(url)
    host = parts.netloc.lower().removeprefix("www.")
    segments = [s for s in parts.path.split("/") if s]
    return is_web_url(url) and host in REPO_HOSTS and len(segments) >= 2


def repo_name(url: str) -> str:
    """`owner/repo` of a forge URL; host plus path otherwise."""
    parts = urlsplit(url)
    host = parts.netloc.lower().removeprefix("www.")
    segments = [s for s in parts.path.split("/") if s]
    if host in REPO_HOSTS and len(segments) >= 2:
        return f"{segments[0]}/{segments[1]}"
    return (host + parts.path).rstrip("/")


def parse_link_list(value: str) -> list[tuple[str, str]]:
    """Split `label: url; url; other label: url` into (label, url) pairs.

    A label is separated from its URL by ": " (URLs contain "://", never ": ").
    """
    pairs = []
    for item in value.split(";"):
        item = " ".join(item.split())
        if not item:
            continue
        label, sep, url = item.rpartition(": ")
        pairs.append((label.strip(), url.strip()) if sep else ("", item))
    return pairs


def format_link_list(pairs: list[tuple[str, str]]) -> str:
    return "; ".join(f"{label}: {url}" if label else url for label, url in pairs)
