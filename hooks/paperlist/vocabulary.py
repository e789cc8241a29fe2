"""`papers/tags.yml` and `papers/venues.yml`: the controlled vocabularies."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from paperlist.model import Location
from paperlist.problems import Problem
from paperlist.taxonomy import SLUG
from paperlist.yamlfile import line_of, read_yaml


@dataclass(frozen=True)
class Tag:
    slug: str
    name: str
    description: str
    keywords: tuple[str, ...] = ()  # only for the Markdown importer's first guess


@dataclass(frozen=True)
class Venue:
    name: str  # the one spelling used in entries, e.g. "NeurIPS"
    full_name: str
    aliases: tuple[str, ...] = ()  # other spellings seen in the wild, for import and hints
    journal: bool = False
    matches: tuple[str, ...] = ()  # regular expressions that find the venue in a `booktitle` or `journal`


def venue_of(container: str, venues: tuple[Venue, ...]) -> str:
    """The short venue that a `booktitle` or `journal` names; the longest match wins ("" if none).

    e.g. "Findings of the Association for Computational Linguistics: EMNLP 2021" names EMNLP, though
    "Association for Computational Linguistics" alone would be ACL's."""
    text = " ".join(container.replace("\\&", "&").replace("{", "").replace("}", "").split())
    best, length = "", 0
    for venue in venues:
        if text.lower() in (venue.name.lower(), *(alias.lower() for alias in venue.aliases)):
            return venue.name  # `booktitle = {EMNLP}`, as Semantic Scholar exports it
        for pattern in venue.matches:
            found = re.search(pattern, text, re.IGNORECASE)
            if found and len(found.group(0)) > length:
                best, length = venue.name, len(found.group(0))
    return best


def load_tags(path: Path, shown_as: str = "papers/tags.yml") -> tuple[tuple[Tag, ...], list[Problem]]:
    items, problems = _read_list(path, shown_as, "tags")
    tags, seen = [], set()
    for item in items:
        line = line_of(item)
        slug = item.get("slug") if isinstance(item, dict) else None
        if not isinstance(slug, str) or not SLUG.match(slug):
            problems.append(
                Problem(Location(shown_as, line), f"invalid tag slug {slug!r}", "use e.g. `late-interaction`")
            )
            continue
        if slug in seen:
            problems.append(Problem(Location(shown_as, line), f"duplicate tag {slug!r}", "keep one definition"))
            continue
        seen.add(slug)
        name, description = item.get("name"), item.get("description")
        if not (isinstance(name, str) and isinstance(description, str) and name.strip() and description.strip()):
            problems.append(
                Problem(Location(shown_as, line), f"tag {slug!r} needs a name and a description", "add both")
            )
            continue
        keywords = item.get("keywords", [])
        keywords = tuple(str(k).lower() for k in keywords) if isinstance(keywords, list) else ()
        tags.append(Tag(slug, name.strip(), " ".join(description.split()), keywords))
    return tuple(tags), problems


def load_venues(path: Path, shown_as: str = "papers/venues.yml") -> tuple[tuple[Venue, ...], list[Problem]]:
    items, problems = _read_list(path, shown_as, "venues")
    venues, seen = [], set()
    for item in items:
        line = line_of(item)
        name = item.get("name") if isinstance(item, dict) else None
        full_name = item.get("full_name") if isinstance(item, dict) else None
        if not isinstance(name, str) or not isinstance(full_name, str):
            problems.append(Problem(Location(shown_as, line), "a venue needs `name` and `full_name`", "add both"))
            continue
        if name.lower() in seen:
            problems.append(Problem(Location(shown_as, line), f"duplicate venue {name!r}", "keep one definition"))
            continue
        seen.add(name.lower())
        aliases = item.get("aliases", [])
        aliases = tuple(str(a) for a in aliases) if isinstance(aliases, list) else ()
        matches = item.get("matches", [])
        matches = tuple(str(m) for m in matches) if isinstance(matches, list) else ()
        for pattern in matches:
            try:
                re.compile(pattern)
            except re.error as error:
                problems.append(
                    Problem(Location(shown_as, line), f"venue {name!r}: bad pattern {pattern!r}: {error}", "fix it")
                )
        venues.append(Venue(name, full_name, aliases, item.get("journal") is True, matches))
    return tuple(venues), problems


def _read_list(path: Path, shown_as: str, key: str) -> tuple[list, list[Problem]]:
    data, problems = read_yaml(path, shown_as)
    if problems:
        return [], problems
    if not isinstance(data, dict) or not isinstance(data.get(key), list):
        return [], [Problem(Location(shown_as, 1), f"expected a mapping with a `{key}:` list", "see CONTRIBUTING.md")]
    return data[key], []
