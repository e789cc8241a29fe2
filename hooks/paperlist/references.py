"""A paper for reference managers: CSL-JSON (Zotero, pandoc/citeproc), RIS (EndNote, Mendeley, Zotero) and
COinS (the OpenURL span that Zotero's and Mendeley's browser buttons find on a page).

Everything comes from the one paper model and its standard BibTeX fields; nothing is read twice.
"""

from __future__ import annotations

import functools
import re
from urllib.parse import urlencode

from paperlist import latex
from paperlist.entries import Name, parse_name, split_authors
from paperlist.fields import MONTHS
from paperlist.fields import is_resource as _is_resource
from paperlist.model import Paper

_PAGES = re.compile(r"^\s*(\w+)\s*-+\s*(\w+)\s*$")

# Each of a paper's records is derived once per build, though a card, papers.json and the exports of
# the list and of its sections all use it (a paper is hashable: frozen, all values immutable).
_once_per_paper = functools.lru_cache(maxsize=65_536)


@_once_per_paper
def names(paper: Paper) -> tuple[Name, ...]:
    """The authors of the entry (without its `and others`), split as BibTeX splits them."""
    raw = split_authors(dict(paper.fields).get("author", ""))
    return tuple(parse_name(name) for name in raw if name.lower() != "others")


def kind(paper: Paper) -> str:
    """conference, journal, preprint or resource."""
    if paper.entry_type == "inproceedings":
        return "conference"
    if paper.entry_type == "article":
        return "journal"
    if _is_resource(dict(paper.fields)):
        return "resource"
    return "preprint" if paper.arxiv else "other"


def container(paper: Paper) -> str:
    fields = dict(paper.fields)
    return latex.decode(fields.get("booktitle") or fields.get("journal") or "")


def page_range(paper: Paper) -> tuple[str, str]:
    pages = dict(paper.fields).get("pages", "")
    found = _PAGES.match(pages)
    return (found.group(1), found.group(2)) if found else (pages.strip(), "")


def month(paper: Paper) -> int:
    value = dict(paper.fields).get("month", "")
    return MONTHS.index(value) + 1 if value in MONTHS else 0


# -- CSL-JSON -------------------------------------------------------------------------------------------------

_CSL_TYPES = {
    "conference": "paper-conference",
    "journal": "article-journal",
    "preprint": "article",
    "resource": "software",
    "other": "document",
}


@_once_per_paper
def csl_item(paper: Paper) -> dict:
    """The paper as a CSL-JSON item (the schema of citeproc and Zotero). Shared: read it, do not change it."""
    fields = dict(paper.fields)
    item: dict = {"id": paper.key, "type": _CSL_TYPES[kind(paper)], "title": paper.title}
    authors = [_csl_name(name) for name in names(paper)]
    if authors:
        item["author"] = authors
    editors = [_csl_name(parse_name(name)) for name in split_authors(fields.get("editor", ""))]
    if editors:
        item["editor"] = editors
    if container(paper):
        item["container-title"] = container(paper)
    first, last = page_range(paper)
    if first:
        item["page"] = f"{first}-{last}" if last else first
    for field, name in (("volume", "volume"), ("number", "issue"), ("series", "collection-title")):
        if fields.get(field):
            item[name] = latex.decode(fields[field])
    if fields.get("publisher"):
        item["publisher"] = latex.decode(fields["publisher"])
    if fields.get("address"):
        item["publisher-place"] = latex.decode(fields["address"])
    if paper.year:
        item["issued"] = {"date-parts": [[paper.year, month(paper)] if month(paper) else [paper.year]]}
    if paper.doi:
        item["DOI"] = paper.doi
    if paper.arxiv and kind(paper) == "preprint":
        item |= {"publisher": "arXiv", "number": f"arXiv:{paper.arxiv}"}
    if paper.url or paper.arxiv_url:
        item["URL"] = paper.url or paper.arxiv_url
    return item


def _csl_name(name: Name) -> dict:
    if name.literal:
        return {"literal": name.literal}
    return {"family": name.family, "given": name.given} if name.given else {"family": name.family}


# -- RIS ------------------------------------------------------------------------------------------------------

_RIS_TYPES = {"conference": "CPAPER", "journal": "JOUR", "preprint": "UNPB", "resource": "COMP", "other": "GEN"}


@_once_per_paper
def ris_record(paper: Paper) -> str:
    """The paper as one RIS record (tags as Zotero, Mendeley and EndNote read them), ending with `ER`."""
    fields = dict(paper.fields)
    lines = [("TY", _RIS_TYPES[kind(paper)]), ("ID", paper.key), ("TI", paper.title)]
    lines += [("AU", name.inverted) for name in names(paper)]
    lines += [("ED", parse_name(name).inverted) for name in split_authors(fields.get("editor", ""))]
    if container(paper):
        lines.append(("T2", container(paper)))
    if paper.year:
        lines.append(("PY", str(paper.year)))
        lines.append(("DA", f"{paper.year}/{month(paper):02d}//" if month(paper) else f"{paper.year}///"))
    first, last = page_range(paper)
    lines += [("SP", first)] if first else []
    lines += [("EP", last)] if last else []
    for field, tag in (("volume", "VL"), ("number", "IS"), ("publisher", "PB"), ("address", "CY")):
        if fields.get(field):
            lines.append((tag, latex.decode(fields[field])))
    if paper.doi:
        lines.append(("DO", paper.doi))
    if paper.arxiv:
        lines.append(("AN", f"arXiv:{paper.arxiv}"))
    if paper.url or paper.arxiv_url:
        lines.append(("UR", paper.url or paper.arxiv_url))
    lines += [("KW", tag) for tag in paper.tags]
    lines.append(("ER", ""))
    return "".join(f"{tag}  - {_one_line(value)}".rstrip() + "\n" for tag, value in lines)


def _one_line(text: str) -> str:
    return " ".join(text.split())


# -- COinS ----------------------------------------------------------------------------------------------------

_GENRES = {"conference": "proceeding", "journal": "article", "preprint": "preprint", "resource": "document"}


@_once_per_paper
def coins(paper: Paper) -> str:
    """The `title` of a COinS span: an OpenURL 1.0 ContextObject in KEV form (Z39.88-2004)."""
    kev: list[tuple[str, str]] = [("ctx_ver", "Z39.88-2004")]
    paper_kind = kind(paper)
    if paper_kind in ("conference", "journal", "preprint"):
        kev += [("rft_val_fmt", "info:ofi/fmt:kev:mtx:journal"), ("rft.genre", _GENRES[paper_kind])]
        kev.append(("rft.atitle", paper.title))
        if container(paper):
            kev.append(("rft.jtitle", container(paper)))
    else:  # a toolkit or a list: Dublin Core
        dc_type = "software" if paper_kind == "resource" else "text"
        kev += [("rft_val_fmt", "info:ofi/fmt:kev:mtx:dc"), ("rft.type", dc_type), ("rft.title", paper.title)]
    author_key = "rft.au" if paper_kind in ("conference", "journal", "preprint") else "rft.creator"
    for name in names(paper):
        kev.append((author_key, name.literal or " ".join(part for part in (name.given, name.family) if part)))
    first_author = next(iter(names(paper)), None)
    if first_author and first_author.family and author_key == "rft.au":
        kev += [("rft.aulast", first_author.family), ("rft.aufirst", first_author.given)]
    if paper.year:
        kev.append(("rft.date", f"{paper.year}-{month(paper):02d}" if month(paper) else str(paper.year)))
    first, last = page_range(paper)
    if first:
        kev += [("rft.spage", first)] + ([("rft.epage", last), ("rft.pages", f"{first}-{last}")] if last else [])
    fields = dict(paper.fields)
    for field, key in (("volume", "rft.volume"), ("number", "rft.issue"), ("publisher", "rft.pub")):
        if fields.get(field):
            kev.append((key, latex.decode(fields[field])))
    if paper.doi:
        kev.append(("rft_id", f"info:doi/{paper.doi}"))
    if paper.arxiv:
        kev.append(("rft_id", f"info:arxiv/{paper.arxiv}"))
    if paper.url:
        kev.append(("rft_id", paper.url))
    kev.append(("rfr_id", "info:sid/pretrained-ir-papers"))
    return urlencode([(key, value) for key, value in kev if value])
