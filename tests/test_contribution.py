"""A contributor's pull request, simulated on a copy of the project: one entry appended to a section."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from conftest import REPO, build_site, copy_project

SECTION_FILE = "papers/first-stage/dense/late-interaction.bib"
# ColBERTv2 as the ACL Anthology exports it (tests/data/pasted/acl-anthology.bib), with the `tags` a
# contributor adds: CONTRIBUTING's "add a paper" in one step.
GOOD = (
    "\n"
    + (REPO / "tests" / "data" / "pasted" / "acl-anthology.bib").read_text(encoding="utf-8").rstrip().removesuffix("}")
    + "tags = {late-interaction, distillation}\n}\n"
)
BAD_TAG_LINE = 10  # `tags` is the 10th line of the entry below
BAD = """@inproceedings{broken2022entry,
  title = {A Paper With a Typo in Its Tags},
  author = {Ada Lovelace},
  year = {2022},
  venue = {SIGIR},
  url = {https://example.org/paper.pdf},
  code = {https://github.com/example/code},
  model = {Broken},
  keyidea = {nothing},
  tags = {late-interacton},
  added = {2026-12-01}
}
"""


def paperlist(project: Path, *args: str, github: bool = False) -> subprocess.CompletedProcess:
    hooks = str(Path(__file__).resolve().parent.parent / "hooks")
    env = {**os.environ, "PYTHONPATH": hooks, "GITHUB_ACTIONS": "true" if github else ""}
    command = [sys.executable, "-m", "paperlist", "--root", str(project), *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)


def test_a_good_entry_passes_and_appears_on_its_section_page(tmp_path):
    project = copy_project(tmp_path / "project")
    listed = project / SECTION_FILE  # the list has ColBERTv2 already: the contributor's copy does not
    blocks = re.split(r"\n(?=@)", listed.read_text(encoding="utf-8"))
    listed.write_text("\n".join(b for b in blocks if "{santhanam2022colbertv2," not in b), encoding="utf-8")
    with (project / SECTION_FILE).open("a", encoding="utf-8") as bib:
        bib.write(GOOD)
    assert paperlist(project, "fmt").returncode == 0  # drops bookkeeping, sets `added`, canonical layout
    check = paperlist(project, "check")
    assert check.returncode == 0, check.stderr
    built = build_site(project, tmp_path / "site")
    assert built.returncode == 0, built.stderr
    page = (tmp_path / "site" / "first-stage" / "dense" / "late-interaction" / "index.html").read_text()
    assert 'id="santhanam-etal-2022-colbertv2"' in page
    assert "Effective and Efficient Retrieval via Lightweight Late Interaction" in page


def test_a_bad_entry_fails_with_an_annotation_on_its_line(tmp_path):
    project = copy_project(tmp_path / "project")
    path = project / SECTION_FILE
    text = path.read_text(encoding="utf-8")
    if not text.endswith("\n\n"):
        text += "\n" if text.endswith("\n") else "\n\n"
    first_line = text.count("\n") + 1
    path.write_text(text + BAD, encoding="utf-8")
    assert path.read_text().splitlines()[first_line + BAD_TAG_LINE - 2].strip().startswith("tags")

    result = paperlist(project, "check", github=True)
    assert result.returncode == 1
    line = first_line + BAD_TAG_LINE - 1
    assert f"::error file={SECTION_FILE},line={line}::broken2022entry: unknown tag 'late-interacton'" in result.stdout
    assert "did you mean `late-interaction`?" in result.stdout
    assert f"{SECTION_FILE}:{line}: broken2022entry: unknown tag" in result.stderr

    plain = paperlist(project, "check")
    assert plain.returncode == 1 and "::error" not in plain.stdout
