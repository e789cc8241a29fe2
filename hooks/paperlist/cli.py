"""Command line: `python -m paperlist check|fmt|import|readme|add|export|search-index|links|...`."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

import yaml

from paperlist import add, pasted, readme, site_export
from paperlist.bibfile import RawEntry, read_bib_file
from paperlist.bibformat import format_entries, format_file
from paperlist.catalog import load_catalog
from paperlist.health import commands as health_commands
from paperlist.importer import ImportConflict, ImportedSection, TagRule, import_markdown, taxonomy_data
from paperlist.merge import Match, merge_with_catalog
from paperlist.model import Location
from paperlist.paging import paging
from paperlist.problems import DataError, Problem, running_in_github_actions
from paperlist.scholarly.metadata import FetchError
from paperlist.search.site_index import index_site
from paperlist.vocabulary import load_tags, load_venues


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="paperlist", description=__doc__)
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="repository root (holds papers/)")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check", help="validate papers/ and report every problem as path:line")
    fmt = commands.add_parser("fmt", help="rewrite .bib files in the canonical layout")
    fmt.add_argument("--check", action="store_true", help="only report files that are not formatted")
    fmt.add_argument("files", nargs="*", type=Path, help="files to format (default: all under papers/)")
    imp = commands.add_parser("import", help="import an awesome list in Markdown into papers/")
    imp.add_argument("markdown", type=Path)
    imp.add_argument("--out", type=Path, required=True, help="directory to write taxonomy.yml and .bib files into")
    imp.add_argument("--added", required=True, help="the `added` date of every imported entry (YYYY-MM-DD)")
    imp.add_argument(
        "--merge",
        action="store_true",
        help="match bullets to the papers already in papers/ (arXiv id, DOI, link, title) and write only the new ones",
    )
    regen = commands.add_parser("readme", help="regenerate the generated parts of README.md and CONTRIBUTING.md")
    regen.add_argument("--check", action="store_true", help="only report files whose generated parts are stale")
    adder = commands.add_parser("add", help="add a paper from its arXiv id or DOI (metadata from arXiv or Crossref)")
    adder.add_argument("identifier", help="arXiv id (2004.04906) or DOI (10.1145/3397271.3401075)")
    adder.add_argument("--section", required=True, help="slug of the section whose .bib file gets the entry")
    adder.add_argument("--tags", help="1 to 4 tags from papers/tags.yml, comma-separated (required)")
    adder.add_argument("--added", help="date the entry joins the list, YYYY-MM-DD (default: today)")
    adder.add_argument("--model", default="", help="short name of the model or method")
    adder.add_argument("--keyidea", default="", help="the key idea in a few words")
    export = commands.add_parser("export", help="write the site as a static project, for a generator without hooks")
    export.add_argument("--out", type=Path, required=True, help="the project folder to (re)write")
    index = commands.add_parser("search-index", help="write the search index (Pagefind) into a built site")
    index.add_argument("--site", type=Path, required=True, help="the built site's folder")
    health_commands.add_commands(commands)
    args = parser.parse_args(argv)
    root = args.root.resolve()
    if args.command in health_commands.COMMANDS:
        return health_commands.run(root, args)
    if args.command == "check":
        return run_check(root)
    if args.command == "fmt":
        return run_fmt(root, args.files, check_only=args.check)
    if args.command == "readme":
        return run_readme(root, check_only=args.check)
    if args.command == "add":
        return run_add(root, args)
    if args.command in ("export", "search-index"):
        return run_static(root, args)
    return run_import(root, args.markdown, args.out, args.added, merge=args.merge)


def report(problems: list[Problem]) -> None:
    for problem in problems:
        print(problem, file=sys.stderr)
        if running_in_github_actions():
            print(problem.annotation())


def run_check(root: Path) -> int:
    try:
        catalog = load_catalog(root)
    except DataError as error:
        report(error.problems)
        print(error.report().splitlines()[-1], file=sys.stderr)
        return 1
    print(f"papers/ is valid: {len(catalog.papers)} papers in {len(catalog.leaves())} sections.")
    return 0


def run_fmt(root: Path, files: list[Path], *, check_only: bool) -> int:
    papers = root / "papers"
    targets = [f.resolve() for f in files] or sorted(papers.rglob("*.bib"))
    venues_file = papers / "venues.yml"  # for dropping a `venue` that booktitle or journal names
    venues, problems = load_venues(venues_file) if venues_file.exists() else ((), [])
    normalize = pasted.normalizer(_keys_in(papers), dt.date.today(), venues)
    changed = []
    for path in targets:
        shown_as = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
        was_changed, file_problems = format_file(path, shown_as, write=not check_only, normalize=normalize)
        problems += file_problems
        if was_changed:
            changed.append(shown_as)
    report(problems)
    for shown_as in changed:
        message = "is not in canonical format" if check_only else "reformatted"
        print(f"{shown_as}: {message}", file=sys.stderr if check_only else sys.stdout)
        if check_only and running_in_github_actions():
            print(Problem(Location(shown_as, 1), "not in canonical format", "run `make fmt`").annotation())
    if check_only and changed:
        print(f"{len(changed)} file(s) need `make fmt`.", file=sys.stderr)
    return 1 if problems or (check_only and changed) else 0


def _keys_in(papers: Path) -> set[str]:
    """Keys already used under papers/ (lower case), so that a derived key is new."""
    keys = set()
    for path in papers.rglob("*.bib"):
        entries, _ = read_bib_file(path, str(path))
        keys |= {entry.key.lower() for entry in entries}
    return keys


def run_import(root: Path, markdown: Path, out: Path, added: str, *, merge: bool = False) -> int:
    venues, venue_problems = load_venues(root / "papers" / "venues.yml")
    tags, tag_problems = load_tags(root / "papers" / "tags.yml")
    if venue_problems or tag_problems:
        report(venue_problems + tag_problems)
        return 1
    rules = tuple(TagRule(tag.slug, tag.keywords) for tag in tags)
    result = import_markdown(markdown.read_text(encoding="utf-8"), venues, rules, added)
    problems = [_conflict_problem(markdown, conflict) for conflict in result.conflicts]
    roots = result.roots
    if merge:
        try:
            catalog = load_catalog(root)
        except DataError as error:
            report(error.problems)
            return 1
        titles = {node.slug: node.title for node in catalog.all_sections()}
        merged = merge_with_catalog(result, catalog.papers, titles)
        roots = merged.roots
        _print_matches(markdown, merged.matches)
        problems += [Problem(Location(str(markdown), c.line), c.message, c.hint) for c in merged.conflicts]
    count = _write_import(roots, out)
    print(f"imported {count} {'new ' if merge else ''}entries into {out}")
    report(problems)
    if problems:
        print(f"{len(problems)} conflict(s) to resolve by hand: check them.", file=sys.stderr)
    return 1 if problems else 0


def _write_import(roots: list[ImportedSection], out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    taxonomy = yaml.safe_dump(taxonomy_data(roots), sort_keys=False, allow_unicode=True, width=100)
    (out / "taxonomy.yml").write_text(taxonomy, encoding="utf-8")
    count = 0
    for root_section in roots:
        for node, path in _leaves_with_paths(root_section, ()):
            target = out.joinpath(*path).with_suffix(".bib")
            target.parent.mkdir(parents=True, exist_ok=True)
            entries = [RawEntry(e.key, e.entry_type, e.fields, {}, Location("", 0)) for e in node.entries]
            target.write_text(format_entries(entries), encoding="utf-8")
            count += len(entries)
    return count


def _print_matches(markdown: Path, matches: list[Match]) -> None:
    print(f"{len(matches)} bullets are papers already in papers/ (kept as curated):")
    for match in matches:
        where = f"; the list files it under {match.section_title!r}, papers/ does not" if match.moved else ""
        print(f"  {markdown}:{match.line}: {match.key} (same {match.by}){where}")


def _conflict_problem(markdown: Path, conflict: ImportConflict) -> Problem:
    return Problem(
        Location(str(markdown), conflict.other_line),
        f"this bullet gives {conflict.field} {conflict.other!r}, line {conflict.kept_line} gives {conflict.kept!r}"
        " for the same paper",
        f"the entry keeps {conflict.kept!r} (line {conflict.kept_line}); correct the list or edit the imported entry",
    )


def run_readme(root: Path, *, check_only: bool) -> int:
    try:
        catalog = load_catalog(root)
        stale = readme.stale_files(root, catalog) if check_only else readme.write_files(root, catalog)
    except DataError as error:
        report(error.problems)
        return 1
    except readme.MarkerError as error:
        print(f"paperlist readme: {error}", file=sys.stderr)
        return 1
    for path in stale:
        if check_only:
            print(f"{path}: generated parts are out of date; run `make readme` and commit", file=sys.stderr)
            if running_in_github_actions():
                print(Problem(Location(path, 1), "generated parts are out of date", "run `make readme`").annotation())
        else:
            print(f"{path}: regenerated")
    if not stale:
        print("README.md, CONTRIBUTING.md, docs/contributing.md and the issue form are up to date.")
    return 1 if check_only and stale else 0


def run_static(root: Path, args: argparse.Namespace) -> int:
    """`export` (the static project) and `search-index` (after another generator built it)."""
    try:
        if args.command == "export":
            written = site_export.export_project(root, args.out.resolve())
            print(f"{args.out}: {written['pages']} generated pages and {written['files']} files, nav and extra set")
            return 0
        catalog = load_catalog(root)
        report_ = index_site(catalog, paging(catalog), root, args.site.resolve(), None)
    except DataError as error:
        report(error.problems)
        return 1
    except RuntimeError as error:
        print(f"paperlist search-index: {error}", file=sys.stderr)
        return 1
    print(f"{args.site}/pagefind: {report_.records} records in {report_.seconds:.2f} s ({report_.bytes / 1e6:.1f} MB)")
    return 0


def run_add(root: Path, args: argparse.Namespace) -> int:
    try:
        added = add.add_paper(root, args.identifier, args.section, args.tags, args.added, args.model, args.keyidea)
    except (add.AddError, FetchError) as error:
        report(getattr(error, "problems", []))
        print(f"paperlist add: {error}. No file was changed.", file=sys.stderr)
        return 1
    print(added.entry)
    print(f"Added {added.key} to {added.path}:{added.line}.")
    if added.note:
        print(
            f"arXiv notes {added.note!r}: if it was published, run `make add` with its DOI instead, or paste"
            " the BibTeX of its ACL Anthology, dblp or publisher page (see CONTRIBUTING.md)."
        )
    print("Review the entry (title, code links, model, keyidea), then run `make readme` and commit both files.")
    return 0


def _leaves_with_paths(node, parent: tuple[str, ...]):
    path = (*parent, node.slug)
    if not node.children:
        yield node, path
    for child in node.children:
        yield from _leaves_with_paths(child, path)


if __name__ == "__main__":
    sys.exit(main())
