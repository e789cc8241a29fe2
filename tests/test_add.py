"""`paperlist add` against a local server that replays recorded arXiv and Crossref answers."""

from __future__ import annotations

import datetime as dt
import http.server
import json
import re
import socket
import threading
import time
import urllib.parse
from pathlib import Path

import pytest

from conftest import copy_project
from paperlist import add, cli
from paperlist.bibformat import format_file
from paperlist.catalog import load_catalog, normalized_title
from paperlist.latex import unescaped_specials
from paperlist.scholarly import metadata as fetch

RECORDED = Path(__file__).parent / "data" / "recorded"
DPR_FILE = "papers/first-stage/dense/hard-negatives.bib"  # where the tests add them
COLBERT_FILE = "papers/first-stage/dense/late-interaction.bib"
COLBERT_TITLE = "ColBERT: Efficient and Effective Passage Search via Contextualized Late Interaction over BERT"
COLBERT_DOI = "10.1145/3397271.3401075"


class _Replay(http.server.BaseHTTPRequestHandler):
    """/arxiv/query?id_list=ID, /crossref/works/DOI, and failure modes under other prefixes."""

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        query = urllib.parse.parse_qs(url.query)
        if url.path == "/arxiv/query":
            ident = query.get("id_list", [""])[0]
            files = {"2004.04906": "arxiv-2004.04906.xml", "1234.12345": "arxiv-error-incorrect-id.xml"}
            return self.reply(
                200, (RECORDED / files.get(ident, "arxiv-empty.xml")).read_bytes(), "application/atom+xml"
            )
        if url.path.startswith("/crossref/works/"):
            doi = urllib.parse.unquote(url.path.removeprefix("/crossref/works/"))
            record = json.loads((RECORDED / "crossref-10.1145_3397271.3401075.json").read_text())
            if doi == COLBERT_DOI:
                return self.reply(200, json.dumps(record).encode(), "application/json")
            if doi == "10.9999/unknown-venue":
                record["message"] |= {"DOI": doi, "container-title": ["Proceedings of the Workshop on Things"]}
                record["message"].pop("event")
                return self.reply(200, json.dumps(record).encode(), "application/json")
            return self.reply(404, b"Resource not found.", "text/plain")
        if url.path.startswith("/unavailable"):
            return self.reply(503, b"<html><body>Service Unavailable</body></html>", "text/html")
        if url.path.startswith("/garbage"):
            return self.reply(200, b'<html><body>Rate limited {"status": "ok"', "text/html")
        if url.path.startswith("/slow"):
            time.sleep(1.5)
            return self.reply(200, b"", "text/plain")
        return self.reply(404, b"no such route", "text/plain")

    def reply(self, status: int, body: bytes, content_type: str):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # the client of /slow has given up: a broken pipe is the expected end


@pytest.fixture(scope="module")
def server():
    httpd = _QuietServer(("127.0.0.1", 0), _Replay)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def apis(server, monkeypatch):
    monkeypatch.setenv("PAPERLIST_ARXIV_API", f"{server}/arxiv/query")
    monkeypatch.setenv("PAPERLIST_CROSSREF_API", f"{server}/crossref/works")
    monkeypatch.setenv("PAPERLIST_HTTP_TIMEOUT", "5")
    return server


@pytest.fixture
def project(tmp_path) -> Path:
    return copy_project(tmp_path / "project")


def take_out(root: Path, which: str) -> None:
    """Remove the data's own entry of DPR or ColBERT, wherever curation put it, so it can be added."""
    for paper in load_catalog(root).papers:
        if (which == "dpr" and paper.arxiv == "2004.04906") or (
            which == "colbert" and normalized_title(paper.title) == normalized_title(COLBERT_TITLE)
        ):
            remove_entry(root, paper.location.path, paper.key)


def forget_doi(root: Path, doi: str) -> None:
    """Remove a DOI from the data's entry that has it (the entry stays, known by its arXiv id and title)."""
    (paper,) = [p for p in load_catalog(root).papers if p.doi == doi]
    path = root / paper.location.path
    text, count = re.subn(rf"\n  doi += \{{{re.escape(doi)}\}},", "", path.read_text())
    assert count == 1
    path.write_text(text)


def remove_entry(root: Path, rel: str, key: str) -> None:
    path = root / rel
    text, count = re.subn(rf"@\w+\{{{re.escape(key)},\n.*?\n\}}\n\n?", "", path.read_text(), flags=re.S)
    assert count == 1
    path.write_text(text)


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted((root / "papers").rglob("*")) if p.is_file()}


def run(root: Path, *args: str) -> int:
    return cli.main(["--root", str(root), "add", *args])


def test_add_from_arxiv(project, apis, capsys):
    take_out(project, "dpr")
    before = snapshot(project)
    code = run(project, "2004.04906", "--section", "hard-negatives", "--tags", "dense-retrieval,negative-sampling",
               "--added", "2026-12-01", "--model", "DPR", "--keyidea", "in-batch negatives")  # fmt: skip
    out = capsys.readouterr().out
    assert code == 0, out
    assert "Added karpukhin2020dense to papers/first-stage/dense/hard-negatives.bib:" in out
    assert "'EMNLP 2020'" in out  # arXiv's comment, so the contributor sets the published venue
    after = snapshot(project)
    assert [name for name in after if after[name] != before[name]] == [DPR_FILE]
    paper = next(p for p in load_catalog(project).papers if p.key == "karpukhin2020dense")
    assert paper.title == "Dense Passage Retrieval for Open-Domain Question Answering"
    assert paper.authors == (
        "Vladimir Karpukhin", "Barlas Oğuz", "Sewon Min", "Patrick Lewis",
        "Ledell Wu", "Sergey Edunov", "Danqi Chen", "Wen-tau Yih",
    )  # fmt: skip
    assert not paper.more_authors
    assert (paper.year, paper.venue, paper.arxiv, paper.doi) == (
        2020,
        "arXiv",
        "2004.04906",
        "10.18653/v1/2020.emnlp-main.550",
    )
    assert paper.url == "https://arxiv.org/abs/2004.04906"
    assert paper.tags == ("dense-retrieval", "negative-sampling")
    assert paper.added.isoformat() == "2026-12-01"
    assert (paper.model, paper.key_idea) == ("DPR", "in-batch negatives")
    assert paper.abstract == ""  # the list copies no abstracts
    text = (project / DPR_FILE).read_text()
    assert "@misc{karpukhin2020dense," in text and "primaryclass   = {cs.CL}" in text
    assert "  venue " not in text  # derived from eprint: one fact, one source
    assert format_file(project / DPR_FILE, DPR_FILE, write=False) == (False, [])  # canonical already


def test_add_from_doi_maps_the_venue(project, apis, capsys):
    take_out(project, "colbert")
    before = snapshot(project)
    assert (
        run(project, f"https://doi.org/{COLBERT_DOI}", "--section", "late-interaction", "--tags", "late-interaction")
        == 0
    )
    assert "Added khattab2020colbert" in capsys.readouterr().out
    after = snapshot(project)
    assert [name for name in after if after[name] != before[name]] == [COLBERT_FILE]
    paper = next(p for p in load_catalog(project).papers if p.key == "khattab2020colbert")
    assert paper.entry_type == "inproceedings"
    assert (
        paper.title == "ColBERT: Efficient and Effective Passage Search via Contextualized Late Interaction over BERT"
    )
    assert paper.authors == ("Omar Khattab", "Matei Zaharia")
    assert (paper.year, paper.venue, paper.doi) == (2020, "SIGIR", COLBERT_DOI)
    assert paper.url == f"https://doi.org/{COLBERT_DOI}"
    fields = dict(paper.fields)
    assert fields["title"].startswith("{ColBERT}: Efficient") and fields["title"].endswith("over {BERT}")
    assert (fields["pages"], fields["publisher"], fields["address"]) == ("39--48", "ACM", "New York, NY, USA")
    assert (fields["month"], fields["isbn"]) == ("jul", "9781450380164")
    assert fields["booktitle"].startswith("Proceedings of the 43rd International ACM SIGIR Conference")
    assert "venue" not in fields  # derived from the booktitle
    assert fields["added"] == dt.date.today().isoformat()


@pytest.mark.parametrize(
    ("setting", "args", "message"),
    [
        ("offline", ["2004.04906"], "could not reach the arXiv API"),
        ("unavailable", ["2004.04906"], "answered HTTP 503"),
        ("garbage", ["2004.04906"], "malformed answer"),
        ("garbage", [COLBERT_DOI], "malformed answer"),
        ("slow", ["2004.04906"], "did not answer within 0.3 s"),
        ("recorded", ["1234.12345"], "arXiv refused id 1234.12345: incorrect id format for 1234.12345"),
        ("recorded", ["2004.99999"], "arXiv has no paper 2004.99999"),
        ("recorded", ["10.1145/0000000.0000000"], "Crossref knows no DOI 10.1145/0000000.0000000"),
        ("recorded", ["10.9999/unknown-venue"], "unknown venue 'Proceedings of the Workshop on Things'"),
        ("recorded", [COLBERT_DOI], "same paper as "),  # found by title and arXiv id once Crossref answers
        ("offline", ["2004.04906v2"], "2004.04906 is already listed as "),  # known without a request
        ("offline", ["not-an-id"], "neither an arXiv id"),
    ],
)
def test_failures_change_no_file(project, apis, monkeypatch, capsys, setting, args, message):
    if setting == "offline":
        with socket.socket() as probe:  # a port on which nothing listens
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        monkeypatch.setenv("PAPERLIST_ARXIV_API", f"http://127.0.0.1:{port}/api/query")
        monkeypatch.setenv("PAPERLIST_CROSSREF_API", f"http://127.0.0.1:{port}/works")
    elif setting != "recorded":
        monkeypatch.setenv("PAPERLIST_ARXIV_API", f"{apis}/{setting}/query")
        monkeypatch.setenv("PAPERLIST_CROSSREF_API", f"{apis}/{setting}/works")
        monkeypatch.setenv("PAPERLIST_HTTP_TIMEOUT", "0.3")
    if args == ["2004.04906"]:  # listed in the data: take it out so that the request is made
        take_out(project, "dpr")
    if args == [COLBERT_DOI]:  # the data lists ColBERT with this DOI: forget the DOI so that Crossref is asked
        forget_doi(project, COLBERT_DOI)
    before = snapshot(project)
    assert run(project, *args, "--section", "late-interaction", "--tags", "late-interaction") == 1
    err = capsys.readouterr().err
    assert message in err and "No file was changed." in err
    assert snapshot(project) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--section", "hard-negatives"], "tags are required: pass --tags"),
        (["--section", "hard-negatives", "--tags", "dense, nope"], "unknown tag(s) dense, nope"),
        (["--section", "dense", "--tags", "dense-retrieval"], "section 'dense' is a group"),
        (["--section", "nowhere", "--tags", "dense-retrieval"], "section 'nowhere' is unknown"),
        (["--section", "hard-negatives", "--tags", "dense-retrieval", "--added", "yesterday"], "is not a date"),
    ],
)
def test_bad_arguments_are_refused_before_any_request(project, monkeypatch, capsys, args, message):
    monkeypatch.setenv("PAPERLIST_ARXIV_API", "http://127.0.0.1:9/never-asked")
    before = snapshot(project)
    assert run(project, "2101.00001", *args) == 1
    assert message in capsys.readouterr().err
    assert snapshot(project) == before


def test_an_invalid_new_entry_is_rolled_back(project, apis, monkeypatch, capsys):
    take_out(project, "dpr")
    before = snapshot(project)
    monkeypatch.setattr(add, "entry_fields", lambda *a, **k: {"title": "x", "url": "ftp://nope", "tags": "x"})
    assert run(project, "2004.04906", "--section", "hard-negatives", "--tags", "dense-retrieval") == 1
    err = capsys.readouterr().err
    assert "papers/first-stage/dense/hard-negatives.bib:" in err and "does not pass the checks" in err
    assert snapshot(project) == before


def test_non_http_base_urls_are_refused(monkeypatch):
    monkeypatch.setenv("PAPERLIST_ARXIV_API", "file:///etc/passwd")
    with pytest.raises(fetch.FetchError, match="not an http"):
        fetch.fetch("arxiv", "2004.04906")


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("2004.04906", ("arxiv", "2004.04906")),
        ("arXiv:2004.04906v3", ("arxiv", "2004.04906")),
        ("https://arxiv.org/pdf/2004.04906v2.pdf", ("arxiv", "2004.04906")),
        ("hep-th/9901001", ("arxiv", "hep-th/9901001")),
        ("10.1145/3397271.3401075", ("doi", "10.1145/3397271.3401075")),
        ("https://doi.org/10.18653/v1/2020.emnlp-main.550", ("doi", "10.18653/v1/2020.emnlp-main.550")),
    ],
)
def test_identifiers(text, parsed):
    assert fetch.parse_identifier(text) == parsed


def test_keys():
    taken = {"khattab2020colbert", "khattab2020colbertb"}
    assert add.make_key("Khattab", "2020", "{ColBERT}: Efficient and Effective", taken) == "khattab2020colbertc"
    assert add.make_key("Hofstätter", "2021", "Efficiently Teaching an Effective Dense Retriever", set()) == (
        "hofstatter2021efficiently"
    )
    assert add.make_key("de Souza", "2022", "The 3 Keys to a Better Index", set()) == "desouza2022keys"
    assert add.make_key("Łukasz", "2019", "On the $k$-NN of \\textbf{Things}", set()) == "lukasz2019nn"


def test_bibtex_text_and_acronyms():
    assert add.bibtex_name("Wen-tau Yih") == "Wen-tau Yih"
    assert add.bibtex_name("Research and Development Team") == "{Research and Development Team}"
    assert add.bibtex_text("Q&A at 50% for #1 in_place {x}") == r"Q\&A at 50\% for \#1 in\_place \{x\}"
    assert add.bibtex_text("Sub-linear $O(\\log n)$ & more", latex=True) == r"Sub-linear $O(\log n)$ \& more"
    # an arXiv title keeps its LaTeX; what the validator would refuse is escaped, math left as it is
    title = "BM25_plus & $x_i^2$ at 50% for C# and R\\&D"
    assert add.bibtex_text(title, latex=True) == r"BM25\_plus \& $x_i^2$ at 50\% for C\# and R\&D"
    assert unescaped_specials(add.bibtex_text(title, latex=True)) == []
    assert add.protect_acronyms("ColBERT: Late Interaction over BERT with T5, $k$ and kNN") == (
        "{ColBERT}: Late Interaction over {BERT} with {T5}, $k$ and kNN"
    )
    assert add.protect_acronyms("Open-Domain {RocketQA} \\emph{Dense}") == "Open-Domain {RocketQA} \\emph{Dense}"
