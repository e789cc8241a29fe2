"""Every case of the hostile corpus at the paperlist level (no MkDocs): fast, one case per test.

- reject: `load_catalog` raises DataError with exactly the expected path:line locations, each
  problem says what is wrong and how to fix it; `paperlist check` prints the same and exits 1.
- inert: it loads, the case's entries are all there, every generated page body is inert HTML
  (no element, handler or URL from the data is live), the expected text is shown literally,
  and the exports (papers.bib, papers.json, feed.xml) hold every entry and parse back.
"""

from __future__ import annotations

import json
import os
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from hostile.hostile_corpus import (
    CASE_PAGE,
    CASES,
    DATA,
    EVALUATED,
    INERT,
    MARKER_FILES,
    REJECT,
    REPO,
    Case,
    apply_case,
    audit,
    copy_papers,
    location,
    text_of,
)
from paperlist import cli
from paperlist.bibfile import read_bib_text
from paperlist.bibformat import format_text
from paperlist.catalog import load_catalog
from paperlist.problems import DataError
from paperlist.site import build_site

SITE_URL = "https://example.org/hostile-site/"


def test_the_corpus_is_complete():
    ids = [case.id for case in CASES]
    assert len(ids) == len(set(ids)), "case ids are unique"
    assert len(CASES) >= 40
    assert {case.outcome for case in CASES} == {"reject", "inert"}
    used = set()
    for case in CASES:
        assert case.input, f"{case.id}: say what the input is"
        names = [case.bib, *case.files.values(), *case.append.values()]
        for name in filter(None, names):
            assert (DATA / name).is_file(), f"{case.id}: missing data file {name}"
            used.add(name)
        if case.outcome == "reject":
            assert case.problems, f"{case.id}: a rejected case lists its problems"
        else:
            assert case.papers is not None and not case.problems, case.id
    unused = {p.name for p in DATA.iterdir()} - used
    assert not unused, f"data files no case uses: {sorted(unused)}"


@pytest.mark.parametrize("case", REJECT, ids=str)
def test_rejected_with_every_problem_located(case: Case, tmp_path, capsys):
    root = copy_papers(tmp_path)
    apply_case(case, root)
    with pytest.raises(DataError) as caught:
        load_catalog(root)
    problems = caught.value.problems
    found = [(str(p.location), p.message) for p in problems]
    assert {at for at, _ in found} == {location(e) for e in case.problems}, "problems elsewhere than expected"
    for expected in case.problems:
        at = location(expected)
        assert any(where == at and expected.says in message for where, message in found), (
            f"{at}: expected {expected.says!r}, found {found}"
        )
    for problem in problems:
        assert problem.hint.strip(), f"{problem.location}: says what is wrong but not how to fix it"

    # `paperlist check` stops with the same located messages and their hints.
    assert cli.main(["--root", str(root), "check"]) == 1
    err = capsys.readouterr().err
    for problem in problems:
        assert f"{problem.location}: {problem.message}\n    hint: {problem.hint}" in err
    assert "the build stops until they are fixed" in err


@pytest.mark.parametrize("case", INERT, ids=str)
def test_inert_cases_render_as_text(case: Case, tmp_path):
    root = copy_papers(tmp_path)
    shutil.copytree(REPO / "overrides", root / "overrides")
    apply_case(case, root)
    if case.id == "ten-thousand-entries":  # rendering 10,000 cards is the benchmark's job; count them
        catalog = load_catalog(root)
        assert sum(p.location.path == "papers/surveys.bib" for p in catalog.papers) == case.papers
        return
    site = build_site(root, SITE_URL, "Hostile corpus")
    case_paths = {"papers/surveys.bib"} if case.bib else set()
    case_paths |= {path for path in case.files if path.endswith(".bib")}
    mine = [paper for paper in site.catalog.papers if paper.location.path in case_paths]
    assert len(mine) == case.papers, "every entry of the case is loaded"

    pages = {page.path: page.markdown for page in site.pages}
    bodies = {}
    for path, markdown in pages.items():
        _, front, body = markdown.split("---\n", 2)
        meta = yaml.safe_load(front)
        for name in ("title", "description"):
            # the theme writes these into the page unescaped, so they must arrive escaped
            assert not set(str(meta.get(name, ""))) & set('<>"'), f"{path}: raw markup in front matter {name}"
        assert not audit(body), f"{path}: {audit(body)}"
        bodies[path] = body
    for title in _nav_titles(site.nav):
        assert not set(title) & set('<>"'), f"raw markup in navigation title {title!r}"
    home = site.renderer.recent_list(10, "index.md") + site.renderer.overview("index.md")
    assert not audit(home), audit(home)

    page_text = text_of(bodies[(case.page or CASE_PAGE) + "index.md"])
    for shown in case.shows:
        assert " ".join(shown.split()) in page_text, f"not shown literally: {shown!r}"
    for paper in mine:
        assert f"#{paper.key}" in page_text, f"{paper.key} has no card on its page"

    exports = dict(site.files)
    ET.fromstring(exports["feed.xml"])  # valid XML
    records = {record["key"]: record for record in json.loads(exports["papers.json"])["papers"]}
    reparsed, problems = read_bib_text(exports["papers.bib"], "papers.bib")
    assert not problems, problems
    assert {paper.key for paper in mine} <= set(records) & {entry.key for entry in reparsed}
    everything = "\n".join([*pages.values(), *exports.values(), home])
    for marker in (*EVALUATED, *case.hides):
        assert marker not in everything, f"{marker!r} in the output"


def test_comments_pass_check_but_not_the_formatter():
    """`check` ignores @comment and % lines (they are no data); `fmt --check` in CI refuses them."""
    text = (DATA / "comment-blocks.bib").read_text(encoding="utf-8")
    formatted, problems = format_text(text, "papers/surveys.bib")
    assert formatted is None
    assert {str(p.location) for p in problems} == {"papers/surveys.bib:1", "papers/surveys.bib:2"}


def test_no_payload_ever_ran():
    """Runs last in this module: no YAML tag, TeX command or shell payload created its marker file."""
    assert not [path for path in MARKER_FILES if os.path.exists(path)]


def _nav_titles(nav) -> list[str]:
    titles = []
    for item in nav:
        if isinstance(item, dict):
            for title, value in item.items():
                titles.append(title)
                if isinstance(value, list):
                    titles += _nav_titles(value)
    return titles


def test_case_data_is_byte_exact():
    """CRLF, BOM and Latin-1 files must reach the tests as written (see .gitattributes)."""
    assert b"\r\n" in (DATA / "crlf-valid.bib").read_bytes()
    assert (DATA / "bom-valid.bib").read_bytes().startswith(b"\xef\xbb\xbf")
    assert b"\xe9" in (DATA / "not-utf8.bib").read_bytes()
    assert Path(DATA / "control-characters.bib").read_bytes().count(b"\x00") == 1
