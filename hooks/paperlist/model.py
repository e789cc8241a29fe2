"""The one model of the list: sections and papers, built once per build."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from paperlist.links import repo_name


@dataclass(frozen=True)
class Location:
    """A place in a source file, for messages (line is 1-based)."""

    path: str
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(frozen=True)
class Section:
    """A node of the taxonomy; leaves own one `.bib` file each."""

    slug: str
    title: str
    description: str
    path: tuple[str, ...]  # slugs from the root phase down to this node
    children: tuple[Section, ...] = ()
    label: str = ""  # e.g. "Phase 1", shown before the title

    @property
    def is_leaf(self) -> bool:
        return not self.children

    @property
    def bib_path(self) -> str:
        """Path of the leaf's `.bib` file, relative to `papers/`."""
        return str(PurePosixPath(*self.path)) + ".bib"

    @property
    def url_path(self) -> str:
        """Site path of the section's page, e.g. `first-stage/dense/`."""
        return "/".join(self.path) + "/"

    def walk(self):
        """This node and every descendant, depth first in list order."""
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True)
class Link:
    url: str
    label: str = ""


@dataclass(frozen=True)
class CodeLink:
    url: str
    label: str = ""
    official: bool = True

    @property
    def repo(self) -> str:
        """`owner/repo` for the big forges, else the host and path."""
        return repo_name(self.url)


@dataclass(frozen=True)
class Paper:
    """One BibTeX entry, decoded for display; `fields` keeps the source text."""

    key: str
    entry_type: str
    title: str
    authors: tuple[str, ...]
    more_authors: bool  # the entry ends its author list with "and others"
    year: int | None
    venue: str
    track: str
    url: str
    arxiv: str
    doi: str
    code: tuple[CodeLink, ...]
    homepage: str
    see_also: tuple[Link, ...]
    model: str
    key_idea: str
    tags: tuple[str, ...]
    added: dt.date
    section: str
    also_in: tuple[str, ...]
    location: Location
    fields: tuple[tuple[str, str], ...] = field(repr=False)
    workshop: str = ""
    award: str = ""
    abstract: str = ""

    @property
    def sections(self) -> tuple[str, ...]:
        return (self.section, *self.also_in)

    @property
    def has_code(self) -> bool:
        return bool(self.code)

    @property
    def author_text(self) -> str:
        """e.g. "Omar Khattab et al." or "Zhuyun Dai and Jamie Callan"."""
        if self.more_authors:
            return ", ".join(self.authors) + " et al."
        if len(self.authors) > 1:
            return ", ".join(self.authors[:-1]) + " and " + self.authors[-1]
        return "".join(self.authors)

    @property
    def venue_text(self) -> str:
        """e.g. "SIGIR 2020 (short)"."""
        text = " ".join(str(part) for part in (self.venue, self.year) if part)
        extra = ", ".join(part for part in (self.workshop, self.track) if part)
        return f"{text} ({extra})" if extra else text

    @property
    def pdf_url(self) -> str:
        if self.arxiv:
            return f"https://arxiv.org/pdf/{self.arxiv}"
        return self.url if self.url.lower().endswith(".pdf") else ""

    @property
    def arxiv_url(self) -> str:
        return f"https://arxiv.org/abs/{self.arxiv}" if self.arxiv else ""

    @property
    def doi_url(self) -> str:
        return f"https://doi.org/{self.doi}" if self.doi else ""
