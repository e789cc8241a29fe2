"""The hostile corpus through the real `mkdocs build` (Material, macros, search): a representative
subset of rejected cases stops the build with located messages and leaves no site behind; every
inert case together builds one site in which nothing from the data is live or evaluated."""

from __future__ import annotations

import filecmp
import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from conftest import REPO, build_site, copy_project
from hostile.hostile_corpus import (
    CASES,
    EVALUATED,
    INERT,
    MARKER_FILES,
    REJECT,
    Case,
    apply_case,
    audit,
    location,
    text_of,
)
from pagefind_fragments import fragments
from paperlist.bibfile import read_bib_text

BUILT_REJECTS = [case for case in REJECT if case.build]
IN_SITE = [case for case in INERT if case.site]


def test_the_build_subset_is_representative():
    assert len(BUILT_REJECTS) >= 6
    assert {c.id for c in BUILT_REJECTS} >= {
        "unbalanced-brace-eof",
        "url-javascript",
        "taxonomy-python-tag",
        "not-utf8",
    }


@pytest.mark.parametrize("case", BUILT_REJECTS, ids=str)
def test_rejected_case_stops_the_build_and_check(case: Case, tmp_path):
    project = copy_project(tmp_path / "project")
    apply_case(case, project)
    site = tmp_path / "site"
    result = build_site(project, site)
    assert result.returncode != 0, "the build must stop"
    for expected in case.problems:
        line = next((ln for ln in result.stderr.splitlines() if f"{location(expected)}: " in ln), "")
        assert expected.says in line, f"the build log does not say {location(expected)}: {expected.says}"
    assert "hint:" in result.stderr, "the build log says how to fix it"
    assert not site.exists(), "a failed build leaves no (half-built) site"

    env = {**os.environ, "PYTHONPATH": str(REPO / "hooks")}
    check = subprocess.run(
        [sys.executable, "-m", "paperlist", "--root", str(project), "check"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert check.returncode == 1
    for expected in case.problems:
        assert f"{location(expected)}: " in check.stderr


def test_failed_build_leaves_the_previous_site_untouched(tmp_path, built_site):
    """With --clean, MkDocs empties the site directory only after our hook has loaded the data, so a
    build stopped by bad data keeps the last good site as it was instead of half-deleting it."""
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    project = copy_project(tmp_path / "project")
    apply_case(next(c for c in CASES if c.id == "url-javascript"), project)
    assert build_site(project, site).returncode != 0
    comparison = filecmp.dircmp(built_site, site)
    assert not (comparison.left_only or comparison.right_only or comparison.diff_files)
    assert (site / "index.html").is_file()


# -- the inert corpus as one site -----------------------------------------------------------------


def _html_files(site):
    return sorted(site.rglob("*.html"))


def test_no_live_markup_handler_or_foreign_url_in_any_page(hostile_site):
    found = {}
    for path in _html_files(hostile_site.root):
        problems = audit(path.read_text(encoding="utf-8"), scripts_allowed=True)
        if problems:
            found[str(path.relative_to(hostile_site.root))] = problems[:5]
    assert not found, found


def test_every_case_is_shown_as_text_on_its_page(hostile_site):
    for case in IN_SITE:
        page = hostile_site.root / hostile_site.pages[case.id] / "index.html"
        text = text_of(page.read_text(encoding="utf-8"))
        for shown in case.shows:
            assert " ".join(shown.split()) in text, f"{case.id}: not shown on {page}: {shown!r}"


def test_home_page_rendered_by_macros_shows_jinja_as_text(hostile_site):
    """index.md is the one page mkdocs-macros renders; the newest papers (the Jinja cases among them)
    reach it as values, never as template source."""
    home = (hostile_site.root / "index.html").read_text(encoding="utf-8")
    text = text_of(home)
    assert '{{ "JINJA" + "EVAL" }} in the title' in text
    assert "{% for i in range(3) %}jinja-ran{% endfor %} in the title" in text
    assert "{# a Jinja comment that never closes } in the title" in text
    assert "<script>window.__pwned=1</script> in the title" in text
    assert not audit(home, scripts_allowed=True)


def test_section_titles_from_yaml_are_escaped_in_head_and_navigation(hostile_site):
    page = (hostile_site.root / "hostile-yaml-text" / "index.html").read_text(encoding="utf-8")
    head = page.split("</head>", 1)[0]
    assert "<title>&lt;/title&gt;&lt;script&gt;window.__pwned=1&lt;/script&gt;" in head
    assert '<meta name="description" content="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;' in head
    assert "<script>window.__pwned" not in page


def test_nothing_was_evaluated_and_hidden_text_stays_hidden(hostile_site):
    hides = [marker for case in IN_SITE for marker in case.hides]
    for path in hostile_site.root.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".xml", ".json", ".bib", ".txt", ".js"}:
            content = path.read_text(encoding="utf-8")
            for marker in (*EVALUATED, *hides):
                assert marker not in content, f"{marker!r} in {path}"
    assert not [marker for marker in MARKER_FILES if os.path.exists(marker)]


def test_search_index_keeps_payloads_as_plain_text(hostile_site):
    """Pagefind's records hold the fields as text (search.js shows them with textContent, never as HTML),
    every link is a relative path of the site, and the payload reached the index as the same text."""
    records = fragments(hostile_site.root)
    titles = [record["meta"]["title"] for record in records]
    assert "<script>window.__pwned=1</script> in the title" in " ".join(titles)
    for record in records:
        link = record["meta"]["link"]
        assert not re.match(r"^[a-z][a-z0-9+.-]*:", link, re.I) and not link.startswith("/"), link


def test_exports_of_the_hostile_site_parse_and_hold_every_entry(hostile_site):
    root = hostile_site.root
    ET.fromstring((root / "feed.xml").read_text(encoding="utf-8"))
    records = json.loads((root / "papers.json").read_text(encoding="utf-8"))["papers"]
    entries, problems = read_bib_text((root / "papers.bib").read_text(encoding="utf-8"), "papers.bib")
    assert not problems
    assert [e.key for e in entries] == [r["key"] for r in records]
    keys = {r["key"] for r in records}
    for case in IN_SITE:
        section = [r for r in records if r["section"] == "h-" + case.id]
        if case.bib:
            assert len(section) == case.papers, case.id
    assert {"hostile2021script", "hostile2021jinja", "hostile2021yamltext", "hostile2021venuetext"} <= keys
