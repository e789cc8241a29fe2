"""Checking one raw entry against the format and turning it into a `Paper`."""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import re
from dataclasses import dataclass

from paperlist import latex
from paperlist.bibfile import RawEntry, balanced_braces
from paperlist.fields import (
    BIBLATEX_ONLY_TYPES,
    BOOKKEEPING_FIELDS,
    ENTRY_TYPES,
    FIELD_ORDER,
    KNOWN_FIELDS,
    LATEX_TEXT_FIELDS,
    MAX_TAGS,
    MONTHS,
    TRACKS,
    required_fields,
)
from paperlist.links import (
    ARXIV_ID,
    DOI,
    arxiv_id_from_url,
    doi_from_url,
    is_repository_url,
    is_web_url,
    parse_link_list,
)
from paperlist.model import CodeLink, Link, Paper
from paperlist.problems import Problem
from paperlist.vocabulary import Venue, venue_of

KEY = re.compile(r"^[A-Za-z][A-Za-z0-9_\-:.+]*$")
YEAR = re.compile(r"^\d{4}$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Between two author names. Matched with IGNORECASE on the list itself: lower-casing first can change the
# length of the text (`İ` becomes two characters) and shift every later match.
_VON = re.compile(r"^[a-z]")  # a lower-case word before the last name belongs to it ("de Marneffe")
_AND = re.compile(r"\s+and\s+", re.IGNORECASE)
FIRST_YEAR = 1950
MAX_FIELD_CHARS = 20_000  # long abstracts have about 3,000; a whole pasted paper would bloat every page


@dataclass(frozen=True)
class Vocabulary:
    """What entries may refer to: tags, venues and sections."""

    tags: frozenset[str]
    venues: dict[str, str]  # lower-cased name or alias -> canonical name
    sections: frozenset[str]  # leaf section slugs
    last_year: int
    venue_list: tuple[Venue, ...] = ()  # for deriving the venue from `booktitle` or `journal`


def derived_venue(fields: dict[str, str], venues: tuple[Venue, ...]) -> str:
    """The short venue: written in `venue`, else named by `booktitle`/`journal`, else arXiv for an eprint."""
    if fields.get("venue", "").strip():
        return fields["venue"].strip()
    named = venue_of(fields.get("booktitle") or fields.get("journal") or "", venues)
    return named or ("arXiv" if fields.get("eprint") else "")


def build_paper(raw: RawEntry, section: str, vocab: Vocabulary) -> tuple[Paper | None, list[Problem]]:
    """Check every rule for one entry; return the paper when there is no problem."""
    check = _EntryCheck(raw, vocab)
    check.run()
    if check.problems:
        return None, check.problems
    return check.paper(section), []


class _EntryCheck:
    def __init__(self, raw: RawEntry, vocab: Vocabulary):
        self.raw, self.vocab = raw, vocab
        self.f = raw.fields
        self.problems: list[Problem] = []

    def problem(self, field: str | None, message: str, hint: str = "") -> None:
        where = self.raw.at(field) if field else self.raw.location
        self.problems.append(Problem(where, f"{self.raw.key}: {message}", hint))

    def run(self) -> None:
        self._key_and_type()
        self._field_names()
        for name in required_fields(self.raw.entry_type, self.f):
            if not self.f.get(name, "").strip():
                hint = (
                    "run `make fmt`: it sets today's date"
                    if name == "added"
                    else f"add `{name} = {{...}},` to the entry"
                )
                self.problem(None, f"missing required field `{name}`", hint)
        self._container()
        self._year()
        self._month()
        self._venue()
        self._urls()
        self._ids()
        self._latex_text()
        self._tags()
        self._sections()
        self._added()

    def _key_and_type(self) -> None:
        if not KEY.match(self.raw.key):
            self.problem(
                None,
                "malformed key",
                "use letters, digits and -_:. only, starting with a letter, e.g. `khattab2020colbert`",
            )
        if self.raw.entry_type in BIBLATEX_ONLY_TYPES:
            self.problem(
                None,
                f"@{self.raw.entry_type} is a biblatex type that BibTeX styles do not format",
                f"write @{BIBLATEX_ONLY_TYPES[self.raw.entry_type]} (`make fmt` does it)",
            )
        elif self.raw.entry_type not in ENTRY_TYPES:
            self.problem(
                None,
                f"unknown entry type @{self.raw.entry_type}",
                f"{_suggest(self.raw.entry_type, ENTRY_TYPES)} Types: {', '.join('@' + t for t in ENTRY_TYPES)}",
            )

    def _field_names(self) -> None:
        for name in self.f:
            if len(self.f[name]) > MAX_FIELD_CHARS:
                self.problem(
                    name,
                    f"field `{name}` is {len(self.f[name]):,} characters long (at most {MAX_FIELD_CHARS:,})",
                    "shorten it; link to the full text with `url` instead of pasting it",
                )
            if name in BOOKKEEPING_FIELDS:
                self.problem(
                    name,
                    f"field `{name}` is a source's bookkeeping, not part of a citation",
                    "run `make fmt`: it drops such fields",
                )
            elif name == "crossref":
                self.problem(
                    name, "`crossref` is not supported", "copy the proceedings' fields (booktitle, editor...) in"
                )
            elif name not in KNOWN_FIELDS:
                self.problem(
                    name,
                    f"unknown field `{name}`",
                    f"{_suggest(name, FIELD_ORDER)}; fields are listed in CONTRIBUTING.md",
                )

    def _year(self) -> None:
        year = self.f.get("year", "").strip()
        if not year:
            return
        if not YEAR.match(year):
            self.problem("year", f"year {year!r} is not a four-digit year", "write e.g. `year = {2021}`")
        elif not FIRST_YEAR <= int(year) <= self.vocab.last_year:
            self.problem(
                "year", f"year {year} is out of range", f"use a year from {FIRST_YEAR} to {self.vocab.last_year}"
            )

    def _container(self) -> None:
        """What BibTeX styles need to name the venue: `booktitle` or `journal`, known to venues.yml or named."""
        entry_type, f = self.raw.entry_type, self.f
        needs = {"inproceedings": "booktitle", "article": "journal"}.get(entry_type)
        if needs and not f.get(needs, "").strip():
            self.problem(
                None,
                f"@{entry_type} without `{needs}`: BibTeX styles would print no venue",
                f"add `{needs} = {{...}}` with the official title (from the paper's ACL Anthology, dblp or publisher"
                " page)" + ("; an arXiv preprint is @misc with `eprint`" if entry_type == "article" else ""),
            )
        if entry_type == "inproceedings" and f.get("volume") and f.get("number"):
            self.problem(
                "number",
                "@inproceedings with both `volume` and `number`: BibTeX styles print only one, with a warning",
                "proceedings published in issues (AAAI's) are cited as @article with `journal = {Proceedings of"
                " ...}`, as their publisher exports them",
            )
        container = f.get("booktitle") or f.get("journal") or ""
        if container and not f.get("venue") and not venue_of(container, self.vocab.venue_list):
            field = "booktitle" if f.get("booktitle") else "journal"
            self.problem(
                field,
                f"no venue of papers/venues.yml matches {field} {container[:80]!r}",
                "add `venue = {...}` (a name from papers/venues.yml), or a `matches` pattern to the venue there",
            )

    def _month(self) -> None:
        month = self.f.get("month", "")
        if month and month not in MONTHS:
            self.problem(
                "month", f"month {month!r} is not a BibTeX month macro", "write e.g. `month = jul` (run `make fmt`)"
            )

    def _venue(self) -> None:
        venue = self.f.get("venue", "").strip()
        if venue and self.vocab.venues.get(venue.lower()) != venue:
            known = self.vocab.venues.get(venue.lower())
            hint = f"write `{known}`" if known else _suggest(venue, set(self.vocab.venues.values()))
            self.problem("venue", f"unknown venue {venue!r}", f"{hint}; or add the venue to papers/venues.yml")
        track = self.f.get("track", "").strip()
        if track and track not in TRACKS:
            self.problem("track", f"unknown track {track!r}", f"use one of {', '.join(TRACKS)}")
        if self.f.get("workshop") and track != "workshop":
            self.problem("workshop", "`workshop` is set but `track` is not `workshop`", "add `track = {workshop},`")

    def _urls(self) -> None:
        for name in ("url", "homepage"):
            value = self.f.get(name, "")
            if value and not is_web_url(value):
                self.problem(name, f"`{name}` is not an http(s) URL: {value[:80]!r}", "use a full https:// link")
        for name in ("code", "unofficialcode"):
            for _, url in parse_link_list(self.f.get(name, "")):
                if not is_web_url(url):
                    self.problem(name, f"code link is not an http(s) URL: {url[:80]!r}", "use a full https:// link")
                elif not is_repository_url(url):
                    self.problem(
                        name,
                        f"code link is not a repository URL: {url}",
                        "link a repository (github.com/owner/repo, gitlab.com/..., huggingface.co/...); "
                        "put a project page in `homepage`",
                    )
        for _, url in parse_link_list(self.f.get("seealso", "")):
            if not is_web_url(url):
                self.problem(
                    "seealso", f"`seealso` link is not an http(s) URL: {url[:80]!r}", "use `label: https://...`"
                )

    def _ids(self) -> None:
        eprint, doi = self.f.get("eprint", ""), self.f.get("doi", "")
        if eprint and not ARXIV_ID.match(eprint):
            self.problem(
                "eprint", f"`eprint` {eprint!r} is not an arXiv id", "write e.g. `eprint = {2004.12832}` (no version)"
            )
        if eprint and self.f.get("archiveprefix", "arXiv") != "arXiv":
            self.problem("archiveprefix", "`archiveprefix` must be `arXiv`", "only arXiv eprints are supported")
        if doi and not DOI.match(doi):
            self.problem("doi", f"`doi` {doi!r} is not a DOI", "write e.g. `doi = {10.1145/3397271.3401075}`")

    def _latex_text(self) -> None:
        for name in LATEX_TEXT_FIELDS:
            found = latex.unescaped_specials(self.f.get(name, ""))
            if found:
                shown = " ".join(f"`{char}`" for char in found)
                fixed = ", ".join(f"`{latex.ESCAPED[char]}` for `{char}`" for char in found)
                self.problem(
                    name,
                    f"`{name}` has {shown} unescaped: LaTeX stops at it where BibTeX prints the field",
                    f"write {fixed}",
                )

    def _tags(self) -> None:
        if "tags" not in self.f:
            return
        tags = split_list(self.f["tags"])
        if not 1 <= len(tags) <= MAX_TAGS:
            self.problem("tags", f"{len(tags)} tags given", f"give 1 to {MAX_TAGS} tags")
        for tag in tags:
            if tag not in self.vocab.tags:
                hint = _suggest(tag, self.vocab.tags)
                self.problem("tags", f"unknown tag {tag!r}", f"{hint}; tags are listed in papers/tags.yml")
        if len(set(tags)) != len(tags):
            self.problem("tags", "a tag is repeated", "list each tag once")

    def _sections(self) -> None:
        for slug in split_list(self.f.get("crosslist", "")):
            if slug not in self.vocab.sections:
                hint = _suggest(slug, self.vocab.sections)
                self.problem(
                    "crosslist",
                    f"cross-listed to unknown section {slug!r}",
                    f"{hint}; sections are in papers/taxonomy.yml",
                )

    def _added(self) -> None:
        added = self.f.get("added", "")
        if added and (not DATE.match(added) or not _is_date(added)):
            self.problem("added", f"`added` {added!r} is not a date", "write the date as YYYY-MM-DD")

    def paper(self, section: str) -> Paper:
        f = self.f
        url = f.get("url", "")
        names = split_authors(f.get("author", ""))
        more = bool(names) and names[-1].lower() == "others"
        code = [CodeLink(u, latex.decode(lab), True) for lab, u in parse_link_list(f.get("code", ""))]
        code += [CodeLink(u, latex.decode(lab), False) for lab, u in parse_link_list(f.get("unofficialcode", ""))]
        return Paper(
            key=self.raw.key,
            entry_type=self.raw.entry_type,
            title=latex.decode(f["title"]),
            authors=tuple(display_name(n) for n in (names[:-1] if more else names)),
            more_authors=more,
            year=int(f["year"]) if f.get("year") else None,
            venue=derived_venue(f, self.vocab.venue_list),
            track=f.get("track", ""),
            workshop=latex.decode(f.get("workshop", "")),
            award=latex.decode(f.get("award", "")),
            url=url,
            arxiv=f.get("eprint") or arxiv_id_from_url(url),
            doi=f.get("doi") or doi_from_url(url),
            code=tuple(code),
            homepage=f.get("homepage", ""),
            see_also=tuple(Link(u, latex.decode(lab)) for lab, u in parse_link_list(f.get("seealso", ""))),
            model=latex.decode(f.get("model", "")),
            key_idea=latex.decode(f.get("keyidea", "")),
            tags=tuple(split_list(f["tags"])),
            added=dt.date.fromisoformat(f["added"]),
            section=section,
            also_in=tuple(split_list(f.get("crosslist", ""))),
            location=self.raw.location,
            fields=tuple((name, f[name]) for name in FIELD_ORDER if name in f),
            abstract=latex.decode(f.get("abstract", "")),
        )


@dataclass(frozen=True)
class Name:
    """One author as reference managers and keys want it: family and given names, or one literal (an organization)."""

    family: str = ""
    given: str = ""
    literal: str = ""

    @property
    def inverted(self) -> str:
        """`Khattab, Omar` (RIS); a literal stays whole."""
        return self.literal or ", ".join(part for part in (self.family, self.given) if part)


def parse_name(name: str) -> Name:
    """`Last, First`, `First von Last` or `{An Organization}`, the BibTeX way (simplified: no `Jr` part)."""
    if name.startswith("{") and name.endswith("}") and balanced_braces(name[1:-1]):
        return Name(literal=latex.decode(name[1:-1]))
    if "," in name:
        family, _, given = name.partition(",")
        return Name(latex.decode(family.strip()), latex.decode(given.strip()))
    words = name.split()
    if len(words) == 1:
        return Name(latex.decode(words[0]))
    cut = len(words) - 1
    while cut > 1 and _VON.match(words[cut - 1]):  # "Marie-Catherine de Marneffe": "de" goes with the family
        cut -= 1
    return Name(latex.decode(" ".join(words[cut:])), latex.decode(" ".join(words[:cut])))


def drop_derivable_venue(fields: dict[str, str], venues: tuple[Venue, ...]) -> None:
    """One fact, one source: a `venue` that `booktitle`/`journal` (or `eprint`) already names goes."""
    venue = fields.get("venue", "")
    if venue and derived_venue({k: v for k, v in fields.items() if k != "venue"}, venues) == venue:
        del fields["venue"]


def split_list(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]


def split_authors(value: str) -> list[str]:
    """Split on ` and ` outside braces, as BibTeX does."""
    return list(_split_authors(value))


@functools.lru_cache(maxsize=65_536)  # each author field is split for the checks, the card and every export
def _split_authors(value: str) -> tuple[str, ...]:
    names, depth, start = [], 0, 0
    i = 0
    while i < len(value):
        ch = value[i]
        depth += (ch == "{") - (ch == "}")
        if depth == 0 and value[i].isspace() and (separator := _AND.match(value, i)):
            names.append(value[start:i])
            i = separator.end()
            start = i
            continue
        i += 1
    names.append(value[start:])
    return tuple(" ".join(n.split()) for n in names if n.strip())


def display_name(name: str) -> str:
    """`Last, First` becomes `First Last`; LaTeX is decoded."""
    parts = [p.strip() for p in _split_top_level_commas(name)]
    if len(parts) == 2 and all(parts):
        name = f"{parts[1]} {parts[0]}"
    return latex.decode(name)


def _split_top_level_commas(text: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        depth += (ch == "{") - (ch == "}")
        if ch == "," and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return parts


def _is_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _suggest(word: str, choices) -> str:
    """The closest choice, compared without case, spelled as in `choices`."""
    by_lower = {choice.lower(): choice for choice in sorted(choices)}
    close = difflib.get_close_matches(word.lower(), list(by_lower), n=1, cutoff=0.6)
    return f"did you mean `{by_lower[close[0]]}`?" if close else "check the spelling"
