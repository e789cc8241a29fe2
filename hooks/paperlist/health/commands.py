"""`paperlist links | citations | published | health-summary`: the weekly checks, from the command line.

Each writes its file only when its check ran: a service that cannot be asked, or answers nonsense,
leaves the previous file as it was and says so.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from paperlist.catalog import load_catalog
from paperlist.health.citations import fetch_citations
from paperlist.health.linkcheck import check_links
from paperlist.health.published import find_published_versions, load_published, write_published
from paperlist.health.records import (
    CITATIONS_FILE,
    LINKS_FILE,
    PUBLISHED_FILE,
    load_citations,
    load_link_report,
    write_citations,
    write_link_report,
)
from paperlist.health.summary import links_line, pull_request_body
from paperlist.problems import DataError
from paperlist.scholarly.openalex import OpenAlexError

COMMANDS = ("links", "citations", "published", "health-summary")


def add_commands(commands: argparse._SubParsersAction) -> None:
    links = commands.add_parser("links", help="check every URL in papers/ (GitHub repositories through its API)")
    links.add_argument("--out", type=Path, default=Path(LINKS_FILE), help=f"the JSON report (default {LINKS_FILE})")
    links.add_argument("--workers", type=int, default=16, help="URLs checked at once (at most 2 per host)")
    cited = commands.add_parser("citations", help="fetch citation counts from OpenAlex (by DOI or arXiv id)")
    cited.add_argument("--out", type=Path, default=Path(CITATIONS_FILE), help=f"default {CITATIONS_FILE}")
    published = commands.add_parser("published", help="ask arXiv, OpenAlex and Crossref about published versions")
    published.add_argument("--out", type=Path, default=Path(PUBLISHED_FILE), help=f"default {PUBLISHED_FILE}")
    summary = commands.add_parser("health-summary", help="the pull request's text, from the files of the checks")
    summary.add_argument("--published", type=Path, default=Path(PUBLISHED_FILE), help=f"default {PUBLISHED_FILE}")


def run(root: Path, args: argparse.Namespace) -> int:
    try:
        catalog = load_catalog(root)
    except DataError as error:
        print(error.report(), file=sys.stderr)
        return 1
    out = root / args.out if args.command != "health-summary" else None  # an absolute --out stays as it is
    if args.command == "links":
        report = check_links(catalog, workers=max(1, args.workers))
        write_link_report(out, report)
        print(f"{links_line(report)} Report: {args.out}")
        return 0
    if args.command == "citations":
        try:
            citations = fetch_citations(catalog)
        except OpenAlexError as error:
            print(f"paperlist citations: {error}. {args.out} was not changed.", file=sys.stderr)
            return 1
        write_citations(out, citations)
        print(f"OpenAlex knows {len(citations.counts)} of {len(catalog.papers)} papers. Counts: {args.out}")
        return 0
    if args.command == "published":
        found = find_published_versions(catalog)
        write_published(out, found)
        for reason in found.unavailable:
            print(f"not asked: {reason}", file=sys.stderr)
        print(f"{len(found.proposals)} preprints may have a published version. Proposals: {args.out}")
        return 0
    return _summary(root, args.published, len(catalog.papers))


def _summary(root: Path, published_path: Path, papers: int) -> int:
    try:
        links, citations = load_link_report(root), load_citations(root)
    except DataError as error:
        print(error.report(), file=sys.stderr)
        return 1
    try:
        published = load_published(root / published_path)
    except ValueError as error:
        print(f"paperlist health-summary: {error}", file=sys.stderr)
        return 1
    sys.stdout.write(pull_request_body(links, published, citations, papers))
    return 0
