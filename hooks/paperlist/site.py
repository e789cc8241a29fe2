"""Everything the site generator adds to a build, as plain data: pages, files, navigation.

`build_site` is the whole pipeline (load -> validate -> model -> render); a site generator
only has to write these pages and files and use the navigation.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

from paperlist import cite
from paperlist.catalog import Catalog, load_catalog
from paperlist.exports import atom_feed, bibtex_export, csl_json_export, json_export, ris_export
from paperlist.health.records import load_health
from paperlist.model import Section
from paperlist.paging import paging
from paperlist.render import GeneratedPage, Renderer
from paperlist.search.explorer_data import explorer_files
from paperlist.stats import summary


@dataclass(frozen=True)
class SiteBuild:
    catalog: Catalog
    renderer: Renderer
    pages: tuple[GeneratedPage, ...]
    files: dict[str, str]  # site path -> text content (exports)
    nav: list  # MkDocs-style navigation of the generated pages
    numbers: dict


def build_site(root: Path, site_url: str, site_name: str, cache_dir: Path | None = None) -> SiteBuild:
    """Raises `paperlist.problems.DataError` when the data has problems. `cache_dir` keeps rendered
    references between builds (see `paperlist.cite`)."""
    catalog = load_catalog(root)
    health = load_health(root)
    cite.prepare(catalog.papers, cache_dir)
    pages = paging(catalog)
    renderer = Renderer(catalog, root / "overrides" / "paperlist", pages, health)
    files = {
        "papers.bib": bibtex_export(catalog.papers),
        "papers.ris": ris_export(catalog.papers),
        "papers.csl.json": csl_json_export(catalog.papers),
        "papers.json": json_export(catalog, pages, health),
        "feed.xml": atom_feed(catalog, pages, site_url or "/", site_name),
        **explorer_files(catalog, pages, health),
    }
    for leaf in catalog.leaves():
        papers = catalog.papers_in(leaf.slug)
        files[f"{leaf.url_path}{leaf.slug}.bib"] = bibtex_export(papers)
        files[f"{leaf.url_path}{leaf.slug}.ris"] = ris_export(papers)
        files[f"{leaf.url_path}{leaf.slug}.csl.json"] = csl_json_export(papers)
    return SiteBuild(
        catalog=catalog,
        renderer=renderer,
        pages=tuple(renderer.pages()),
        files=files,
        nav=[_nav_node(node) for node in catalog.sections],
        numbers=summary(catalog),
    )


def _nav_node(node: Section):
    title = f"{node.label}: {node.title}" if node.label else node.title
    title = html.escape(title)  # the theme writes navigation titles into pages without escaping
    page = node.url_path + "index.md"
    if node.is_leaf:
        return {title: page}
    return {title: [page, *(_nav_node(child) for child in node.children)]}
