"""Each validator rule, on a small tree: the exact `path:line` and message."""

from __future__ import annotations

import pytest

from conftest import REPO
from datatree import GOOD_ENTRY, TAXONOMY, load, problems, write_tree
from paperlist.cli import main
from paperlist.problems import DataError, Problem
from paperlist.vocabulary import load_venues, venue_of

DENSE = "papers/first-stage/dense.bib"


def entry(**changes: str | None) -> str:
    """GOOD_ENTRY with fields replaced (value) or removed (None), other fields in place."""
    lines = GOOD_ENTRY.splitlines()
    out = []
    for line in lines:
        name = line.strip().split(" ", 1)[0]
        if name in changes:
            value = changes.pop(name)
            if value is None:
                continue
            line = f"  {name.ljust(14)} = {{{value}}},"
        out.append(line)
    for name, value in changes.items():  # new fields go before the closing brace
        out.insert(-1, f"  {name.ljust(14)} = {{{value}}},")
    fields = [line.rstrip(",") + "," for line in out[1:-1]]
    fields[-1] = fields[-1].rstrip(",")
    return "\n".join([out[0], *fields, out[-1]]) + "\n"


def test_good_tree_loads(tmp_path):
    catalog = load(write_tree(tmp_path, {}))
    (paper,) = catalog.papers
    assert paper.key == "karpukhin2020dense"
    assert paper.authors == ("Vladimir Karpukhin", "Barlas Oguz")
    assert paper.more_authors
    assert paper.arxiv == "2004.04906"
    assert paper.code[0].repo == "facebookresearch/DPR"
    assert paper.section == "dense"


CASES = {
    "unknown field with suggestion": (
        {"first-stage/dense.bib": entry(tittle="Typo")},
        [f"{DENSE}:13: karpukhin2020dense: unknown field `tittle`"],
        "did you mean `title`?",
    ),
    "missing required field": (
        {"first-stage/dense.bib": entry(title=None)},
        [f"{DENSE}:1: karpukhin2020dense: missing required field `title`"],
        "add `title = {...},` to the entry",
    ),
    "year not four digits": (
        {"first-stage/dense.bib": entry(year="2020a")},
        [f"{DENSE}:4: karpukhin2020dense: year '2020a' is not a four-digit year"],
        "year = {2021}",
    ),
    "year out of range": (
        {"first-stage/dense.bib": entry(year="1900")},
        [f"{DENSE}:4: karpukhin2020dense: year 1900 is out of range"],
        "use a year from 1950",
    ),
    "unknown venue with suggestion": (
        {"first-stage/dense.bib": entry(venue="EMNPL")},
        [f"{DENSE}:5: karpukhin2020dense: unknown venue 'EMNPL'"],
        "did you mean `EMNLP`?",
    ),
    "venue alias": (
        {"first-stage/dense.bib": entry(venue="Arxiv")},
        [f"{DENSE}:5: karpukhin2020dense: unknown venue 'Arxiv'"],
        "write `arXiv`",
    ),
    "unknown tag": (
        {"first-stage/dense.bib": entry(tags="dense-retrieval, distilation")},
        [f"{DENSE}:10: karpukhin2020dense: unknown tag 'distilation'"],
        "did you mean `distillation`?",
    ),
    "too many tags": (
        {"first-stage/dense.bib": entry(tags="a, b, c, d, e")},
        [f"{DENSE}:10: karpukhin2020dense: 5 tags given"],
        "give 1 to 4 tags",
    ),
    "non-http url": (
        {"first-stage/dense.bib": entry(url="javascript:alert(1)")},
        [f"{DENSE}:6: karpukhin2020dense: `url` is not an http(s) URL: 'javascript:alert(1)'"],
        "https://",
    ),
    "code link not a repository": (
        {"first-stage/dense.bib": entry(code="https://example.org/project")},
        [f"{DENSE}:7: karpukhin2020dense: code link is not a repository URL: https://example.org/project"],
        "homepage",
    ),
    "malformed key": (
        {"first-stage/dense.bib": GOOD_ENTRY.replace("karpukhin2020dense", "2020-dense")},
        [f"{DENSE}:1: 2020-dense: malformed key"],
        "khattab2020colbert",
    ),
    "unknown entry type": (
        {"first-stage/dense.bib": GOOD_ENTRY.replace("@inproceedings", "@inprocedings")},
        [f"{DENSE}:1: karpukhin2020dense: unknown entry type @inprocedings"],
        "did you mean `inproceedings`?",
    ),
    "cross-listing to unknown section": (
        {"first-stage/dense.bib": entry(crosslist="sparce")},
        [f"{DENSE}:13: karpukhin2020dense: cross-listed to unknown section 'sparce'"],
        "did you mean `sparse`?",
    ),
    "bad added date": (
        {"first-stage/dense.bib": entry(added="2022-13-01")},
        [f"{DENSE}:11: karpukhin2020dense: `added` '2022-13-01' is not a date"],
        "YYYY-MM-DD",
    ),
    "bad eprint": (
        {"first-stage/dense.bib": entry(eprint="arXiv:2004.04906")},
        [f"{DENSE}:13: karpukhin2020dense: `eprint` 'arXiv:2004.04906' is not an arXiv id"],
        "no version",
    ),
    "duplicate key in one file": (
        {"first-stage/dense.bib": GOOD_ENTRY + "\n" + GOOD_ENTRY.replace("2004.04906", "2004.00001")},
        [f"{DENSE}:15: duplicate key 'karpukhin2020dense' in this file"],
        "own key",
    ),
    "duplicate key across files": (
        {"first-stage/sparse.bib": entry(url="https://example.org/other.pdf", title="Another paper")},
        ["papers/first-stage/sparse.bib:1: karpukhin2020dense: key already used at papers/first-stage/dense.bib:1"],
        "unique across papers/",
    ),
    "same paper twice (arXiv id)": (
        {
            "first-stage/sparse.bib": GOOD_ENTRY.replace("karpukhin2020dense", "dpr2020")
            .replace("Dense Passage Retrieval", "DPR")
            .replace(".pdf", "")
        },
        [
            "papers/first-stage/sparse.bib:1: dpr2020: same paper as karpukhin2020dense"
            " at papers/first-stage/dense.bib:1"
        ],
        "crosslist = {sparse}",
    ),
    "same paper twice (title)": (
        {
            "first-stage/sparse.bib": GOOD_ENTRY.replace("karpukhin2020dense", "dpr2020")
            .replace("https://arxiv.org/pdf/2004.04906.pdf", "https://aclanthology.org/2020.emnlp-main.550.pdf")
            .replace("for Open-Domain", "for open-domain")
        },
        [
            "papers/first-stage/sparse.bib:1: dpr2020: same paper as karpukhin2020dense"
            " at papers/first-stage/dense.bib:1 (same title)"
        ],
        "crosslist",
    ),
    "bare ampersand in the title": (
        {"first-stage/dense.bib": entry(title="Retrieval & Ranking for R\\&D")},
        [f"{DENSE}:2: karpukhin2020dense: `title` has `&` unescaped: LaTeX stops at it where BibTeX prints the field"],
        "write `\\&` for `&`",
    ),
    "comment and subscript in the booktitle": (
        {"first-stage/dense.bib": entry(booktitle="Proceedings of 100% Retrieval_Work, $k_1$")},
        [f"{DENSE}:12: karpukhin2020dense: `booktitle` has `%` `_` unescaped"],
        "write `\\%` for `%`, `\\_` for `_`",
    ),
    "syntax error: missing comma": (
        {"first-stage/dense.bib": GOOD_ENTRY.replace("(Dense Passage", "").replace("Answering},", "Answering}")},
        [f"{DENSE}:2: missing comma after the value of field 'title'"],
        "end every field with a comma",
    ),
    "syntax error: unbalanced braces": (
        {
            "first-stage/dense.bib": GOOD_ENTRY.replace("{DPR}", "{DPR")
            + "\n"
            + GOOD_ENTRY.replace("karpukhin2020dense", "x2020y")
        },
        [f"{DENSE}:1: BibTeX syntax error: this entry is still open when the next @ block starts on line 15"],
        "braces are unbalanced",
    ),
    "string macro": (
        {"first-stage/dense.bib": '@string{emnlp = "EMNLP"}\n\n' + GOOD_ENTRY.replace("{EMNLP}", "emnlp")},
        [
            "papers/first-stage/dense.bib:1: @string macro 'emnlp' is not supported",
            f"{DENSE}:7: field 'venue' is not a braced value: 'emnlp'",
        ],
        "write the value into each entry",
    ),
    "preamble": (
        {"first-stage/dense.bib": '@preamble{"\\newcommand{\\x}{y}"}\n' + GOOD_ENTRY},
        [f"{DENSE}:1: @preamble is not supported"],
        "remove it",
    ),
    "not utf-8": (
        {
            "first-stage/dense.bib": GOOD_ENTRY.replace("Oguz", "O\u011fuz")
            .encode("utf-8")
            .replace(b"\xc4\x9f", b"\xf0")
        },
        [f"{DENSE}:3: byte 0xf0 is not valid UTF-8"],
        "save the file as UTF-8",
    ),
    "orphan bib file": (
        {"first-stage/late.bib": ""},
        ["papers/first-stage/late.bib:1: no section in papers/taxonomy.yml owns this file"],
        "add the section to the taxonomy",
    ),
    "section without file": (
        {"surveys.bib": None},
        ["papers/taxonomy.yml:1: section 'surveys' has no file papers/surveys.bib"],
        "create the file",
    ),
    "duplicate slug": (
        {"taxonomy.yml": TAXONOMY.replace("slug: sparse", "slug: dense")},
        ["papers/taxonomy.yml:9: duplicate slug 'dense' (first on line 6)"],
        "unique",
    ),
    "slug with path traversal": (
        {"taxonomy.yml": TAXONOMY.replace("slug: surveys", "slug: ../../etc/passwd")},
        ["papers/taxonomy.yml:12: invalid slug '../../etc/passwd'"],
        "no `/`",
    ),
    "reserved slug": (
        {"taxonomy.yml": TAXONOMY.replace("slug: surveys", "slug: search")},
        ["papers/taxonomy.yml:12: slug 'search' is reserved for a generated page"],
        "choose another slug",
    ),
    "taxonomy not YAML": (
        {"taxonomy.yml": TAXONOMY.replace("    title: Surveys", "  title: [Surveys")},
        ["papers/taxonomy.yml:13: invalid YAML"],
        "indentation",
    ),
    "python tag in YAML": (
        {"taxonomy.yml": TAXONOMY + "evil: !!python/object/apply:os.system ['echo pwned']\n"},
        ["papers/taxonomy.yml:15: invalid YAML"],
        "no !!python tags",
    ),
}


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_rule(case, tmp_path):
    files, expected, hint = CASES[case]
    root = write_tree(tmp_path, files)
    with pytest.raises(DataError) as caught:
        load(root)
    found = [f"{p.location}: {p.message}" for p in caught.value.problems]
    for message in expected:
        assert any(line.startswith(message) for line in found), f"{message!r} not in {found}"
    assert any(hint in p.hint for p in caught.value.problems), [p.hint for p in caught.value.problems]


def test_an_escaped_ampersand_names_its_venue_as_the_plain_one_does():
    venues, problems = load_venues(REPO / "papers" / "venues.yml")
    assert problems == []
    kdd = "Proceedings of the 27th ACM SIGKDD Conference on Knowledge Discovery {\\&} Data Mining"
    assert venue_of(kdd, venues) == venue_of(kdd.replace("{\\&}", "&"), venues) == "KDD"
    cikm = "Proceedings of the 31st ACM International Conference on Information \\& Knowledge Management"
    assert venue_of(cikm, venues) == "CIKM"


def test_all_problems_are_reported_in_one_run(tmp_path):
    bad = entry(year="20x", venue="Nowhere", tags="nope")
    root = write_tree(tmp_path, {"first-stage/dense.bib": bad, "surveys.bib": "@misc{broken,"})
    found = problems(root)
    assert len(found) >= 4
    assert any("year" in f for f in found) and any("venue" in f for f in found)
    assert any("tag" in f for f in found) and any(f.startswith("papers/surveys.bib:1") for f in found)


def test_check_command_exit_status_and_annotations(tmp_path, capsys, monkeypatch):
    root = write_tree(tmp_path, {"first-stage/dense.bib": entry(year="2020a")})
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert main(["--root", str(root), "check"]) == 1
    captured = capsys.readouterr()
    assert f"{DENSE}:4: karpukhin2020dense: year '2020a'" in captured.err
    assert "hint: write e.g. `year = {2021}`" in captured.err
    assert f"::error file={DENSE},line=4::karpukhin2020dense: year '2020a'" in captured.out


def test_check_command_passes_on_good_tree(tmp_path, capsys):
    root = write_tree(tmp_path, {})
    assert main(["--root", str(root), "check"]) == 0
    assert "papers/ is valid: 1 papers in 3 sections." in capsys.readouterr().out


def test_annotation_escapes_newlines_and_commas():
    from paperlist.model import Location

    problem = Problem(Location("papers/a,b.bib", 3), "bad\nvalue: 100%", "fix it")
    assert problem.annotation() == "::error file=papers/a%2Cb.bib,line=3::bad%0Avalue: 100%25. fix it"


def test_real_data_is_valid():
    from conftest import REPO

    catalog = load(REPO)
    assert len(catalog.papers) >= 116
    assert all(1 <= len(p.tags) <= 4 for p in catalog.papers)
