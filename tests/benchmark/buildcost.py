"""Build cost: `mkdocs build` against its floor, the hooks' share, and `mkdocs serve`'s rebuild."""

from __future__ import annotations

import json
import os
import queue
import re
import shlex
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from benchmark.common import MKDOCS_ENV, REPO, log, summary, timed_run

HOOK = "hooks/mkdocs_site.py"
CACHE_DIR = ".cache/paperlist"  # the hook's reference cache (hooks/mkdocs_site.py)
NAV_PLACEHOLDER = "<taxonomy>"
INPROCESS = Path(__file__).with_name("inprocess.py")


def build_command(site_dir: Path) -> list[str]:
    return [sys.executable, "-m", "mkdocs", "build", "--clean", "--site-dir", str(site_dir)]


def floor_command(site_dir: Path) -> list[str]:
    """The floor's build, then Pagefind over its HTML, as any static site gets its search (one record a page)."""
    mkdocs = " ".join(shlex.quote(part) for part in build_command(site_dir))
    pagefind = f"{shlex.quote(sys.executable)} -m pagefind --site {shlex.quote(str(site_dir))} --silent"
    return ["sh", "-c", f"{mkdocs} && {pagefind}"]


def make_floor(project: Path, floor: Path) -> dict:
    """The same site as static Markdown (`paperlist export`): the generated pages and files written into
    docs/, the hook removed, the taxonomy written into `nav:` and the home page's numbers into `extra:`.
    MkDocs + Material then build it with no BibTeX step at all (and Pagefind indexes its pages)."""
    from paperlist.site_export import export_project

    return export_project(project, floor)


def compare_sites(site: Path, floor_site: Path) -> dict:
    """The floor must produce the same pages: same HTML files, similar sizes."""
    pages = {p.relative_to(site).as_posix() for p in site.rglob("*.html")}
    floor_pages = {p.relative_to(floor_site).as_posix() for p in floor_site.rglob("*.html")}
    return {
        "html_pages": len(pages),
        "floor_html_pages": len(floor_pages),
        "only_in_build": sorted(pages - floor_pages)[:10],
        "only_in_floor": sorted(floor_pages - pages)[:10],
    }


def zensical_command() -> list[str] | None:
    """Zensical (the successor of Material), from the venv `make bench` sets up for it; None if absent."""
    executable = Path(os.environ.get("ZENSICAL", REPO / "bench" / "zensical-venv" / "bin" / "zensical"))
    return [str(executable), "build", "--clean"] if executable.exists() else None


def build_vs_floor(project: Path, floor: Path, work: Path, runs: int) -> dict:
    """Alternate the runs, so that drift of the machine hits all alike: a cold build (no reference cache,
    as on a fresh clone), a warm one (the cache of the build before, as in CI with a cache, and the case of
    every build after the first on a maintainer's machine), the floor, and Zensical building the floor."""
    colds, warms, floors, zensicals = [], [], [], []
    site, floor_site = work / "site", work / "floor-site"
    zensical = zensical_command()
    for run in range(runs):
        shutil.rmtree(project / CACHE_DIR, ignore_errors=True)
        colds.append(timed_run(build_command(site), project))
        warms.append(timed_run(build_command(site), project))
        floors.append(timed_run(floor_command(floor_site), floor))
        if zensical:
            zensicals.append(timed_run(zensical, floor))
        log(
            f"  run {run + 1}/{runs}: build {colds[-1]['wall_s']:.2f} s cold, {warms[-1]['wall_s']:.2f} s warm, "
            f"floor {floors[-1]['wall_s']:.2f} s" + (f", Zensical {zensicals[-1]['wall_s']:.2f} s" if zensical else "")
        )

    def stats(runs_: list[dict]) -> dict:
        return {key: summary([r[key] for r in runs_]) for key in ("wall_s", "cpu_s", "max_rss_mb")}

    def ratio(builds: list[dict], bases: list[dict], key: str = "wall_s") -> dict:
        return summary([b[key] / f[key] for b, f in zip(builds, bases, strict=True)])

    result = {
        "build": stats(colds),
        "warm_build": stats(warms),
        "floor": stats(floors),
        "build_warnings": colds[-1]["warnings"],
        "ratio": ratio(colds, floors),
        "ratio_warm": ratio(warms, floors),
        # CPU time is much less sensitive than wall clock to other processes competing for the cores
        "ratio_cpu": ratio(colds, floors, "cpu_s"),
        "same_pages": compare_sites(site, floor_site),
    }
    if zensicals:
        result["zensical"] = stats(zensicals)
        result["ratio_zensical"] = ratio(colds, zensicals)
        result["ratio_warm_zensical"] = ratio(warms, zensicals)
    result["ratio_of_medians"] = round(result["build"]["wall_s"]["median"] / result["floor"]["wall_s"]["median"], 4)
    return result


def inprocess_breakdown(project: Path, work: Path, runs: int, profile: Path | None = None) -> dict:
    """Where the build's time goes, from `inprocess.py` runs (one fresh process each)."""
    samples = []
    for _ in range(runs):
        output = subprocess.run(
            [sys.executable, str(INPROCESS), str(project), str(work / "inprocess-site")],
            env=MKDOCS_ENV,
            capture_output=True,
            text=True,
            check=True,
            timeout=1800,
        )
        samples.append(json.loads(output.stdout.strip().splitlines()[-1]))
    keys = [key for key, value in samples[0].items() if isinstance(value, float)]
    result = {key: summary([sample[key] for sample in samples]) for key in keys}
    result["events"] = {name: round(value, 4) for name, value in samples[len(samples) // 2]["events"].items()}
    result["hooks_share"] = summary([s["hooks_total_s"] / s["build_s"] for s in samples])
    if profile:
        subprocess.run(
            [sys.executable, str(INPROCESS), str(project), str(work / "inprocess-site"), "--profile", str(profile)],
            env=MKDOCS_ENV,
            capture_output=True,
            check=True,
            timeout=1800,
        )
        result["profile_top"] = profile_top(profile)
    return result


def profile_top(path: Path, limit: int = 15) -> list[dict]:
    """The functions with the most own time in a cProfile dump."""
    import pstats

    stats = pstats.Stats(str(path))
    rows = []
    for (filename, line, name), (_cc, calls, own, cumulative, _callers) in stats.stats.items():
        where = filename
        for marker in ("site-packages/", "hooks/", "lib/python3"):
            if marker in filename:
                where = filename.split(marker, 1)[1]
                break
        rows.append({"function": f"{where}:{line}({name})", "calls": calls, "own_s": own, "cumulative_s": cumulative})
    rows.sort(key=lambda row: -row["own_s"])
    return [
        {**row, "own_s": round(row["own_s"], 3), "cumulative_s": round(row["cumulative_s"], 3)} for row in rows[:limit]
    ]


# -- mkdocs serve ----------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _Serve:
    """`mkdocs serve` on a free port, its log lines timestamped as they arrive."""

    def __init__(self, project: Path):
        self.port = _free_port()
        self.lines: queue.Queue[tuple[float, str]] = queue.Queue()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{self.port}"],
            cwd=project,
            env=MKDOCS_ENV,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        threading.Thread(target=self._read, daemon=True).start()
        self.url = ""

    def _read(self) -> None:
        for line in self.process.stderr:
            self.lines.put((time.perf_counter(), line.rstrip()))

    def wait_for(self, pattern: str, timeout: float) -> tuple[float, str]:
        deadline = time.perf_counter() + timeout
        while True:
            remaining = deadline - time.perf_counter()
            if remaining <= 0 or self.process.poll() is not None:
                raise RuntimeError(f"mkdocs serve: no {pattern!r} within {timeout} s")
            try:
                stamp, line = self.lines.get(timeout=remaining)
            except queue.Empty:
                continue
            if re.search(pattern, line):
                return stamp, line

    def close(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def _fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8", errors="replace")
    except OSError:
        return ""


def _prefix_first_title(bibtex: str, marker: str) -> str:
    """The text of a `.bib` file with `marker` put at the start of its first title."""
    return re.sub(r"^(\s*title\s*=\s*\{)", lambda m: m.group(1) + marker + " ", bibtex, count=1, flags=re.M)


def serve_rebuild(project: Path, leaf_path: str, leaf_url: str, runs: int) -> dict:
    """Edit the title of the first entry of a `.bib` file, `runs` times, under `mkdocs serve`: the time
    from the write to the log line "Reloading browsers" (the rebuild is done and written), and to
    the served section page showing the new title."""
    bib = project / "papers" / leaf_path
    server = _Serve(project)
    try:
        _stamp, line = server.wait_for(r"Serving on http", timeout=900)
        base = re.search(r"(http://\S+)", line).group(1)
        base = base if base.endswith("/") else base + "/"
        to_log, to_page, detect = [], [], []
        for run in range(runs):
            marker = f"Benchmark edit {run} {time.time_ns()}"
            text = bib.read_text(encoding="utf-8")
            edited = _prefix_first_title(text, marker)
            start = time.perf_counter()
            bib.write_text(edited, encoding="utf-8")
            detected, _ = server.wait_for(r"Detected file changes", timeout=300)
            reloaded, _ = server.wait_for(r"Reloading browsers", timeout=900)
            while marker not in _fetch(base + leaf_url):
                if time.perf_counter() - start > 900:
                    raise RuntimeError("the served page never showed the edit")
                time.sleep(0.02)
            shown = time.perf_counter()
            detect.append(detected - start)
            to_log.append(reloaded - start)
            to_page.append(shown - start)
            log(f"  serve rebuild {run + 1}/{runs}: {to_log[-1]:.2f} s to 'Reloading browsers'")
            time.sleep(1.0)
    finally:
        server.close()
    return {
        "to_reload_log_s": summary(to_log),
        "to_page_s": summary(to_page),
        "change_detected_s": summary(detect),
    }


def copy_repo_project(target: Path) -> Path:
    """`copy_project` from the test fixtures (the repository's site sources, in a scratch directory)."""
    sys.path.insert(0, str(REPO / "tests"))
    from conftest import copy_project

    return copy_project(target)
