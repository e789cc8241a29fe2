"""The canonical layout: fmt is idempotent and the data is already formatted."""

from __future__ import annotations

from conftest import REPO
from datatree import GOOD_ENTRY
from paperlist.bibformat import format_entry, format_text
from paperlist.cli import main

MESSY = """@INPROCEEDINGS{b2021second,
    added = {2022-07-01}, tags={dense-retrieval},
  url = "https://example.org/b.pdf",
  title = {Second   paper
     on two lines}, year = 2021, venue={SIGIR},author={B and C}
}
@misc{a2020first, title={First}, author={A}, year={2020}, venue={arXiv}, url={https://example.org/a.pdf},
  tags={survey}, added={2022-07-01},}
"""


def test_format_orders_entries_and_fields():
    formatted, problems = format_text(MESSY, "x.bib")
    assert problems == []
    assert formatted == (
        "@misc{a2020first,\n"
        "  title          = {First},\n"
        "  author         = {A},\n"
        "  year           = {2020},\n"
        "  url            = {https://example.org/a.pdf},\n"
        "  venue          = {arXiv},\n"
        "  tags           = {survey},\n"
        "  added          = {2022-07-01}\n"
        "}\n"
        "\n"
        "@inproceedings{b2021second,\n"
        "  title          = {Second paper on two lines},\n"
        "  author         = {B and C},\n"
        "  year           = {2021},\n"
        "  url            = {https://example.org/b.pdf},\n"
        "  venue          = {SIGIR},\n"
        "  tags           = {dense-retrieval},\n"
        "  added          = {2022-07-01}\n"
        "}\n"
    )


def test_format_is_idempotent():
    once, _ = format_text(MESSY, "x.bib")
    twice, _ = format_text(once, "x.bib")
    assert once == twice
    assert format_text(once, "x.bib")[0] == once


def test_format_keeps_unicode_spaces_and_joins_lines():
    entry = format_entry("article", "k", {"title": "  A\u00a0B  \n\t C\u2009D\r\n"})
    assert "title          = {A\u00a0B C\u2009D}" in entry


def test_format_refuses_comments_and_syntax_errors():
    formatted, problems = format_text("% a note\n" + GOOD_ENTRY, "x.bib")
    assert formatted is None
    assert [str(p.location) for p in problems] == ["x.bib:1"]
    assert "comments are not kept" in problems[0].message
    formatted, problems = format_text("@misc{a, title={x}\n@misc{b, title={y}}", "x.bib")
    assert formatted is None and problems


def test_repository_data_is_formatted(capsys):
    assert main(["--root", str(REPO), "fmt", "--check"]) == 0


def test_fmt_rewrites_and_check_mode_reports(tmp_path, capsys):
    target = tmp_path / "papers" / "x.bib"
    target.parent.mkdir()
    target.write_text(MESSY)
    assert main(["--root", str(tmp_path), "fmt", "--check"]) == 1
    assert "papers/x.bib: is not in canonical format" in capsys.readouterr().err
    assert target.read_text() == MESSY
    assert main(["--root", str(tmp_path), "fmt"]) == 0
    assert main(["--root", str(tmp_path), "fmt", "--check"]) == 0
