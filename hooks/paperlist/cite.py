""" "Cite as": a paper's reference in one well-known style, rendered by citeproc-py from its CSL-JSON item.

citeproc-py takes about 4 ms a reference, 40 s for 10,000 papers. So the references of a build are
rendered before its pages (`prepare`): taken from a cache on disk when their item, the style and
citeproc-py's version are unchanged, the others rendered in one worker process per core when they
are many. A reference from the cache is the text citeproc-py rendered for the same item.
"""

from __future__ import annotations

import functools
import hashlib
import json
import multiprocessing
import os
import site
from concurrent.futures import ProcessPoolExecutor
from importlib.metadata import version
from importlib.util import find_spec
from pathlib import Path

from paperlist.model import Paper
from paperlist.references import csl_item

# Cite Them Right Harvard, the style citeproc-py ships: one well-known style, rendered by a CSL processor.
CITE_STYLE = Path(find_spec("citeproc").origin).parent / "data" / "styles" / "harvard-cite-them-right.csl"
CITE_STYLE_NAME = "Harvard (Cite Them Right)"
CACHE_FILE = "references.json"
PARALLEL_FROM = 400  # starting workers (about 0.5 s each) pays from about this many references

_rendered: dict[str, str] = {}  # item JSON -> reference; `mkdocs serve` keeps it between rebuilds
_style = None


def cite_as(paper: Paper) -> str:
    """The paper's reference as plain text."""
    item = _item_json(paper)
    if item not in _rendered:
        _rendered[item] = _render(item)
    return _rendered[item]


def prepare(papers: tuple[Paper, ...] | list[Paper], cache_dir: Path | None = None) -> None:
    """Have every paper's reference ready: kept from the last build, from `cache_dir`, or rendered now."""
    global _rendered
    items = {_item_json(paper) for paper in papers}
    ready = {item: _rendered[item] for item in items if item in _rendered}
    cache = _read_cache(cache_dir) if cache_dir else {}
    ready |= {item: cache[_digest(item)] for item in items - ready.keys() if _digest(item) in cache}
    missing = sorted(items - ready.keys())
    ready |= dict(zip(missing, _render_all(missing), strict=True))
    _rendered = ready  # only this build's: memory stays bounded over a long `mkdocs serve`
    if cache_dir and (missing or len(cache) != len(ready)):
        _write_cache(cache_dir, {_digest(item): text for item, text in ready.items()})


@functools.lru_cache(maxsize=65_536)  # a card, papers.json and `prepare` all ask for it
def _item_json(paper: Paper) -> str:
    return json.dumps(csl_item(paper), sort_keys=True, ensure_ascii=False)


def _render(item_json: str) -> str:
    global _style
    # citeproc is imported when a reference is first needed (0.17 s): `paperlist check` never loads it.
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON

    if _style is None:
        _style = CitationStylesStyle(str(CITE_STYLE), validate=False)
    item = json.loads(item_json)
    bibliography = CitationStylesBibliography(_style, CiteProcJSON([item]), formatter.plain)
    bibliography.register(Citation([CitationItem(item["id"])]))
    return " ".join(str(bibliography.bibliography()[0]).split())


def _render_chunk(items: list[str]) -> list[str]:
    return [_render(item) for item in items]


def _render_all(items: list[str]) -> list[str]:
    workers = min(os.cpu_count() or 1, 8)
    if len(items) < PARALLEL_FROM or workers < 2:
        return _render_chunk(items)
    size = -(-len(items) // (workers * 4))
    chunks = [items[start : start + size] for start in range(0, len(items), size)]
    # spawn, not fork: `mkdocs serve` runs threads. A spawned worker finds `paperlist` where this process did.
    context = multiprocessing.get_context("spawn")
    package_root = str(Path(__file__).resolve().parents[1])
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=site.addsitedir, initargs=(package_root,))
    with pool:
        return [text for chunk in pool.map(_render_chunk, chunks) for text in chunk]


def _digest(item_json: str) -> str:
    return hashlib.blake2b(item_json.encode(), digest_size=16).hexdigest()


def _fingerprint() -> str:
    """What else a reference depends on: the style's text and the processor's version."""
    return hashlib.blake2b(CITE_STYLE.read_bytes() + version("citeproc-py").encode(), digest_size=16).hexdigest()


def _read_cache(cache_dir: Path) -> dict[str, str]:
    try:
        data = json.loads((cache_dir / CACHE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # no cache yet, or a damaged one: render again
    if not isinstance(data, dict) or data.get("fingerprint") != _fingerprint():
        return {}
    references = data.get("references")
    return references if isinstance(references, dict) else {}


def _write_cache(cache_dir: Path, references: dict[str, str]) -> None:
    data = {"fingerprint": _fingerprint(), "references": references}
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        temporary = cache_dir / f"{CACHE_FILE}.{os.getpid()}.tmp"
        temporary.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True), encoding="utf-8")
        os.replace(temporary, cache_dir / CACHE_FILE)  # a build never reads half a file
    except OSError:
        pass  # a read-only checkout builds the same site, only slower
