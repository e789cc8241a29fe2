"""The hostile site: every inert case of the corpus built into one real MkDocs site, once per session."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import build_site, copy_project, serve_directory
from hostile.hostile_corpus import INERT, combined_tree


@dataclass(frozen=True)
class HostileSite:
    root: Path  # the built site
    project: Path  # the sources it was built from
    pages: dict[str, str]  # case id -> site path of the page that shows it


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory) -> HostileSite:
    base = tmp_path_factory.mktemp("hostile")
    project = copy_project(base / "project")
    pages = combined_tree(project, [case for case in INERT if case.site])
    site = base / "site"
    result = build_site(project, site)
    assert result.returncode == 0, f"the inert corpus must build with --strict:\n{result.stderr[-3000:]}"
    return HostileSite(site, project, pages)


@pytest.fixture(scope="session")
def hostile_url(hostile_site):
    server, url = serve_directory(hostile_site.root)
    yield url
    server.shutdown()
