"""An entry pasted exactly as a bibliographic source exports it goes in with only `tags` added: `make fmt`,
`make check`, the build, its card and its citation export keep every author and the venue.

The exports are real ones, recorded in tests/data/pasted (SOURCES.md says where each was found)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from bibtex_styles import STYLES, run_bibtex
from conftest import REPO, build_site, copy_project
from paperlist.bibfile import read_bib_text
from paperlist.catalog import load_catalog
from paperlist.cli import main
from paperlist.entries import display_name, split_authors

PASTED = REPO / "tests" / "data" / "pasted"
SECTION = "first-stage/dense/late-interaction.bib"
# Papers the list has that the exports paste again (under other keys): taken out of the copy first.
ALREADY_LISTED = {
    "google-scholar": "khattab2020colbert",
    "semantic-scholar": "karpukhin2020dense",
    "acl-anthology": "santhanam2022colbertv2",
}


@dataclass(frozen=True)
class Source:
    name: str
    key: str  # the key the entry has after `make fmt`
    venue: str
    in_booktitle: str  # what the formatted reference must say of the venue


SOURCES = [
    Source("acl-anthology", "santhanam-etal-2022-colbertv2", "NAACL", "North American Chapter"),
    Source("dblp", "breuer2024browsing", "SIGIR", "Research and Development in Information Retrieval"),
    Source("acm-dl", "goyal2020deep", "SIGIR", "Research and Development in Information Retrieval"),
    Source("google-scholar", "khattab2020colbert", "SIGIR", "research and development in Information Retrieval"),
    Source("zotero-better-bibtex", "jahediHighResolutionMultiScaleRAFT2022", "arXiv", "arXiv:2210.16900"),
    # ColBERTv2 twice would be one paper twice: arXiv's export goes into a second copy of the list
    Source("arxiv", "santhanam2021colbertv2", "arXiv", "arXiv:2112.01488"),
    Source("semantic-scholar", "Karpukhin2020DensePR", "EMNLP", "EMNLP"),
]
GROUPS = {"first": SOURCES[:5], "second": SOURCES[5:]}


def with_tags(export: str, tags: str) -> str:
    """The export with a `tags` field before its closing brace: all a contributor adds."""
    body = export.strip().removesuffix("}").rstrip()
    return body + ("" if body.endswith(",") else ",") + f"\n  tags = {{{tags}}}\n}}\n"


def without_entry(text: str, key: str) -> str:
    return "\n".join(
        block for block in re.split(r"\n(?=@)", text) if not block.startswith("@") or f"{{{key}," not in block
    )


def exported_authors(source: Source) -> list[str]:
    (entry,), _ = read_bib_text((PASTED / f"{source.name}.bib").read_text(encoding="utf-8"), source.name)
    return [display_name(name) for name in split_authors(entry.fields["author"])]


@pytest.fixture(scope="module", params=list(GROUPS))
def pasted_project(request, tmp_path_factory) -> tuple[Path, Path, list[Source]]:
    """A copy of the list with the group's exports pasted into one section (and `tags` added), after
    `make fmt`; the papers it already lists are taken out of the copy first. Built into `site`."""
    sources = GROUPS[request.param]
    base = tmp_path_factory.mktemp(f"pasted-{request.param}")
    project = copy_project(base / "project")
    for path in (project / "papers").rglob("*.bib"):
        text = path.read_text(encoding="utf-8")
        for key in ALREADY_LISTED.values():
            text = without_entry(text, key)
        path.write_text(text, encoding="utf-8")
    target = project / "papers" / SECTION
    pasted = "".join(
        "\n" + with_tags((PASTED / f"{s.name}.bib").read_text(encoding="utf-8"), "late-interaction") for s in sources
    )
    target.write_text(target.read_text(encoding="utf-8") + pasted, encoding="utf-8")
    assert main(["--root", str(project), "fmt"]) == 0
    assert main(["--root", str(project), "check"]) == 0
    site = base / "site"
    result = build_site(project, site)
    assert result.returncode == 0, result.stderr
    return project, site, sources


def test_pasted_entries_keep_every_author_and_their_venue(pasted_project):
    project, _, sources = pasted_project
    papers = {paper.key: paper for paper in load_catalog(project).papers}
    for source in sources:
        paper = papers[source.key]
        assert list(paper.authors) == exported_authors(source) and not paper.more_authors, source.name
        assert paper.venue == source.venue, source.name
        assert paper.tags == ("late-interaction",)


def test_fmt_drops_bookkeeping_and_derives_what_it_can(pasted_project):
    project, _, sources = pasted_project
    text = (project / "papers" / SECTION).read_text(encoding="utf-8")
    for name in ("timestamp", "biburl", "bibsource", "numpages", "keywords", "location", "langid", "eprinttype"):
        assert f"\n  {name} " not in text
    entries = {entry.key: entry for entry in read_bib_text(text, SECTION)[0]}
    for source in sources:
        fields = entries[source.key].fields
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", fields["added"]), source.name
        assert "venue" not in fields, f"{source.name}: the venue is derived from booktitle, journal or eprint"
        if "pages" in fields and source.name != "zotero-better-bibtex":
            assert re.fullmatch(r"\d+--\d+", fields["pages"]), source.name
    if "jahediHighResolutionMultiScaleRAFT2022" in entries:  # Zotero's @techreport of an arXiv preprint
        raft = entries["jahediHighResolutionMultiScaleRAFT2022"]
        assert (raft.entry_type, raft.fields["url"]) == ("misc", "https://arxiv.org/abs/2210.16900")
    if "goyal2020deep" in entries:  # ACM's key is its DOI; its en dash in pages became --
        assert entries["goyal2020deep"].fields["pages"] == "1701--1704"


def test_cards_show_every_author_and_the_venue(pasted_project):
    _, site, sources = pasted_project
    page = (site / SECTION.removesuffix(".bib") / "index.html").read_text(encoding="utf-8")
    for source in sources:
        card = page[page.index(f'data-key="{source.key}"') :].split("</article>")[0]
        for name in exported_authors(source):
            assert name.split()[-1] in card, f"{source.name}: {name} missing from the card"
        assert f">{source.venue} " in card, f"{source.name}: venue badge"


@pytest.mark.tools
@pytest.mark.parametrize("style", STYLES)
def test_citation_exports_of_pasted_entries_format_without_warnings(pasted_project, tmp_path, style):
    _, site, sources = pasted_project
    section_bib = next((site / SECTION.removesuffix(".bib")).glob("*.bib")).read_text(encoding="utf-8")
    run = run_bibtex(section_bib, tmp_path / style, style)
    assert run.warnings == []
    for source in sources:
        reference = " ".join(run.references[source.key].replace("{", "").replace("}", "").split())
        assert source.in_booktitle.casefold() in reference.casefold(), f"{source.name}: {reference}"
        for name in exported_authors(source):
            assert name.split()[-1] in reference, f"{source.name}: {name} missing from {reference}"


@pytest.mark.parametrize("source", ["google-scholar", "semantic-scholar"])
def test_a_pasted_paper_already_in_the_list_is_caught(source, tmp_path, capsys):
    project = copy_project(tmp_path / "project")
    target = project / "papers" / SECTION
    export = (PASTED / f"{source}.bib").read_text(encoding="utf-8")
    target.write_text(
        target.read_text(encoding="utf-8") + "\n" + with_tags(export, "late-interaction"), encoding="utf-8"
    )
    if main(["--root", str(project), "fmt"]) == 1:  # Google Scholar's key is the list's key for ColBERT
        assert f"duplicate key '{ALREADY_LISTED[source]}' in this file" in capsys.readouterr().err
        return
    assert main(["--root", str(project), "check"]) == 1
    assert f"same paper as {ALREADY_LISTED[source]}" in capsys.readouterr().err
