"""Write the facts the tests need of the seed list into `tests/data/seed-inventory.json`.

The seed (the awesome list the site grew from) is not part of the repository, so the tests check
`papers/` against this inventory instead: for every bullet that links a paper, its line, its
section heading, its links in order and which of them are code links; plus the list's counts.
It holds URLs and headings only, no prose. Run it again only if the seed itself changes:

    python tests/tools/seed_inventory.py path/to/awesome-list.md > tests/data/seed-inventory.json

The same tool wrote `tests/data/edition-inventory.json` from the list's last edition (README.md of
ict-bigdatalab/awesome-pretrained-models-for-information-retrieval at commit 89968eb, 2024-01-07).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

LINK = re.compile(r"\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\((https?://[^)\s]+)\)")
HEADING = re.compile(r"^(#{2,6})\s+(.+?)\s*$")


def inventory(text: str) -> dict:
    text = re.sub(r"<!--.*?-->", lambda m: "\n" * m.group(0).count("\n"), text, flags=re.S)  # keep line numbers
    bullets, heading = [], ""
    for number, line in _lines(text):
        if match := HEADING.match(line.strip()):
            heading = " ".join(match.group(2).replace("*", "").split())
        elif re.match(r"- \[.*\]\(http", line):
            links = [(label, url) for label, url in LINK.findall(line)]
            bullets.append(
                {
                    "line": number,
                    "heading": heading,
                    "links": [url for _, url in links],
                    "code": [url for label, url in links if label.strip().lower().endswith("code")],
                }
            )
    all_links = sorted({url for url in re.findall(r"\]\((https?://[^)\s]+)\)", text)})
    return {
        "about": "Facts of the seed list (URLs and headings only), written by tests/tools/seed_inventory.py.",
        "paper_bullets": len(bullets),
        "distinct_first_links": len({b["links"][0] for b in bullets}),
        "links": all_links,
        "bullets": bullets,
    }


def _lines(text: str):
    """Numbered lines, a bullet's continuation lines (a title broken over two lines) joined to it."""
    joined: list[tuple[int, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        continues = joined and joined[-1][1].startswith("- [") and line.strip() and not line.startswith(("-", "#", " "))
        if continues:
            joined[-1] = (joined[-1][0], joined[-1][1] + " " + line.strip())
        else:
            joined.append((number, line))
    return joined


if __name__ == "__main__":
    data = inventory(Path(sys.argv[1]).read_text(encoding="utf-8"))
    json.dump(data, sys.stdout, indent=1, ensure_ascii=False)
    sys.stdout.write("\n")
