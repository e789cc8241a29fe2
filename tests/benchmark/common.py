"""Shared helpers: paths, statistics over runs, timing of subprocesses, the machine description."""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
HOOKS = REPO / "hooks"
CHROMIUM = "/usr/bin/chromium"
LIGHTHOUSE = REPO / "node_modules" / ".bin" / "lighthouse"
PUBLISHED_PAGE = "docs/performance.md"
SITE_SOURCES = ("mkdocs.yml", "docs", "hooks", "overrides", "papers")  # what `copy_project` copies
MKDOCS_ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}


def summary(values: list[float], digits: int = 4) -> dict:
    """Median, min and max of the runs (and the runs themselves, for the JSON)."""
    values = [float(v) for v in values]
    if not values:
        return {"median": None, "min": None, "max": None, "runs": 0, "values": []}
    return {
        "median": round(statistics.median(values), digits),
        "min": round(min(values), digits),
        "max": round(max(values), digits),
        "runs": len(values),
        "values": [round(v, digits) for v in values],
    }


def log(message: str) -> None:
    stamp = dt.datetime.now().strftime("%H:%M:%S")
    print(f"[bench {stamp}] {message}", file=sys.stderr, flush=True)


def timed_run(command: list[str], cwd: Path, *, timeout: float = 1800) -> dict:
    """Run a command under /usr/bin/time: wall clock (perf_counter), CPU seconds and peak memory."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as stats:
        wrapped = ["/usr/bin/time", "-f", "%e %U %S %M", "-o", stats.name, *command]
        start = time.perf_counter()
        result = subprocess.run(wrapped, cwd=cwd, env=MKDOCS_ENV, capture_output=True, text=True, timeout=timeout)
        wall = time.perf_counter() - start
        fields = stats.read().split()
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed in {cwd}:\n{result.stderr[-4000:]}")
    # /usr/bin/time may prefix a "Command exited ..." line; the figures are the last four fields.
    _elapsed, user, system, max_kb = (float(x) for x in fields[-4:])
    return {
        "wall_s": wall,
        "cpu_s": user + system,
        "max_rss_mb": max_kb / 1024,
        "warnings": sum(1 for line in result.stderr.splitlines() if "WARNING" in line),
    }


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def _command_output(command: list[str]) -> str:
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return "unavailable"
    return result.stdout.strip() or "unavailable"


def machine() -> dict:
    """What the numbers were measured on."""
    cpu = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    ram_gb = None
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        for line in meminfo.read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram_gb = round(int(line.split()[1]) / 1024 / 1024, 1)
    lighthouse_pkg = REPO / "node_modules" / "lighthouse" / "package.json"
    lighthouse = json.loads(lighthouse_pkg.read_text())["version"] if lighthouse_pkg.exists() else "not installed"
    commit = _command_output(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"])
    # The benchmark builds the working tree: say which files that make the site differ from the commit
    # (modified, added or untracked).
    try:
        status = subprocess.run(
            ["git", "-C", str(REPO), "status", "--porcelain", "--", *SITE_SOURCES],
            capture_output=True,
            text=True,
            timeout=60,
        ).stdout
    except (OSError, subprocess.TimeoutExpired):
        status = ""
    # "XY path": the path from column 3; the page this benchmark writes its report into does not count
    dirty = [line[3:] for line in status.splitlines() if line.strip() and line[3:] != PUBLISHED_PAGE]
    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram_gb": ram_gb,
        "os": platform.platform(terse=True),
        "python": platform.python_version(),
        "mkdocs": _version("mkdocs"),
        "material": _version("mkdocs-material"),
        "bibtexparser": _version("bibtexparser"),
        "playwright": _version("playwright"),
        "chromium": _command_output([CHROMIUM, "--version"]),
        "node": _command_output(["node", "--version"]),
        "lighthouse": lighthouse,
        "commit": commit,
        "dirty": ", ".join(f"`{path}`" for path in dirty),
    }


def _machine_busy_s() -> float:
    """CPU-seconds all processes have spent busy since boot (every core), from /proc/stat."""
    values = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:9]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = values
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def _own_cpu_s() -> float:
    """CPU-seconds of this process and of its finished subprocesses (builds, browsers, Lighthouse)."""
    me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


class CpuMeter:
    """How much of the machine other processes used while the benchmark ran: a shared or busy machine
    makes every figure slower and noisier, so the report says how busy it was."""

    def __init__(self) -> None:
        self.available = Path("/proc/stat").exists()
        self.start = (time.perf_counter(), self._busy(), _own_cpu_s())

    def _busy(self) -> float:
        return _machine_busy_s() if self.available else 0.0

    def read(self) -> dict | None:
        if not self.available:
            return None
        wall = time.perf_counter() - self.start[0]
        busy = self._busy() - self.start[1]
        own = _own_cpu_s() - self.start[2]
        others = max(0.0, busy - own)
        cores = os.cpu_count() or 1
        return {
            "wall_s": round(wall, 1),
            "machine_busy_s": round(busy, 1),
            "own_cpu_s": round(own, 1),
            "others_cpu_s": round(others, 1),
            "others_share": round(others / (wall * cores), 4) if wall > 0 else 0.0,
        }


def tree_size(directory: Path) -> tuple[int, int]:
    """Total bytes and number of files under a directory."""
    total = count = 0
    for path in directory.rglob("*"):
        if path.is_file():
            total += path.stat().st_size
            count += 1
    return total, count
