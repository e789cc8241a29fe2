"""The benchmark (tests/benchmark/run.py) in its smoke mode, so that it cannot rot.

One run over the real data and over the real data plus 50 synthetic papers, into a scratch
directory, no Lighthouse, nothing published. The test checks that every part ran and that every
figure is there and sane (present, positive, consistent): it never compares a timing with a
target, since timings depend on the machine.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from benchmark.synth import grow_project

from conftest import CHROMIUM, REPO, copy_project
from paperlist.catalog import load_catalog

RUN = REPO / "tests" / "benchmark" / "run.py"
SECTIONS = ("### Targets", "### Data sets", "### Build cost", "### Weight", "### Browser", "### Lighthouse")


def _positive(data: dict, path: str) -> float:
    value = data
    for part in path.split("."):
        assert isinstance(value, dict) and part in value, f"{path}: no {part!r}"
        value = value[part]
    assert isinstance(value, int | float) and not isinstance(value, bool), f"{path} = {value!r}"
    assert value > 0, f"{path} = {value!r}"
    return value


def _timed(data: dict, path: str) -> None:
    """A summary of runs: median, min and max present, positive and ordered."""
    low, mid, high = (_positive(data, f"{path}.{key}") for key in ("min", "median", "max"))
    assert low <= mid <= high, f"{path}: {low} {mid} {high}"
    assert _positive(data, f"{path}.runs") >= 1


@pytest.fixture(scope="module")
def smoke(tmp_path_factory) -> tuple[dict, str, int]:
    assert Path(CHROMIUM).exists(), "Debian's chromium is needed: `apt-get install chromium` (make test does it)"
    out = tmp_path_factory.mktemp("bench") / "out"
    size = len(load_catalog(REPO).papers) + 50
    command = [sys.executable, str(RUN), "--smoke", f"--sizes={size}", "--out", str(out), "--no-publish"]
    command += ["--lighthouse-runs=0", "--runs=1", "--serve-runs=1"]
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-6000:]
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    return results, (out / "report.md").read_text(encoding="utf-8"), size


@pytest.mark.browser
def test_smoke_report_has_every_section(smoke):
    results, report, size = smoke
    positions = [report.find(section) for section in SECTIONS]
    assert -1 not in positions, [s for s, p in zip(SECTIONS, positions, strict=True) if p < 0]
    assert positions == sorted(positions)
    assert "| real |" in report and f"| {size} |" in report
    assert "Not run in this mode" in report  # Lighthouse, skipped in the smoke mode
    assert "Layout shift while each page loads" in report
    assert results["smoke"] is True and results["runs"] == 1
    assert set(results["datasets"]) == {"real", str(size)}
    assert results["machine"]["cores"] >= 1 and results["machine"]["chromium"] != "unavailable"


@pytest.mark.browser
@pytest.mark.parametrize("name", ["real", "grown"])
def test_smoke_figures_are_sane(smoke, name):
    results, _report, size = smoke
    real = results["datasets"]["real"]
    data = results["datasets"]["real" if name == "real" else str(size)]
    if name == "real":
        assert data["synthetic"] == 0
    else:
        assert data["synthetic"] == 50 and data["papers"] == real["papers"] + 50
    assert data["floor"]["pages"] > 0
    # build cost: the build, its floor (which must produce the same HTML pages) and the ratio
    for path in (
        "build.wall_s",
        "build.cpu_s",
        "build.max_rss_mb",
        "warm_build.wall_s",
        "floor.wall_s",
        "floor.cpu_s",
        "zensical.wall_s",
        "ratio",
        "ratio_warm",
        "ratio_cpu",
        "ratio_zensical",
    ):
        _timed(data, f"build_cost.{path}")
    same = data["build_cost"]["same_pages"]
    assert same["html_pages"] == same["floor_html_pages"] > 0
    assert same["only_in_build"] == same["only_in_floor"] == []
    # where the time goes
    for key in ("build_s", "hooks_import_s", "hooks_parse_s", "hooks_validate_s", "hooks_render_s", "search_index_s"):
        _timed(data, f"inprocess.{key}")
    inprocess = data["inprocess"]
    assert inprocess["hooks_load_validate_s"]["median"] >= inprocess["hooks_parse_s"]["median"]
    assert inprocess["hooks_total_s"]["median"] < inprocess["build_s"]["median"]
    # mkdocs serve after one .bib edit
    for key in ("to_reload_log_s", "to_page_s", "change_detected_s"):
        _timed(data, f"serve.{key}")
    # weight
    weight = data["weight"]
    for path in ("site_bytes", "site_files", "html_bytes", "largest_section.bytes", "explorer.bytes", "home.bytes"):
        _positive(weight, path)
    assert weight["largest_html"]["bytes"] >= weight["largest_section"]["bytes"]
    assert all(name.endswith(".html") for name in [weight["largest_html"]["path"], *weight["html_over_2mb"]])
    assert 0 < _positive(weight, "papers_json.gzip") < _positive(weight, "papers_json.bytes")
    assert 0 < _positive(weight, "explorer_index.gzip") < _positive(weight, "explorer_index.bytes")
    assert _positive(weight, "explorer_parts.files") >= 1 and _positive(weight, "explorer_parts.bytes") > 0
    assert _positive(weight, "search_index.files") < _positive(weight, "search_index.bytes")
    assert weight["project_js_bytes"] > weight["project_js_gzip"] > 0
    assert weight["project_css_bytes"] > weight["project_css_gzip"] > 0
    # browser
    browser = data["browser"]
    for path in ("cold_from_last_key_ms", "cold_from_navigation_ms", "back_to_back_from_last_key_ms", "warm_ms"):
        _timed(browser, f"search.{path}")
    fetched = _positive(browser, "search.fetched_until_first_result_bytes.median")
    assert 0 < _positive(browser, "search.search_index_fetched_bytes.median") < fetched
    _timed(browser, "section_filters.bar_ready_ms")
    for rows in ("first_rows", "first_rows_unfiltered"):
        for key in ("from_navigation_ms", "complete_ms"):
            _timed(browser, f"explorer.{rows}.{key}")
        first = browser["explorer"][rows]
        assert first["complete_ms"]["median"] >= first["from_navigation_ms"]["median"]
        # before or after the load event: a number either way, and after the navigation
        assert -first["from_navigation_ms"]["median"] < first["after_load_event_ms"]["median"] < 60_000
        _positive(browser, f"explorer.{rows}.fetched_bytes.median")
    for part in ("section_filters", "explorer"):
        for kind in ("filter_change", "keystroke"):
            assert browser[part][kind]["interactions"] > 0, (part, kind)
            _timed(browser, f"{part}.{kind}.paint_ms")
            _timed(browser, f"{part}.{kind}.layout_ms")
            _positive(browser, f"{part}.{kind}.main_thread_ms.task_ms")
    for page in ("home", "section", "explorer"):
        shift = browser["layout_shift"][page]["cls"]
        assert shift["runs"] == 1 and shift["median"] >= 0, (page, shift)  # 0 is the best value
    assert browser["requests"] > 0 and isinstance(browser["third_party_requests"], list)
    # the load the machine was under
    assert data["load"]["wall_s"] > 0 and data["load"]["others_share"] >= 0


@pytest.mark.browser
def test_smoke_targets_are_all_evaluated(smoke):
    results, report, _size = smoke
    targets = results["targets"]
    assert len(targets) == 15
    for target in targets:
        expected = ("met", "missed") if target["limit"] != "–" else ("reported",)  # Zensical's ratio: no limit
        if target["target"].startswith("every Lighthouse"):
            expected = ("not measured",)  # not run in the smoke mode
        assert target["status"] in expected, target
        assert target["target"] in report
        if "Lighthouse" in target["target"]:
            assert target["status"] == "not measured"  # not run in the smoke mode
        else:
            assert target["status"] != "not measured" and target["value"] is not None, target


def test_synthetic_papers_are_deterministic_and_valid(tmp_path):
    """The same seed gives the same files; the grown list passes the validator (load_catalog raises if not)."""
    real = load_catalog(REPO)
    texts = []
    for copy in ("a", "b"):
        project = copy_project(tmp_path / copy)
        summary = grow_project(project, len(real.papers) + 120, seed=7)
        assert summary["synthetic"] == 120
        catalog = load_catalog(project)
        assert len(catalog.papers) == len(real.papers) + 120
        texts.append({p.relative_to(project).as_posix(): p.read_text() for p in (project / "papers").rglob("*.bib")})
    assert texts[0] == texts[1]
    real_keys = {p.key for p in real.papers}
    synthetic = [p for p in load_catalog(tmp_path / "a").papers if p.key not in real_keys]
    assert len(synthetic) == 120
    # spread over the real taxonomy: many sections and tags
    assert len({p.section for p in synthetic}) > 5
    assert len({tag for p in synthetic for tag in p.tags}) > 5
