"""Writing the search index with Pagefind (PyPI `pagefind[bin]`: the binary is in the wheel).

Pagefind splits the index into chunks that a query fetches as it needs them, so the browser never
downloads the whole index. Each record becomes a small HTML file in a scratch folder, which Pagefind's
CLI indexes in one run (the Python API's `add_custom_record` answers one record every 0.1 s, 17 minutes
at 10,000 papers; its `add_directory` gives the same files as the CLI). A record's own address is its
`link` meta.
"""

from __future__ import annotations

import hashlib
import html
import importlib.metadata
import json
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from paperlist.search.records import SearchRecord

FOLDER = "pagefind"  # under the site's root
PAGEFIND_VERSION = importlib.metadata.version("pagefind")


@dataclass(frozen=True)
class IndexReport:
    records: int
    seconds: float
    files: int
    bytes: int


def write_search_index(records: list[SearchRecord], site_dir: Path, cache_dir: Path | None = None) -> IndexReport:
    """(Re)write `site_dir/pagefind/` from the records; raises RuntimeError when Pagefind fails.
    With `cache_dir`, the index of the same records is copied from there (a rebuild under `mkdocs serve`
    after an edit that changed no record)."""
    start = time.perf_counter()
    output = site_dir / FOLDER
    shutil.rmtree(output, ignore_errors=True)
    cached = cache_dir / f"search-{_fingerprint(records)}" if cache_dir else None
    if cached and cached.is_dir():
        shutil.copytree(cached, output)
    if not output.is_dir() or _indexed_pages(output) != len(records):  # not cached, or cached incomplete
        shutil.rmtree(output, ignore_errors=True)
        _write(records, output)
        _drop_unused(output)
        if cached:
            _keep(output, cached)
    files = [path for path in output.rglob("*") if path.is_file()]
    return IndexReport(len(records), time.perf_counter() - start, len(files), sum(p.stat().st_size for p in files))


def _write(records: list[SearchRecord], output: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="paperlist-search-") as scratch:
        for number, record in enumerate(records):
            (Path(scratch) / f"{number}.html").write_text(record_html(record), encoding="utf-8")
        # Pagefind's CLI, which exits when its files are written. (The Python API's service is stopped as soon
        # as it answers "written", and under load some files were then still empty or cut short.)
        command = [sys.executable, "-m", "pagefind", "--site", scratch, "--output-path", str(output.resolve())]
        command += ["--force-language", "en", "--silent"]
        result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"Pagefind could not write the search index: {(result.stderr or result.stdout).strip()}")
    indexed = _indexed_pages(output)
    if indexed != len(records):
        raise RuntimeError(f"Pagefind indexed {indexed} of {len(records)} search records")


def _keep(output: Path, cached: Path) -> None:
    """Copy the index into the cache whole or not at all: another build may be reading the cache."""
    for old in cached.parent.glob("search-*"):
        shutil.rmtree(old, ignore_errors=True)
    cached.parent.mkdir(parents=True, exist_ok=True)
    partial = Path(tempfile.mkdtemp(prefix="partial-search-", dir=cached.parent))
    shutil.copytree(output, partial, dirs_exist_ok=True)
    try:
        partial.rename(cached)
    except OSError:  # another build put the same index there first
        shutil.rmtree(partial, ignore_errors=True)


def _indexed_pages(output: Path) -> int:
    """The number of pages that the written index says it holds (0 when its entry file is unreadable)."""
    try:
        entry = json.loads((output / "pagefind-entry.json").read_text(encoding="utf-8"))
        return sum(int(language["page_count"]) for language in entry["languages"].values())
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return 0


def _drop_unused(output: Path) -> None:
    """Pagefind's own search interfaces: the site has its own (search.js), so they are not shipped."""
    for pattern in ("pagefind-ui.*", "pagefind-component-ui.*", "pagefind-modular-ui.*", "pagefind-highlight.js"):
        for path in output.glob(pattern):
            path.unlink()


def _fingerprint(records: list[SearchRecord]) -> str:
    digest = hashlib.blake2b(digest_size=16)
    for record in records:
        digest.update(record_html(record).encode())
    digest.update(PAGEFIND_VERSION.encode())
    return digest.hexdigest()


def record_html(record: SearchRecord) -> str:
    """What Pagefind reads of a record: its text as the body, its meta and its kind (for the filter)."""
    meta = {**record.meta, "link": record.url}
    tags = "".join(
        f'<meta data-pagefind-meta="{html.escape(name)}:{html.escape(value)}">' for name, value in meta.items()
    )
    title = html.escape(record.meta.get("title", ""))
    model = f"<h2>{html.escape(record.meta['model'])}</h2>" if record.meta.get("model") else ""
    # Pagefind weighs headings above paragraphs: a word of the title or the model name ranks first.
    # Only papers carry the filter: Pagefind writes a filter's values in no fixed order, and a build must
    # give the same bytes every time (pages are found with `not: {kind: paper}`).
    kind = ' data-pagefind-filter="kind:paper"' if record.kind == "paper" else ""
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title></head>'
        f"<body data-pagefind-body{kind}>{tags}"
        f"<h1>{title}</h1>{model}<p>{html.escape(record.content)}</p></body></html>"
    )
