"""Fuzzing the loader: arbitrary text, arbitrary bytes and damaged real .bib files never crash it.

Whatever comes in, paperlist either loads it or reports problems located at `path:line` inside the file,
and what loads also renders and exports.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import REPO
from paperlist.bibfile import read_bib_file, read_bib_text
from paperlist.catalog import load_catalog
from paperlist.entries import Vocabulary, build_paper
from paperlist.exports import atom_feed, bibtex_export, json_export
from paperlist.problems import DataError, Problem
from paperlist.render import Renderer
from paperlist.taxonomy import load_taxonomy
from paperlist.vocabulary import load_tags, load_venues

# Real files with every kind of field: code links, model and key idea, software entries, cross-lists.
SEEDS = ("first-stage/dense/late-interaction.bib", "resources/toolkits.bib", "surveys.bib", "first-stage/hybrid.bib")
SYNTAX = '{},=@"\n'  # the characters whose loss or surplus breaks BibTeX
BIB_ALPHABET = st.sampled_from(
    [*SYNTAX, "#", "%", "\\", "(", ")", " ", "\t", "\r", "a", "Z", "1", "é", "\x00", "\ufeff"]
)
PATH = "papers/first-stage/dense/late-interaction.bib"
SEED_TEXTS = [(REPO / "papers" / seed).read_text(encoding="utf-8") for seed in SEEDS]


def _vocabulary() -> Vocabulary:
    tags, _ = load_tags(REPO / "papers" / "tags.yml")
    venues, _ = load_venues(REPO / "papers" / "venues.yml")
    sections, _ = load_taxonomy(REPO / "papers" / "taxonomy.yml")
    return Vocabulary(
        tags=frozenset(tag.slug for tag in tags),
        venues={name.lower(): venue.name for venue in venues for name in (venue.name, *venue.aliases)},
        sections=frozenset(node.slug for root in sections for node in root.walk() if node.is_leaf),
        last_year=dt.date.today().year + 1,
    )


VOCABULARY = _vocabulary()


def line_count(text: str) -> int:
    """Lines as the loader counts them (a BOM dropped, any newline convention)."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1


def assert_located(problems: list[Problem], path: str, lines: int) -> None:
    for problem in problems:
        assert problem.location.path == path, problem
        assert 1 <= problem.location.line <= lines, f"line out of the file ({lines} lines): {problem}"
        assert str(problem).startswith(f"{path}:{problem.location.line}: "), problem
        assert problem.message.strip(), problem


def load_text(text: str, path: str = PATH) -> None:
    """Parse and check every entry, as load_catalog does for one file."""
    entries, problems = read_bib_text(text, path)
    lines = line_count(text)
    assert_located(problems, path, lines)
    for raw in entries:
        assert 1 <= raw.location.line <= lines
        paper, entry_problems = build_paper(raw, "late-interaction", VOCABULARY)
        assert (paper is None) == bool(entry_problems)
        assert_located(entry_problems, path, lines)


@st.composite
def damaged(draw) -> str:
    """A real .bib file with characters of BibTeX's syntax deleted, inserted or replaced."""
    text = draw(st.sampled_from(SEED_TEXTS))
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(("insert", "delete", "replace", "delete-syntax", "delete-run")))
        syntax_positions = [i for i, char in enumerate(text) if char in SYNTAX]
        if kind == "delete-syntax" and syntax_positions:
            pos = draw(st.sampled_from(syntax_positions))
        else:
            pos = draw(st.integers(0, len(text)))
        char = draw(st.sampled_from(SYNTAX))
        if kind == "insert":
            text = text[:pos] + char + text[pos:]
        elif kind == "replace":
            text = text[:pos] + char + text[pos + 1 :]
        elif kind == "delete-run":
            text = text[:pos] + text[pos + draw(st.integers(1, 40)) :]
        else:
            text = text[:pos] + text[pos + 1 :]
    return text


FAST = settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(st.text())
def test_any_text_loads_or_is_located(text):
    load_text(text)


@FAST
@given(st.text(BIB_ALPHABET, max_size=300).map(lambda body: "@misc{k,\n" + body))
def test_bibtex_like_text_loads_or_is_located(text):
    load_text(text)


@FAST
@given(damaged())
def test_damaged_real_files_load_or_are_located(text):
    load_text(text)


@pytest.fixture(scope="module")
def bytes_file(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz") / "bytes.bib"


@settings(max_examples=300, deadline=None)
@given(data=st.binary(max_size=400))
@example(data=b"@misc{a,\n title = {\xff}\n}\n")  # not UTF-8: located at the byte's line
def test_any_bytes_load_or_are_located(bytes_file, data):
    bytes_file.write_bytes(data)
    _, problems = read_bib_file(bytes_file, PATH)
    assert_located(problems, PATH, max(line_count(data.decode("utf-8", "replace")), data.count(b"\n") + 1))


# -- the whole loader: the real taxonomy, tags and venues, one damaged file ----------------------------------------


@pytest.fixture(scope="module")
def tree(tmp_path_factory) -> Path:
    """papers/ with the real taxonomy, tags and venues and empty .bib files, rendered with the real templates."""
    root = tmp_path_factory.mktemp("fuzz-tree")
    shutil.copytree(REPO / "papers", root / "papers")
    for bib in (root / "papers").rglob("*.bib"):
        bib.write_text("", encoding="utf-8")
    return root


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(damaged())
def test_damaged_file_through_the_whole_pipeline(tree, text):
    (tree / PATH).write_text(text, encoding="utf-8")
    try:
        catalog = load_catalog(tree)
    except DataError as error:
        assert error.problems, "a DataError always lists its problems"
        assert_located(error.problems, PATH, line_count(text))
        return
    leaf = catalog.section("late-interaction")
    renderer = Renderer(catalog, REPO / "overrides" / "paperlist")
    page = "".join(p.markdown for p in renderer.section_pages(leaf))
    assert all(f'data-key="{paper.key}"' in page for paper in catalog.papers_in(leaf.slug))
    for paper in catalog.papers:
        renderer.tag_page(paper.tags[0])
    assert json_export(catalog, renderer.paging) and bibtex_export(catalog.papers) is not None
    assert atom_feed(catalog, renderer.paging, "https://example.org/", "Fuzz")


def test_entry_start_at_a_line_start_inside_a_value_is_reported_at_its_line():
    """bibtexparser reads `@name{` at the start of a line as a new entry even inside a braced value (how it
    recovers from an unclosed brace). Valid BibTeX is refused there, but with a located error, never lost
    silently; `paperlist fmt` writes each value on one line, so its own output never has such a line."""
    text = "@misc{a,\n  abstract = {x\n  @misc{y}},\n  year = {2020}\n}\n"
    _, problems = read_bib_text(text, PATH)
    assert str(problems[0]).startswith(
        f"{PATH}:1: BibTeX syntax error: this entry is still open when the next @ block starts on line 3"
    )
