"""The Markdown report: machine, targets (met or missed), and every figure as median (min–max)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

START = "<!-- benchmark:start -->"
END = "<!-- benchmark:end -->"


def _get(data: dict, path: str):
    for part in path.split("."):
        if not isinstance(data, dict) or part not in data:
            return None
        data = data[part]
    return data


def fmt(stat: dict | None, unit: str = "", digits: int = 2, scale: float = 1.0) -> str:
    """`median (min–max)` of a summary, e.g. `1.23 s (1.20–1.31)`."""
    if not stat or stat.get("median") is None:
        return "–"
    med, lo, hi = (stat[k] * scale for k in ("median", "min", "max"))
    text = f"{med:,.{digits}f}{unit}"
    if stat.get("runs", 1) > 1:
        text += f" ({lo:,.{digits}f}–{hi:,.{digits}f})"
    return text


def size(n: int | None) -> str:
    """Decimal units, as the targets are (1 MB = 1,000,000 bytes)."""
    if n is None:
        return "–"
    if n >= 1_000_000:
        return f"{n / 1e6:,.1f} MB"
    if n >= 1000:
        return f"{n / 1e3:,.1f} kB"
    return f"{n} B"


# -- targets -----------------------------------------------------------------------------------


def evaluate_targets(results: dict) -> list[dict]:
    """Each target of the issue, with the measured value and whether it is met."""
    sets = results["datasets"]
    names = list(sets)
    real = sets.get("real", {})
    largest = sets[names[-1]] if len(names) > 1 else {}
    largest_name = names[-1] if len(names) > 1 else ""
    targets = []

    def add(name: str, limit: str, value, ok: bool | None, shown: str) -> None:
        status = "not measured" if ok is None else ("met" if ok else "missed")
        status = "reported" if limit == "–" and value is not None else status
        targets.append({"target": name, "limit": limit, "value": value, "shown": shown, "status": status})

    def ratio_target(name: str, data: dict, limit: float) -> None:
        value = _get(data, "build_cost.ratio.median")
        warm = _get(data, "build_cost.ratio_warm.median")
        shown = "–" if value is None else f"{value:.3f} cold" + ("" if warm is None else f", {warm:.3f} warm")
        add(name, f"≤ {limit:.2f}", value, None if value is None else value <= limit, shown)

    def at_most(name: str, data: dict, path: str, limit: float, unit: str, scale: float = 1.0) -> None:
        value = _get(data, path)
        shown = "–" if value is None else f"{value * scale:.2f}{unit}"
        add(name, f"≤ {limit:g}{unit}", value, None if value is None else value * scale <= limit, shown)

    ratio_target("build / floor, real data", real, 1.0)
    if largest:
        ratio_target(f"build / floor, {largest_name} papers", largest, 0.6)
        value = _get(largest, "build_cost.ratio_zensical.median")
        warm = _get(largest, "build_cost.ratio_warm_zensical.median")
        shown = "not run" if value is None else f"{value:.2f} cold, {warm:.2f} warm"
        add(f"build / Zensical building the floor, {largest_name} papers", "–", value, None, shown)
    if len(names) > 2:
        small, big = sets[names[-2]], sets[names[-1]]
        b, s = _get(big, "build_cost.build.wall_s.median"), _get(small, "build_cost.build.wall_s.median")
        growth = b / s if b and s else None
        add(
            f"build time {names[-1]} / {names[-2]} papers",
            "≤ 11",
            growth,
            None if growth is None else growth <= 11,
            "–" if growth is None else f"{growth:.2f}",
        )
    if len(names) > 2:
        at_most(f"`mkdocs serve` rebuild, {names[-2]} papers", sets[names[-2]], "serve.to_reload_log_s.median", 2, " s")
    if largest:
        at_most(f"`mkdocs serve` rebuild, {largest_name} papers", largest, "serve.to_reload_log_s.median", 10, " s")
        at_most(f"site, {largest_name} papers", largest, "weight.site_bytes", 60, " MB", 1e-6)
        at_most(f"largest HTML page, {largest_name} papers", largest, "weight.largest_html.bytes", 2, " MB", 1e-6)
        memory = "build_cost.build.max_rss_mb.max"
        at_most(f"peak memory of the build, {largest_name} papers", largest, memory, 900, " MB")
        value = _get(largest, "inprocess.hooks_load_validate_s.median")
        add(
            f"hooks' parse + validate, {largest_name} papers",
            "≤ 2 s",
            value,
            None if value is None else value <= 2.0,
            "–" if value is None else f"{value:.2f} s",
        )
        for key, label, limit in (
            ("filter_change", "explorer filter change", 50),
            ("keystroke", "explorer keystroke", 30),
        ):
            value = _get(largest, f"browser.explorer.{key}.paint_ms.median")
            layout = _get(largest, f"browser.explorer.{key}.layout_ms.median")
            shown = "–" if value is None else f"{value:.1f} ms to next paint ({layout:.1f} ms to layout)"
            add(
                f"{label}, {largest_name} papers",
                f"≤ {limit} ms",
                value,
                None if value is None else value <= limit,
                shown,
            )
        first_rows = _get(largest, "browser.explorer.first_rows") or {}
        value = _get(first_rows, "after_load_event_ms.median")
        shown = "–"
        if value is not None:
            navigation = _get(first_rows, "from_navigation_ms.median")
            fetched = _get(first_rows, "fetched_bytes.median")
            shown = f"{value:.0f} ms after the load event ({navigation:.0f} ms from the navigation"
            shown += f", {fetched / 1e3:.0f} kB fetched)"
        add(
            f"explorer's first rows of `{first_rows.get('path', '')}`, phone, CPU 4× slower, {largest_name} papers",
            "≤ 1 s after load",
            value,
            None if value is None else value <= 1000,
            shown,
        )
        value = _get(largest, "browser.search.cold_from_last_key_ms.median")
        warm = _get(largest, "browser.search.warm_ms.median")
        robot = _get(largest, "browser.search.back_to_back_from_last_key_ms.median")
        interval = _get(largest, "browser.search.ms_between_keys")
        shown = (
            "–"
            if value is None
            else f"{value:.0f} ms typed at page load, a key every {interval} ms, CPU 4× slower "
            f"(keys back to back: {robot:.0f} ms; a second query: {warm:.0f} ms)"
        )
        add(
            f"first search result after the last keystroke, {largest_name} papers",
            "≤ 300 ms",
            value,
            None if value is None else value <= 300,
            shown,
        )
        fetched = _get(largest, "browser.search.fetched_until_first_result_bytes.median")
        index = _get(largest, "browser.search.search_index_fetched_bytes.median")
        add(
            f"bytes fetched for the home page and a first search, {largest_name} papers",
            "≤ 1 MB",
            fetched,
            None if fetched is None else fetched <= 1_000_000,
            "–" if fetched is None else f"{fetched / 1e6:.2f} MB ({index / 1e6:.2f} MB of it the search index)",
        )
    scores = results.get("lighthouse") or {}
    if scores:
        worst = min(
            (stat["median"], page, category)
            for page, data in scores.items()
            for category, stat in data["scores"].items()
        )
        add(
            "every Lighthouse score, real data",
            "≥ 95",
            worst[0],
            worst[0] >= 95,
            f"lowest: {worst[0]:.0f} ({worst[2]}, {worst[1]})",
        )
    else:
        add("every Lighthouse score, real data", "≥ 95", None, None, "not run")
    third = results.get("third_party_requests")
    add("third-party requests", "0", None if third is None else len(third), None if third is None else not third,
        "–" if third is None else str(len(third)))  # fmt: skip
    return targets


# -- the report --------------------------------------------------------------------------------


def _day(stamp: str) -> str:
    """`2026-11-30 04:14 UTC` as `30 November 2026, 04:14 UTC`: a date for readers, and not the ISO date
    that the deterministic-build test looks for in a site built on the day of the benchmark."""
    try:
        when = dt.datetime.strptime(stamp, "%Y-%m-%d %H:%M UTC")
    except ValueError:
        return stamp
    return f"{when.day} {when:%B %Y, %H:%M} UTC"


def _table(w, header: list[str], rows: list[list[str]], align: str = "") -> None:
    """A Markdown table; `align` has one letter per column, `l` or `r` (default: first left, rest right)."""
    align = align or "l" + "r" * (len(header) - 1)
    w("| " + " | ".join(header) + " |")
    w("|" + "|".join("---:" if a == "r" else "---" for a in align) + "|")
    for row in rows:
        w("| " + " | ".join(str(cell) for cell in row) + " |")
    w("")


def _machine(w, results: dict) -> None:
    m = results["machine"]
    rows = [
        ["CPU", f"{m['cpu']}, {m['cores']} cores"],
        ["RAM", f"{m['ram_gb']} GB"],
        ["OS", m["os"]],
        ["Python", m["python"]],
        ["MkDocs / Material", f"{m['mkdocs']} / {m['material']}"],
        ["bibtexparser", m["bibtexparser"]],
        ["Browser", f"{m['chromium']} (Playwright {m['playwright']})"],
        ["Lighthouse", f"{m['lighthouse']} (Node.js {m['node']})"],
        ["Commit", f"`{m['commit']}`" + (f" with uncommitted changes to {m['dirty']}" if m.get("dirty") else "")],
    ]
    load = results.get("load")
    if load:
        rows.append(
            [
                "Other load",
                f"other processes used {load['others_cpu_s']:,.0f} CPU-seconds during the run, "
                f"{load['others_share']:.0%} of the machine's capacity over {load['wall_s'] / 60:,.0f} minutes "
                "(busy time in `/proc/stat` less the CPU time of the benchmark and its subprocesses)",
            ]
        )
    if results.get("note"):
        rows.append(["Note", results["note"]])
    _table(w, ["Machine", ""], rows, "ll")


def render(results: dict) -> str:
    sets = results["datasets"]
    out: list[str] = []
    w = out.append
    mode = "smoke mode: 1 run, small sizes" if results["smoke"] else f"{results['runs']} runs per figure"
    command = re.sub(r" --note(=| )('[^']*'|\"[^\"]*\"|\S+)", "", results["command"])  # the note is shown below
    w(f"Measured on {_day(results['machine']['date'])} with `{command}` ({mode}).")
    w("")
    _machine(w, results)
    w("Every timed figure is the median of the runs, with the minimum and maximum in brackets.")
    w("")

    w("### Targets")
    w("")
    status = {"met": "**met**", "missed": "**missed**"}
    rows = [[t["target"], t["limit"], t["shown"], status.get(t["status"], t["status"])] for t in results["targets"]]
    _table(w, ["Target", "Limit", "Measured", "Status"], rows, "llll")

    w("### Data sets")
    w("")
    rows = [
        [
            name,
            f"{d['papers']:,}",
            f"{d['synthetic']:,}",
            d["floor"]["pages"],
            _get(d, "build_cost.same_pages.html_pages") or "–",
            "–" if not d.get("load") else f"{d['load']['others_share']:.0%}",
        ]
        for name, d in sets.items()
    ]
    header = ["Data set", "Papers", "Synthetic", "Generated pages", "HTML pages built"]
    _table(w, [*header, "CPU used by other processes meanwhile"], rows)
    w(
        f"Synthetic papers are appended to the real ones (seed {results['seed']}), spread over the real sections "
        "in proportion to their size, with tags, venues, LaTeX accents, code links and, for half of them, "
        "abstracts."
    )
    w("")
    _build_cost(w, sets)
    _weight(w, sets)
    _browser(w, results)
    _lighthouse(w, results.get("lighthouse"))
    return "\n".join(out)


def _build_cost(w, sets: dict) -> None:
    w("### Build cost")
    w("")
    w("`mkdocs build` in a subprocess (wall clock), against the floor: the same pages written once as static")
    w("Markdown under `docs/`, built with the hook removed (no BibTeX step), and against Zensical (the successor")
    w("of Material) building that floor. *Cold*: no reference cache (a fresh clone); *warm*: the cache the cold")
    w("build left (every later build, and CI restoring `.cache/`).")
    w("")
    rows = []
    for name, d in sets.items():
        b = d["build_cost"]
        rows.append(
            [
                name,
                fmt(b["build"]["wall_s"], " s"),
                fmt(b.get("warm_build", {}).get("wall_s"), " s"),
                fmt(b["floor"]["wall_s"], " s"),
                fmt(b.get("zensical", {}).get("wall_s"), " s"),
                fmt(b["ratio"], "", 3),
                fmt(b.get("ratio_warm"), "", 3),
                fmt(b.get("ratio_zensical"), "", 2),
                fmt(b["build"]["cpu_s"], " s"),
                fmt(b["floor"]["cpu_s"], " s"),
                fmt(b["build"]["max_rss_mb"], " MB", 0),
            ]
        )
    header = ["Data set", "Build, cold", "Build, warm", "Floor", "Zensical (floor)", "Cold / floor", "Warm / floor"]
    header += ["Cold / Zensical", "CPU (cold build)", "CPU (floor)", "Peak memory (cold build)"]
    _table(w, header, rows)
    w("Ratios are the medians of the runs' ratios (the runs of one round are paired).")
    w("")

    w("Where the time goes, from a build in one process with every plugin event timed. The hooks' stages:")
    w("importing `paperlist` (and bibtexparser), parsing the `.bib` files, validating the entries into papers")
    w("(with the taxonomy, tags and venues), rendering the pages, writing the exports (`papers.bib`,")
    w("`papers.json`, `feed.xml`, one `.bib` per section) and the rest (navigation, numbers, home page lists).")
    w("")
    rows = []
    for name, d in sets.items():
        p = d["inprocess"]
        rows.append(
            [name]
            + [
                fmt(p.get(key), " s")
                for key in (
                    "build_s",
                    "hooks_import_s",
                    "hooks_parse_s",
                    "hooks_validate_s",
                    "hooks_render_s",
                    "hooks_exports_s",
                    "hooks_other_s",
                    "search_index_s",
                    "mkdocs_rest_s",
                )
            ]
        )
    header = ["Data set", "In-process build", "Hooks: import", "Hooks: parse", "Hooks: validate"]
    header += ["Hooks: render", "Hooks: exports", "Hooks: rest", "Hooks: search index", "MkDocs + Material, rest"]
    _table(w, header, rows)
    profiled = [(name, d["inprocess"]["profile_top"]) for name, d in sets.items() if d["inprocess"].get("profile_top")]
    if profiled:
        name, top = profiled[-1]
        w(f"<details markdown><summary>cProfile of the {name} build: functions with the most own time</summary>")
        w("")
        rows = [
            [f"`{row['function']}`", f"{row['calls']:,}", f"{row['own_s']:.2f} s", f"{row['cumulative_s']:.2f} s"]
            for row in top
        ]
        _table(w, ["Function", "Calls", "Own time", "Cumulative"], rows)
        w("</details>")
        w("")
    w("`mkdocs serve`: the title of one entry is edited in its `.bib` file; time from the write to the log")
    w("line “Reloading browsers” and to the served section page showing the new title.")
    w("")
    rows = [
        [name, fmt(s["to_reload_log_s"], " s"), fmt(s["to_page_s"], " s"), fmt(s["change_detected_s"], " s")]
        for name, d in sets.items()
        if (s := d.get("serve"))
    ]
    _table(w, ["Data set", "To “Reloading browsers”", "To the page showing the edit", "Change detected after"], rows)


def _weight(w, sets: dict) -> None:
    w("### Weight")
    w("")
    w("Exact sizes (builds are deterministic); gzip at level 6, as static hosts serve text.")
    w("")
    rows = []
    for name, d in sets.items():
        x = d["weight"]
        rows.append(
            [
                name,
                f"{size(x['site_bytes'])} in {x['site_files']:,} files",
                f"{size(x['largest_section']['bytes'])} (`{x['largest_section']['url']}`)",
                size(x["largest_tag_page"].get("bytes")),
                f"{size(x['largest_html']['bytes'])} (`{x['largest_html']['path']}`)" if "largest_html" in x else "–",
                size(x["explorer"]["bytes"]),
                f"{size(x['search_index']['bytes'])} in {x['search_index']['files']:,} files",
                f"{size(x['papers_json']['bytes'])} ({size(x['papers_json']['gzip'])})",
                _explorer_data(x),
            ]
        )
    header = ["Data set", "Whole site", "Largest section page (HTML)", "Largest tag page", "Largest HTML page"]
    header += ["Explorer page (HTML)"]
    header += ["Search index (Pagefind)", "papers.json (gzip)", "Explorer's index (gzip); its parts"]
    _table(w, header, rows)
    first = next(iter(sets.values()))["weight"]
    js = f"{size(first['project_js_bytes'])} ({size(first['project_js_gzip'])} gzip)"
    css = f"{size(first['project_css_bytes'])} ({size(first['project_css_gzip'])} gzip)"
    w(f"JavaScript and CSS added by the project (`docs/assets/`): JavaScript {js}, CSS {css}:")
    w("")
    for path, item in first["project_js_css"].items():
        w(f"- `{path}`: {size(item['bytes'])} ({size(item['gzip'])} gzip)")
    w("")


def _explorer_data(weight: dict) -> str:
    index, parts = weight.get("explorer_index"), weight.get("explorer_parts")
    if not index or not parts:
        return "–"
    return f"{size(index['bytes'])} ({size(index['gzip'])}); {size(parts['bytes'])} in {parts['files']:,} files"


def _browser(w, results: dict) -> None:
    sets = results["datasets"]
    w("### Browser")
    w("")
    w("Headless Chromium, 1280×900, served locally with gzip. Interactions: time from the event to the next")
    w("painted frame (to the DOM updated and laid out in the second table).")
    w("")
    paint, layout = [], []
    for name, d in sets.items():
        b = d.get("browser")
        if not b:
            continue
        e = b.get("explorer") or {}
        s = b["section_filters"]
        paint.append(
            [
                name,
                fmt(b["search"]["cold_from_last_key_ms"], " ms", 0),
                fmt(b["search"]["back_to_back_from_last_key_ms"], " ms", 0),
                fmt(b["search"]["warm_ms"], " ms", 0),
                fmt(_get(e, "first_rows.from_navigation_ms"), " ms", 0),
                fmt(_get(e, "first_rows_unfiltered.from_navigation_ms"), " ms", 0),
                fmt(_get(e, "filter_change.paint_ms"), " ms", 1),
                fmt(_get(e, "keystroke.paint_ms"), " ms", 1),
                fmt(s["filter_change"]["paint_ms"], " ms", 1),
                fmt(s["keystroke"]["paint_ms"], " ms", 1),
            ]
        )
        layout.append(
            [
                name,
                fmt(_get(e, "filter_change.layout_ms"), " ms", 1),
                fmt(_get(e, "keystroke.layout_ms"), " ms", 1),
                fmt(s["filter_change"]["layout_ms"], " ms", 1),
                fmt(s["keystroke"]["layout_ms"], " ms", 1),
                f"`{s['url']}`",
            ]
        )
    interval = next((d["browser"]["search"].get("ms_between_keys") for d in sets.values() if d.get("browser")), None)
    header = ["Data set", f"Search: first result after the last key, typed at load, a key every {interval} ms (CPU 4×)"]
    header += ["Search: idem, keys back to back", "Search: a second query"]
    header += ["Explorer: first rows of a filtered URL, phone, CPU 4× (from the navigation)"]
    header += ["Explorer: first rows, unfiltered (idem)", "Explorer: filter change", "Explorer: keystroke"]
    header += ["Section page: filter change", "Section page: keystroke"]
    _table(w, header, paint)
    header = ["Data set", "Explorer: filter change to layout", "Explorer: keystroke to layout"]
    header += ["Section page: filter change to layout", "Section page: keystroke to layout", "Section page measured"]
    _table(w, header, layout, "lrrrrl")
    _browser_breakdown(w, sets)
    _layout_shift(w, sets)
    third = results.get("third_party_requests")
    count = len(third) if third is not None else "–"
    w(f"Third-party requests (any host but 127.0.0.1, browser runs and Lighthouse): **{count}**.")
    for url in (third or [])[:10]:
        w(f"- `{url}`")
    w("")


def _thread(part: dict | None) -> str:
    """Chromium's main-thread time of one interaction: script / style / layout (all tasks)."""
    t = (part or {}).get("main_thread_ms")
    if not t or t.get("task_ms") is None:
        return "–"
    return f"{t['script_ms']:.1f} / {t['style_ms']:.1f} / {t['layout_ms']:.1f} ({t['task_ms']:.1f})"


def _browser_breakdown(w, sets: dict) -> None:
    """Where the browser's time goes: the downloads behind the first results, and each interaction's
    main-thread time as Chromium accounts it."""
    rows = []
    for name, d in sets.items():
        b = d.get("browser")
        if not b:
            continue
        e = b.get("explorer") or {}
        search = b["search"]
        rows.append(
            [
                name,
                size(_get(search, "search_index_fetched_bytes.median")),
                size(_get(search, "fetched_until_first_result_bytes.median")),
                size(_get(e, "first_rows.fetched_bytes.median")),
                fmt(_get(e, "first_rows.complete_ms"), " ms", 0),
                _thread(e.get("filter_change")),
                _thread(e.get("keystroke")),
                _thread(b["section_filters"].get("filter_change")),
            ]
        )
    if not rows:
        return
    w("Where the time goes. Search: the bytes of the Pagefind index a first query fetched, and all the bytes")
    w("fetched until its first result (the page's load included). Explorer (filtered URL, phone, CPU 4×): all")
    w("the bytes fetched until its first rows, and when every part of the list was in (what the text filter,")
    w("the title sort and the downloads wait for). Interactions: Chromium's")
    w("main-thread time per interaction, script / style recalculation / layout (all tasks, paint included),")
    w("averaged over the interactions (CDP `Performance.getMetrics`).")
    w("")
    header = ["Data set", "Search: index fetched", "Search: all fetched until the first result"]
    header += ["Explorer: all fetched until the first rows", "Explorer: every part in (from the navigation)"]
    header += ["Explorer filter change", "Explorer keystroke", "Section filter change"]
    _table(w, header, rows)


def _layout_shift(w, sets: dict) -> None:
    rows = []
    for name, d in sets.items():
        shifts = (d.get("browser") or {}).get("layout_shift")
        if not shifts:
            continue
        cells = [name]
        for page in ("home", "section", "explorer"):
            data = shifts.get(page)
            if not data:
                cells.append("–")
                continue
            moved = ", ".join(f"`{m['element']}`" for m in data["moved"])
            cells.append(fmt(data["cls"], "", 3) + (f": {moved}" if moved else ""))
        rows.append(cells)
    if not rows:
        return
    w("Layout shift while each page loads on a phone-sized screen (412×823, as Lighthouse's mobile preset),")
    w("summed like Lighthouse's CLS, with the elements that moved most (0 is best; Lighthouse wants ≤ 0.1):")
    w("")
    _table(w, ["Data set", "Home", "Largest section page", "Explorer"], rows, "llll")


def _lighthouse(w, lighthouse: dict | None) -> None:
    w("### Lighthouse (real data)")
    w("")
    if not lighthouse:
        w("Not run in this mode (`make bench` runs it).")
        w("")
        return
    w("Mobile preset (simulated throttling), the default. Scores out of 100.")
    w("")
    rows = []
    for page, data in lighthouse.items():
        sc = data["scores"]
        rows.append(
            [
                f"{page} (`{data['url']}`)",
                fmt(sc["performance"], "", 0),
                fmt(sc["accessibility"], "", 0),
                fmt(sc["best-practices"], "", 0),
                fmt(sc["seo"], "", 0),
                fmt(data["metrics"]["lcp_ms"], " ms", 0),
                fmt(data["metrics"]["tbt_ms"], " ms", 0),
                fmt(data["metrics"]["cls"], "", 3),
                ", ".join(f"`{a}`" for a in data["failing_audits"]) or "none",
            ]
        )
    header = ["Page", "Performance", "Accessibility", "Best practices", "SEO", "LCP", "TBT", "CLS"]
    _table(w, [*header, "Audits failed in some run"], rows, "lrrrrrrrl")
    details = [
        f"- {page}, `{audit}`: " + ", ".join(f"`{where}`" for where in found)
        for page, data in lighthouse.items()
        for audit, found in (data.get("failing_details") or {}).items()
    ]
    if details:
        w("Where the failed audits point (the first elements or resources of each):")
        w("")
        for line in details:
            w(line)
        w("")
    index = [data.get("benchmark_index") or {} for data in lighthouse.values()]
    medians = [i["median"] for i in index if i.get("median")]
    if medians:
        w(
            f"Lighthouse's benchmark index of this machine during the runs: {min(medians):,.0f}–{max(medians):,.0f} "
            "(its simulated mobile CPU is this machine slowed down 4×: a slower or busier machine scores lower)."
        )
        w("")


def publish(markdown: str, page: Path) -> None:
    """Replace the text between the markers of the published page."""
    text = page.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(START) + r".*?" + re.escape(END), re.S)
    if not pattern.search(text):
        raise SystemExit(f"{page}: markers {START} ... {END} not found")
    page.write_text(pattern.sub(lambda _: f"{START}\n{markdown}\n{END}", text), encoding="utf-8")
