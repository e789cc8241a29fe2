"""Reading what Pagefind indexed: each record is a fragment file, gzip of b"pagefind_dcd" + JSON."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

SIGNATURE = b"pagefind_dcd"


def fragments(site: Path) -> list[dict]:
    found = []
    for path in sorted((site / "pagefind" / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(SIGNATURE), path
        found.append(json.loads(data[len(SIGNATURE) :]))
    return found


def by_link(site: Path) -> dict[str, dict]:
    return {fragment["meta"]["link"]: fragment for fragment in fragments(site)}
