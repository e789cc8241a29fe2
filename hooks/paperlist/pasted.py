"""What `make fmt` derives from an entry as ACL Anthology, dblp, arXiv, Google Scholar, Semantic Scholar,
the ACM Digital Library or Zotero export it, so that a contributor adds only `tags`.

Every rule is a pure function of the entry (and the keys already taken): running it twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import replace

from paperlist.add import make_key
from paperlist.bibfile import RawEntry
from paperlist.entries import KEY, drop_derivable_venue, parse_name, split_authors
from paperlist.fields import BIBLATEX_ONLY_TYPES, BOOKKEEPING_FIELDS, MONTHS
from paperlist.links import ARXIV_ID
from paperlist.vocabulary import Venue

# `journal = {arXiv preprint arXiv:2004.12832}` (Google Scholar), `{CoRR}` + `volume = {abs/2004.12832}` (dblp),
# `{ArXiv}` + `volume = {abs/2004.12832}` (Semantic Scholar).
_ARXIV_JOURNAL = re.compile(r"^\s*(arxiv|corr)\b(\s+preprint)?(\s+arxiv:\s*(?P<id>\S+))?\s*$", re.IGNORECASE)
_ARXIV_VOLUME = re.compile(r"^abs/(?P<id>\S+)$")
_VERSION = re.compile(r"v\d+$")
_MONTH_NAMES = {
    name: MONTHS[i]
    for i, names in enumerate(
        ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
         "november", "december")
    )
    for name in (names, names[:3], names[:4], str(i + 1), f"{i + 1:02d}")
}  # fmt: skip
_PAGE_RANGE = re.compile(r"^\s*(\w+)\s*(?:-+|–|—)\s*(\w+)\s*$")
_DOI_PREFIX = re.compile(r"^(https?://(dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)


def normalizer(taken_keys: set[str], today: dt.date, venues: tuple[Venue, ...]) -> Callable[[RawEntry], RawEntry]:
    """`make fmt`'s step for each entry; `taken_keys` (lower case) are the keys of papers/, and grow."""
    return lambda raw: normalize(raw, taken_keys, today, venues)


def normalize(raw: RawEntry, taken_keys: set[str], today: dt.date, venues: tuple[Venue, ...]) -> RawEntry:
    """The entry with bookkeeping dropped and what can be derived filled in; `taken_keys` gets its key."""
    fields = {name: value for name, value in raw.fields.items() if name not in BOOKKEEPING_FIELDS}
    entry_type = BIBLATEX_ONLY_TYPES.get(raw.entry_type, raw.entry_type)
    entry_type = _arxiv_preprint(entry_type, fields)
    _tidy_values(fields)
    if "url" not in fields:
        if fields.get("eprint"):
            fields["url"] = f"https://arxiv.org/abs/{fields['eprint']}"
        elif fields.get("doi"):
            fields["url"] = f"https://doi.org/{fields['doi']}"
    fields.setdefault("added", today.isoformat())
    drop_derivable_venue(fields, venues)
    key = raw.key if KEY.match(raw.key) else _list_key(fields, taken_keys)  # dblp's keys have `/`
    taken_keys.add(key.lower())
    return replace(raw, key=key, entry_type=entry_type, fields=fields)


def _arxiv_preprint(entry_type: str, fields: dict[str, str]) -> str:
    """A preprint exported as an @article of journal "arXiv" (or as a @techreport of no institution, as
    Zotero does) becomes arXiv's own form: @misc with `eprint` and `archiveprefix`."""
    if fields.get("eprinttype", "").lower() == "arxiv":  # biblatex's name for archivePrefix
        fields.pop("eprinttype")
        fields["archiveprefix"] = "arXiv"
    journal = _ARXIV_JOURNAL.match(fields.get("journal", ""))
    volume = _ARXIV_VOLUME.match(fields.get("volume", ""))
    arxiv = (journal and journal.group("id")) or (volume.group("id") if volume and journal else "")
    arxiv = _VERSION.sub("", arxiv or fields.get("eprint", ""))
    if not ARXIV_ID.match(arxiv) or fields.get("archiveprefix", "arXiv").lower() != "arxiv":
        return entry_type  # no arXiv id to go on: the validator asks for what is missing
    if journal:
        fields.pop("journal")
        if volume:
            fields.pop("volume")
    elif not (entry_type == "techreport" and not fields.get("institution")):
        return entry_type  # a published version that also names its arXiv id
    fields["eprint"], fields["archiveprefix"] = arxiv, "arXiv"
    return "misc"


def _tidy_values(fields: dict[str, str]) -> None:
    if "month" in fields:
        fields["month"] = _MONTH_NAMES.get(fields["month"].strip().strip("{}").lower().rstrip("."), fields["month"])
    if pages := _PAGE_RANGE.match(fields.get("pages", "")):
        fields["pages"] = f"{pages.group(1)}--{pages.group(2)}"
    if "doi" in fields:
        fields["doi"] = _DOI_PREFIX.sub("", fields["doi"].strip())
    if "eprint" in fields:
        fields["eprint"] = _VERSION.sub("", fields["eprint"].strip())
    if "archiveprefix" in fields and fields["archiveprefix"].lower() == "arxiv":
        fields["archiveprefix"] = "arXiv"


def _list_key(fields: dict[str, str], taken: set[str]) -> str:
    """The key `make add` would give: first author's last name, year, first significant title word."""
    authors = split_authors(fields.get("author", ""))
    first = parse_name(authors[0]) if authors else None
    family = (first.family or first.literal) if first else ""
    return make_key(family, fields.get("year", ""), fields.get("title", ""), taken)
