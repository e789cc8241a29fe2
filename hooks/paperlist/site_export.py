"""The whole site as a static project: every generated page and file written into a copy of docs/, the
taxonomy into `nav:`, the home page's numbers and lists into `extra:`, and no hook. A generator that runs
no MkDocs hooks (Zensical) builds the same site from it; `paperlist search-index` then adds the search.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import yaml

from paperlist.site import build_site

HOOK = "hooks/mkdocs_site.py"
NAV_PLACEHOLDER = "<taxonomy>"  # the item of `nav:` that the taxonomy replaces (as in hooks/mkdocs_site.py)
COPIED = ("docs", "overrides")


class _ConfigLoader(yaml.SafeLoader):
    """mkdocs.yml's YAML: safe, plus MkDocs' `!ENV [NAME, default]` (read here, not left for later)."""


def _env(loader: _ConfigLoader, node: yaml.Node):
    names = loader.construct_sequence(node) if isinstance(node, yaml.SequenceNode) else [loader.construct_scalar(node)]
    *variables, default = names if len(names) > 1 else [*names, None]
    return next((os.environ[name] for name in variables if name in os.environ), default)


_ConfigLoader.add_constructor("!ENV", _env)


def export_project(root: Path, out: Path) -> dict:
    """Write the static project into `out` (emptied first); returns what was written."""
    config = yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ConfigLoader)
    build = build_site(root, config.get("site_url") or "", config["site_name"])
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    for name in COPIED:
        shutil.copytree(root / name, out / name, ignore=shutil.ignore_patterns("__pycache__"))
    docs = out / config.get("docs_dir", "docs")
    for page in build.pages:
        _write(docs / page.path, page.markdown)
    for path, content in build.files.items():
        _write(docs / path, content)
    nav = []
    for item in config.get("nav") or []:
        nav += build.nav if item == NAV_PLACEHOLDER else [item]
    config["nav"] = nav
    config["hooks"] = [hook for hook in config.get("hooks") or [] if hook != HOOK]
    config["extra"] = {
        **(config.get("extra") or {}),
        "papers": build.numbers,
        "overview_html": build.renderer.overview("index.md"),
        "recent_papers_html": build.renderer.recent_list(10, "index.md"),
    }
    config.pop("watch", None)
    text = yaml.safe_dump(config, sort_keys=False, allow_unicode=True, width=1000)
    (out / "mkdocs.yml").write_text(text, encoding="utf-8")
    return {"pages": len(build.pages), "files": len(build.files)}


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
