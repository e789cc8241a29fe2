"""A small HTML tree from the standard library's html.parser, and the site's internal links checked with it."""

from __future__ import annotations

import html.parser
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

# Elements without an end tag: never pushed on the stack.
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
LINK_ATTRIBUTES = ("href", "src")
_HTML_SPACE = re.compile(r"[ \t\n\f\r]+")  # HTML's whitespace only: a no-break space in the data is text


@dataclass
class Node:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Node | str] = field(default_factory=list)

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def text(self) -> str:
        """The text inside, entities decoded, as a reader sees it (whitespace collapsed)."""
        return _HTML_SPACE.sub(" ", self._raw_text()).strip(" ")

    def _raw_text(self) -> str:
        return "".join(child if isinstance(child, str) else child._raw_text() for child in self.children)

    def walk(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.walk()

    def find_all(self, tag: str | None = None, cls: str | None = None) -> list[Node]:
        return [n for n in self.walk() if (tag is None or n.tag == tag) and (cls is None or cls in n.classes)]

    def find(self, tag: str | None = None, cls: str | None = None) -> Node | None:
        found = self.find_all(tag, cls)
        return found[0] if found else None


class _Builder(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document")
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {name: value or "" for name, value in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(Node(tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, 0, -1):  # tolerate unclosed elements, as browsers do
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def parse_html(text: str) -> Node:
    builder = _Builder()
    builder.feed(text)
    builder.close()
    return builder.root


# -- internal links -------------------------------------------------------------------------------


@dataclass(frozen=True)
class PageLinks:
    ids: frozenset[str]
    links: tuple[tuple[str, str, str], ...]  # (tag, attribute, value)


@cache
def _page_links(path: Path) -> PageLinks:
    root = parse_html(path.read_text(encoding="utf-8"))
    ids, links = set(), []
    for node in root.walk():
        ids.update(node.attrs[name] for name in ("id", "name") if node.attrs.get(name))
        links += [(node.tag, name, node.attrs[name]) for name in LINK_ATTRIBUTES if name in node.attrs]
    return PageLinks(frozenset(ids), tuple(links))


def base_path(site: Path) -> str:
    """The site's path on its server (from `site_url`), read back from the sitemap: the home page's <loc>."""
    sitemap = ET.parse(site / "sitemap.xml").getroot()
    locations = [node.text or "" for node in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    return urlsplit(min(locations, key=len)).path or "/"


def resolve(site: Path, page: Path, url: str, base: str = "/") -> tuple[Path, str] | None:
    """The file and fragment an internal link points to; None for external or non-navigating URLs.

    `base`: the site's path on the server, which absolute paths (as in 404.html) start with."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:  # http(s) links are external; the theme's javascript:void(0) navigates nowhere
        return None
    path = unquote(parts.path)
    if not path:
        target = page
    elif path.startswith("/"):
        if not path.startswith(base):
            return site / "outside-the-site", ""  # reported as missing
        target = site.joinpath(*PurePosixPath(path.removeprefix(base)).parts)
    else:
        target = site.joinpath(*(PurePosixPath(page.relative_to(site).as_posix()).parent / path).parts)
    if path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target.resolve(), unquote(parts.fragment)


def broken_links(site: Path) -> list[str]:
    """Every internal href/src of every HTML page that misses its file or its #fragment."""
    site = site.resolve()
    base = base_path(site)
    broken = []
    for page in sorted(site.rglob("*.html")):
        where = page.relative_to(site).as_posix()
        for tag, name, value in _page_links(page).links:
            target = resolve(site, page, value, base)
            if target is None:
                continue
            file, fragment = target
            if not file.is_relative_to(site) or not file.is_file():
                broken.append(f"{where}: <{tag} {name}={value!r}> points to a missing file")
            elif fragment and file.suffix == ".html" and fragment not in _page_links(file).ids:
                broken.append(f"{where}: <{tag} {name}={value!r}> points to a missing anchor #{fragment}")
    return broken


def nav_paths(site: Path, page_path: str) -> list[str]:
    """The site paths the sidebar of a page links to, in order (its links are relative to the page)."""
    html = (site / page_path / "index.html").read_text()
    base = "http://site/" + page_path
    links = re.findall(r'<a href="([^"]+)" class="md-nav__link', html)
    paths = [urljoin(base, link).removeprefix("http://site/") for link in links if not link.startswith("#")]
    return [path for path in paths if path and not path.startswith("http")]
