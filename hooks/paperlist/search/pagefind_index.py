"""Writing the search index with Pagefind (PyPI `pagefind[bin]`: the binary is in the wheel).

Pagefind splits the index into chunks that a query fetches as it needs them, so the browser never
downloads the whole index. Each record becomes a small HTML file that Pagefind indexes in one request
(`add_directory`): the Python API's `add_custom_record` answers one record every 0.1 s (its service
client polls at that interval), 17 minutes at 10,000 papers. A record's own address is its `link` meta.
"""

from __future__ import annotations

import asyncio
import hashlib
import html
import importlib.metadata
import shutil
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
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
    else:
        _write(records, output)
        _drop_unused(output)
        if cached:
            for old in cache_dir.glob("search-*"):
                shutil.rmtree(old, ignore_errors=True)
            shutil.copytree(output, cached)
    files = [path for path in output.rglob("*") if path.is_file()]
    return IndexReport(len(records), time.perf_counter() - start, len(files), sum(p.stat().st_size for p in files))


def _write(records: list[SearchRecord], output: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="paperlist-search-") as scratch:
        for number, record in enumerate(records):
            (Path(scratch) / f"{number}.html").write_text(record_html(record), encoding="utf-8")
        try:
            # in a thread of its own: the caller may already run an event loop (Playwright's, in tests)
            with ThreadPoolExecutor(max_workers=1) as thread:
                indexed = thread.submit(asyncio.run, _index(Path(scratch), output)).result()
        except Exception as error:  # the service reports its failures as assorted exceptions
            raise RuntimeError(f"Pagefind could not write the search index: {error}") from error
    if indexed != len(records):
        raise RuntimeError(f"Pagefind indexed {indexed} of {len(records)} search records")


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


async def _index(records_dir: Path, output: Path) -> int:
    from pagefind.index import PagefindIndex  # imported here: only a build that writes the index needs it

    config = {"output_path": str(output), "force_language": "en"}
    async with PagefindIndex(config=config) as index:
        result = await index.add_directory(str(records_dir))
    return int(result.get("page_count", 0))
