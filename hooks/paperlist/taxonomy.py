"""`papers/taxonomy.yml`: the list's phases, groups and sections, in reading order."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from paperlist.model import Location, Section
from paperlist.problems import Problem
from paperlist.yamlfile import line_of, read_yaml

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Site paths the generator writes itself; a section may not take them.
RESERVED_SLUGS = frozenset(
    {"assets", "search", "tags", "explorer", "stats", "papers", "feed", "index", "about",
     "contributing", "performance", "javascripts", "stylesheets", "sitemap", "404"}
)  # fmt: skip
_NODE_KEYS = {"slug", "title", "label", "description", "sections"}


def load_taxonomy(
    path: Path, shown_as: str = "papers/taxonomy.yml", taken: dict[str, str] | None = None
) -> tuple[tuple[Section, ...], list[Problem]]:
    """`taken`: site paths of hand-written pages (see `page_paths`), which a section may not replace."""
    data, problems = read_yaml(path, shown_as)
    if problems:
        return (), problems
    if not isinstance(data, dict) or not isinstance(data.get("sections"), list):
        return (), [
            Problem(Location(shown_as, 1), "taxonomy must be a mapping with a `sections:` list", "see CONTRIBUTING.md")
        ]
    builder = _Builder(shown_as, taken or {})
    roots = tuple(builder.node(item, ()) for item in data["sections"])
    return tuple(root for root in roots if root), builder.problems


class _Builder:
    def __init__(self, shown_as: str, taken: dict[str, str]):
        self.shown_as = shown_as
        self.taken = taken
        self.problems: list[Problem] = []
        self.seen: dict[str, int] = {}

    def problem(self, line: int, message: str, hint: str) -> None:
        self.problems.append(Problem(Location(self.shown_as, line), message, hint))

    def node(self, item: Any, parent: tuple[str, ...]) -> Section | None:
        line = line_of(item)
        if not isinstance(item, dict):
            self.problem(line, "a section must be a mapping with slug, title and description", "see CONTRIBUTING.md")
            return None
        for key in sorted(set(item) - _NODE_KEYS - {"__line__"}):
            self.problem(line, f"unknown key {key!r} in a section", f"use only {', '.join(sorted(_NODE_KEYS))}")
        slug = item.get("slug")
        if not self._slug_ok(slug, line):
            return None
        title, description = item.get("title"), item.get("description")
        for name, value in (("title", title), ("description", description)):
            if not isinstance(value, str) or not value.strip():
                self.problem(line, f"section {slug!r} has no {name}", f"add `{name}:` with plain text")
        children_data = item.get("sections", [])
        if not isinstance(children_data, list):
            self.problem(line, f"`sections` of {slug!r} must be a list", "indent each child as `- slug: ...`")
            children_data = []
        path = (*parent, slug)
        if "/".join(path) + "/" in self.taken:
            source = self.taken["/".join(path) + "/"]
            self.problem(line, f"section {slug!r} would replace {source} on the site", "choose another slug")
            return None
        children = tuple(child for child in (self.node(c, path) for c in children_data) if child)
        return Section(
            slug=slug,
            title=" ".join(str(title or slug).split()),
            description=" ".join(str(description or "").split()),
            path=path,
            children=children,
            label=str(item.get("label", "")),
        )

    def _slug_ok(self, slug: Any, line: int) -> bool:
        if not isinstance(slug, str) or not SLUG.match(slug):
            self.problem(
                line,
                f"invalid slug {slug!r}",
                "use lowercase letters, digits and single hyphens, e.g. `hard-negatives` (no `/`, `.` or spaces)",
            )
            return False
        if slug in RESERVED_SLUGS:
            self.problem(line, f"slug {slug!r} is reserved for a generated page", "choose another slug")
            return False
        if slug in self.seen:
            self.problem(line, f"duplicate slug {slug!r} (first on line {self.seen[slug]})", "slugs must be unique")
            return False
        self.seen[slug] = line
        return True


def page_paths(docs: Path) -> dict[str, str]:
    """Site paths of what `docs/` holds (`curation-notes/` -> `docs/curation-notes.md`), as MkDocs lays them out."""
    taken: dict[str, str] = {}
    for file in sorted(docs.rglob("*")) if docs.is_dir() else ():
        rel = file.relative_to(docs).as_posix()
        if file.is_dir():
            taken.setdefault(rel + "/", f"docs/{rel}/")
        elif file.suffix == ".md":
            stem = rel.removesuffix(".md")
            url = stem.removesuffix("index") if stem == "index" or stem.endswith("/index") else stem + "/"
            taken.setdefault(url, f"docs/{rel}")
    return taken
