"""Screenshots of built pages in light and dark palettes, at desktop and phone widths.

    python tests/tools/screenshots.py SITE_DIR OUT_DIR path/ [path/ ...]

Serves SITE_DIR on a free local port and drives Debian's Chromium through Playwright.
"""

from __future__ import annotations

import functools
import http.server
import sys
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
SIZES = {"desktop": (1280, 900), "phone": (360, 740)}


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}/"


def take(site: Path, out: Path, paths: list[str], full_page: bool = False) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    server, base = serve(site)
    shots = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for scheme in ("light", "dark"):
                for size, (width, height) in SIZES.items():
                    page = browser.new_page(viewport={"width": width, "height": height}, color_scheme=scheme)
                    for path in paths:
                        page.goto(base + path)
                        page.wait_for_load_state("networkidle")
                        name = (path.strip("/").replace("/", "_") or "home").split("?")[0]
                        target = out / f"{name}-{scheme}-{size}.png"
                        page.screenshot(path=str(target), full_page=full_page)
                        shots.append(target)
                    page.close()
            browser.close()
    finally:
        server.shutdown()
    return shots


if __name__ == "__main__":
    for shot in take(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3:]):
        print(shot)
