"""The canonical layout of a `.bib` file, so that a pull request's diff shows only its entry.

Entries are ordered by year, then key; fields follow `fields.FIELD_ORDER`; every value
is braced on one line with whitespace collapsed; names are aligned; no trailing comma.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import bibtexparser
from bibtexparser import model as bib

from paperlist.bibfile import RawEntry, read_bib_text
from paperlist.fields import FIELD_ORDER, MONTHS
from paperlist.model import Location
from paperlist.problems import Problem

NAME_WIDTH = max(len(name) for name in FIELD_ORDER)
_ORDER = {name: i for i, name in enumerate(FIELD_ORDER)}
# Line breaks and indentation, not every Unicode space: a no-break or thin space in a title is content.
_LAYOUT_SPACE = re.compile(r"[ \t\r\n]+")


def one_line(value: str) -> str:
    """A field value on one line: runs of layout whitespace become one space, ends trimmed."""
    return _LAYOUT_SPACE.sub(" ", value).strip(" ")


def format_entry(entry_type: str, key: str, fields: dict[str, str]) -> str:
    names = sorted(fields, key=lambda n: (_ORDER.get(n, len(_ORDER)), n))
    lines = [f"  {name.ljust(NAME_WIDTH)} = {_value(name, fields[name])}" for name in names]
    return f"@{entry_type.lower()}{{{key},\n" + ",\n".join(lines) + "\n}\n"


def _value(name: str, value: str) -> str:
    """Braced, except a month macro (`jul`): braced, BibTeX would print it as the word "jul"."""
    value = one_line(value)
    return value if name == "month" and value in MONTHS else f"{{{value}}}"


def sort_key(entry: RawEntry) -> tuple[str, str]:
    return (entry.fields.get("year", "").strip() or "9999", entry.key.lower())


def in_file_order(entries: list[RawEntry]) -> list[RawEntry]:
    """By year, then key; a companion (`listedwith`) right after the entry it is listed with."""
    by_key = {e.key: e for e in entries}

    def order(entry: RawEntry) -> tuple:
        main = by_key.get(entry.fields.get("listedwith", "").strip())
        return (*sort_key(main), 1, *sort_key(entry)) if main else (*sort_key(entry), 0)

    return sorted(entries, key=order)


def format_entries(entries: list[RawEntry]) -> str:
    return "\n".join(format_entry(e.entry_type, e.key, e.fields) for e in in_file_order(entries))


# Turns an entry as pasted from a bibliographic source into the list's form (see paperlist.pasted).
Normalizer = Callable[[RawEntry], RawEntry]


def format_text(text: str, shown_as: str, normalize: Normalizer | None = None) -> tuple[str | None, list[Problem]]:
    """The canonical form of a file's text, or None and the problems that prevent it."""
    entries, problems = read_bib_text(text, shown_as)
    problems += _comments(text, shown_as)
    if problems:
        return None, problems
    return format_entries([normalize(e) for e in entries] if normalize else entries), []


def format_file(
    path: Path, shown_as: str, *, write: bool, normalize: Normalizer | None = None
) -> tuple[bool, list[Problem]]:
    """Return whether the file is (or was) out of format; rewrite it when `write`."""
    text = path.read_text(encoding="utf-8", errors="replace")
    formatted, problems = format_text(text, shown_as, normalize)
    if formatted is None:
        return False, problems
    changed = formatted != text
    if changed and write:
        path.write_text(formatted, encoding="utf-8")
    return changed, []


def _comments(text: str, shown_as: str) -> list[Problem]:
    """Comments would be lost by reformatting: refuse them, with their line."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    library = bibtexparser.parse_string(text, parse_stack=[])
    return [
        Problem(
            Location(shown_as, (block.start_line or 0) + 1),
            "comments are not kept in .bib files",
            "put notes in the entry's `keyidea` field, or remove the comment",
        )
        for block in library.blocks
        if isinstance(block, bib.ExplicitComment | bib.ImplicitComment) and _has_text(block)
    ]


def _has_text(block: bib.Block) -> bool:
    raw = getattr(block, "comment", None) or block.raw or ""
    return bool(re.sub(r"\s+", "", raw))
