"""The Markdown importer on the seed list: exact counts, determinism, nothing dropped."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import REPO
from paperlist.catalog import load_catalog, normalized_url
from paperlist.cli import main
from paperlist.importer import parse_bullet
from paperlist.links import parse_link_list
from paperlist.vocabulary import load_venues

SEED = REPO.parent / "shared" / "seed" / "awesome-pretrained-models-for-information-retrieval.md"


@pytest.fixture(scope="module")
def imported(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("import")
    assert main(["--root", str(REPO), "import", str(SEED), "--out", str(out), "--added", "2026-11-25"]) == 0
    return out


def entries_of(out: Path) -> dict[str, dict[str, str]]:
    entries = {}
    for path in sorted(out.rglob("*.bib")):
        for block in re.split(r"\n(?=@)", path.read_text()):
            if block.strip():
                key = re.match(r"@\w+\{([^,]+),", block).group(1)
                entries[key] = dict(re.findall(r"^  (\w+)\s+= \{(.*)\},?$", block, re.M))
    return entries


def test_seed_counts(imported):
    """118 bullets with paper links: 115 entries, 3 of them cross-listed a second time."""
    entries = entries_of(imported)
    assert len(entries) == 115
    assert len(list(imported.rglob("*.bib"))) == 34  # 33 leaf sections + the intro's survey
    crosslisted = {key: e["crosslist"] for key, e in entries.items() if "crosslist" in e}
    assert len(crosslisted) == 3
    code = [url for e in entries.values() for _, url in parse_link_list(e.get("code", ""))]
    unofficial = [url for e in entries.values() for _, url in parse_link_list(e.get("unofficialcode", ""))]
    homepages = [e["homepage"] for e in entries.values() if "homepage" in e]
    # 76 code links in distinct bullets (74 repositories, 1 unofficial, 1 project page) + 5 toolkits
    assert (len(code), len(unofficial), len(homepages)) == (79, 1, 1)
    assert sum(1 for e in entries.values() if "seealso" in e) == 3


def test_import_is_deterministic(imported, tmp_path):
    assert main(["--root", str(REPO), "import", str(SEED), "--out", str(tmp_path), "--added", "2026-11-25"]) == 0
    first = {p.relative_to(imported): p.read_bytes() for p in imported.rglob("*") if p.is_file()}
    second = {p.relative_to(tmp_path): p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    assert first == second


def test_every_seed_link_is_in_papers():
    """A reader comparing the seed with papers/ finds every link."""
    seed_urls = set(re.findall(r"\]\((https?://[^)\s]+)\)", SEED.read_text()))
    data = "\n".join(p.read_text() for p in (REPO / "papers").rglob("*.bib"))
    missing = sorted(url for url in seed_urls if url not in data)
    assert missing == []


def test_every_seed_paper_is_an_entry():
    catalog = load_catalog(REPO)
    urls = {normalized_url(p.url) for p in catalog.papers}
    seed_lines = [line for line in SEED.read_text().splitlines() if re.match(r"- \[.*\]\(http", line)]
    assert len(seed_lines) == 118
    for line in seed_lines:
        first_url = re.search(r"\]\((https?://[^)\s]+)\)", line).group(1)
        assert normalized_url(first_url) in urls, line


def test_cross_listed_papers_are_one_entry_in_several_sections():
    catalog = load_catalog(REPO)
    by_model = {p.model: p for p in catalog.papers if p.model}
    assert set(by_model["TAS-Balanced"].sections) == {"hard-negatives", "dense-distillation"}
    assert set(by_model["RocketQAv2"].sections) == {"dense-distillation", "joint-retrieve-rerank"}
    assert set(by_model["DENSPI"].sections) == {"phrase-and-multitask", "hybrid"}


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
