"""Loading all of `papers/` into one checked `Catalog`, or every problem found on the way."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from paperlist.bibfile import RawEntry, read_bib_data
from paperlist.entries import Vocabulary, build_paper
from paperlist.links import arxiv_id_from_url
from paperlist.model import Location, Paper, Section
from paperlist.problems import DataError, Problem
from paperlist.taxonomy import load_taxonomy, page_paths
from paperlist.vocabulary import Tag, Venue, load_tags, load_venues


@dataclass(frozen=True)
class Catalog:
    """Everything the site, the exports and the checks need, in taxonomy order."""

    sections: tuple[Section, ...]  # the roots
    papers: tuple[Paper, ...]  # each once, in section then file order
    tags: tuple[Tag, ...]
    venues: tuple[Venue, ...]
    _by_section: dict[str, tuple[Paper, ...]] = field(repr=False, compare=False)
    _sections: dict[str, Section] = field(repr=False, compare=False)

    def all_sections(self) -> list[Section]:
        return [node for root in self.sections for node in root.walk()]

    def leaves(self) -> list[Section]:
        return [node for node in self.all_sections() if node.is_leaf]

    def section(self, slug: str) -> Section:
        return self._sections[slug]

    def papers_in(self, slug: str) -> tuple[Paper, ...]:
        """Papers of a section and all its descendants, cross-listed ones included, each once."""
        seen: dict[str, Paper] = {}
        for node in self._sections[slug].walk():
            for paper in self._by_section.get(node.slug, ()):
                seen.setdefault(paper.key, paper)
        return tuple(seen.values())

    def tag(self, slug: str) -> Tag:
        return next(tag for tag in self.tags if tag.slug == slug)

    def newest_date(self) -> dt.date | None:
        return max((paper.added for paper in self.papers), default=None)


def load_catalog(root: Path) -> Catalog:
    """Load and check `root/papers`; raise `DataError` listing every problem."""
    papers_dir = root / "papers"
    sections, problems = load_taxonomy(papers_dir / "taxonomy.yml", taken=page_paths(root / "docs"))
    tags, tag_problems = load_tags(papers_dir / "tags.yml")
    venues, venue_problems = load_venues(papers_dir / "venues.yml")
    problems += tag_problems + venue_problems
    leaves = {node.bib_path: node for s in sections for node in s.walk() if node.is_leaf}
    vocab = Vocabulary(
        tags=frozenset(t.slug for t in tags),
        venues={key.lower(): v.name for v in venues for key in (v.name, *v.aliases)},
        sections=frozenset(node.slug for node in leaves.values()),
        last_year=dt.date.today().year + 1,
        venue_list=venues,
    )
    if problems and not (sections and tags and venues):
        # an unreadable taxonomy, tags.yml or venues.yml would make every entry wrong: report only that
        raise DataError(problems)
    raw_by_file, file_problems = _read_bib_files(papers_dir, leaves)
    problems += file_problems
    papers: list[Paper] = []
    for bib_path, raws in raw_by_file.items():
        file_papers, entry_problems = _build_papers(bib_path, raws, leaves[bib_path].slug, vocab)
        papers += file_papers
        problems += entry_problems
    all_raw = [raw for raws in raw_by_file.values() for raw in raws]
    problems += _duplicate_keys(all_raw) + _duplicate_papers(papers) + _self_crosslists(papers)
    problems += _companions(raw_by_file)
    if problems:
        raise DataError(problems)
    return _assemble(sections, papers, tags, venues)


# Under `mkdocs serve` a rebuild follows one edited file: the others are neither parsed nor checked again.
# Keyed by file: its bytes (parse), then the very entries parsed, its section and the vocabulary (papers).
_parsed: dict[str, tuple[bytes, list[RawEntry], list[Problem]]] = {}
_built: dict[str, tuple[list[RawEntry], str, Vocabulary, list[Paper], list[Problem]]] = {}


def _read_bib_file_once(path: Path, shown_as: str) -> tuple[list[RawEntry], list[Problem]]:
    data = path.read_bytes()
    cached = _parsed.get(shown_as)
    if cached and cached[0] == data:
        return cached[1], cached[2]
    raws, problems = read_bib_data(data, shown_as)
    _parsed[shown_as] = (data, raws, problems)
    return raws, problems


def _build_papers(bib_path: str, raws: list[RawEntry], section: str, vocab: Vocabulary):
    cached = _built.get(bib_path)
    if cached and cached[0] is raws and cached[1] == section and cached[2] == vocab:
        return cached[3], cached[4]
    papers: list[Paper] = []
    problems: list[Problem] = []
    for raw in raws:
        paper, entry_problems = build_paper(raw, section, vocab)
        problems += entry_problems
        if paper:
            papers.append(paper)
    _built[bib_path] = (raws, section, vocab, papers, problems)
    return papers, problems


def _read_bib_files(papers_dir: Path, leaves: dict[str, Section]) -> tuple[dict[str, list[RawEntry]], list[Problem]]:
    problems: list[Problem] = []
    raw_by_file: dict[str, list[RawEntry]] = {}
    found = {p.relative_to(papers_dir).as_posix(): p for p in sorted(papers_dir.rglob("*.bib"))}
    for rel, path in found.items():
        shown_as = f"papers/{rel}"
        if rel not in leaves:
            problems.append(
                Problem(
                    Location(shown_as, 1),
                    "no section in papers/taxonomy.yml owns this file",
                    "move its entries into the file of an existing section, or add the section to the taxonomy",
                )
            )
            continue
        raw_by_file[rel], file_problems = _read_bib_file_once(path, shown_as)
        problems += file_problems
    for rel, node in leaves.items():
        if rel not in found:
            problems.append(
                Problem(
                    Location("papers/taxonomy.yml", 1),
                    f"section {node.slug!r} has no file papers/{rel}",
                    "create the file (it may start empty) or remove the section",
                )
            )
    ordered = {rel: raw_by_file[rel] for rel in leaves if rel in raw_by_file}
    return ordered, problems


def _duplicate_keys(raws: list[RawEntry]) -> list[Problem]:
    first: dict[str, RawEntry] = {}
    problems = []
    for raw in raws:
        earlier = first.setdefault(raw.key.lower(), raw)
        if earlier is not raw and earlier.location.path != raw.location.path:
            problems.append(
                Problem(
                    raw.location,
                    f"{raw.key}: key already used at {earlier.location}",
                    "keys must be unique across papers/; rename this one",
                )
            )
    return problems


def paper_identities(paper: Paper) -> list[str]:
    """Ways two entries can be the same paper: arXiv id, DOI, URL and normalized title."""
    ids = [f"title:{normalized_title(paper.title)}"] + ([f"url:{normalized_url(paper.url)}"] if paper.url else [])
    if paper.arxiv:
        ids.append(f"arxiv:{paper.arxiv}")
    if paper.doi:
        ids.append(f"doi:{paper.doi.lower()}")
    return ids


def normalized_title(title: str) -> str:
    return re.sub(r"[^\w]+", "", title.casefold())


def normalized_url(url: str) -> str:
    arxiv = arxiv_id_from_url(url)
    if arxiv:
        return "arxiv.org/" + arxiv
    url = re.sub(r"^https?://(www\.)?", "", url.strip().lower())
    return url.removesuffix("/").removesuffix(".pdf")


def _duplicate_papers(papers: list[Paper]) -> list[Problem]:
    first: dict[str, Paper] = {}
    problems = []
    for paper in papers:
        for identity in paper_identities(paper):
            earlier = first.setdefault(identity, paper)
            if earlier is not paper:
                kind = identity.split(":", 1)[0]
                problems.append(
                    Problem(
                        paper.location,
                        f"{paper.key}: same paper as {earlier.key} at {earlier.location} (same {kind})",
                        f"keep one entry and add `crosslist = {{{paper.section}}}` to it instead of a copy",
                    )
                )
                break
    return problems


def _companions(raw_by_file: dict[str, list[RawEntry]]) -> list[Problem]:
    """`listedwith` names an entry of the same file that is not itself a companion."""
    problems = []
    for raws in raw_by_file.values():
        keys = {raw.key: raw for raw in raws}
        for raw in raws:
            main = raw.fields.get("listedwith", "").strip()
            if main and (main not in keys or keys[main].fields.get("listedwith") or main == raw.key):
                problems.append(
                    Problem(
                        raw.at("listedwith"),
                        f"{raw.key}: `listedwith` {main!r} is not another main entry of this file",
                        "name the key of the entry in this file that this paper is shown with",
                    )
                )
    return problems


def _self_crosslists(papers: list[Paper]) -> list[Problem]:
    return [
        Problem(
            paper.location,
            f"{paper.key}: cross-listed to its own section {paper.section!r}",
            "remove it from `crosslist`",
        )
        for paper in papers
        if paper.section in paper.also_in
    ]


def _assemble(sections, papers: list[Paper], tags, venues) -> Catalog:
    by_section: dict[str, list[Paper]] = {}
    for paper in papers:
        by_section.setdefault(paper.section, []).append(paper)
    for paper in papers:  # cross-listed papers come after a section's own entries
        for slug in paper.also_in:
            by_section.setdefault(slug, []).append(paper)
    index = {node.slug: node for root in sections for node in root.walk()}
    return Catalog(
        sections=tuple(sections),
        papers=tuple(papers),
        tags=tuple(tags),
        venues=tuple(venues),
        _by_section={slug: tuple(items) for slug, items in by_section.items()},
        _sections=index,
    )


def tag_counts(catalog: Catalog) -> Counter[str]:
    return Counter(tag for paper in catalog.papers for tag in paper.tags)
