"""Lighthouse (the npm package in node_modules/) against pages of the local server."""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from benchmark.common import CHROMIUM, LIGHTHOUSE, log, summary

CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
METRICS = {
    "first-contentful-paint": "fcp_ms",
    "largest-contentful-paint": "lcp_ms",
    "total-blocking-time": "tbt_ms",
    "cumulative-layout-shift": "cls",
    "speed-index": "speed_index_ms",
}


def run_once(url: str, keep: Path | None = None) -> dict:
    """One Lighthouse run; `keep` is where to copy its full JSON report."""
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as scratch:
        report = Path(scratch) / "report.json"
        command = [
            str(LIGHTHOUSE),
            url,
            "--output=json",
            f"--output-path={report}",
            f"--only-categories={','.join(CATEGORIES)}",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
            "--quiet",
        ]
        env = {**os.environ, "CHROME_PATH": CHROMIUM, "TMPDIR": scratch}
        subprocess.run(command, env=env, capture_output=True, text=True, check=True, timeout=300)
        data = json.loads(report.read_text())
        if keep:
            keep.write_bytes(report.read_bytes())
    scores = {name: round(data["categories"][name]["score"] * 100) for name in CATEGORIES}
    metrics = {key: data["audits"][audit].get("numericValue") for audit, key in METRICS.items()}
    failing = sorted(
        audit_id
        for category in CATEGORIES
        for ref in data["categories"][category]["auditRefs"]
        if ref.get("weight", 0) > 0
        and (audit := data["audits"][(audit_id := ref["id"])]).get("score") is not None
        and audit["scoreDisplayMode"] in ("binary", "metricSavings")
        and audit["score"] < 1
    )
    requests = data["audits"].get("network-requests", {}).get("details", {}).get("items", [])
    third_party = [r["url"] for r in requests if _is_third_party(r.get("url", ""))]
    return {
        "scores": scores,
        "metrics": metrics,
        "failing_audits": failing,
        "failing_details": {audit_id: _where(data["audits"][audit_id]) for audit_id in failing},
        "third_party": third_party,
        # Lighthouse's measure of the host's CPU speed: simulated throttling scales with it
        "benchmark_index": (data.get("environment") or {}).get("benchmarkIndex"),
    }


def _where(audit: dict, limit: int = 3) -> list[str]:
    """What an audit found at fault: elements (selectors) or resources (URLs), the first few."""
    found = []
    for item in (audit.get("details") or {}).get("items", [])[:limit]:
        node = item.get("node") or {}
        where = node.get("selector") or item.get("url") or item.get("source", {}).get("url") or ""
        if where:
            found.append(str(where)[:160])
    return found


def _is_third_party(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https", "ws", "wss") and parts.hostname not in ("127.0.0.1", "localhost")


def lighthouse_pages(pages: dict[str, str], runs: int, keep: Path | None = None) -> dict:
    """Scores of each page: median, min and max over `runs` Lighthouse runs (their reports kept in `keep`)."""
    results = {}
    for name, url in pages.items():
        samples = []
        for run in range(runs):
            samples.append(run_once(url, keep / f"lighthouse-{name}-{run + 1}.json" if keep else None))
            log(f"  lighthouse {name} {run + 1}/{runs}: {samples[-1]['scores']}")
        results[name] = {
            "url": urlsplit(url).path,
            "scores": {cat: summary([s["scores"][cat] for s in samples], 1) for cat in CATEGORIES},
            "metrics": {
                key: summary([s["metrics"][key] for s in samples if s["metrics"][key] is not None], 3)
                for key in METRICS.values()
            },
            "failing_audits": sorted({audit for s in samples for audit in s["failing_audits"]}),
            "failing_details": {
                audit: where for s in samples for audit, where in s["failing_details"].items() if where
            },
            "benchmark_index": summary([s["benchmark_index"] for s in samples if s["benchmark_index"]], 0),
            "third_party_requests": sorted({url for s in samples for url in s["third_party"]}),
        }
    return results
