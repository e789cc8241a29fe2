"""Import an awesome list in Markdown (the seed's format) into a taxonomy and `.bib` entries.

The seed's format: `##`..`#####` headings make the taxonomy; each bullet is
`[Title.](url) *Authors et.al.* Venue Year track. [[code](url)] (**Model, key idea**)`.
The import is deterministic and produces a starting point: slugs, entries, cross-listings,
venues normalized through `papers/venues.yml`, and tags where a tag's keywords match.
Descriptions, tags and names are then curated by hand in `papers/` (see CONTRIBUTING.md).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from paperlist.catalog import normalized_url
from paperlist.links import arxiv_id_from_url, doi_from_url, format_link_list, is_repository_url, parse_link_list
from paperlist.taxonomy import RESERVED_SLUGS
from paperlist.vocabulary import Venue

_HEADING = re.compile(r"^(#{2,6})\s+(.+?)\s*$")
_LINK = re.compile(r"\[((?:[^\[\]]|\[[^\[\]]*\])+)\]\((\S+?)\)")  # titles may hold `[CLS]`
_CODE_LINK = re.compile(r"\[([^\[\]]*\bcode)\]\((\S+?)\)", re.I)
_NOTE = re.compile(r"\(\*\*(.+?)\*\*\)", re.S)
_AWARD = re.compile(r"\*\*([^*]+)\*\*")
_ITALIC = re.compile(r"(?<!\*)\*([^*]+)\*(?!\*)")
# An author that is an organization is braced, so that BibTeX does not read "Research" as a last name.
_ORGANIZATION = re.compile(
    r"\b(Research|Team|Lab|Labs|Laboratory|Inc|Corporation|Institute|University|Group|Foundation|Consortium|Community)\b"
)
_YEAR = re.compile(r"\b(19|20)\d{2}\b")
_STOPWORDS = {"a", "an", "the", "on", "of", "for", "to", "in", "and", "with", "via", "is", "at", "by"}
_TRACK_WORDS = {"short": "short", "findings": "findings", "workshop": "workshop", "demo": "demo"}


@dataclass
class ImportedSection:
    slug: str
    title: str
    children: list[ImportedSection] = field(default_factory=list)
    entries: list[ImportedEntry] = field(default_factory=list)

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class ImportedEntry:
    entry_type: str
    key: str
    fields: dict[str, str]
    section: str
    crosslist: list[str] = field(default_factory=list)
    derived: set[str] = field(default_factory=set)  # fields guessed from the URL, not stated in the bullet
    line: int = 0  # of the bullet in the Markdown, for messages
    section_title: str = ""  # one of the texts that tags are matched against


@dataclass(frozen=True)
class TagRule:
    slug: str
    keywords: tuple[str, ...]


@dataclass(frozen=True)
class ImportConflict:
    """Two bullets of one paper that disagree on a fact; the first bullet's value is kept."""

    field: str
    kept: str
    kept_line: int
    other: str
    other_line: int


@dataclass
class ImportResult:
    roots: list[ImportedSection]
    conflicts: list[ImportConflict]


# Fields that hold `;`-separated link lists: a repeated paper gets the union of both bullets' links.
_LINK_FIELDS = ("code", "unofficialcode", "seealso")


def import_markdown(text: str, venues: tuple[Venue, ...], tag_rules: tuple[TagRule, ...], added: str) -> ImportResult:
    """Parse the list; return root sections with their entries, a paper listed twice merged into one."""
    roots: list[ImportedSection] = []
    stack: list[tuple[int, ImportedSection]] = []
    used_slugs: set[str] = set()
    by_url: dict[str, ImportedEntry] = {}
    conflicts: list[ImportConflict] = []
    for line, bullet_or_heading in _blocks(text):
        heading = _HEADING.match(bullet_or_heading)
        if heading:
            level, title = len(heading.group(1)), _clean_heading(heading.group(2))
            while stack and stack[-1][0] >= level:
                stack.pop()
            parent = stack[-1][1] if stack else None
            node = ImportedSection(_unique_slug(title, parent, used_slugs), title)
            (parent.children if parent else roots).append(node)
            stack.append((level, node))
            continue
        if not stack:
            continue
        section = stack[-1][1]
        entry = parse_bullet(bullet_or_heading, venues, added)
        if entry is None:
            continue
        entry.line, entry.section, entry.section_title = line, section.slug, section.title
        same = by_url.get(normalized_url(entry.fields["url"]))
        if same:  # listed again elsewhere: one entry, cross-listed, with the union of both bullets
            same.crosslist.append(section.slug)
            conflicts += _merge_into(same, entry)
            continue
        by_url[normalized_url(entry.fields["url"])] = entry
        section.entries.append(entry)
    keys: set[str] = set()
    for entry in by_url.values():  # type, key and tags once every bullet of the paper is merged
        entry.entry_type = _entry_type(entry.fields, entry.fields["url"], "author" in entry.fields, venues)
        entry.key = _unique_key(entry, keys)
        _assign_tags(entry, entry.section_title, tag_rules)
        if entry.crosslist:
            entry.fields["crosslist"] = ", ".join(entry.crosslist)
    return ImportResult([root for root in roots if any(node.entries for node in root.walk())], conflicts)


def _merge_into(first: ImportedEntry, again: ImportedEntry) -> list[ImportConflict]:
    """Give `first` every fact of `again` that it lacks; report the facts on which the two disagree."""
    conflicts = []
    for name, value in again.fields.items():
        kept = first.fields.get(name, "")
        stated = name in first.derived and name not in again.derived
        if not kept or stated or (name == "author" and _cut_short(kept, value)):
            first.fields[name] = value
            first.derived -= {name} - again.derived
        elif kept == value or name == "added" or (name == "author" and _cut_short(value, kept)):
            continue
        elif name in _LINK_FIELDS:
            first.fields[name] = format_link_list(_union(parse_link_list(kept), parse_link_list(value)))
        elif name == "keyidea":
            first.fields[name] = max(kept, value, key=len)
        else:
            conflicts.append(ImportConflict(name, kept, first.line, value, again.line))
    return conflicts


def _union(first: list[tuple[str, str]], second: list[tuple[str, str]]) -> list[tuple[str, str]]:
    urls = {url for _, url in first}
    return first + [(label, url) for label, url in second if url not in urls]


def _cut_short(short: str, full: str) -> bool:
    """`A and others` against `A and B and C`: the same author list, once cut short."""
    if not short.endswith(" and others") or short == full:
        return False
    head = short.removesuffix(" and others").split(" and ")
    return full.split(" and ")[: len(head)] == head


def _blocks(text: str) -> list[tuple[int, str]]:
    """Headings and bullets with their first line number; continuation lines joined, HTML comments removed."""
    text = re.sub(r"<!--.*?-->", lambda m: "\n" * m.group(0).count("\n"), text, flags=re.S)  # keep line numbers
    blocks: list[tuple[int, str]] = []
    in_bullet = False
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if _HEADING.match(stripped):
            blocks.append((number, stripped))
            in_bullet = False
        elif line.startswith("- "):
            blocks.append((number, stripped[2:].strip()))
            in_bullet = True
        elif stripped and in_bullet and not line.startswith((" ", "\t")):
            blocks[-1] = (blocks[-1][0], blocks[-1][1] + " " + stripped)
        else:
            in_bullet = in_bullet and bool(stripped)
    return blocks


def parse_bullet(text: str, venues: tuple[Venue, ...], added: str) -> ImportedEntry | None:
    """One bullet to an entry; None for table-of-contents links (`[Title](#anchor)`)."""
    code = [(_code_label(label), url) for label, url in _CODE_LINK.findall(text)]
    rest = re.sub(r"\[[\s,]*\]", " ", _CODE_LINK.sub("", text))  # the emptied `[[code](...)]` brackets
    notes = _NOTE.findall(rest)
    rest = _NOTE.sub("", rest)
    links = [(label, url) for label, url in _LINK.findall(rest) if url.startswith("http")]
    if not links:
        return None
    rest = _LINK.sub("\x00", rest)
    award = "; ".join(a.strip() for a in _AWARD.findall(rest))
    rest = _AWARD.sub("", rest)
    groups = _author_groups(rest)
    (title, url), others = links[0], links[1:]
    fields: dict[str, str] = {"title": _clean_title(title)}
    authors, venue_text = groups[0] if groups else ("", "")
    if authors:
        fields["author"] = authors
    venue_fields, derived = _venue_fields(venue_text, venues, url)
    fields.update(venue_fields)
    if award:
        fields["award"] = award
    fields["url"] = url
    arxiv, doi = arxiv_id_from_url(url), doi_from_url(url)
    if arxiv:
        fields["eprint"], fields["archiveprefix"] = arxiv, "arXiv"
    if doi:
        fields["doi"] = doi
    if others:
        fields["seealso"] = format_link_list(_see_also(others, groups[1:]))
    official = [(label, u) for label, u in code if label != "unofficial" and is_repository_url(u)]
    unofficial = [("", u) for label, u in code if label == "unofficial"]
    project_pages = [u for label, u in code if label != "unofficial" and not is_repository_url(u)]
    entry_type = _entry_type(fields, url, bool(authors), venues)
    if entry_type == "software" and not official:
        official = [("", url)]
    if official:
        fields["code"] = format_link_list(official)
    if unofficial:
        fields["unofficialcode"] = format_link_list(unofficial)
    if project_pages:
        fields["homepage"] = project_pages[0]
    if notes:
        fields.update(_note_fields(" ".join(notes)))
    fields["added"] = added
    return ImportedEntry(entry_type, "", fields, "", derived=derived)


def _code_label(label: str) -> str:
    label = " ".join(label.split()).removesuffix("code").strip()
    return label.lower() if label.lower() == "unofficial" else label


def _author_groups(text: str) -> list[tuple[str, str]]:
    """Italic author lists, each with the venue text that follows it."""
    parts = _ITALIC.split(text)
    groups = []
    for i in range(1, len(parts), 2):
        names, venue_text = parts[i], parts[i + 1] if i + 1 < len(parts) else ""
        inline_venue = re.match(r"(.*?\bet\.?\s?al\.?)\s+(\S.*\b(?:19|20)\d{2})$", names.strip())
        if inline_venue:  # `*Jiafeng Guo et.al. IPM 2020*`: the venue sits inside the italics
            names, venue_text = inline_venue.group(1), inline_venue.group(2) + " " + venue_text
        groups.append((_authors(names), venue_text.split("\x00")[0]))
    return groups


def _authors(text: str) -> str:
    text = text.strip().rstrip(".").strip()
    more = bool(re.search(r"\bet\.?\s?al\.?$", text))
    text = re.sub(r"\s*\bet\.?\s?al\.?$", "", text)
    names = [" ".join(n.replace("^", "").split()) for n in text.split(",") if n.strip()]
    names = [f"{{{name}}}" if _ORGANIZATION.search(name) else name for name in names]
    return " and ".join(names + (["others"] if more else []))


def _venue_fields(text: str, venues: tuple[Venue, ...], url: str) -> tuple[dict[str, str], set[str]]:
    """Venue, track, workshop and year; and which of them were guessed from an arXiv URL."""
    text = " ".join(text.replace(",", " ").split()).strip(" .")
    year = _YEAR.search(text)
    words = [w.strip(".") for w in (text[: year.start()] + " " + text[year.end() :] if year else text).split()]
    track = next((_TRACK_WORDS[w.lower()] for w in words if w.lower() in _TRACK_WORDS), "")
    fields: dict[str, str] = {}
    derived: set[str] = set()
    workshop = ""
    if track == "workshop":
        idx = [w.lower() for w in words].index("workshop")
        workshop = words[idx - 1] if idx > 1 else ""
    names = [w for w in words if w.lower() not in _TRACK_WORDS and w != workshop]
    venue = _normalize_venue(" ".join(names), venues)
    arxiv = arxiv_id_from_url(url)
    if not venue and arxiv:
        venue = "arXiv"
        derived.add("venue")
    if venue:
        fields["venue"] = venue
    if track:
        fields["track"] = track
    if workshop:
        fields["workshop"] = workshop
    if year:
        fields["year"] = year.group(0)
    elif arxiv and re.match(r"\d{4}\.", arxiv):
        fields["year"] = "20" + arxiv[:2]
        derived.add("year")
    return fields, derived


def _normalize_venue(name: str, venues: tuple[Venue, ...]) -> str:
    if not name:
        return ""
    for venue in venues:
        if name.lower() in (venue.name.lower(), *(a.lower() for a in venue.aliases)):
            return venue.name
    return name  # unknown: kept as written, the validator asks to add it


def _see_also(links: list[tuple[str, str]], groups: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Further papers of a bullet; the second author group, if any, belongs to them."""
    extra = ""
    if groups:
        authors, venue = groups[0]
        extra = f" ({authors.replace(' and others', ' et al.').replace(' and ', ', ')}, {venue.strip(' .,')})"
    return [(_clean_title(label) + extra, url) for label, url in links]


def _entry_type(fields: dict[str, str], url: str, has_authors: bool, venues: tuple[Venue, ...]) -> str:
    if not has_authors and is_repository_url(url):
        return "software"
    venue = fields.get("venue", "")
    if venue == "arXiv" or not venue:
        return "misc"
    return "article" if any(v.name == venue and v.journal for v in venues) else "inproceedings"


def _note_fields(note: str) -> dict[str, str]:
    """`**DPR, in-batch negatives**` -> model DPR, key idea "in-batch negatives"."""
    note = " ".join(note.split())
    head, sep, tail = [*re.split(r"\s*([,:，])\s*", note, maxsplit=1), "", ""][:3]
    if _looks_like_name(head):
        fields = {"model": head}
        if sep and tail:
            fields["keyidea"] = tail
        return fields
    return {"keyidea": note}


def _looks_like_name(text: str) -> bool:
    words = text.split()
    return 0 < len(words) <= 3 and all(re.search(r"[A-Z0-9]", w[1:] or w) or w.isupper() for w in words)


def _clean_title(title: str) -> str:
    return " ".join(title.split()).rstrip(" .,")


def _clean_heading(title: str) -> str:
    return " ".join(title.replace("*", "").split())


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "section"


def _unique_slug(title: str, parent: ImportedSection | None, used: set[str]) -> str:
    slug = slugify(title)
    if slug in used or slug in RESERVED_SLUGS:
        slug = f"{parent.slug}-{slug}" if parent else f"{slug}-list"
    base, n = slug, 2
    while slug in used:
        slug, n = f"{base}-{n}", n + 1
    used.add(slug)
    return slug


def _unique_key(entry: ImportedEntry, keys: set[str]) -> str:
    first_author = entry.fields.get("author", "").split(" and ")[0].split()
    last = slugify(first_author[-1]).replace("-", "") if first_author else ""
    words = [
        w for w in re.findall(r"[a-z0-9]+", slugify(entry.fields["title"]).replace("-", " ")) if w not in _STOPWORDS
    ]
    base = (
        f"{last or (words[0] if words else 'entry')}{entry.fields.get('year', '')}{words[0] if words and last else ''}"
    )
    key, suffix = base, ord("b")
    while key in keys:
        key, suffix = f"{base}{chr(suffix)}", suffix + 1
    keys.add(key)
    return key


def _assign_tags(entry: ImportedEntry, section_title: str, rules: tuple[TagRule, ...]) -> None:
    text = " ".join(
        (entry.fields["title"], entry.fields.get("keyidea", ""), entry.fields.get("model", ""), section_title)
    )
    text = text.lower()
    tags = [rule.slug for rule in rules if any(re.search(rf"\b{re.escape(k)}", text) for k in rule.keywords)]
    if tags:
        entry.fields["tags"] = ", ".join(tags[:4])


def taxonomy_data(roots: list[ImportedSection]) -> dict[str, Any]:
    """The imported structure as `taxonomy.yml` data (descriptions are left to curation)."""

    def node(section: ImportedSection) -> dict[str, Any]:
        data: dict[str, Any] = {"slug": section.slug, "title": section.title, "description": ""}
        if section.children:
            data["sections"] = [node(child) for child in section.children]
        return data

    return {"sections": [node(root) for root in roots]}
