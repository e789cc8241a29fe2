"""The Markdown importer on the seed list: exact counts, determinism, nothing dropped."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import REPO
from paperlist.catalog import load_catalog, normalized_url
from paperlist.cli import main
from paperlist.importer import parse_bullet
from paperlist.links import parse_link_list
from paperlist.vocabulary import load_venues

FIXTURE = REPO / "tests" / "data" / "fixture-list.md"  # a list in the seed's format, written for these tests
SEED = json.loads((REPO / "tests" / "data" / "seed-inventory.json").read_text(encoding="utf-8"))  # the seed's facts


@pytest.fixture(scope="module")
def imported(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("import")
    assert main(["--root", str(REPO), "import", str(FIXTURE), "--out", str(out), "--added", "2026-11-25"]) == 0
    return out


def entries_of(out: Path) -> dict[str, dict[str, str]]:
    entries = {}
    for path in sorted(out.rglob("*.bib")):
        for block in re.split(r"\n(?=@)", path.read_text()):
            if block.strip():
                key = re.match(r"@\w+\{([^,]+),", block).group(1)
                entries[key] = dict(re.findall(r"^  (\w+)\s+= \{(.*)\},?$", block, re.M))
    return entries


def by_title(entries: dict[str, dict[str, str]], start: str) -> dict[str, str]:
    (entry,) = [e for e in entries.values() if e["title"].startswith(start)]
    return entry


def test_fixture_counts(imported):
    """12 bullets with paper links, 3 of them repeats: 9 entries in 4 leaf sections; the commented bullets are not."""
    entries = entries_of(imported)
    assert len(entries) == 9
    assert sorted(p.relative_to(imported).as_posix() for p in imported.rglob("*.bib")) == [
        "dense-retrieval/hard-negative-sampling.bib",
        "dense-retrieval/knowledge-distillation.bib",
        "other-resources.bib",
        "re-ranking.bib",
    ]
    assert not any("Hidden" in e["title"] for e in entries.values())
    assert sum(1 for e in entries.values() if "crosslist" in e) == 3


def test_a_repeated_paper_gets_the_union_of_its_bullets(imported):
    """The first bullet of DPR is a bare link: authors, venue, code and note come from the second."""
    dpr = by_title(entries_of(imported), "Dense Passage Retrieval")
    assert dpr["author"] == "Vladimir Karpukhin and Barlas Oguz and others"
    assert (dpr["venue"], dpr["year"], dpr["model"], dpr["keyidea"]) == ("EMNLP", "2020", "DPR", "in-batch negatives")
    assert dpr["code"] == "https://github.com/facebookresearch/DPR"
    assert dpr["crosslist"] == "knowledge-distillation"
    text = (imported / "dense-retrieval" / "hard-negative-sampling.bib").read_text()
    assert "@inproceedings{karpukhin2020dense," in text  # typed by the merged facts, not the bare bullet


def test_a_repeated_paper_keeps_the_fuller_authors_every_code_link_and_the_longest_note(imported):
    tas = by_title(entries_of(imported), "Efficiently Teaching")
    assert tas["author"] == (
        "Sebastian Hofstätter and Sheng-Chieh Lin and Jheng-Hong Yang and Jimmy Lin and Allan Hanbury"
    )
    assert tas["code"] == "https://github.com/sebastian-hofstaetter/tas-balanced-dense-retrieval"
    assert tas["keyidea"] == "sample from query cluster and distill from a BERT ensemble"
    doc2query = by_title(entries_of(imported), "Document Expansion")
    assert parse_link_list(doc2query["code"]) == [
        ("doc2query", "https://github.com/nyu-dl/dl4ir-doc2query"),
        ("docTTTTTquery", "https://github.com/castorini/docTTTTTquery"),
    ]
    assert (doc2query["model"], doc2query["keyidea"]) == ("doc2query", "docTTTTTquery")


def test_a_bullet_over_several_lines_is_one_entry(imported):
    colbert = by_title(entries_of(imported), "ColBERT")
    assert colbert["title"] == (
        "ColBERT: Efficient and Effective Passage Search via Contextualized Late Interaction over BERT"
    )
    assert colbert["author"] == "Omar Khattab and Matei Zaharia"
    assert colbert["code"] == "https://github.com/stanford-futuredata/ColBERT"


def test_several_papers_in_one_bullet_and_an_organization_as_author(imported):
    entries = entries_of(imported)
    birch = by_title(entries, "Simple Applications of BERT")
    assert "Birch" in birch["seealso"] and "https://www.aclweb.org/anthology/D19-1352.pdf" in birch["seealso"]
    assert by_title(entries, "SPLADE")["code"] == "https://github.com/naver/splade"
    assert by_title(entries, "Faiss")["author"] == "{Facebook AI Research}"  # braced: one name, not a last name


def test_import_is_deterministic(imported, tmp_path):
    assert main(["--root", str(REPO), "import", str(FIXTURE), "--out", str(tmp_path), "--added", "2026-11-25"]) == 0
    first = {p.relative_to(imported): p.read_bytes() for p in imported.rglob("*") if p.is_file()}
    second = {p.relative_to(tmp_path): p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    assert first == second


def test_bullets_of_one_paper_that_disagree_are_reported_with_both_lines(tmp_path, capsys):
    listing = tmp_path / "list.md"
    listing.write_text(
        "## Dense\n"
        "- [Dense Passage Retrieval.](https://arxiv.org/pdf/2004.04906.pdf) *Vladimir Karpukhin et.al.* EMNLP 2020.\n"
        "## Again\n"
        "\n"
        "- [Dense Passage Retrieval.](https://arxiv.org/pdf/2004.04906.pdf) *Vladimir Karpukhin et.al.* EMNLP 2021.\n",
        encoding="utf-8",
    )
    assert (
        main(["--root", str(REPO), "import", str(listing), "--out", str(tmp_path / "out"), "--added", "2026-11-25"])
        == 1
    )
    err = capsys.readouterr().err
    assert f"{listing}:5: this bullet gives year '2021', line 2 gives '2020' for the same paper" in err
    assert "keeps '2020'" in err


def test_every_seed_link_is_in_papers():
    """A reader comparing the seed list with papers/ finds every one of its 191 links."""
    data = "\n".join(p.read_text(encoding="utf-8") for p in (REPO / "papers").rglob("*.bib"))
    assert len(SEED["links"]) == 191
    assert [url for url in SEED["links"] if url not in data] == []


# Seed headings that the curated taxonomy renamed (typos fixed, vague names made precise): their slugs.
RENAMED_HEADINGS = {
    "Pretraining for IR": "surveys",  # the list's introduction, before its first section
    "Improving": "phrase-and-multitask",
    "Interanction-focused": "interaction-focused",
    "Other Resources About Pre-trained Models in NLP": "nlp-pretraining-resources",
    "Some Retrieval Toolkits": "toolkits",
}


def test_every_seed_paper_is_an_entry_of_its_section():
    catalog = load_catalog(REPO)
    sections = {node.slug: node.title.lower() for node in catalog.all_sections()}
    by_url = {normalized_url(p.url): p for p in catalog.papers}
    assert SEED["paper_bullets"] == 118 and SEED["distinct_first_links"] == 115
    for bullet in SEED["bullets"]:
        paper = by_url.get(normalized_url(bullet["links"][0]))
        assert paper is not None, bullet
        titles = [sections[slug] for slug in paper.sections]
        assert bullet["heading"].lower() in titles or RENAMED_HEADINGS.get(bullet["heading"]) in paper.sections, bullet


def test_every_seed_code_link_is_a_code_link():
    """...or the project page, for the one seed `code` link that is not a repository."""
    papers = load_catalog(REPO).papers
    code = {link.url for paper in papers for link in paper.code} | {paper.homepage for paper in papers}
    assert sum(len(b["code"]) for b in SEED["bullets"]) == 79
    assert sorted({url for b in SEED["bullets"] for url in b["code"]} - code) == []


def test_cross_listed_papers_are_one_entry_in_several_sections():
    catalog = load_catalog(REPO)
    by_model = {p.model: p for p in catalog.papers if p.model}
    assert set(by_model["TAS-Balanced"].sections) == {"hard-negatives", "dense-distillation"}
    assert set(by_model["RocketQAv2"].sections) == {"dense-distillation", "joint-retrieve-rerank"}
    assert set(by_model["DENSPI"].sections) == {"phrase-and-multitask", "hybrid", "late-interaction"}  # + last edition


VENUES = load_venues(REPO / "papers" / "venues.yml")[0]


def test_bullet_with_broken_markdown_keeps_code_and_name():
    bullet = (
        "[SPLADE: Sparse Lexical and Expansion Model for First Stage Ranking.](https://arxiv.org/pdf/2107.05720.pdf), "
        "and [v2.](https://arxiv.org/pdf/2109.10086.pdf) *Thibault Formal et.al.* SIGIR 2021. "
        "[[code](https://github.com/naver/splade)](**SPLADE**)"
    )
    entry = parse_bullet(bullet, VENUES, "2026-11-25")
    assert entry.fields["code"] == "https://github.com/naver/splade"
    assert entry.fields["model"] == "SPLADE"
    assert entry.fields["seealso"] == "v2: https://arxiv.org/pdf/2109.10086.pdf"
    assert entry.fields["venue"] == "SIGIR" and entry.fields["year"] == "2021"


def test_bullet_with_labelled_code_links_and_no_venue():
    bullet = (
        "[Document Expansion by Query Prediction.](https://arxiv.org/pdf/1904.08375.pdf) *Rodrigo Nogueira et.al.* "
        "[[doc2query code](https://github.com/nyu-dl/dl4ir-doc2query), "
        "[docTTTTTquery code](https://github.com/castorini/docTTTTTquery)] (**doc2query, docTTTTTquery**)"
    )
    fields = parse_bullet(bullet, VENUES, "2026-11-25").fields
    assert parse_link_list(fields["code"]) == [
        ("doc2query", "https://github.com/nyu-dl/dl4ir-doc2query"),
        ("docTTTTTquery", "https://github.com/castorini/docTTTTTquery"),
    ]
    assert (fields["venue"], fields["year"], fields["eprint"]) == ("arXiv", "2019", "1904.08375")
    assert fields["author"] == "Rodrigo Nogueira and others"


def test_bullet_tracks_awards_and_unofficial_code():
    fields = parse_bullet(
        "[Early Exiting BERT for Efficient Document Ranking.](https://www.aclweb.org/anthology/2020.sustainlp-1.11.pdf)"
        " *Ji Xin et.al.* EMNLP 2020 SustaiNLP Workshop. [[code](https://github.com/castorini/earlyexiting-monobert)]",
        VENUES,
        "2026-11-25",
    ).fields
    assert (fields["venue"], fields["track"], fields["workshop"]) == ("EMNLP", "workshop", "SustaiNLP")
    assert fields["doi"] == "10.18653/v1/2020.sustainlp-1.11"
    fields = parse_bullet(
        "[Distilling Knowledge from Reader to Retriever.](https://arxiv.org/pdf/2012.04584.pdf) *Gautier Izacard, "
        "Edouard Grave.* ICLR 2020. [[unofficial code](https://github.com/lucidrains/distilled-retriever-pytorch)]",
        VENUES,
        "2026-11-25",
    ).fields
    assert fields["unofficialcode"] == "https://github.com/lucidrains/distilled-retriever-pytorch"
    assert "code" not in fields and fields["author"] == "Gautier Izacard and Edouard Grave"
    fields = parse_bullet(
        "[Dynamic Modality Interaction Modeling for Image-Text Retrieval.](https://dl.acm.org/doi/pdf/10.1145/3404835.3462829)"
        " *Leigang Qu et.al.* SIGIR 2021 **Best student paper**. [[code](https://sigir21.wixsite.com/dime)] (**DIME**)",
        VENUES,
        "2026-11-25",
    ).fields
    assert fields["award"] == "Best student paper" and fields["homepage"] == "https://sigir21.wixsite.com/dime"
    assert fields["doi"] == "10.1145/3404835.3462829"


def test_table_of_contents_links_are_not_entries():
    assert parse_bullet("[Survey Papers](#survey-papers)", VENUES, "2026-11-25") is None
