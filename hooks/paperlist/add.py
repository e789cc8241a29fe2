"""`paperlist add ID --section SLUG --tags a,b`: a new entry from arXiv or Crossref metadata.

The entry is built in the canonical layout (`bibformat.format_entry`), appended to the
section's file, the file is formatted and the whole tree validated; on any problem the file
is restored byte for byte. Nothing is written before the metadata is in hand.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from paperlist.bibfile import balanced_braces
from paperlist.bibformat import format_entry, format_file
from paperlist.catalog import Catalog, load_catalog
from paperlist.entries import drop_derivable_venue, split_list
from paperlist.fields import MAX_TAGS, MONTHS
from paperlist.latex import escape_specials
from paperlist.problems import DataError, Problem
from paperlist.scholarly.metadata import Metadata, fetch, parse_identifier
from paperlist.vocabulary import Venue

STOPWORDS = frozenset({
    "a", "an", "the", "of", "on", "in", "for", "to", "and", "or", "with", "via", "from", "by", "at", "as",
    "is", "are", "be", "do", "does", "how", "what", "why", "when", "which", "can", "we", "our", "towards",
    "toward", "into", "using", "not", "no", "its", "their", "your",
})  # fmt: skip
_PROCEEDINGS = re.compile(r"^proceedings of (?:the )?(?:\d+(?:st|nd|rd|th) |[a-z]+(?:-[a-z]+)? annual )?", re.I)
_YEAR_SUFFIX = re.compile(r"\s*(?:'\d{2}|\d{4})$")


class AddError(Exception):
    """The paper cannot be added as asked; the message says what to do. Nothing was changed."""

    def __init__(self, message: str, problems: list[Problem] | None = None):
        super().__init__(message)
        self.problems = problems or []


@dataclass(frozen=True)
class Added:
    key: str
    path: str  # e.g. papers/first-stage/dense/hard-negatives.bib
    line: int
    entry: str
    note: str


def add_paper(
    root: Path,
    identifier: str,
    section: str,
    tags: str | None,
    added: str | None = None,
    model: str = "",
    keyidea: str = "",
) -> Added:
    """Fetch, build, insert, format, validate. Raises `AddError` or `fetch.FetchError`."""
    catalog = _current_catalog(root)
    leaf = _leaf(catalog, section)
    tag_list = _tags(catalog, tags)
    date = _date(added)
    kind, ident = parse_identifier(identifier)
    _not_listed_yet(catalog, kind, ident)
    meta = fetch(kind, ident)
    venue = resolve_venue(catalog, meta)
    taken = {paper.key.lower() for paper in catalog.papers}
    key = make_key(meta.authors[0].family, meta.year, meta.title, taken)
    fields = entry_fields(meta, venue, tag_list, date, model=model, keyidea=keyidea, venues=catalog.venues)
    entry = format_entry(entry_type(meta, catalog), key, fields)
    path = root / "papers" / leaf.bib_path
    shown_as = f"papers/{leaf.bib_path}"
    insert_and_validate(root, path, shown_as, entry)
    line = next(
        (n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text.endswith(f"{{{key},")), 1
    )
    return Added(key, shown_as, line, entry, meta.note)


def insert_and_validate(root: Path, path: Path, shown_as: str, entry: str) -> None:
    original = path.read_bytes()
    text = original.decode("utf-8")
    separator = "" if not text.strip() else ("\n" if text.endswith("\n") else "\n\n")
    try:
        path.write_text(text + separator + entry, encoding="utf-8")
        _, problems = format_file(path, shown_as, write=True)
        if problems:
            raise DataError(problems)
        load_catalog(root)
    except DataError as error:
        path.write_bytes(original)
        message = f"the new entry does not pass the checks; {shown_as} was left as it was"
        raise AddError(message, error.problems) from None
    except BaseException:
        path.write_bytes(original)
        raise


def _current_catalog(root: Path) -> Catalog:
    try:
        return load_catalog(root)
    except DataError as error:
        raise AddError("papers/ has problems already; fix them first (`make check`)", error.problems) from None


def _leaf(catalog: Catalog, slug: str):
    leaves = {node.slug: node for node in catalog.leaves()}
    if slug not in leaves:
        known = ", ".join(leaves)
        groups = {node.slug for node in catalog.all_sections()}
        what = "is a group, not a section with a file" if slug in groups else "is unknown"
        raise AddError(f"section {slug!r} {what}; use one of: {known}")
    return leaves[slug]


def _tags(catalog: Catalog, tags: str | None) -> list[str]:
    known = [tag.slug for tag in catalog.tags]
    if not tags or not split_list(tags):
        raise AddError(
            f"tags are required: pass --tags with 1 to {MAX_TAGS} of these, comma-separated "
            f"(make add ... TAGS=a,b): {', '.join(known)}"
        )
    tag_list = split_list(tags)
    unknown = [tag for tag in tag_list if tag not in known]
    if unknown:
        raise AddError(f"unknown tag(s) {', '.join(unknown)}; tags are in papers/tags.yml: {', '.join(known)}")
    if len(tag_list) > MAX_TAGS or len(set(tag_list)) != len(tag_list):
        raise AddError(f"give 1 to {MAX_TAGS} different tags")
    return tag_list


def _date(added: str | None) -> str:
    if not added:
        return dt.date.today().isoformat()
    try:
        return dt.date.fromisoformat(added).isoformat()
    except ValueError:
        raise AddError(f"--added {added!r} is not a date; write YYYY-MM-DD") from None


def _not_listed_yet(catalog: Catalog, kind: str, ident: str) -> None:
    for paper in catalog.papers:
        if (kind == "arxiv" and paper.arxiv == ident) or (kind == "doi" and paper.doi.lower() == ident.lower()):
            raise AddError(
                f"{ident} is already listed as {paper.key} at {paper.location}; "
                f"to show it in another section too, add that section to its `crosslist`"
            )


def resolve_venue(catalog: Catalog, meta: Metadata) -> str:
    """`arXiv` for preprints; for DOIs, the venue of `papers/venues.yml` that a container title,
    its short form or the event's name or acronym names (by name, full name or alias)."""
    if meta.kind == "arxiv":
        return "arXiv"
    spellings: dict[str, str] = {}
    for venue in catalog.venues:
        for spelling in (venue.name, venue.full_name, *venue.aliases):
            spellings.setdefault(_venue_key(spelling), venue.name)
    for name in meta.venue_names:
        for candidate in (name, _PROCEEDINGS.sub("", name), _YEAR_SUFFIX.sub("", name)):
            found = spellings.get(_venue_key(candidate))
            if found:
                return found
    named = meta.venue_names[0] if meta.venue_names else "(Crossref gives no venue)"
    raise AddError(
        f"unknown venue {named!r}: add it (or this spelling as an alias of an existing venue) to "
        "papers/venues.yml, then run the command again"
    )


def _venue_key(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", _ascii(name).lower()).strip()


def entry_type(meta: Metadata, catalog: Catalog) -> str:
    if meta.kind == "arxiv":
        return "misc"
    return {"proceedings-article": "inproceedings", "journal-article": "article"}.get(meta.work_type, "misc")


def entry_fields(
    meta: Metadata,
    venue: str,
    tags: list[str],
    added: str,
    *,
    model: str = "",
    keyidea: str = "",
    venues: tuple[Venue, ...] = (),
) -> dict[str, str]:
    latex = meta.kind == "arxiv"  # arXiv titles are written in LaTeX already
    fields = {
        "title": protect_acronyms(bibtex_text(meta.title, latex=latex)),
        "author": " and ".join(bibtex_name(author.full) for author in meta.authors),
        "year": meta.year,
        "venue": venue,
        "url": meta.url,
        "eprint": meta.arxiv,
        "archiveprefix": "arXiv" if meta.arxiv else "",
        "doi": meta.doi,
        "model": bibtex_text(model),
        "keyidea": bibtex_text(keyidea),
        "tags": ", ".join(tags),
        "added": added,
        "primaryclass": meta.primary_class,
    }  # no abstract: the list copies no publisher's prose
    if meta.kind == "doi":
        journal = meta.work_type == "journal-article"
        fields["journal" if journal else "booktitle"] = bibtex_text(meta.container)
        fields |= {
            "pages": meta.pages,
            "publisher": bibtex_text(meta.publisher),
            "address": bibtex_text(meta.address),
            "volume": meta.volume,
            "number": meta.issue if journal else "",  # BibTeX styles take one of them in proceedings
            "month": MONTHS[meta.month - 1] if meta.month else "",
            "isbn": meta.isbn,
        }
    fields = {name: value for name, value in fields.items() if value}
    drop_derivable_venue(fields, venues)
    return fields


def bibtex_text(text: str, *, latex: bool = False) -> str:
    """Text safe inside `{...}`: specials escaped (`&` as `\\&`), braces balanced.

    With `latex`, the text is LaTeX already (arXiv): only the characters that would stop LaTeX are
    escaped (`&`, `%`, `#`, and `_`, `^` outside math), and braces are kept when they balance."""
    text = " ".join(text.split())
    if latex and balanced_braces(text):
        return escape_specials(text)
    return re.sub(r"([&%$#_{}])", r"\\\1", text.replace("\\", ""))


def bibtex_name(name: str) -> str:
    """One author; a name with a comma or the word "and" (an organization) is braced whole."""
    text = bibtex_text(name)
    return f"{{{text}}}" if "," in text or re.search(r"\sand\s", text, re.I) else text


def protect_acronyms(title: str) -> str:
    """Brace words that BibTeX styles must not lower-case: `{ColBERT}`, `{BERT}`, `{T5}`."""

    def brace(match: re.Match) -> str:
        word = match.group(0)
        rest = word[1:]
        keep = word[0].isupper() and any(c.isupper() or c.isdigit() for c in rest)
        return f"{{{word}}}" if keep else word

    parts = re.split(r"(\$[^$]*\$|\\[A-Za-z]+|\{[^{}]*\})", title)  # math, commands, braced groups stay
    return "".join(part if i % 2 else re.sub(r"[A-Za-z][A-Za-z0-9]*", brace, part) for i, part in enumerate(parts))


def make_key(family: str, year: str, title: str, taken: set[str]) -> str:
    """firstauthor + year + first significant title word, lower-case ASCII, unique in `taken`."""
    name = re.sub(r"[^a-z]", "", _ascii(family).lower()) or "anonymous"
    words = [w for w in re.findall(r"[a-z0-9]+", _ascii(re.sub(r"\\[A-Za-z]+", " ", title)).lower())]
    word = next((w for w in words if w not in STOPWORDS and not w.isdigit() and len(w) > 1), "")
    base = f"{name}{year}{word}"
    key, suffix = base, ord("b")
    while key.lower() in taken:
        key, suffix = f"{base}{chr(suffix)}", suffix + 1
    return key


def _ascii(text: str) -> str:
    text = text.replace("ß", "ss").replace("ø", "o").replace("Ø", "O").replace("ł", "l").replace("Ł", "L")
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
