"""Reading one `.bib` file into raw entries with line numbers, reporting every syntax problem."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

import bibtexparser
from bibtexparser import model as bib

from paperlist.fields import MONTHS
from paperlist.model import Location
from paperlist.problems import Problem


@dataclass(frozen=True)
class RawEntry:
    """An entry as written: field values without their outer delimiters, not yet decoded."""

    key: str
    entry_type: str
    fields: dict[str, str]
    field_lines: dict[str, int]
    location: Location

    def line_of(self, name: str) -> int:
        return self.field_lines.get(name, self.location.line)

    def at(self, name: str) -> Location:
        return Location(self.location.path, self.line_of(name))


_BARE_NUMBER = re.compile(r"^\d+$")
_BRACE = re.compile(r"[{}]")
_MISSING_COMMA = re.compile(r"^\s*(\{.*\}|\".*\"|\d+)\s*\n\s*[A-Za-z_-]+\s*=", re.S)
# Characters that are invalid in HTML and XML 1.0 (the pages and the Atom feed): C0/C1 controls, noncharacters.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff]")
# Text outside any entry that looks like a field: an extra `}` closed the entry early and BibTeX ignores the rest.
_STRAY_FIELD = re.compile(r"(?:^|,)[ \t]*([A-Za-z][A-Za-z_-]*)[ \t]*=[ \t]*[{\"0-9]", re.M)
logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)  # we report failures ourselves


def read_bib_text(text: str, shown_as: str) -> tuple[list[RawEntry], list[Problem]]:
    """Parse BibTeX text; every problem is located at `shown_as:line`."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    library = bibtexparser.parse_string(text, parse_stack=[])
    entries: list[RawEntry] = []
    problems: list[Problem] = _control_characters(text, shown_as)
    previous: bib.Block | None = None
    for block in library.blocks:
        block_before, previous = previous, block
        where = Location(shown_as, (block.start_line or 0) + 1)
        if isinstance(block, bib.Entry):
            entry = _raw_entry(block, where, problems)
            if entry:
                entries.append(entry)
        elif isinstance(block, bib.String):
            problems.append(
                Problem(where, f"@string macro {block.key!r} is not supported", "write the value into each entry")
            )
        elif isinstance(block, bib.Preamble):
            problems.append(Problem(where, "@preamble is not supported", "remove it; the site needs no LaTeX preamble"))
        elif isinstance(block, bib.DuplicateBlockKeyBlock):
            problems.append(Problem(where, f"duplicate key {block.key!r} in this file", "give each entry its own key"))
        elif isinstance(block, bib.DuplicateFieldKeyBlock):
            names = ", ".join(sorted(block.duplicate_keys))
            problems.append(
                Problem(_second_field(block, where), f"duplicate field {names} in one entry", "keep one of each field")
            )
        elif isinstance(block, bib.ParsingFailedBlock):
            problems.append(_syntax_problem(block, text, shown_as))
        elif (
            isinstance(block, bib.ImplicitComment)
            and type(block_before) is bib.Entry  # after a syntax error the rest of that entry is already reported
            and (stray := _STRAY_FIELD.search(block.comment))
        ):
            line = where.line + block.comment[: stray.start()].count("\n")
            problems.append(
                Problem(
                    Location(shown_as, line),
                    f"field {stray.group(1).lower()!r} is outside any entry and would be lost",
                    "an extra } closed the entry early: balance the braces of the entry above",
                )
            )
    return entries, problems


def read_bib_file(path: Path, shown_as: str) -> tuple[list[RawEntry], list[Problem]]:
    return read_bib_data(path.read_bytes(), shown_as)


def read_bib_data(data: bytes, shown_as: str) -> tuple[list[RawEntry], list[Problem]]:
    """The entries of a .bib file's bytes (UTF-8), or why they cannot be read; `shown_as` names it in messages."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return [], [
            Problem(
                Location(shown_as, line),
                f"byte 0x{data[error.start]:02x} is not valid UTF-8",
                'save the file as UTF-8 (write accents as Unicode or LaTeX, e.g. {\\"o})',
            )
        ]
    return read_bib_text(text, shown_as)


def _raw_entry(block: bib.Entry, where: Location, problems: list[Problem]) -> RawEntry | None:
    fields: dict[str, str] = {}
    lines: dict[str, int] = {}
    for field in block.fields:
        name = field.key.lower()
        line = (field.start_line or block.start_line or 0) + 1
        value = _unwrap(str(field.value))
        if value is None and name == "month" and str(field.value).strip().lower() in MONTHS:
            value = str(field.value).strip().lower()  # `month = jul`: a BibTeX built-in macro
        if value is None and _MISSING_COMMA.search(str(field.value)):
            problems.append(
                Problem(
                    Location(where.path, line),
                    f"missing comma after the value of field {name!r}",
                    "end every field with a comma: `name = {value},`",
                )
            )
            continue
        if value is None:
            problems.append(
                Problem(
                    Location(where.path, line),
                    f"field {name!r} is not a braced value: {str(field.value)[:60]!r}",
                    "write it as {...} (string macros and # concatenation are not supported)"
                    if "#" in str(field.value) or not str(field.value).lstrip().startswith("{")
                    else "its braces are unbalanced: an extra } ends the value (and the entry) early",
                )
            )
            continue
        if name in fields:  # bibtexparser compares field names with case; BibTeX does not
            problems.append(
                Problem(Location(where.path, line), f"duplicate field {name} in one entry", "keep one of each field")
            )
            continue
        fields[name], lines[name] = value, line
    return RawEntry(block.key, block.entry_type.lower(), fields, lines, where)


def _unwrap(value: str) -> str | None:
    """Strip one pair of outer braces or quotes; None for macros and concatenations."""
    value = value.strip()
    if _BARE_NUMBER.match(value):
        return value
    if len(value) >= 2 and value[0] == "{" and value[-1] == "}" and balanced_braces(value[1:-1]):
        return value[1:-1]
    if len(value) >= 2 and value[0] == '"' and value[-1] == '"' and '"' not in value[1:-1].replace('{"}', ""):
        return value[1:-1]
    return None


def balanced_braces(text: str) -> bool:
    """Every `}` closes an earlier `{` and every `{` is closed."""
    depth = 0
    for brace in _BRACE.findall(text):  # only the braces: values are long, braces are few
        depth += 1 if brace == "{" else -1
        if depth < 0:
            return False
    return depth == 0


def _syntax_problem(block: bib.ParsingFailedBlock, text: str, shown_as: str) -> Problem:
    """Locate the failure where the parser gave up, with its own reason."""
    error = block.error
    reason = getattr(error, "abort_reason", "") or str(error) or "unreadable block"
    end = getattr(error, "end_index", None)
    line = text[:end].count("\n") + 1 if isinstance(end, int) else (block.start_line or 0) + 1
    if "end of file" in reason:
        return Problem(
            Location(shown_as, (block.start_line or 0) + 1),
            "BibTeX syntax error: this entry is still open at the end of the file",
            "braces are unbalanced or a field value is not closed: every { needs a matching }",
        )
    if "Unexpected block start" in reason:
        start = (block.start_line or 0) + 1
        return Problem(
            Location(shown_as, start),
            f"BibTeX syntax error: this entry is still open when the next @ block starts on line {line}",
            "braces are unbalanced or a field value is not closed: every { needs a matching }",
        )
    if "Expected a `=`" in reason:
        hint = "write each field as `name = {value},`"
    elif "comma after entry key" in reason:
        hint = "start the entry with `@type{key,`; a key has no spaces"
    else:
        hint = "each field is `name = {value},`, the entry ends with } and braces are balanced"
    return Problem(Location(shown_as, line), f"BibTeX syntax error: {reason.rstrip('.')}", hint)


def _second_field(block: bib.DuplicateFieldKeyBlock, where: Location) -> Location:
    """Where a field name occurs for the second time in the entry."""
    seen: set[str] = set()
    for field in getattr(block.ignore_error_block, "fields", []):
        if field.key.lower() in seen and field.start_line is not None:
            return Location(where.path, field.start_line + 1)
        seen.add(field.key.lower())
    return where


def _control_characters(text: str, shown_as: str) -> list[Problem]:
    """Control characters cannot be shown in a page or written to the feed: one problem per line."""
    problems, line, counted, reported = [], 1, 0, 0
    for match in _CONTROL.finditer(text):
        line += text.count("\n", counted, match.start())
        counted = match.start()
        if line != reported:
            reported = line
            problems.append(
                Problem(
                    Location(shown_as, line),
                    f"control character U+{ord(match.group()):04X} in the text",
                    "remove it (an editor's 'show invisibles' reveals it); write plain Unicode text",
                )
            )
    return problems
