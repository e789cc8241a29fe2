"""MkDocs hooks: a thin adapter from `paperlist` (which knows nothing of MkDocs) to the build.

- on_config: load and validate papers/ once per build; fail with path:line messages;
  put the taxonomy into the navigation and the headline numbers into `extra` for macros.
- on_files: add the generated pages (their front matter only) and the exports (papers.bib, papers.json, ...).
- on_page_content: put each generated page's finished HTML body in, past Python-Markdown, which at
  10,000 papers spent longer re-reading the cards than the rest of the build together.
- on_post_build: write the search index (Pagefind) from the papers and the built hand-written pages
  (under `mkdocs serve`, in a thread, so that the browser reloads without waiting for it).
- on_pre_page: date every page by the data, not by the day of the build (reproducible sitemap).
- on_page_context: point each generated page's edit button at the file to edit.
"""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from paperlist.problems import DataError
from paperlist.search.site_index import index_site
from paperlist.site import SiteBuild, build_site

log = logging.getLogger("mkdocs.hooks.paperlist")
CACHE_DIR = ".cache/paperlist"  # rendered references kept between builds, like Material's .cache/
NAV_PLACEHOLDER = "<taxonomy>"  # the item of `nav:` in mkdocs.yml that the taxonomy replaces

_build: SiteBuild | None = None
_serving = False  # `mkdocs serve` (on_startup): the search index is written after the reload
_generation = 0  # builds under `mkdocs serve`; only the newest one's index is written
_index_lock = threading.Lock()
_edit_paths: dict[str, str] = {}  # generated page -> repository file its edit button opens
_bodies: dict[str, str] = {}  # generated page -> its HTML body
_data_date: str | None = None  # the newest paper's `added` date, YYYY-MM-DD


@event_priority(100)  # before mkdocs-macros reads `extra`
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _build, _edit_paths, _bodies, _data_date
    root = Path(config.config_file_path).parent
    try:
        _build = build_site(root, config.site_url or "", config.site_name, cache_dir=root / CACHE_DIR)
    except DataError as error:
        raise PluginError("the paper data has problems:\n" + error.report()) from None
    _edit_paths = {page.path: page.edit_path for page in _build.pages}
    _bodies = {page.path: page.html for page in _build.pages}
    newest = _build.catalog.newest_date()
    _data_date = newest.isoformat() if newest else None
    config.nav = _insert_taxonomy(config.nav, _build.nav)
    config.extra["papers"] = _build.numbers
    config.extra["overview_html"] = _build.renderer.overview("index.md")
    config.extra["recent_papers_html"] = _build.renderer.recent_list(10, "index.md")
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    for page in _build.pages:
        inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
        files.append(File.generated(config, page.path, content=page.front_matter, inclusion=inclusion))
    for path, content in _build.files.items():
        files.append(File.generated(config, path, content=content))
    return files


def on_pre_page(page: Page, config: MkDocsConfig, files: Files) -> Page:
    # MkDocs dates every page by the day of the build: the sitemap's <lastmod> and the mtime inside
    # sitemap.xml.gz changed daily, so the same sources built on two days differed. The newest paper's date
    # changes when the list does. SOURCE_DATE_EPOCH, the reproducible-builds standard, still wins when set.
    if _data_date and "SOURCE_DATE_EPOCH" not in os.environ:
        page.update_date = _data_date
    return page


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    return _bodies.get(page.file.src_uri, html)


def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav) -> dict:
    if page.file.src_uri in _edit_paths:
        edit_path = _edit_paths[page.file.src_uri]
        page.edit_url = (
            f"{config.repo_url.rstrip('/')}/edit/main/{edit_path}" if edit_path and config.repo_url else None
        )
    return context


def on_startup(command: str, dirty: bool) -> None:
    global _serving
    _serving = command == "serve"


def on_post_build(config: MkDocsConfig) -> None:
    root = Path(config.config_file_path).parent
    job = (_build.catalog, _build.renderer.paging, root, Path(config.site_dir), root / CACHE_DIR)
    if not _serving:
        try:
            _log_index(index_site(*job))
        except RuntimeError as error:
            raise PluginError(str(error)) from None
        return
    # Under `mkdocs serve` the browser reloads without waiting for the index (seconds at 10,000 papers):
    # search catches up a moment later. Only the newest build's index is written, one at a time.
    global _generation
    _generation += 1
    threading.Thread(target=_index_in_background, args=(_generation, job), daemon=True).start()


def _index_in_background(generation: int, job: tuple) -> None:
    with _index_lock:
        if generation != _generation:
            return  # a newer build has its own index to write
        try:
            _log_index(index_site(*job))
        except RuntimeError as error:
            log.error(str(error))


def _log_index(report) -> None:
    log.info(f"Search index: {report.records} records in {report.seconds:.2f} s ({report.bytes / 1e6:.1f} MB)")


def _insert_taxonomy(nav: list | None, taxonomy_nav: list) -> list:
    nav = list(nav or [])
    if NAV_PLACEHOLDER not in nav:
        return nav + taxonomy_nav
    index = nav.index(NAV_PLACEHOLDER)
    return nav[:index] + taxonomy_nav + nav[index + 1 :]
