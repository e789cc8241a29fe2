"""The hostile corpus: cases from `cases.yml`, trees built from them, and the inertness audit.

A case puts its data files into a copy of the repository's `papers/` (or of the whole site
sources) and says what must happen: `reject` (every problem located at an exact path:line)
or `inert` (it builds, and everything it contains is shown as text, never run).
"""

from __future__ import annotations

import html.parser
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import yaml

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
REPO = HERE.parent.parent
CASE_BIB = "papers/surveys.bib"  # where a case's `bib` goes in a single-case tree
CASE_PAGE = "surveys/"
# Text that only appears if something evaluated the data (Jinja, a shell, TeX): never in any output.
EVALUATED = ("JINJAEVAL", "jinja-ranjinja-ran", "root:x:0:0", "uid=0(", "hostile-yaml-rce-ran")
# Files a payload would create if anything ran it.
MARKER_FILES = ("/tmp/hostile-write18", "/tmp/hostile-preamble", "/tmp/hostile-yaml-rce")


@dataclass(frozen=True)
class Expected:
    at: str  # "papers/surveys.bib:4", or "papers/taxonomy.yml:+2" (line 2 of the appended text)
    says: str  # part of the message


@dataclass(frozen=True)
class Case:
    id: str
    input: str
    outcome: str  # "reject" or "inert"
    bib: str = ""
    files: dict[str, str] = field(default_factory=dict)
    append: dict[str, str] = field(default_factory=dict)
    generate: str = ""
    problems: tuple[Expected, ...] = ()
    papers: int | None = None
    shows: tuple[str, ...] = ()
    hides: tuple[str, ...] = ()
    page: str = ""
    build: bool = False
    site: bool = True

    def __str__(self) -> str:
        return self.id


def load_cases() -> list[Case]:
    items = yaml.safe_load((HERE / "cases.yml").read_text(encoding="utf-8"))
    cases = []
    for item in items:
        item = dict(item)
        item["problems"] = tuple(Expected(**p) for p in item.get("problems", ()))
        item["shows"] = tuple(item.get("shows", ()))
        item["hides"] = tuple(item.get("hides", ()))
        cases.append(Case(**item))
    return cases


CASES = load_cases()
REJECT = [case for case in CASES if case.outcome == "reject"]
INERT = [case for case in CASES if case.outcome == "inert"]


# -- generated inputs (too big to commit) ---------------------------------------------------------


def _entry(key: str, title: str, url: str) -> str:
    return (
        f"@misc{{{key},\n  title   = {{{title}}},\n  author  = {{Ada Lovelace}},\n  year    = {{2020}},\n"
        f"  venue   = {{arXiv}},\n  url     = {{{url}}},\n  tags    = {{survey}},\n  added   = {{2024-01-01}}\n}}\n"
    )


def generated(name: str) -> bytes:
    if name == "five-mb-field":
        return _entry("hostile2020huge", "x" * 5_000_000, "https://example.org/hostile/huge").encode()
    if name == "ten-thousand-entries":
        entries = (
            _entry(f"hostile2020n{i}", f"Generated paper number {i}", f"https://example.org/hostile/n{i}")
            for i in range(10_000)
        )
        return "\n".join(entries).encode()
    raise ValueError(name)


def bib_bytes(case: Case) -> bytes:
    return generated(case.generate) if case.generate else (DATA / case.bib).read_bytes()


# -- trees ----------------------------------------------------------------------------------------


def copy_papers(root: Path) -> Path:
    """`root/papers` (and `root/docs`, whose page paths sections may not take) as in the repository."""
    shutil.copytree(REPO / "papers", root / "papers")
    shutil.copytree(REPO / "docs", root / "docs")
    return root


def apply_case(case: Case, root: Path, bib_path: str = CASE_BIB) -> None:
    """Write the case's files into `root` (a copy of papers/ or of the site sources)."""
    if case.bib or case.generate:
        _write(root / bib_path, bib_bytes(case))
    for path, name in case.files.items():
        _write(root / path, (DATA / name).read_bytes())
    for path, name in case.append.items():
        target = root / path
        text = target.read_bytes()
        target.write_bytes(text + (b"" if text.endswith(b"\n") else b"\n") + (DATA / name).read_bytes())


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def location(expected: Expected) -> str:
    """The absolute `path:line` of an expected problem; `+n` counts from the end of the repository's file."""
    path, line = expected.at.rsplit(":", 1)
    if line.startswith("+"):
        lines = (REPO / path).read_text(encoding="utf-8").splitlines()
        return f"{path}:{len(lines) + int(line[1:])}"
    return expected.at


def case_section(case: Case) -> str:
    return "h-" + case.id


def combined_tree(root: Path, cases: list[Case]) -> dict[str, str]:
    """Every inert case in one tree: each case's `bib` in a section of its own under `hostile/`.

    Returns the site path of each case's page."""
    children = "".join(
        f"      - slug: {case_section(case)}\n        title: Case {case.id}\n"
        f"        description: Entries of the hostile corpus case {case.id}.\n"
        for case in cases
        if case.bib or case.generate
    )
    group = (
        "  - slug: hostile\n    title: Hostile corpus\n"
        "    description: Every inert case of tests/hostile/cases.yml, shown as text.\n"
        f"    sections:\n{children}"
    )
    taxonomy = root / "papers" / "taxonomy.yml"
    taxonomy.write_text(taxonomy.read_text(encoding="utf-8").rstrip("\n") + "\n" + group, encoding="utf-8")
    pages = {}
    for case in cases:
        bib_path = f"papers/hostile/{case_section(case)}.bib"
        apply_case(case, root, bib_path)
        pages[case.id] = case.page or f"hostile/{case_section(case)}/"
    return pages


# -- reading pages --------------------------------------------------------------------------------

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "data", "cite", "background"}
FORBIDDEN_ELEMENTS = {"iframe", "frame", "frameset", "object", "embed", "applet", "base"}
# The theme's own markup that the URL rule would flag: Material's search "share" button (partials/search.html).
THEME_URLS = {("a", "href", "javascript:void(0)")}
PAYLOAD = re.compile(r"__pwned|alert\(|msgbox\(|javascript:|vbscript:|JINJA", re.I)


class _Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.comments: list[str] = []
        self._in_script: dict | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.elements.append((tag, attributes))
        if tag == "script":
            self._in_script = attributes
            self.scripts.append((attributes, ""))

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = None

    def handle_data(self, data):
        if self._in_script is not None:
            attributes, text = self.scripts[-1]
            self.scripts[-1] = (attributes, text + data)
        else:
            self.text.append(data)

    def handle_comment(self, data):
        self.comments.append(data)


def parse(page: str) -> _Page:
    parser = _Page()
    parser.feed(page)
    parser.close()
    return parser


def text_of(page: str) -> str:
    """The text a reader sees (entities decoded), whitespace collapsed."""
    return " ".join("".join(parse(page).text).split())


def audit(page: str, *, scripts_allowed: bool = False) -> list[str]:
    """Everything in an HTML page that could run or navigate off-site: live markup, handlers, bad URLs.

    `scripts_allowed`: a whole page, where the theme's own scripts (and THEME_URLS) are fine as long as
    none carries data from the corpus; page bodies and fragments get no script at all."""
    parsed = parse(page)
    found = []
    for tag, attributes in parsed.elements:
        if tag in FORBIDDEN_ELEMENTS:
            found.append(f"<{tag}> element")
        if tag == "meta" and (attributes.get("http-equiv") or "").lower() == "refresh":
            found.append("<meta http-equiv=refresh>")
        for name, value in attributes.items():
            value = value or ""
            if name.startswith("on"):
                found.append(f"<{tag} {name}=...> event handler")
            if name in ("srcdoc", "formaction"):
                found.append(f"<{tag} {name}=...>")
            if name == "style" and re.search(r"expression\(|url\(\s*['\"]?\s*(javascript|data):", value, re.I):
                found.append(f"<{tag} style=...> with script")
            if (
                name in URL_ATTRIBUTES
                and not url_is_inert(value)
                and not (scripts_allowed and (tag, name, value) in THEME_URLS)
            ):
                found.append(f"<{tag} {name}={value[:80]!r}> not an http(s) or relative URL")
    for attributes, text in parsed.scripts:
        if not scripts_allowed:
            found.append(f"<script> element: {text[:80]!r}")
        elif PAYLOAD.search(text) or not url_is_inert(attributes.get("src") or ""):
            found.append(f"<script> with data from the corpus: {text[:80]!r}")
    found += [f"comment with corpus data: {c[:80]!r}" for c in parsed.comments if PAYLOAD.search(c)]
    return found


def url_is_inert(url: str) -> bool:
    """http(s), or relative to the site (no scheme at all, as a browser would parse it)."""
    cleaned = re.sub(r"[\x00-\x20]", "", url)  # browsers drop these before reading the scheme
    scheme = urlsplit(cleaned).scheme.lower()
    if scheme:
        return scheme in ("http", "https")
    return not cleaned.startswith("//") and not re.match(r"^[a-z][a-z0-9+.-]*:", cleaned, re.I)
