"""Page weight of a built site: exact byte counts (a build is deterministic, so one measurement)."""

from __future__ import annotations

import gzip
from pathlib import Path

from benchmark.common import tree_size


def gz(data: bytes) -> int:
    """Size once gzip-compressed (level 6, what static hosts typically serve)."""
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def _folder(path: Path) -> dict:
    """A folder's files: their count and bytes."""
    files = [p for p in path.rglob("*") if p.is_file()]
    return {"files": len(files), "bytes": sum(p.stat().st_size for p in files)}


def _files(paths: list[Path]) -> dict:
    """Files' count and bytes."""
    return {"files": len(paths), "bytes": sum(path.stat().st_size for path in paths)}


def _file(path: Path) -> dict:
    if not path.exists():
        return {"bytes": None, "gzip": None}
    data = path.read_bytes()
    return {"bytes": len(data), "gzip": gz(data)}


def site_weight(site: Path, project: Path, section_urls: list[str], tag_urls: list[str]) -> dict:
    total, files = tree_size(site)
    sections = [
        (url, (site / url / "index.html").stat().st_size)
        for url in section_urls
        if (site / url / "index.html").exists()
    ]
    largest_section = max(sections, key=lambda item: item[1])
    tags = [
        (url, (site / url / "index.html").stat().st_size) for url in tag_urls if (site / url / "index.html").exists()
    ]
    largest_tag = max(tags, key=lambda item: item[1]) if tags else (None, 0)
    html_pages = [(path.stat().st_size, path.relative_to(site).as_posix()) for path in site.rglob("*.html")]
    html_total = sum(size for size, _ in html_pages)
    largest_html = max(html_pages)
    assets = {}
    for path in sorted((project / "docs" / "assets").rglob("*")):
        if path.is_file() and path.suffix in (".js", ".css"):
            assets[path.relative_to(project / "docs").as_posix()] = _file(path)
    return {
        "site_bytes": total,
        "site_files": files,
        "html_bytes": html_total,
        "largest_html": {"path": largest_html[1], "bytes": largest_html[0]},
        "html_over_2mb": sorted(path for size, path in html_pages if size > 2_000_000),
        "largest_section": {"url": largest_section[0], **_file(site / largest_section[0] / "index.html")},
        "largest_tag_page": {"url": largest_tag[0], **(_file(site / largest_tag[0] / "index.html") if tags else {})},
        "home": _file(site / "index.html"),
        "explorer": _file(site / "explorer" / "index.html"),
        "search_index": _folder(site / "pagefind"),
        "papers_json": _file(site / "papers.json"),
        "explorer_index": _file(site / "explorer" / "index.json"),
        "explorer_parts": _files(sorted((site / "explorer").glob("papers-*.json"))),
        "project_js_css": assets,
        "project_js_bytes": sum(a["bytes"] for name, a in assets.items() if name.endswith(".js")),
        "project_js_gzip": sum(a["gzip"] for name, a in assets.items() if name.endswith(".js")),
        "project_css_bytes": sum(a["bytes"] for name, a in assets.items() if name.endswith(".css")),
        "project_css_gzip": sum(a["gzip"] for name, a in assets.items() if name.endswith(".css")),
    }
