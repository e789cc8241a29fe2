"""Safe YAML reading that keeps line numbers and refuses duplicate keys."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from paperlist.model import Location
from paperlist.problems import Problem

LINE_KEY = "__line__"


class _LineLoader(yaml.SafeLoader):
    """SafeLoader whose mappings remember their 1-based line and reject repeated keys."""

    def compose_node(self, parent, index):
        # Aliases could expand a few lines into gigabytes ("billion laughs"); the data needs none.
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            raise yaml.composer.ComposerError(None, None, "aliases (*name) are not supported", mark)
        return super().compose_node(parent, index)


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    seen: dict[Any, int] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r} (first on line {seen[key]})", key_node.start_mark
            )
        seen[key] = key_node.start_mark.line + 1
    mapping = loader.construct_mapping(node, deep=True)
    mapping[LINE_KEY] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def read_yaml(path: Path, shown_as: str) -> tuple[Any, list[Problem]]:
    """Parse `path` with safe constructors only; problems carry `shown_as:line`."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return None, [Problem(Location(shown_as, 1), "file is missing", "restore it from the repository")]
    except UnicodeDecodeError as error:
        line = path.read_bytes()[: error.start].count(b"\n") + 1
        return None, [Problem(Location(shown_as, line), "file is not valid UTF-8", "save the file as UTF-8")]
    try:
        return yaml.load(text, Loader=_LineLoader), []
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        line = mark.line + 1 if mark else 1
        reason = getattr(error, "problem", None) or str(error)
        return None, [
            Problem(
                Location(shown_as, line),
                f"invalid YAML: {reason}",
                "check indentation and quoting; only plain YAML is accepted (no !!python tags)",
            )
        ]


def line_of(mapping: Any, default: int = 1) -> int:
    return mapping.get(LINE_KEY, default) if isinstance(mapping, dict) else default
