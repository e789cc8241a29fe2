"""One `mkdocs build` in this process, with the time of every plugin event and of the hooks' stages.

Run as a script (a fresh process per measurement, like a real build):
    python tests/benchmark/inprocess.py PROJECT SITE_DIR [--profile FILE.prof]
prints one JSON object. The hooks' stages are timed by wrapping, before MkDocs loads the hook,
`paperlist.catalog._read_bib_files` (parse), `paperlist.catalog.load_catalog` (parse + validate),
`Renderer.pages` (page bodies), the exports and `paperlist.site.build_site` (the whole on_config
pipeline); every plugin and hook event is timed by wrapping the callables MkDocs registered for it.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import sys
import time
from collections import defaultdict
from pathlib import Path

TIMES: dict[str, float] = defaultdict(float)


def _timed(name: str, function):
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            TIMES[name] += time.perf_counter() - start

    return wrapper


def _owner(method) -> str:
    owner = getattr(method, "__self__", None)
    if owner is not None:
        return type(owner).__module__.split(".")[0] + "." + type(owner).__name__
    return "hook:" + getattr(method, "__module__", "?")


def measure(project: Path, site_dir: Path) -> dict:
    os.chdir(project)
    sys.path.insert(0, str(project / "hooks"))
    start = time.perf_counter()
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    mkdocs_import = time.perf_counter() - start
    # What the hook imports (paperlist and its dependencies, bibtexparser among them): a cost the floor
    # does not pay. MkDocs would import it while loading the config; here it is imported first.
    start = time.perf_counter()
    import paperlist.catalog
    import paperlist.render
    import paperlist.site

    hooks_import = time.perf_counter() - start
    # site.py calls load_catalog, the exports and Renderer.pages by the names it imported; catalog.py calls
    # _read_bib_files (parse every .bib file) by its own name. Validation is the rest of load_catalog.
    paperlist.catalog._read_bib_files = _timed("hooks.parse", paperlist.catalog._read_bib_files)
    paperlist.site.load_catalog = _timed("hooks.load_catalog", paperlist.catalog.load_catalog)
    paperlist.site.build_site = _timed("hooks.build_site", paperlist.site.build_site)
    paperlist.render.Renderer.pages = _timed("hooks.render_pages", paperlist.render.Renderer.pages)
    for name in ("bibtex_export", "json_export", "atom_feed"):
        setattr(paperlist.site, name, _timed("hooks.exports", getattr(paperlist.site, name)))

    start = time.perf_counter()
    config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(site_dir))
    load = time.perf_counter() - start
    for event, methods in config.plugins.events.items():
        methods[:] = [_timed(f"event.{event}.{_owner(m)}", m) for m in methods]
    start = time.perf_counter()
    build(config)
    total = time.perf_counter() - start

    events = {name.removeprefix("event."): value for name, value in TIMES.items() if name.startswith("event.")}
    hook_events = sum(value for name, value in events.items() if ".hook:" in name)
    search = sum(value for name, value in events.items() if name.startswith("post_build.hook:"))
    macros = sum(value for name, value in events.items() if "mkdocs_macros" in name)
    known = TIMES["hooks.load_catalog"] + TIMES["hooks.render_pages"] + TIMES["hooks.exports"]
    return {
        "mkdocs_import_s": mkdocs_import,
        "load_config_s": load,
        "build_s": total,
        "hooks_import_s": hooks_import,
        # the hook's events, and the same plus the import: the hooks' whole cost over the floor
        "hooks_total_s": hook_events,
        "hooks_with_import_s": hook_events + hooks_import,
        "hooks_parse_s": TIMES["hooks.parse"],
        "hooks_validate_s": TIMES["hooks.load_catalog"] - TIMES["hooks.parse"],
        "hooks_load_validate_s": TIMES["hooks.load_catalog"],
        "hooks_render_s": TIMES["hooks.render_pages"],
        "hooks_exports_s": TIMES["hooks.exports"],
        "hooks_other_s": hook_events - known - search,
        "hooks_build_site_s": TIMES["hooks.build_site"],
        "search_index_s": search,  # the hook's on_post_build: Pagefind's index (part of hooks_total_s)
        "macros_plugin_s": macros,
        "mkdocs_rest_s": total - hook_events - macros,
        "events": dict(sorted(events.items(), key=lambda item: -item[1])),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("project", type=Path)
    parser.add_argument("site_dir", type=Path)
    parser.add_argument("--profile", type=Path, help="also write a cProfile of the build")
    args = parser.parse_args()
    import logging

    logging.basicConfig(level=logging.WARNING)
    if args.profile:
        import cProfile

        profiler = cProfile.Profile()
        result = profiler.runcall(measure, args.project.resolve(), args.site_dir.resolve())
        profiler.dump_stats(str(args.profile))
    else:
        result = measure(args.project.resolve(), args.site_dir.resolve())
    print(json.dumps(result))


if __name__ == "__main__":
    main()
