"""Merge an imported list into an existing catalog: which bullets are papers already curated, which are new.

A later edition of a list repeats most of what is curated already. Matching by arXiv id, DOI, link and title
keeps every curated entry as it is (the import never overwrites curation) and leaves only the new
papers to write out. Disagreements are reported with the bullet's line, for a curator to resolve:
a bullet whose link is a curated paper's arXiv id but whose title is another paper's (a wrong link),
or a bullet whose title is curated under another link.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from paperlist.catalog import normalized_title, normalized_url
from paperlist.importer import ImportedEntry, ImportedSection, ImportResult
from paperlist.links import arxiv_id_from_url, doi_from_url
from paperlist.model import Paper

_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Match:
    """A bullet that is a curated paper; `moved` when the list files it under a section the paper is not in."""

    line: int
    key: str
    by: str  # "arXiv id", "DOI", "URL" or "title"
    section_title: str
    moved: bool


@dataclass(frozen=True)
class MergeConflict:
    line: int
    message: str
    hint: str


@dataclass
class MergeResult:
    roots: list[ImportedSection]  # the imported structure holding only the new papers
    matches: list[Match] = field(default_factory=list)
    conflicts: list[MergeConflict] = field(default_factory=list)


def merge_with_catalog(result: ImportResult, papers: tuple[Paper, ...], section_titles: dict[str, str]) -> MergeResult:
    """Split the imported entries into curated papers (matched) and new ones; report what disagrees."""
    index = _PaperIndex(papers)
    merged = MergeResult([])
    for root in result.roots:
        for node in root.walk():
            kept = []
            for entry in node.entries:
                match = _match(entry, index, section_titles, merged.conflicts)
                if match:
                    merged.matches.append(match)
                else:
                    kept.append(entry)
            node.entries = kept
    merged.roots = [root for root in result.roots if _prune(root)]
    return merged


def _prune(node: ImportedSection) -> bool:
    """Drop the sections left without new papers; True when `node` keeps any."""
    node.children = [child for child in node.children if _prune(child)]
    return bool(node.entries or node.children)


class _PaperIndex:
    def __init__(self, papers: tuple[Paper, ...]) -> None:
        self.by_arxiv = {p.arxiv: p for p in papers if p.arxiv}
        self.by_doi = {p.doi.lower(): p for p in papers if p.doi}
        self.by_title = {normalized_title(p.title): p for p in papers}
        self.by_url = {normalized_url(p.url): p for p in papers if p.url}


def _match(
    entry: ImportedEntry, index: _PaperIndex, section_titles: dict[str, str], conflicts: list[MergeConflict]
) -> Match | None:
    url = entry.fields["url"]
    arxiv = entry.fields.get("eprint") or arxiv_id_from_url(url)
    doi = (entry.fields.get("doi") or doi_from_url(url)).lower()
    title = normalized_title(entry.fields["title"])
    by_title = index.by_title.get(title)
    candidates = (
        ("arXiv id", index.by_arxiv.get(arxiv)),
        ("DOI", index.by_doi.get(doi)),
        ("URL", index.by_url.get(normalized_url(url))),
        ("title", by_title),
    )
    for by, paper in candidates:
        if paper is None:
            continue
        if by != "title" and by_title is not paper and not _same_title(entry.fields["title"], paper.title):
            conflicts.append(_wrong_link(entry, paper, by))
            return None
        if by == "title" and arxiv and paper.arxiv and arxiv != paper.arxiv:
            conflicts.append(_other_link(entry, paper, arxiv))
        curated = {section_titles.get(slug, slug).casefold() for slug in paper.sections}
        moved = entry.section_title.casefold() not in curated
        return Match(entry.line, paper.key, by, entry.section_title, moved)
    return None


def _same_title(title: str, curated_title: str) -> bool:
    """One paper's titles differ between versions ("Fast Forward Indexes..." became "Efficient Neural Ranking
    using Forward Indexes") but share many words; another paper's title shares almost none."""
    words, curated = set(_WORD.findall(title.casefold())), set(_WORD.findall(curated_title.casefold()))
    return len(words & curated) >= 0.3 * len(words | curated)


def _wrong_link(entry: ImportedEntry, paper: Paper, by: str) -> MergeConflict:
    return MergeConflict(
        entry.line,
        f"this bullet's {by} is that of {paper.key} ({paper.title!r}), but its title is {entry.fields['title']!r}",
        "the bullet probably links another paper: find the right link for its title; it is imported as a new entry",
    )


def _other_link(entry: ImportedEntry, paper: Paper, arxiv: str) -> MergeConflict:
    return MergeConflict(
        entry.line,
        f"this bullet has the title of {paper.key} but links arXiv {arxiv}, where {paper.key} has {paper.arxiv}",
        f"check which arXiv id is right; {paper.key} is kept as it is",
    )
