"""Benchmark of the site from today's list to 10,000 papers: build cost, weight, browser speed.

    python tests/benchmark/run.py            # make bench: real data, 1,000 and 10,000 papers, 5 runs
    python tests/benchmark/run.py --smoke    # make bench-smoke: real data and 200 papers, 1 run

Writes bench/out/report.md and bench/out/results.json; the full run also publishes the report into
docs/performance.md (between its markers). Nothing here asserts that a number meets a target:
the report says which targets are met.
"""

from __future__ import annotations

import argparse
import json
import shlex
import shutil
import sys
import tempfile
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path[:0] = [str(BENCH_DIR.parent), str(BENCH_DIR.parents[1] / "hooks")]

from benchmark import buildcost, report, synth  # noqa: E402
from benchmark.browser import browser_speed  # noqa: E402
from benchmark.common import PUBLISHED_PAGE, REPO, CpuMeter, log, machine  # noqa: E402
from benchmark.lighthouse import lighthouse_pages  # noqa: E402
from benchmark.server import StaticServer  # noqa: E402
from benchmark.weight import site_weight  # noqa: E402

# The explorer page (docs/explorer.md + explorer.js): a filtered URL, the first result row, and
# the controls of its filter bar (the same bar as section pages, from filters.js).
EXPLORER = {
    "path": "explorer/?tag=distillation",
    "result": "[data-explorer] .pl-rows > .pl-row",
    "root": "[data-explorer]",
    "chip": "[data-explorer] button.pl-chip",
    "input": "[data-explorer] input.pl-input",
    "complete_attribute": "data-explorer-complete",  # set when every part of the list is in
}


def _explorer_ready(site: Path) -> bool:
    page = site / "explorer" / "index.html"
    return (
        page.exists()
        and (site / "assets" / "javascripts" / "explorer.js").exists()
        and "data-explorer" in page.read_text()
    )


def dataset(name: str, size: int | None, work: Path, args, *, browser: bool, lighthouse_runs: int) -> dict:
    log(f"data set {name}")
    meter = CpuMeter()
    base = work / name
    project = Path(shutil.copytree(work / "source", base / "project"))
    grown = synth.grow_project(project, size, args.seed) if size else {"synthetic": 0}
    from paperlist.catalog import load_catalog

    catalog = load_catalog(project)
    result: dict = {"papers": len(catalog.papers), "synthetic": grown["synthetic"]}
    result["floor"] = buildcost.make_floor(project, base / "floor")
    log("  build vs floor")
    result["build_cost"] = buildcost.build_vs_floor(project, base / "floor", base, args.runs)
    log("  in-process breakdown")
    profile = args.out / f"profile-{name}.prof" if not args.smoke else None
    result["inprocess"] = buildcost.inprocess_breakdown(project, base, args.runs, profile)
    site = base / "site"
    sections = [node.url_path for node in catalog.all_sections()]
    tags = [f"tags/{tag.slug}/" for tag in catalog.tags]
    result["weight"] = site_weight(site, project, sections, tags)
    leaves = [leaf for leaf in catalog.leaves() if catalog.papers_in(leaf.slug)]
    biggest = max(leaves, key=lambda leaf: len(catalog.papers_in(leaf.slug)))
    result["largest_leaf"] = {"url": biggest.url_path, "papers": len(catalog.papers_in(biggest.slug))}
    if args.serve_runs:
        log("  mkdocs serve rebuild")
        serve_copy = shutil.copytree(project, base / "serve-project")
        result["serve"] = buildcost.serve_rebuild(serve_copy, biggest.bib_path, biggest.url_path, args.serve_runs)
    server = StaticServer(site)
    try:
        if browser:
            log("  browser")
            explorer = EXPLORER if _explorer_ready(site) else None
            largest_section = result["weight"]["largest_section"]["url"]
            result["browser"] = browser_speed(server.url, args.runs, largest_section, explorer)
        if lighthouse_runs:
            log("  lighthouse")
            pages = {"home": server.url, "section": server.url + result["weight"]["largest_section"]["url"]}
            if _explorer_ready(site):
                pages["explorer"] = server.url + "explorer/"
            result["lighthouse"] = lighthouse_pages(pages, lighthouse_runs, keep=args.out)
    finally:
        server.close()
    result["load"] = meter.read()
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--smoke", action="store_true", help="CI mode: real data and 200 papers, one run, no Lighthouse"
    )
    parser.add_argument("--runs", type=int, help="runs per figure (default 5, smoke 1)")
    parser.add_argument("--sizes", help="comma-separated synthetic list sizes (default 1000,10000; smoke 200)")
    parser.add_argument("--lighthouse-runs", type=int, help="Lighthouse runs per page (default: --runs; smoke 0)")
    parser.add_argument("--serve-runs", type=int, help="edits timed under mkdocs serve (default: --runs)")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "out")
    parser.add_argument(
        "--publish",
        action=argparse.BooleanOptionalAction,
        help="copy the report into docs/performance.md (default: on unless --smoke)",
    )
    parser.add_argument("--note", help="a sentence for the report's machine section (e.g. what else ran)")
    parser.add_argument(
        "--from-json",
        type=Path,
        metavar="RESULTS",
        help="measure nothing: render (and publish) the report of an earlier results.json",
    )
    parser.add_argument("--keep", action="store_true", help="keep the scratch projects and sites")
    args = parser.parse_args(argv)
    args.runs = args.runs or (1 if args.smoke else 5)
    sizes = [int(s) for s in (args.sizes or ("200" if args.smoke else "1000,10000")).split(",") if s]
    lighthouse_runs = args.lighthouse_runs if args.lighthouse_runs is not None else (0 if args.smoke else args.runs)
    args.serve_runs = args.serve_runs if args.serve_runs is not None else args.runs
    publish = args.publish if args.publish is not None else not args.smoke
    args.out = args.out.resolve()
    args.out.mkdir(parents=True, exist_ok=True)
    if args.from_json:
        results = json.loads(args.from_json.read_text(encoding="utf-8"))
        results["targets"] = report.evaluate_targets(results)
        _write_report(results, args.out, publish and not results["smoke"])
        return 0

    started = time.perf_counter()
    meter = CpuMeter()
    command = "python tests/benchmark/run.py" + (" " + shlex.join(sys.argv[1:]) if len(sys.argv) > 1 else "")
    results: dict = {
        "command": command,
        "smoke": args.smoke,
        "runs": args.runs,
        "seed": args.seed,
        "note": args.note,
        "datasets": {},
    }
    results["machine"] = machine()
    work = Path(tempfile.mkdtemp(prefix="paperlist-bench-"))
    # One snapshot of the working tree's site sources, taken with the machine description: every data
    # set is built from it, even if the checkout changes while the benchmark runs.
    buildcost.copy_repo_project(work / "source")
    try:
        results["datasets"]["real"] = dataset("real", None, work, args, browser=True, lighthouse_runs=lighthouse_runs)
        results["lighthouse"] = results["datasets"]["real"].pop("lighthouse", None)
        for size in sizes:
            results["datasets"][str(size)] = dataset(str(size), size, work, args, browser=True, lighthouse_runs=0)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            log(f"scratch kept in {work}")
    third = set()
    for data in results["datasets"].values():
        third.update((data.get("browser") or {}).get("third_party_requests", []))
    for data in (results.get("lighthouse") or {}).values():
        third.update(data["third_party_requests"])
    results["third_party_requests"] = sorted(third)
    results["targets"] = report.evaluate_targets(results)
    results["load"] = meter.read()
    results["duration_s"] = round(time.perf_counter() - started, 1)

    (args.out / "results.json").write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    _write_report(results, args.out, publish)
    log(f"done in {results['duration_s']} s: {args.out / 'report.md'}, {args.out / 'results.json'}")
    for target in results["targets"]:
        log(f"  {target['status']:>12}: {target['target']} {target['limit']}: {target['shown']}")
    return 0


def _write_report(results: dict, out: Path, publish: bool) -> None:
    markdown = report.render(results)
    (out / "report.md").write_text("# Benchmark report\n\n" + markdown + "\n", encoding="utf-8")
    if publish:
        report.publish(markdown, REPO / PUBLISHED_PAGE)


if __name__ == "__main__":
    sys.exit(main())
