"""The weekly checks against a local stand-in for every service (tests/recorded_services.py): each
planted link gets its status, citation counts come only by DOI or arXiv id, preprints get proposals
with their evidence, and a malformed or hostile answer gives a clear message and changes no data."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO
from datatree import write_tree
from paperlist.catalog import load_catalog
from paperlist.health.linkcheck import check_links
from paperlist.health.records import LinkRecord, LinkReport, load_citations, load_link_report
from paperlist.health.summary import pull_request_body
from paperlist.problems import DataError
from paperlist.scholarly.http import Http
from recorded_services import Services

SIGIR_2020 = (
    "Proceedings of the 43rd International ACM SIGIR Conference on Research and Development in Information Retrieval"
)
SEE_ALSO_PAGES = ("temporary", "broken", "forbidden", "loop", "evil-redirect", "flaky")


def planted_entries(base: str) -> str:
    see_also = "; ".join(f"{label}: {base}/page/{name}" for label, name in zip("abcdef", SEE_ALSO_PAGES, strict=True))
    repositories = "; ".join(f"https://github.com/acme/{name}" for name in ("hostile", "garbled", "limited"))
    return f"""\
@misc{{alpha2021planted,
  title          = {{Planted Alpha Retrieval}},
  author         = {{Ada Alpha and Bob Beta}},
  year           = {{2021}},
  eprint         = {{2101.00001}},
  archiveprefix  = {{arXiv}},
  url            = {{{base}/page/ok}},
  code           = {{https://github.com/acme/live; https://github.com/acme/old}},
  homepage       = {{{base}/page/moved}},
  seealso        = {{old demo: {base}/page/gone}},
  tags           = {{dense-retrieval}},
  added          = {{2021-02-01}}
}}

@misc{{gamma2021planted,
  title          = {{Planted Gamma Ranking}},
  author         = {{Cy Gamma}},
  year           = {{2021}},
  eprint         = {{2101.00002}},
  archiveprefix  = {{arXiv}},
  url            = {{{base}/page/missing}},
  code           = {{https://github.com/acme/gone}},
  unofficialcode = {{https://github.com/acme/renamed/tree/main/src}},
  homepage       = {{{base}/page/slow}},
  tags           = {{dense-retrieval}},
  added          = {{2021-02-01}}
}}

@inproceedings{{delta2020planted,
  title          = {{Planted Delta Index}},
  author         = {{Dee Delta}},
  booktitle      = {{{SIGIR_2020}}},
  year           = {{2020}},
  doi            = {{10.1145/1000001.1000002}},
  url            = {{{base}/page/moved-308}},
  code           = {{{repositories}}},
  homepage       = {{{base}/page/no-head}},
  seealso        = {{{see_also}}},
  tags           = {{dense-retrieval}},
  added          = {{2021-02-01}}
}}
"""


@pytest.fixture
def services():
    with Services() as running:
        yield running


@pytest.fixture
def planted(tmp_path, services) -> Path:
    return write_tree(tmp_path, {"first-stage/dense.bib": planted_entries(services.base)})


def paperlist(root: Path, services: Services, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, **services.env, "PYTHONPATH": str(REPO / "hooks")}
    env.pop("GITHUB_TOKEN", None)
    command = [sys.executable, "-m", "paperlist", "--root", str(root), *args]
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)


def test_every_planted_link_gets_its_status(planted, services):
    result = paperlist(planted, services, "links")
    assert result.returncode == 0, result.stderr
    report = load_link_report(planted)  # the file the command wrote, read back through the validator
    found = {(r.key, r.url.replace(services.base, "")): r for r in report.links}
    expected = {
        ("alpha2021planted", "/page/ok"): "ok",
        ("alpha2021planted", "https://github.com/acme/live"): "ok",
        ("alpha2021planted", "https://github.com/acme/old"): "archived",
        ("alpha2021planted", "/page/moved"): "redirected",
        ("alpha2021planted", "/page/gone"): "dead",
        ("gamma2021planted", "/page/missing"): "dead",
        ("gamma2021planted", "https://github.com/acme/gone"): "missing",
        ("gamma2021planted", "https://github.com/acme/renamed/tree/main/src"): "redirected",
        ("gamma2021planted", "/page/slow"): "unreachable",
        ("delta2020planted", "https://doi.org/10.1145/1000001.1000002"): "ok",
        ("delta2020planted", "/page/moved-308"): "redirected",
        ("delta2020planted", "https://github.com/acme/hostile"): "unreachable",
        ("delta2020planted", "https://github.com/acme/garbled"): "unreachable",
        ("delta2020planted", "https://github.com/acme/limited"): "unreachable",
        ("delta2020planted", "/page/no-head"): "ok",
        ("delta2020planted", "/page/temporary"): "ok",
        ("delta2020planted", "/page/broken"): "unreachable",
        ("delta2020planted", "/page/forbidden"): "unreachable",
        ("delta2020planted", "/page/loop"): "unreachable",
        ("delta2020planted", "/page/evil-redirect"): "unreachable",
        ("delta2020planted", "/page/flaky"): "ok",
    }
    assert {where: record.status for where, record in found.items()} == expected
    assert found[("alpha2021planted", "/page/moved")].final_url == f"{services.base}/page/ok"
    assert found[("delta2020planted", "/page/moved-308")].final_url == f"{services.base}/page/ok"
    renamed = found[("gamma2021planted", "https://github.com/acme/renamed/tree/main/src")]
    assert renamed.final_url == "https://github.com/newco/renamed-now/tree/main/src"
    assert found[("alpha2021planted", "/page/gone")].archive_url.startswith("https://web.archive.org/web/2020")
    assert found[("gamma2021planted", "/page/missing")].archive_url == ""  # the hostile snapshot is dropped
    assert found[("alpha2021planted", "/page/gone")].http_status == 410
    assert "rate limit" in found[("delta2020planted", "https://github.com/acme/limited")].note
    assert "malformed" in found[("delta2020planted", "https://github.com/acme/garbled")].note
    assert "not http(s)" in found[("delta2020planted", "/page/evil-redirect")].note
    assert {record.field for record in report.links} == {"url", "doi", "code", "unofficialcode", "homepage", "seealso"}
    assert all(record.checked == report.checked for record in report.links)
    assert "21 links (21 distinct URLs) checked" in result.stdout
    assert "2 dead, 1 archived, 1 missing" in result.stdout
    # retries with backoff: the flaky page failed twice, then answered
    assert services.requests.count("HEAD /page/flaky") == 3
    # nothing ever went to GitHub, the Wayback Machine or doi.org themselves: their base URLs are replaced
    assert all(not request.split(" ", 1)[1].startswith("http") for request in services.requests)


def test_no_more_than_two_requests_to_a_host_at_once(planted, services, monkeypatch):
    for name, value in services.env.items():
        monkeypatch.setenv(name, value)
    check_links(load_catalog(planted), Http(timeout=1, retries=0, backoff=0), workers=16)
    assert services.max_in_flight == 2  # 21 URLs on one host, 16 workers: the per-host limit holds them to 2


def test_the_github_token_goes_to_githubs_api_only(tmp_path, services, monkeypatch):
    for name, value in services.env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("GITHUB_TOKEN", "planted-token")
    entry = (
        planted_entries(services.base)
        .split("\n\n")[0]
        .replace("https://github.com/acme/live; https://github.com/acme/old", "https://github.com/acme/moved-away")
    )
    root = write_tree(tmp_path, {"first-stage/dense.bib": entry})
    report = check_links(load_catalog(root), Http(timeout=1, retries=0, backoff=0), workers=4)
    (moved,) = [record for record in report.links if record.url.endswith("/moved-away")]
    assert moved.status == "unreachable" and moved.http_status == 301
    assert services.authorized_hosts and all(host.startswith("127.0.0.1:") for host in services.authorized_hosts)


def test_citation_counts_come_by_doi_or_arxiv_id_and_hostile_works_are_skipped(planted, services):
    result = paperlist(planted, services, "citations", "--out", "data/citations.json")
    assert result.returncode == 0, result.stderr
    citations = load_citations(planted)
    assert {key: (c.cited_by, c.matched_by) for key, c in citations.counts.items()} == {
        "delta2020planted": (1234, "doi"),
        "alpha2021planted": (56, "arxiv"),
    }  # gamma's only works have a non-numeric count, a javascript: id and a negative count
    assert citations.counts["alpha2021planted"].work == "https://openalex.org/W1000000002"
    assert "OpenAlex knows 2 of 3 papers" in result.stdout


def test_a_malformed_openalex_answer_changes_no_data(planted, services):
    before = paperlist(planted, services, "citations")
    assert before.returncode == 0
    stored = (planted / "data" / "citations.json").read_bytes()
    services_env = {**services.env, "PAPERLIST_OPENALEX_API": f"{services.base}/openalex-garbled"}
    env = {**os.environ, **services_env, "PYTHONPATH": str(REPO / "hooks")}
    result = subprocess.run(
        [sys.executable, "-m", "paperlist", "--root", str(planted), "citations"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 1
    assert "OpenAlex sent a malformed answer (not a JSON object)" in result.stderr
    assert "data/citations.json was not changed" in result.stderr
    assert (planted / "data" / "citations.json").read_bytes() == stored


def test_preprints_get_published_version_proposals_with_evidence(planted, services):
    result = paperlist(planted, services, "published")
    assert result.returncode == 0, result.stderr
    data = json.loads((planted / "data" / "published.json").read_text(encoding="utf-8"))
    proposals = {p["key"]: p["evidence"] for p in data["proposals"]}
    assert set(proposals) == {"alpha2021planted", "gamma2021planted"}  # delta is published already
    alpha = {(e["source"], e["doi"]) for e in proposals["alpha2021planted"]}
    assert alpha == {("arXiv", "10.1145/1000003.1000004"), ("OpenAlex", "10.1145/1000003.1000004")}
    assert any("Planted Journal of Retrieval 3 (2022)" in e["detail"] for e in proposals["alpha2021planted"])
    [gamma] = proposals["gamma2021planted"]
    assert (gamma["source"], gamma["doi"]) == ("Crossref", "10.18653/v1/2022.planted-main.7")
    every = [e for evidence in proposals.values() for e in evidence]
    assert all(e["url"].startswith(("http://", "https://")) for e in every)  # the javascript: location was dropped
    assert not any("onerror" in e["detail"] for e in every)
    assert data["unavailable"] == []


def test_the_pull_request_text_escapes_what_services_sent(planted, services):
    for command in ("links", "published", "citations"):
        assert paperlist(planted, services, command).returncode == 0
    result = paperlist(planted, services, "health-summary")
    assert result.returncode == 0, result.stderr
    body = result.stdout
    assert "### Dead links (404, 410) (2)" in body
    assert "### Archived repositories (read-only) (1)" in body
    assert "### Missing repositories (1)" in body
    assert "OpenAlex knows 2 of the 3 papers" in body
    assert "Planted Meeting \\[click\\]\\(javascript:alert\\(1\\)\\) \\@everyone" in body
    assert "[click](" not in body and "@everyone" not in body.replace("\\@everyone", "")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("links.json", {"format": 1, "checked": "2026-12-01", "links": [{"status": "exploded"}]}, "status"),
        (
            "links.json",
            {
                "format": 1,
                "checked": "2026-12-01",
                "links": [
                    {"key": "k", "field": "url", "url": "javascript:alert(1)", "status": "ok", "checked": "2026-12-01"}
                ],
            },
            "url is not an http(s) URL",
        ),
        ("links.json", {"format": 1, "checked": "yesterday", "links": []}, "checked is not a date"),
        (
            "citations.json",
            {"format": 1, "fetched": "2026-12-01", "papers": {"k": {"cited_by": -1}}},
            "cited_by is not a count",
        ),
        ("citations.json", "[not json", "is not JSON"),
    ],
)
def test_a_malformed_data_file_stops_the_build_with_its_name(tmp_path, name, content, message):
    (tmp_path / "data").mkdir()
    text = content if isinstance(content, str) else json.dumps(content)
    (tmp_path / "data" / name).write_text(text, encoding="utf-8")
    load = load_link_report if name == "links.json" else load_citations
    with pytest.raises(DataError) as caught:
        load(tmp_path)
    assert f"data/{name}" in caught.value.report() and message in caught.value.report()


def test_the_pull_request_text_stays_within_githubs_limit_for_a_large_list():
    records = tuple(
        LinkRecord(
            f"paper{n}", "url", f"https://example.org/{n}", "redirected", "2026-12-07", f"https://example.org/{n}/"
        )
        for n in range(2000)
    )
    body = pull_request_body(LinkReport("2026-12-07", records), None, None, 2000)
    assert len(body) < 65_536
    assert "... and 1940 more: see the file under `data/`." in body
    assert "2000 links (2000 distinct URLs) checked on 2026-12-07: 0 ok, 2000 redirected" in body
