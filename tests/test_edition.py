"""The list's last edition (2024-01-07) is merged: every paper, link and code link of it is in papers/.

`tests/data/edition-inventory.json` holds the edition's URLs and headings (tests/tools/seed_inventory.py).
"""

from __future__ import annotations

import json

import pytest

from conftest import REPO
from paperlist.catalog import load_catalog, normalized_url

EDITION = json.loads((REPO / "tests" / "data" / "edition-inventory.json").read_text(encoding="utf-8"))

# Edition headings that the curated taxonomy names otherwise (kept from the seed, typos fixed): their slugs.
RENAMED_HEADINGS = {
    "Jointly learning retrieval and indexing": "retrieve-and-index",
    "Hybrid Retrieval": "hybrid",
    "Interanction-focused": "interaction-focused",
    "Jointly Learning Retrieval and Re-ranking": "joint-retrieve-rerank",
    "Some Retrieval Toolkits": "toolkits",
    "Other Resources About Pre-trained Models in NLP": "nlp-pretraining-resources",
}
# A bullet whose link is another paper's (docs/curation-notes.md): the entry for its title, which keeps
# the bullet's link in `seealso`.
WRONG_LINKS = {411: "white2023navigating"}
# A `code` link of the edition that is not the paper's code (docs/curation-notes.md): where it is kept.
NOT_CODE = {"https://github.com/facebookresearch/FiD": "borgeaud2022improving"}


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(REPO)


def test_the_inventory_is_the_edition():
    assert (EDITION["paper_bullets"], EDITION["distinct_first_links"], len(EDITION["links"])) == (210, 205, 315)


def test_every_link_of_the_edition_is_in_papers():
    data = "\n".join(p.read_text(encoding="utf-8") for p in (REPO / "papers").rglob("*.bib"))
    assert [url for url in EDITION["links"] if url not in data] == []


def test_every_paper_of_the_edition_is_an_entry_of_its_section(catalog):
    titles = {node.slug: node.title.lower() for node in catalog.all_sections()}
    by_url = {normalized_url(p.url): p for p in catalog.papers}
    by_key = {p.key: p for p in catalog.papers}
    missing = []
    for bullet in EDITION["bullets"]:
        paper = by_key[WRONG_LINKS[bullet["line"]]] if bullet["line"] in WRONG_LINKS else None
        paper = paper or by_url.get(normalized_url(bullet["links"][0]))
        if paper is None:
            missing.append(bullet)
            continue
        sections = {titles[slug] for slug in paper.sections}
        in_section = bullet["heading"].lower() in sections or RENAMED_HEADINGS.get(bullet["heading"]) in paper.sections
        assert in_section, (bullet, paper.key, paper.sections)
    assert missing == []


def test_a_wrong_link_of_the_edition_is_kept_beside_the_right_one(catalog):
    by_key = {p.key: p for p in catalog.papers}
    for line, key in WRONG_LINKS.items():
        (bullet,) = [b for b in EDITION["bullets"] if b["line"] == line]
        paper = by_key[key]
        assert normalized_url(paper.url) != normalized_url(bullet["links"][0])
        assert bullet["links"][0] in [link.url for link in paper.see_also]


def test_every_code_link_of_the_edition_is_a_code_link(catalog):
    papers = catalog.papers
    code = {link.url for paper in papers for link in paper.code} | {paper.homepage for paper in papers}
    edition_code = {url for bullet in EDITION["bullets"] for url in bullet["code"]}
    assert len(edition_code) == 106
    assert sorted(edition_code - code - set(NOT_CODE)) == []
    by_key = {p.key: p for p in papers}
    for url, key in NOT_CODE.items():
        assert url in [link.url for link in by_key[key].see_also]
