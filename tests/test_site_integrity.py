"""Site integrity: every internal link and #anchor of the built site resolves, and every page is valid HTML
according to the Nu HTML Checker (vnu.jar, from the npm package `vnu-jar`; Java runs it)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import REPO
from htmltree import broken_links

VNU_JAR = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# Material for MkDocs' own markup, which no template of ours can change: base.html gives its drawer, search and
# palette toggles (<input type="checkbox" class="md-toggle" autocomplete="off">) an attribute that HTML allows
# on text-like inputs only. Browsers ignore it there; Material sets it to stop Firefox restoring the toggles.
THEME_ERRORS = (("Attribute “autocomplete” is only allowed when the input type is “color”", 'class="md-toggle"'),)


def test_every_internal_link_and_anchor_resolves(built_site):
    assert broken_links(built_site) == []


def test_the_link_checker_finds_missing_files_and_anchors(tmp_path):
    """The checker itself, on a two-page site: a test that finds nothing must be able to find something."""
    (tmp_path / "a").mkdir()
    (tmp_path / "sitemap.xml").write_text(
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://example.org/base/</loc></url>'
        "<url><loc>https://example.org/base/a/</loc></url></urlset>",
        encoding="utf-8",
    )
    (tmp_path / "index.html").write_text(
        '<a href="a/#x">ok</a> <a href="a/#y">no anchor</a> <a href="b/">no page</a> <img src="/base/a/">'
        '<a href="https://example.org/elsewhere">external</a> <a href="#top">top</a> <p id="top"></p>'
        '<link href="/other/style.css">',
        encoding="utf-8",
    )
    (tmp_path / "a" / "index.html").write_text('<h2 id="x">X</h2><a href="../?q=1#top">back</a>', encoding="utf-8")
    assert broken_links(tmp_path) == [
        "index.html: <a href='a/#y'> points to a missing anchor #y",
        "index.html: <a href='b/'> points to a missing file",
        "index.html: <link href='/other/style.css'> points to a missing file",
    ]


@pytest.mark.tools
def test_every_page_is_valid_html(built_site):
    java = shutil.which("java")
    assert java, (
        "Java is needed to run the Nu HTML Checker: `make test` installs Debian's default-jre-headless "
        "(or run `sudo apt-get install default-jre-headless`)"
    )
    assert VNU_JAR.is_file(), f"{VNU_JAR.relative_to(REPO)} is missing: run `make node` (npm ci)"
    pages = sorted(str(path) for path in built_site.rglob("*.html"))
    assert len(pages) > 40, "every generated page is checked, not a handful"
    result = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--format", "json", "--stdout", "--exit-zero-always", *pages],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    messages = json.loads(result.stdout)["messages"]
    problems = [
        f"{Path(m.get('url', '?').removeprefix('file:')).relative_to(built_site)}:{m.get('lastLine', '?')}: "
        f"{m['message']}\n    {(m.get('extract') or '').strip()[:160]!r}"
        for m in messages
        if m["type"] != "info" and not _theme_error(m)  # "info" is a hint or a warning, not an error
    ]
    assert problems == [], "\n".join(problems)


def _theme_error(message: dict) -> bool:
    extract = message.get("extract") or ""
    return any(message["message"].startswith(text) and markup in extract for text, markup in THEME_ERRORS)
