"""The whole site's search index, from the catalog and the built pages: the step every generator runs
after its build (the MkDocs hook in on_post_build, `paperlist search-index` after Zensical)."""

from __future__ import annotations

from pathlib import Path

import yaml

from paperlist.catalog import Catalog
from paperlist.paging import Paging
from paperlist.search.pagefind_index import IndexReport, write_search_index
from paperlist.search.records import SearchRecord, page_record, paper_records, section_records


def index_site(catalog: Catalog, pages: Paging, root: Path, site_dir: Path, cache_dir: Path | None) -> IndexReport:
    return write_search_index(site_records(catalog, pages, root, site_dir), site_dir, cache_dir)


def site_records(catalog: Catalog, pages: Paging, root: Path, site_dir: Path) -> list[SearchRecord]:
    """Papers, then sections, then the pages people wrote (read from the built site)."""
    records = paper_records(catalog, pages) + section_records(catalog)
    for url in hand_written_urls(root / "docs"):
        built = site_dir / url / "index.html"
        record = page_record(url, built.read_text(encoding="utf-8")) if built.is_file() else None
        if record:
            records.append(record)
    return records


def hand_written_urls(docs: Path) -> list[str]:
    """The directory URL of every Markdown page under docs/ ("" for the home page, "contributing/"...),
    but those whose front matter says `search: {exclude: true}` (the explorer: a tool, not a text)."""
    urls = []
    for source in sorted(docs.rglob("*.md")):
        parts = source.relative_to(docs).with_suffix("").parts
        if parts[0] == "assets" or _excluded(source):
            continue
        parts = parts[:-1] if parts[-1] == "index" else parts
        urls.append("".join(f"{part}/" for part in parts))
    return urls


def _excluded(source: Path) -> bool:
    text = source.read_text(encoding="utf-8")
    if not text.startswith("---\n") or "\n---" not in text[4:]:
        return False
    meta = yaml.safe_load(text[4 : text.index("\n---", 4)]) or {}
    search = meta.get("search") if isinstance(meta, dict) else None
    return isinstance(search, dict) and search.get("exclude") is True
