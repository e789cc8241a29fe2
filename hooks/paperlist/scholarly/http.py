"""HTTP for the list's checks: retries with backoff, a limit on concurrent requests per host, redirects
shown rather than followed (a link checker must see them), answers of bounded size. Standard library only.

From the environment: `PAPERLIST_HTTP_TIMEOUT` (seconds a request may take, default 20),
`PAPERLIST_HTTP_RETRIES` (further attempts after a timeout, a refused connection, HTTP 429 or 5xx,
default 2) and `PAPERLIST_HTTP_BACKOFF` (seconds before the first retry, doubled each time, default 2).
"""

from __future__ import annotations

import http.client
import json
import os
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field

from paperlist.links import is_web_url

USER_AGENT = "paperlist/1.0 (+https://github.com/ir-papers/pretrained-models-for-ir)"
MAX_BYTES = 5_000_000
MAX_RETRY_AFTER = 60.0  # seconds: a longer Retry-After gives up on the URL instead of stalling the run


@dataclass(frozen=True)
class Answer:
    url: str
    status: int  # 0 when no HTTP answer came
    headers: dict[str, str] = field(default_factory=dict)  # lower-case names
    body: bytes = b""
    error: str = ""  # why no answer came: timeout, refused, not an http(s) URL...

    @property
    def transient(self) -> bool:
        """Worth another try: no answer, rate limited, or a server error."""
        return self.status == 0 or self.status == 429 or self.status >= 500

    def json_object(self) -> dict | None:
        """The body as a JSON object; None when it is not one (not JSON, not UTF-8, a list...)."""
        try:
            data = json.loads(self.body.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            return None
        return data if isinstance(data, dict) else None

    @property
    def location(self) -> str:
        """The redirect's target, absolute; empty when there is none."""
        target = self.headers.get("location", "")
        return urllib.parse.urljoin(self.url, target) if target else ""


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None  # the 3xx comes back as an HTTPError with its Location header


class Http:
    """One client for a run: its per-host limits hold across the threads that share it."""

    def __init__(
        self,
        *,
        timeout: float | None = None,
        retries: int | None = None,
        backoff: float | None = None,
        per_host: int = 2,
        headers: dict[str, str] | None = None,
    ):
        self.timeout = timeout if timeout is not None else _env_number("PAPERLIST_HTTP_TIMEOUT", 20.0)
        self.retries = retries if retries is not None else int(_env_number("PAPERLIST_HTTP_RETRIES", 2))
        self.backoff = backoff if backoff is not None else _env_number("PAPERLIST_HTTP_BACKOFF", 2.0)
        self.per_host = per_host
        self.headers = {"User-Agent": USER_AGENT, **(headers or {})}
        self._opener = urllib.request.build_opener(_NoRedirects)
        self._hosts: dict[str, threading.BoundedSemaphore] = {}
        self._lock = threading.Lock()

    def get(self, url: str, headers: dict[str, str] | None = None, method: str = "GET") -> Answer:
        """The answer to one request, after retries of transient failures; never raises for network errors."""
        answer = self._once(url, method, headers)
        for attempt in range(self.retries):
            if not answer.transient:
                break
            delay = self.backoff * 2**attempt
            retry_after = _retry_after(answer)
            if retry_after is not None:
                if retry_after > MAX_RETRY_AFTER:
                    break
                delay = max(delay, retry_after)
            time.sleep(delay)
            answer = self._once(url, method, headers)
        return answer

    def _once(self, url: str, method: str, headers: dict[str, str] | None) -> Answer:
        if not is_web_url(url):
            return Answer(url, 0, error="not an http(s) URL")
        request = urllib.request.Request(url, method=method, headers={**self.headers, **(headers or {})})
        with self._host_slot(urllib.parse.urlsplit(url).netloc.lower()):
            try:
                with self._opener.open(request, timeout=self.timeout) as response:  # http(s) only: checked above
                    return _answer(url, response.status, response.headers, response)
            except urllib.error.HTTPError as error:
                with error:
                    return _answer(url, error.code, error.headers, error)
            except urllib.error.URLError as error:
                reason = error.reason
                return Answer(url, 0, error="timed out" if isinstance(reason, TimeoutError) else str(reason))
            except TimeoutError:
                return Answer(url, 0, error=f"no answer within {self.timeout:g} s")
            except (OSError, http.client.HTTPException, ValueError) as error:
                return Answer(url, 0, error=str(error) or type(error).__name__)

    def _host_slot(self, host: str) -> threading.BoundedSemaphore:
        with self._lock:
            return self._hosts.setdefault(host, threading.BoundedSemaphore(self.per_host))


def _answer(url: str, status: int, headers, stream) -> Answer:
    try:
        body = stream.read(MAX_BYTES + 1) if stream is not None else b""
    except (OSError, http.client.HTTPException):
        body = b""
    if len(body) > MAX_BYTES:
        return Answer(url, 0, error=f"the answer is larger than {MAX_BYTES} bytes")
    names = {name.lower(): value for name, value in (headers.items() if headers else ())}
    return Answer(url, status, names, body)


def _retry_after(answer: Answer) -> float | None:
    value = answer.headers.get("retry-after", "")
    try:
        return max(0.0, float(value))
    except ValueError:
        return None  # an HTTP date or garbage: the usual backoff applies


def _env_number(name: str, default: float) -> float:
    text = os.environ.get(name, "")
    try:
        value = float(text) if text else default
    except ValueError:
        raise SystemExit(f"{name}={text!r} is not a number") from None
    return value if value >= 0 else default
