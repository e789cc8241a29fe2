"""The generated parts of README.md, CONTRIBUTING.md, docs/contributing.md and the issue form.

Each file keeps hand-written text around blocks delimited by markers such as
`<!-- papers:start -->` ... `<!-- papers:end -->` (`# sections:start` in YAML); `paperlist readme`
rewrites only what lies between them, from the catalog, so the files never drift from the data.

Everything here is a pure function of the catalog. Text that comes from `.bib` entries is
untrusted: it is Markdown-escaped so that a title cannot open a link, an image, HTML or a
table cell, and only http(s) URLs are ever written as link targets.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from paperlist.catalog import Catalog
from paperlist.fields import BOOKKEEPING_FIELDS, ENTRY_TYPES, FIELDS, MAX_TAGS
from paperlist.links import is_web_url
from paperlist.model import Paper, Section
from paperlist.paging import Paging, paging

HEADING_BASE = 3  # the list sits under a `##` heading of the README: top-level sections are `###`
_MD_SPECIAL = re.compile(r"([\\`*_\[\]()<>|~$&!#])")
_URL_UNSAFE = {c: f"%{ord(c):02X}" for c in "()<>[]\"' `\\{}|^"}
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


# -- Markdown primitives ---------------------------------------------------------------------


def escape(text: str) -> str:
    """Plain text for Markdown: one line, every character that could start markup escaped."""
    text = " ".join(_CONTROL.sub(" ", text).split())
    return _MD_SPECIAL.sub(r"\\\1", text)


def link_target(url: str) -> str:
    """An http(s) URL made safe inside `(...)`, or "" when the URL is not a web link."""
    if not is_web_url(url):
        return ""
    return "".join(_URL_UNSAFE.get(c, c) for c in url)


def link(text: str, url: str) -> str:
    """`[text](url)`; just the escaped text when the URL is not http(s)."""
    target = link_target(url)
    return f"[{escape(text)}]({target})" if target else escape(text)


def code(text: str) -> str:
    """An inline code span for trusted text (field names, examples from fields.py)."""
    fence = "``" if "`" in text else "`"
    pad = " " if fence == "``" else ""
    return f"{fence}{pad}{text}{pad}{fence}".replace("|", "\\|")


def github_anchor(title: str) -> str:
    """The id GitHub gives a heading: lower case, punctuation dropped, spaces to hyphens."""
    return re.sub(r"[^\w\- ]", "", title.strip().lower()).replace(" ", "-")


def headings_in(markdown: str) -> list[str]:
    """ATX heading texts of a Markdown document, outside code fences."""
    titles, fenced = [], False
    for line in markdown.splitlines():
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        match = None if fenced else re.match(r"^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$", line)
        if match:
            titles.append(match.group(1))
    return titles


class Anchors:
    """Unique heading ids as GitHub assigns them: the second "x" is "x-1", the third "x-2"."""

    def __init__(self, earlier: list[str] = ()):
        self.seen: Counter[str] = Counter()
        for title in earlier:
            self.add(title)

    def add(self, title: str) -> str:
        base = github_anchor(title)
        count = self.seen[base]
        self.seen[base] += 1
        return base if count == 0 else f"{base}-{count}"


# -- the paper list (README.md) --------------------------------------------------------------


def section_heading(node: Section) -> str:
    return f"{node.label}: {node.title}" if node.label else node.title


# A bullet names at most this many authors, as the awesome list did with "et.al.": some 2025 papers
# have over 80, which made a bullet a paragraph.
README_AUTHORS = 10


def paper_bullet(paper: Paper, card: str = "") -> str:
    """One paper in the awesome-list form of the original list:

    `- [Title.](url) *Authors et.al.* Venue Year. [[code](url)] (**Model, key idea**)`
    """
    title = paper.title if paper.title.endswith((".", "?", "!")) else paper.title + "."
    parts = [f"- {link(title, paper.url)}"]
    if paper.authors:
        shown = paper.authors[:README_AUTHORS]  # the card on the site has them all
        cut = paper.more_authors or len(paper.authors) > len(shown)
        parts.append(f"*{escape(', '.join(shown) + (' et.al.' if cut else ''))}*")
    venue = ", ".join(part for part in (paper.venue_text, paper.award) if part)
    if venue:
        parts.append(escape(venue) + ".")
    links = [_code_link(c.url, c.label, c.official) for c in paper.code if link_target(c.url)]
    if link_target(paper.homepage):
        links.append(link("project page", paper.homepage))
    if links:
        parts.append(f"[{', '.join(links)}]")
    see_also = [link(item.label or item.url, item.url) for item in paper.see_also if link_target(item.url)]
    if see_also:
        parts.append(f"See also: {', '.join(see_also)}.")
    note = ", ".join(part for part in (paper.model, paper.key_idea) if part)
    if note:
        parts.append(f"(**{escape(note)}**)")
    if link_target(card):
        parts.append(f"[{link('BibTeX', card)}]")
    return " ".join(parts)


def card_url(pages: Paging, paper: Paper, site_url: str) -> str:
    """The paper's card on its own section's page of the site (it has the BibTeX)."""
    if not site_url:
        return ""
    return f"{site_url.rstrip('/')}/{pages.paper_url(paper.section, paper.key)}"


def _code_link(url: str, label: str, official: bool) -> str:
    kind = "code" if official else "unofficial code"
    return link(f"{label} {kind}" if label else kind, url)


def papers_list(catalog: Catalog, site_url: str = "", earlier_headings: list[str] = ()) -> str:
    """The whole list: a count, a table of contents, then every section with its papers."""
    anchors = Anchors(earlier_headings)
    pages = paging(catalog)
    toc, body = [], []
    for node in catalog.all_sections():
        depth = len(node.path) - 1
        heading = section_heading(node)
        anchor = anchors.add(heading)
        toc.append(f"{'  ' * depth}- [{escape(heading)}](#{anchor})")
        body += ["", f"{'#' * min(HEADING_BASE + depth, 6)} {escape(heading)}", ""]
        papers = catalog.papers_in(node.slug) if node.is_leaf else ()
        body += [paper_bullet(paper, card_url(pages, paper, site_url)) for paper in papers]
        if body[-1] == "":
            body.pop()
    count = (
        f"{len(catalog.papers)} papers in {len(catalog.leaves())} sections, generated from `papers/` "
        "by `make readme` (do not edit this part by hand)."
    )
    return "\n".join([count, "", *toc, *body])


# -- CONTRIBUTING.md and docs/contributing.md ------------------------------------------------


def section_trail(catalog: Catalog, node: Section) -> str:
    return " › ".join(catalog.section(slug).title for slug in node.path)


def sections_table(catalog: Catalog, page_link: Callable[[Section], str], file_link: Callable[[Section], str]) -> str:
    """Leaf sections → the `.bib` file that holds their papers."""
    rows = [
        "A section's slug, used by `crosslist` and `make add SECTION=...`, is its file's name without `.bib`.",
        "",
        "| Section | File | Papers |",
        "| --- | --- | ---: |",
    ]
    for node in catalog.leaves():
        own = sum(1 for paper in catalog.papers if paper.section == node.slug)
        page = _table_link(section_trail(catalog, node), page_link(node))
        file = _table_link(f"papers/{node.bib_path}", file_link(node), as_code=True)
        rows.append(f"| {page} | {file} | {own} |")
    return "\n".join(rows)


def _table_link(text: str, target: str, *, as_code: bool = False) -> str:
    shown = code(text) if as_code else escape(text)
    return f"[{shown}]({target})" if target else shown


def fields_table() -> str:
    """The entry format, from `fields.FIELDS`."""
    rows = ["| Field | Kind | Required | Meaning | Example |", "| --- | --- | --- | --- | --- |"]
    for spec in FIELDS:
        required = "**required**" if spec.required else "optional"
        kind = "BibTeX" if spec.standard else "the list's"
        meaning = spec.meaning.replace("|", "\\|")
        rows.append(f"| {code(spec.name)} | {kind} | {required} | {meaning} | {code(spec.example)} |")
    types = ", ".join(code("@" + name) for name in ENTRY_TYPES)
    waived = "; ".join(
        f"a {code('@' + name)} whose `url` is a code repository (a toolkit or a list) needs no "
        + ", ".join(code(f) for f in sorted(fields))
        for name, fields in ENTRY_TYPES.items()
        if fields
    )
    dropped = ", ".join(code(name) for name in sorted(BOOKKEEPING_FIELDS))
    return "\n".join(
        [
            *rows,
            "",
            f"Entry types: {types}; {waived}. `make fmt` drops the bookkeeping fields that bibliographic sources"
            f" add ({dropped}). The citation exports carry the BibTeX fields only.",
        ]
    )


def tags_table(catalog: Catalog) -> str:
    """The tag vocabulary, from `papers/tags.yml`, with how often each tag is used."""
    used = Counter(tag for paper in catalog.papers for tag in paper.tags)
    rows = [
        f"Every entry has 1 to {MAX_TAGS} of these tags, comma-separated: `tags = {{dense-retrieval, distillation}}`.",
        "",
        "| Tag | Name | Meaning | Papers |",
        "| --- | --- | --- | ---: |",
    ]
    rows += [f"| {code(t.slug)} | {escape(t.name)} | {escape(t.description)} | {used[t.slug]} |" for t in catalog.tags]
    return "\n".join(rows)


def issue_form_sections(catalog: Catalog) -> str:
    """The `options:` of the issue form's section dropdown: `slug — trail`, as YAML strings."""
    options = (f"{node.slug} — {section_trail(catalog, node)}" for node in catalog.leaves())
    return "\n".join(f"- {json.dumps(option, ensure_ascii=False)}" for option in options)


# -- the files and their markers -------------------------------------------------------------


class MarkerError(Exception):
    """A generated file lacks a marker; the message says which and where it goes."""


@dataclass(frozen=True)
class Block:
    name: str
    style: str  # "html" (Markdown comment) or "yaml" (# comment, content indented like the marker)


def markers(block: Block) -> tuple[str, str]:
    if block.style == "yaml":
        return f"# {block.name}:start", f"# {block.name}:end"
    return f"<!-- {block.name}:start -->", f"<!-- {block.name}:end -->"


def replace_block(text: str, block: Block, content: str, shown_as: str) -> str:
    """Put `content` between the block's marker lines (which stay), leaving the rest untouched.

    A marker counts only as a whole line, so text inside a generated block never ends it.
    """
    start, end = markers(block)
    lines = text.splitlines(keepends=True)
    starts = [k for k, line in enumerate(lines) if line.strip() == start]
    ends = [k for k, line in enumerate(lines) if line.strip() == end]
    if len(starts) != 1 or len(ends) != 1 or ends[0] < starts[0]:
        raise MarkerError(
            f"{shown_as}: expected one line `{start}` followed by one line `{end}`; "
            "put them, each on its own line, where the generated text goes"
        )
    first, last = starts[0], ends[0]
    indent = lines[first][: len(lines[first]) - len(lines[first].lstrip())]
    if block.style == "yaml":
        inner = "".join(f"{indent}{line}\n" for line in content.splitlines())
    else:
        inner = f"\n{content}\n\n"
    head = "".join(lines[: first + 1])
    return head + ("" if head.endswith("\n") else "\n") + inner + "".join(lines[last:])


@dataclass(frozen=True)
class GeneratedFile:
    path: str  # relative to the repository root
    blocks: dict[Block, str]  # block -> content


def site_settings(root: Path) -> dict[str, str]:
    """The public `site_url` and `repo_url` of mkdocs.yml: the first http(s) URL on each line, so
    that `site_url: !ENV [SITE_URL, "https://..."]` gives its default, never a local override."""
    text = (root / "mkdocs.yml").read_text(encoding="utf-8") if (root / "mkdocs.yml").exists() else ""
    found = dict(re.findall(r"^(site_url|repo_url):[^\n]*?(https?://[^\s'\"\],]+)", text, re.M))
    return {name: found.get(name, "") for name in ("site_url", "repo_url")}


def generated_files(root: Path, catalog: Catalog) -> list[GeneratedFile]:
    settings = site_settings(root)
    site, repo = settings["site_url"].rstrip("/"), settings["repo_url"].rstrip("/")
    readme = root / "README.md"
    before = readme.read_text(encoding="utf-8").split(markers(Block("papers", "html"))[0])[0] if readme.exists() else ""

    def on_site(node: Section) -> str:
        return link_target(f"{site}/{node.url_path}") if site else ""

    def in_repo(node: Section) -> str:
        return link_target(f"{repo}/blob/main/papers/{node.bib_path}") if repo else ""

    shared = {Block("fields", "html"): fields_table(), Block("tags", "html"): tags_table(catalog)}
    return [
        GeneratedFile("README.md", {Block("papers", "html"): papers_list(catalog, site, headings_in(before))}),
        GeneratedFile(
            "CONTRIBUTING.md",
            {Block("sections", "html"): sections_table(catalog, on_site, lambda n: f"papers/{n.bib_path}"), **shared},
        ),
        GeneratedFile(
            "docs/contributing.md",
            {Block("sections", "html"): sections_table(catalog, lambda n: f"{n.url_path}index.md", in_repo), **shared},
        ),
        GeneratedFile(
            ".github/ISSUE_TEMPLATE/suggest-paper.yml", {Block("sections", "yaml"): issue_form_sections(catalog)}
        ),
    ]


def render_file(root: Path, generated: GeneratedFile) -> tuple[str, str]:
    """The file's current text and its text with every block regenerated."""
    path = root / generated.path
    if not path.exists():
        raise MarkerError(f"{generated.path}: file not found; it holds generated blocks and must exist")
    current = path.read_text(encoding="utf-8")
    text = current
    for block, content in generated.blocks.items():
        text = replace_block(text, block, content, generated.path)
    return current, text


def stale_files(root: Path, catalog: Catalog) -> list[str]:
    """The files whose generated blocks differ from what the data gives now."""
    return [path for path, current, text in _renders(root, catalog) if text != current]


def write_files(root: Path, catalog: Catalog) -> list[str]:
    """Regenerate every block (all rendered before any is written); return the files that changed."""
    changed = []
    for path, current, text in list(_renders(root, catalog)):
        if text != current:
            (root / path).write_text(text, encoding="utf-8")
            changed.append(path)
    return changed


def _renders(root: Path, catalog: Catalog):
    for generated in generated_files(root, catalog):
        yield (generated.path, *render_file(root, generated))
