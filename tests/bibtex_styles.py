"""Run Debian's BibTeX over a .bib text in the six classic styles: its warnings and formatted references."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

STYLES = ("plain", "abbrv", "alpha", "unsrt", "acm", "ieeetr")


@dataclass(frozen=True)
class BibtexRun:
    style: str
    warnings: list[str]
    references: dict[str, str]  # key -> the formatted reference, as one line of LaTeX


def bibtex_binary() -> str:
    found = shutil.which("bibtex")
    assert found, "Debian's BibTeX is needed: `make test` installs texlive-binaries and texlive-base"
    return found


def run_bibtex(bib_text: str, workdir: Path, style: str) -> BibtexRun:
    """BibTeX on an .aux that cites every entry (`\\citation{*}`), as a LaTeX document would."""
    workdir.mkdir(parents=True, exist_ok=True)
    (workdir / "refs.bib").write_text(bib_text, encoding="utf-8")
    (workdir / "doc.aux").write_text(f"\\relax\n\\citation{{*}}\n\\bibstyle{{{style}}}\n\\bibdata{{refs}}\n")
    result = subprocess.run(
        [bibtex_binary(), "doc"], cwd=workdir, capture_output=True, text=True, timeout=120, encoding="latin-1"
    )
    output = result.stdout + result.stderr
    warnings = [line for line in output.splitlines() if "Warning--" in line or "error" in line.lower()]
    assert result.returncode in (0, 1), f"bibtex failed ({result.returncode}) with {style}:\n{output}"
    bbl = (workdir / "doc.bbl").read_text(encoding="utf-8", errors="replace")
    return BibtexRun(style, warnings, _references(bbl))


def _references(bbl: str) -> dict[str, str]:
    items = re.split(r"\\bibitem", bbl)[1:]
    references = {}
    for item in items:
        key = re.match(r"(?:\[[^\]]*\])?\{([^}]*)\}", item.strip())
        text = " ".join(item.split("\\end{thebibliography}")[0].split())
        references[key.group(1) if key else ""] = text
    return references
