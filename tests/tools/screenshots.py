"""Screenshots of built pages in light and dark palettes, at desktop and phone widths.

    python tests/tools/screenshots.py SITE_DIR OUT_DIR [name=]path/ [[name=]path/ ...]

Serves SITE_DIR on a free local port and drives Debian's Chromium through Playwright. Each shot
is OUT_DIR/<name>-<light|dark>-<desktop|phone>.png; `name` defaults to the path with / as _.
`make screenshots` refreshes the project's preview under docs/assets/screenshots/.
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from conftest import CHROMIUM, CHROMIUM_ARGS, serve_directory

SIZES = {"desktop": (1280, 900), "phone": (360, 740)}


def take(site: Path, out: Path, pages: dict[str, str], full_page: bool = False) -> list[Path]:
    """Shoot each page (name -> site path) in both palettes at both widths."""
    out.mkdir(parents=True, exist_ok=True)
    server, base = serve_directory(site)
    shots = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for scheme in ("light", "dark"):
                for size, (width, height) in SIZES.items():
                    page = browser.new_page(viewport={"width": width, "height": height}, color_scheme=scheme)
                    for name, path in pages.items():
                        page.goto(base + path)
                        page.wait_for_load_state("networkidle")
                        target = out / f"{name}-{scheme}-{size}.png"
                        page.screenshot(path=str(target), full_page=full_page)
                        shots.append(target)
                    page.close()
            browser.close()
    finally:
        server.shutdown()
    return shots


def _named(argument: str) -> tuple[str, str]:
    name, _, path = argument.rpartition("=")
    return name or (path.strip("/").replace("/", "_").split("?")[0] or "home"), path


if __name__ == "__main__":
    for shot in take(Path(sys.argv[1]), Path(sys.argv[2]), dict(_named(a) for a in sys.argv[3:])):
        print(shot)
