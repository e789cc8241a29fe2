"""Every BibTeX a reader can take from the site is read by Debian's BibTeX in six classic styles without a
warning, and every formatted reference names its authors, title, venue (or arXiv id) and year."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from bibtex_styles import STYLES, run_bibtex
from conftest import REPO
from paperlist.catalog import Catalog, load_catalog
from paperlist.latex import decode
from paperlist.model import Paper

CARD_BIBTEX = re.compile(
    r'<details class="pl-bibtex"><summary>BibTeX</summary><pre class="pl-bibtex__source">(.*?)</pre>', re.S
)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(REPO)


def exports(site: Path, catalog: Catalog) -> dict[str, str]:
    """Every BibTeX the site offers: papers.bib, each section's file, the cards (as in the HTML), the explorer's."""
    found = {"papers.bib": (site / "papers.bib").read_text(encoding="utf-8")}
    for leaf in catalog.leaves():
        found[f"{leaf.url_path}{leaf.slug}.bib"] = (site / leaf.url_path / f"{leaf.slug}.bib").read_text(
            encoding="utf-8"
        )
    cards = {}
    for page in sorted(site.rglob("*.html")):
        for entry in CARD_BIBTEX.findall(page.read_text(encoding="utf-8")):
            text = html.unescape(entry)
            cards.setdefault(re.match(r"@\w+\{([^,]+),", text).group(1), text)
    assert set(cards) == {paper.key for paper in catalog.papers}, "every paper has a card with its BibTeX"
    found["every card's BibTeX"] = "\n".join(cards.values())
    records = json.loads((site / "papers.json").read_text(encoding="utf-8"))["papers"]
    found["the explorer's download (papers.json)"] = "\n".join(record["bibtex"] for record in records)
    return found


@pytest.mark.tools
def test_every_export_passes_bibtex_in_six_styles_without_a_warning(built_site, catalog, tmp_path):
    for name, text in exports(built_site, catalog).items():
        for style in STYLES:
            run = run_bibtex(text, tmp_path / re.sub(r"\W+", "-", name) / style, style)
            assert run.warnings == [], f"{name} with {style}.bst: {run.warnings}"
            assert len(run.references) == text.count("\n@") + text.startswith("@"), f"{name}: an entry was lost"


@pytest.mark.tools
@pytest.mark.parametrize("style", STYLES)
def test_every_reference_names_authors_title_venue_and_year(built_site, catalog, tmp_path, style):
    text = (built_site / "papers.bib").read_text(encoding="utf-8")
    references = run_bibtex(text, tmp_path / style, style).references
    for paper in catalog.papers:
        reference = plain_text(references[paper.key])
        for part in expected_parts(paper):
            assert part in reference, f"{paper.key} in {style}: {part!r} missing from {reference!r}"


def plain_text(latex: str) -> str:
    """A formatted reference as a reader sees it: LaTeX decoded, case folded (styles change title case)."""
    text = re.sub(r"\\newblock|\\bibitem(\[[^\]]*\])?\{[^}]*\}|\\url\{([^}]*)\}|\\em\b|~", r" \2 ", latex)
    return " ".join(decode(text).replace("{", "").replace("}", "").casefold().split())


def expected_parts(paper: Paper) -> list[str]:
    fields = dict(paper.fields)
    last_names = [name.split()[-1] for name in paper.authors if " " in name]  # initials vary by style
    venue = fields.get("booktitle") or fields.get("journal") or fields.get("howpublished") or fields.get("series") or ""
    if not venue and paper.arxiv:
        venue = f"arXiv:{paper.arxiv}"
    words = [w for w in re.findall(r"[^\W\d]+", decode(venue)) if len(w) > 3][-3:]  # its distinctive end
    title_words = [w for w in re.findall(r"\w+", paper.title) if len(w) > 3][:4]
    parts = [*(decode(n) for n in last_names[:3]), *title_words, *words]
    if paper.year:
        parts.append(str(paper.year))
    if fields.get("eprint") and not (fields.get("booktitle") or fields.get("journal") or paper.entry_type == "book"):
        parts.append(f"arxiv:{paper.arxiv}")
    return [" ".join(part.casefold().split()) for part in parts]
