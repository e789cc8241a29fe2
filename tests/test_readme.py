"""The generated parts of README.md, CONTRIBUTING.md, docs/contributing.md and the issue form."""

from __future__ import annotations

import dataclasses
import re
import shutil
from pathlib import Path

import markdown
import pytest
import yaml

from conftest import REPO, copy_project
from paperlist import cli, readme
from paperlist.catalog import load_catalog
from paperlist.fields import FIELDS
from paperlist.model import CodeLink, Link

GENERATED = ("README.md", "CONTRIBUTING.md", ".github/ISSUE_TEMPLATE/suggest-paper.yml")


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(REPO)


@pytest.fixture
def project(tmp_path) -> Path:
    """A copy of the repository with the files that hold generated blocks."""
    root = copy_project(tmp_path / "project")
    for name in GENERATED:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / name, root / name)
    return root


def block(text: str, name: str) -> str:
    start, end = readme.markers(readme.Block(name, "html"))
    return text.split(start, 1)[1].split(end, 1)[0]


def test_regeneration_is_idempotent(project, capsys):
    assert cli.main(["--root", str(project), "readme"]) == 0
    first = {name: (project / name).read_text() for name in (*GENERATED, "docs/contributing.md")}
    assert cli.main(["--root", str(project), "readme"]) == 0
    assert cli.main(["--root", str(project), "readme", "--check"]) == 0
    assert {name: (project / name).read_text() for name in first} == first
    assert "up to date" in capsys.readouterr().out


def test_check_fails_when_stale_and_names_the_file(project, capsys):
    bib = project / "papers" / "first-stage" / "dense" / "hard-negatives.bib"
    bib.write_text(bib.read_text().replace("{Dense Passage Retrieval for", "{Denser Passage Retrieval for"))
    assert cli.main(["--root", str(project), "readme", "--check"]) == 1
    err = capsys.readouterr().err
    assert "README.md: generated parts are out of date" in err and "make readme" in err
    assert cli.main(["--root", str(project), "readme"]) == 0
    assert "Denser Passage Retrieval" in (project / "README.md").read_text()
    assert cli.main(["--root", str(project), "readme", "--check"]) == 0


def test_check_annotates_in_github_actions(project, capsys, monkeypatch):
    (project / "CONTRIBUTING.md").write_text(
        (project / "CONTRIBUTING.md").read_text().replace("| [`papers/surveys.bib`]", "| [`papers/old.bib`]")
    )
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert cli.main(["--root", str(project), "readme", "--check"]) == 1
    assert "::error file=CONTRIBUTING.md,line=1::" in capsys.readouterr().out


def test_repository_files_are_current(catalog):
    """`make test` runs `paperlist readme --check` too; this names the stale file in pytest's output."""
    assert readme.stale_files(REPO, catalog) == []


def test_list_has_every_paper_key_and_url(catalog):
    papers = block((REPO / "README.md").read_text(), "papers")
    for paper in catalog.papers:
        assert f"#{paper.key})" in papers, paper.key
        assert f"]({readme.link_target(paper.url)})" in papers, paper.key
    assert f"{len(catalog.papers)} papers in {len(catalog.leaves())} sections" in papers


def test_list_follows_the_taxonomy(catalog):
    text = readme.papers_list(catalog, "https://example.org/site/")
    headings = [line for line in text.splitlines() if line.startswith("#")]
    expected = [
        "#" * min(2 + len(node.path), 6) + " " + readme.escape(readme.section_heading(node))
        for node in catalog.all_sections()
    ]
    assert headings == expected


def test_each_leaf_lists_its_papers_under_its_heading(catalog):
    text = readme.papers_list(catalog, "https://example.org/")
    bodies = re.split(r"\n#+ [^\n]*\n", text)[1:]  # one body per heading, in taxonomy order
    for node, body in zip(catalog.all_sections(), bodies, strict=True):
        keys = re.findall(r"#([\w\-:.+]+)\)\]$", body, re.M)
        assert keys == ([p.key for p in catalog.papers_in(node.slug)] if node.is_leaf else []), node.slug


def test_table_of_contents_anchors_match_github(catalog):
    text = readme.papers_list(catalog, "", ["Pretrained Models for Information Retrieval", "Quick start", "The list"])
    assert "- [Survey Papers](#survey-papers)" in text
    assert "- [Phase 1: First-stage Retrieval](#phase-1-first-stage-retrieval)" in text
    # The second "Knowledge distillation" heading gets GitHub's -1 suffix.
    assert "(#knowledge-distillation)" in text and "(#knowledge-distillation-1)" in text


def a_paper(catalog, **changes):
    """Any paper of the data with the displayed fields set here, so curation cannot break the test."""
    shown = {
        "title": "Dense Passage Retrieval for Open-Domain Question Answering",
        "authors": ("Vladimir Karpukhin", "Barlas Oguz"),
        "more_authors": True,
        "venue": "EMNLP",
        "year": 2020,
        "track": "",
        "workshop": "",
        "award": "",
        "url": "https://arxiv.org/pdf/2004.04906.pdf",
        "code": (CodeLink("https://github.com/facebookresearch/DPR"),),
        "homepage": "",
        "see_also": (),
        "model": "DPR",
        "key_idea": "in-batch negatives",
    }
    return dataclasses.replace(catalog.papers[0], **(shown | changes))


def test_bullet_reproduces_the_seed_format(catalog):
    bullet = readme.paper_bullet(a_paper(catalog), "https://example.org/first-stage/dense/hard-negatives/#dpr")
    assert bullet == (
        "- [Dense Passage Retrieval for Open-Domain Question Answering.](https://arxiv.org/pdf/2004.04906.pdf) "
        "*Vladimir Karpukhin, Barlas Oguz et.al.* EMNLP 2020. [[code](https://github.com/facebookresearch/DPR)] "
        "(**DPR, in-batch negatives**) [[BibTeX](https://example.org/first-stage/dense/hard-negatives/#dpr)]"
    )
    two = readme.paper_bullet(a_paper(catalog, authors=("Zhuyun Dai", "Jamie Callan"), more_authors=False))
    assert "*Zhuyun Dai, Jamie Callan*" in two


def test_bullet_names_at_most_ten_authors(catalog):
    many = tuple(f"Author Number{n}" for n in range(1, 13))
    bullet = readme.paper_bullet(a_paper(catalog, authors=many, more_authors=False))
    assert "*Author Number1, " in bullet and "Author Number10 et.al.*" in bullet
    assert "Number11" not in bullet
    ten = readme.paper_bullet(a_paper(catalog, authors=many[:10], more_authors=False))
    assert "Author Number10*" in ten


def test_bullet_with_track_labels_unofficial_code_homepage_and_see_also(catalog):
    paper = a_paper(
        catalog,
        track="short",
        code=(CodeLink("https://github.com/a/b", "doc2query"), CodeLink("https://github.com/c/d", "", False)),
        homepage="https://example.org/project",
        see_also=(Link("https://arxiv.org/pdf/2109.10086.pdf", "v2"),),
        model="",
    )
    bullet = readme.paper_bullet(paper)
    assert "EMNLP 2020 \\(short\\)." in bullet
    assert (
        "[[doc2query code](https://github.com/a/b), [unofficial code](https://github.com/c/d), "
        "[project page](https://example.org/project)]" in bullet
    )
    assert "See also: [v2](https://arxiv.org/pdf/2109.10086.pdf)." in bullet
    assert bullet.endswith("(**in-batch negatives**)")


HOSTILE = "Evil](javascript:alert(1)) <img src=x onerror=alert(1)> *bold* _it_ | cell `code` ~~s~~ $x$ &lt; ![i](x)"


def test_untrusted_text_cannot_inject_markdown_or_html(catalog):
    paper = a_paper(
        catalog,
        title=HOSTILE,
        authors=(HOSTILE,),
        model=HOSTILE,
        key_idea="line\nbreak\n# heading",
        url="https://example.org/a)](javascript:alert(1))<x>",
        code=(CodeLink("javascript:alert(1)", "x"), CodeLink("https://github.com/a/b", HOSTILE)),
        see_also=(Link("data:text/html,<script>", "bad"),),
        homepage="file:///etc/passwd",
    )
    bullet = readme.paper_bullet(paper, "https://example.org/#k")
    assert "\n" not in bullet
    html = markdown.markdown(bullet)
    assert "<img" not in html and "<code>" not in html and "<del>" not in html and "<script" not in html
    assert html.count("<em>") == 1 and html.count("<strong>") == 1  # the authors and the note, nothing more
    hrefs = re.findall(r'href="([^"]*)"', html)
    assert hrefs and all(href.startswith(("https://", "http://")) for href in hrefs), hrefs
    assert hrefs[0] == "https://example.org/a%29%5D%28javascript:alert%281%29%29%3Cx%3E"  # stays one http(s) URL
    assert len(hrefs) == 3  # the title, the one http(s) code link, the card; nothing from the hostile text
    table = markdown.markdown("| a |\n| --- |\n| " + readme.escape(HOSTILE) + " |", extensions=["tables"])
    assert table.count("<td>") == 1


def test_link_target_only_http_and_no_breakout():
    assert readme.link_target("javascript:alert(1)") == ""
    assert readme.link_target("HTTPS://example.org") == "HTTPS://example.org"
    assert readme.link_target("https://example.org/a (b)<c>") == ""  # whitespace: not a URL at all
    assert readme.link_target("https://example.org/a(b)<c>[d]") == "https://example.org/a%28b%29%3Cc%3E%5Bd%5D"
    assert readme.link("t", "ftp://example.org") == "t"


def test_missing_markers_are_a_clear_error(project, capsys):
    (project / "README.md").write_text("# A README without markers\n")
    assert cli.main(["--root", str(project), "readme", "--check"]) == 1
    err = capsys.readouterr().err
    assert "README.md" in err and "<!-- papers:start -->" in err


def test_replace_block_keeps_the_rest_and_ignores_marker_text_inside():
    b = readme.Block("x", "html")
    text = "before\n<!-- x:start -->\nold\n<!-- x:end -->\nafter\n"
    once = readme.replace_block(text, b, "new <!-- x:end --> text", "f")
    assert once == "before\n<!-- x:start -->\n\nnew <!-- x:end --> text\n\n<!-- x:end -->\nafter\n"
    assert readme.replace_block(once, b, "new <!-- x:end --> text", "f") == once
    y = readme.Block("s", "yaml")
    form = "options:\n    # s:start\n    # s:end\nrest: 1\n"
    assert readme.replace_block(form, y, '- "a"\n- "b"', "f") == (
        'options:\n    # s:start\n    - "a"\n    - "b"\n    # s:end\nrest: 1\n'
    )


def test_contributing_tables_come_from_the_data(catalog):
    for name in ("CONTRIBUTING.md", "docs/contributing.md"):
        text = (REPO / name).read_text()
        sections, fields, tags = (block(text, n) for n in ("sections", "fields", "tags"))
        for node in catalog.leaves():
            assert f"`papers/{node.bib_path}`" in sections
        for spec in FIELDS:
            row = next(line for line in fields.splitlines() if line.startswith(f"| `{spec.name}` |"))
            assert ("**required**" in row) == spec.required
        for tag in catalog.tags:
            assert f"| `{tag.slug}` | {readme.escape(tag.name)} |" in tags


def test_site_page_has_no_jinja_and_links_sections_to_site_pages(catalog):
    text = (REPO / "docs" / "contributing.md").read_text()
    assert "{{" not in text and "{%" not in text
    for node in catalog.leaves():
        assert f"]({node.url_path}index.md)" in text


def test_readme_intro_names_the_site_and_the_two_commands():
    text = (REPO / "README.md").read_text()
    settings = readme.site_settings(REPO)
    assert settings["site_url"] in text
    assert "docs/assets/screenshots/section-light-desktop.png" in text
    quick = text.split("## Quick start", 1)[1].split("```", 2)[1]
    commands = [line.split("#")[0].strip() for line in quick.splitlines()[1:] if line.strip()]
    assert commands == ["make serve", "make test"]


def test_issue_form_sections_are_the_leaf_sections(catalog):
    form = yaml.safe_load((REPO / ".github" / "ISSUE_TEMPLATE" / "suggest-paper.yml").read_text())
    dropdown = next(item for item in form["body"] if item.get("id") == "section")
    slugs = [option.split(" — ", 1)[0] for option in dropdown["attributes"]["options"]]
    assert slugs == [node.slug for node in catalog.leaves()]
