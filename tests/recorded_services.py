"""A local stand-in for every service the list's checks ask: web pages in planted states, GitHub's REST
API, the Wayback Machine, OpenAlex, the arXiv API and Crossref. Answers of the services come from
tests/data/recorded/ (shaped like the real APIs' documented answers; the states are planted, the
counts are not anybody's real ones). Nothing here touches the network.
"""

from __future__ import annotations

import http.server
import json
import threading
import time
import urllib.parse
from pathlib import Path

RECORDED = Path(__file__).parent / "data" / "recorded"
SLOW_SECONDS = 3.0  # longer than the tests' client timeout

# path -> (status, headers) for the planted web pages; "{base}" is the server's own address
PAGES = {
    "/page/ok": (200, {}),
    "/page/moved": (301, {"Location": "/page/ok"}),
    "/page/moved-308": (308, {"Location": "{base}/page/ok"}),
    "/page/temporary": (302, {"Location": "/page/ok"}),
    "/page/gone": (410, {}),
    "/page/missing": (404, {}),
    "/page/broken": (500, {}),
    "/page/forbidden": (403, {}),
    "/page/loop": (301, {"Location": "/page/loop"}),
    "/page/evil-redirect": (301, {"Location": "javascript:alert(1)"}),
}
REPOSITORIES = {  # GitHub's API: /repos/{owner}/{name}
    "acme/live": (200, {"full_name": "acme/live", "archived": False, "html_url": "https://github.com/acme/live"}),
    "acme/old": (200, {"full_name": "acme/old", "archived": True, "html_url": "https://github.com/acme/old"}),
    "acme/gone": (404, {"message": "Not Found"}),
    "acme/hostile": (200, {"full_name": "acme/hostile", "archived": False, "html_url": "javascript:alert(1)"}),
    "acme/garbled": (200, "<html>this is not JSON</html>"),
}
RENAMED = {"full_name": "newco/renamed-now", "archived": False, "html_url": "https://github.com/newco/renamed-now"}


class Services:
    """`with Services() as services:` serves on 127.0.0.1; `services.env` points paperlist at it."""

    def __init__(self):
        handler = type("Handler", (_Handler,), {"services": self})
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.requests: list[str] = []
        self.authorized_hosts: list[str] = []  # the Host of each request that carried a token
        self.flaky_seen = 0
        self.in_flight = 0
        self.max_in_flight = 0  # the most requests the server was answering at once
        self.lock = threading.Lock()

    @property
    def env(self) -> dict[str, str]:
        return {
            "PAPERLIST_GITHUB_API": f"{self.base}/github",
            "PAPERLIST_WAYBACK_API": f"{self.base}/wayback/available",
            "PAPERLIST_OPENALEX_API": f"{self.base}/openalex",
            "PAPERLIST_ARXIV_API": f"{self.base}/arxiv/api/query",
            "PAPERLIST_CROSSREF_API": f"{self.base}/crossref/works",
            "PAPERLIST_DOI_RESOLVER": f"{self.base}/doi",
            "PAPERLIST_HTTP_TIMEOUT": "1",
            "PAPERLIST_HTTP_RETRIES": "2",
            "PAPERLIST_HTTP_BACKOFF": "0",
        }

    def __enter__(self) -> Services:
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class _Handler(http.server.BaseHTTPRequestHandler):
    services: Services
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_HEAD(self):
        self._route(head=True)

    def do_GET(self):
        self._route(head=False)

    def _route(self, head: bool) -> None:
        services = self.services
        with services.lock:
            services.requests.append(f"{self.command} {self.path}")
            if self.headers.get("Authorization"):
                services.authorized_hosts.append(self.headers.get("Host", ""))
            services.in_flight += 1
            services.max_in_flight = max(services.max_in_flight, services.in_flight)
        try:
            self._answer(head)
        finally:
            with services.lock:
                services.in_flight -= 1

    def _answer(self, head: bool) -> None:
        services = self.services
        url = urllib.parse.urlsplit(self.path)
        path, query = url.path, urllib.parse.parse_qs(url.query)
        if path in PAGES:
            status, headers = PAGES[path]
            return self._send(status, "", {k: v.replace("{base}", services.base) for k, v in headers.items()}, head)
        if path == "/page/no-head":
            return self._send(405 if head else 200, "", {}, head)
        if path == "/page/flaky":  # fails twice, then answers: retries with backoff reach it
            with services.lock:
                services.flaky_seen += 1
                status = 503 if services.flaky_seen <= 2 else 200
            return self._send(status, "", {}, head)
        if path == "/page/slow":
            time.sleep(SLOW_SECONDS)
            return self._send(200, "", {}, head)
        if path.startswith("/doi/10."):  # doi.org sends a reader on with a temporary redirect
            return self._send(302, "", {"Location": f"{services.base}/page/ok"}, head)
        if path.startswith("/github/"):
            return self._github(path.removeprefix("/github"), head)
        if path == "/wayback/available":
            return self._wayback(query.get("url", [""])[0])
        if path == "/openalex/works":
            return self._openalex(query.get("filter", [""])[0])
        if path == "/openalex-garbled/works":
            return self._send(200, "{not json", {"Content-Type": "application/json"}, head)
        if path == "/arxiv/api/query":
            return self._send(200, (RECORDED / "arxiv-feed.xml").read_text(encoding="utf-8"), {}, head)
        if path == "/crossref/works":
            return self._send(200, (RECORDED / "crossref-query.json").read_text(encoding="utf-8"), {}, head)
        return self._send(404, "", {}, head)

    def _github(self, path: str, head: bool) -> None:
        if path == "/repos/acme/renamed":
            return self._send(301, json.dumps({"message": "Moved Permanently"}), {"Location": "/github/repositories/7"})
        if path == "/repos/acme/moved-away":  # a redirect to another host must not take the token along
            port = self.services.httpd.server_address[1]
            return self._send(301, "{}", {"Location": f"http://localhost:{port}/github/repositories/7"})
        if path == "/repositories/7":
            return self._send(200, json.dumps(RENAMED), {})
        if path == "/repos/acme/limited":
            return self._send(403, json.dumps({"message": "API rate limit exceeded"}), {"X-RateLimit-Remaining": "0"})
        name = path.removeprefix("/repos/")
        status, body = REPOSITORIES.get(name, (404, {"message": "Not Found"}))
        return self._send(status, body if isinstance(body, str) else json.dumps(body), {}, head)

    def _wayback(self, url: str) -> None:
        if url.endswith("/page/gone"):
            snapshot = {"available": True, "url": f"http://web.archive.org/web/20200101000000/{url}", "status": "200"}
        elif url.endswith("/page/missing"):  # a hostile answer: must never become a link
            snapshot = {"available": True, "url": "javascript:alert(1)", "status": "200"}
        else:
            snapshot = None
        body = {"url": url, "archived_snapshots": {"closest": snapshot} if snapshot else {}}
        return self._send(200, json.dumps(body), {"Content-Type": "application/json"})

    def _openalex(self, filter_text: str) -> None:
        wanted = set(filter_text.removeprefix("doi:").lower().split("|"))
        recorded = json.loads((RECORDED / "openalex-works.json").read_text(encoding="utf-8"))
        results = [work for work in recorded["results"] if _doi(work) in wanted]
        answer = {"meta": {"count": len(results), "page": 1, "per_page": 50}, "results": results}
        return self._send(200, json.dumps(answer), {"Content-Type": "application/json"})

    def _send(self, status: int, body: str, headers: dict[str, str], head: bool = False) -> None:
        data = body.encode("utf-8")
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if not head:
            self.wfile.write(data)


def _doi(work: dict) -> str:
    return str(work.get("doi", "")).lower().split("doi.org/")[-1]
