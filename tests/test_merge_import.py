"""`paperlist import --merge`: a later edition of a list against the curated papers/ (nothing curated is lost)."""

from __future__ import annotations

from pathlib import Path

from conftest import REPO
from paperlist.cli import main

# ColBERT and DPR are curated in papers/; the third paper is not; the fourth bullet links
# DPR's arXiv id under another paper's title, the error the list's last edition made once.
LISTING = (
    "## Late interaction\n"
    "- [ColBERT: Efficient and Effective Passage Search.](https://arxiv.org/pdf/2004.12832.pdf) *Omar Khattab et.al.*"
    " SIGIR 2020. (**ColBERT**)\n"
    "## Somewhere else\n"
    "- [Dense Passage Retrieval for Open-Domain Question Answering.](https://example.org/dpr.pdf) *V. K. et.al.*\n"
    "- [A Paper Nobody Curated Yet.](https://arxiv.org/pdf/2401.00001.pdf) *Ann Author et.al.* Arxiv 2024."
    " [[code](https://github.com/example/new)] (**NEW, a new idea**)\n"
    "- [Navigating Complex Search Tasks with AI Copilots.](https://arxiv.org/pdf/2004.04906.pdf) *Ryen W. White*"
    " Arxiv 2023.\n"
)


def run_merge(tmp_path: Path, capsys, text: str = LISTING) -> tuple[int, str, str, Path]:
    """`paperlist import --merge` of `text` against the real papers/: exit code, stdout, stderr, output folder."""
    listing = tmp_path / "edition.md"
    listing.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    code = main(["--root", str(REPO), "import", str(listing), "--out", str(out), "--added", "2026-12-07", "--merge"])
    captured = capsys.readouterr()
    return code, captured.out, captured.err, out


def test_curated_papers_are_matched_and_not_written_again(tmp_path, capsys):
    code, out_text, _, out = run_merge(tmp_path, capsys)
    assert code == 1  # the wrong link below is a conflict to resolve
    assert "khattab2020colbert (same arXiv id)" in out_text
    assert "karpukhin2020dense (same title); the list files it under 'Somewhere else'" in out_text
    written = "\n".join(path.read_text(encoding="utf-8") for path in out.rglob("*.bib"))
    assert "A Paper Nobody Curated Yet" in written and "https://github.com/example/new" in written
    assert "Efficient and Effective Passage Search" not in written
    assert "Dense Passage Retrieval" not in written


def test_a_bullet_linking_another_papers_id_is_reported_with_its_line(tmp_path, capsys):
    _, _, err, out = run_merge(tmp_path, capsys)
    listing = tmp_path / "edition.md"
    assert f"{listing}:6: this bullet's arXiv id is that of karpukhin2020dense" in err
    assert "'Navigating Complex Search Tasks with AI Copilots'" in err
    assert "Navigating Complex Search Tasks" in "\n".join(p.read_text() for p in out.rglob("*.bib"))


def test_a_renamed_version_of_a_curated_paper_is_the_same_paper(tmp_path, capsys):
    """lu2021less's arXiv title differs from its published one: the same paper, not a conflict."""
    code, out_text, _, out = run_merge(
        tmp_path,
        capsys,
        "## Pre-training\n- [Less is More: Pre-train a Strong Text Encoder for Dense Retrieval Using a Weak Decoder.]"
        "(https://arxiv.org/pdf/2102.09206.pdf) *Shuqi Lu et.al.* EMNLP 2021.\n",
    )
    assert code == 0
    assert "lu2021less (same arXiv id)" in out_text
    assert list(out.rglob("*.bib")) == []


def test_without_merge_every_bullet_is_written(tmp_path, capsys):
    listing = tmp_path / "edition.md"
    listing.write_text(LISTING, encoding="utf-8")
    out = tmp_path / "out"
    main(["--root", str(REPO), "import", str(listing), "--out", str(out), "--added", "2026-12-07"])
    written = "\n".join(path.read_text(encoding="utf-8") for path in out.rglob("*.bib"))
    assert "Efficient and Effective Passage Search" in written and "Dense Passage Retrieval" in written


def test_a_curated_title_under_another_arxiv_id_is_reported(tmp_path, capsys):
    code, out_text, err, out = run_merge(
        tmp_path,
        capsys,
        "## Dense\n- [Dense Passage Retrieval for Open-Domain Question Answering.](https://arxiv.org/pdf/2101.00001.pdf)"
        " *Vladimir Karpukhin et.al.* EMNLP 2020.\n",
    )
    assert code == 1
    assert "karpukhin2020dense (same title)" in out_text
    listing = tmp_path / "edition.md"
    assert f"{listing}:2: this bullet has the title of karpukhin2020dense but links arXiv 2101.00001" in err
    assert list(out.rglob("*.bib")) == []  # the curated entry is kept as it is
