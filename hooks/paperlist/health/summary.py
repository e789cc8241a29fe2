"""What the weekly check found, in words: one line for the terminal, Markdown for the pull request.

Every value comes from a remote service or a contributed entry: table cells are escaped so that none
of them can add Markdown (links, mentions, HTML) to the pull request.
"""

from __future__ import annotations

import re

from paperlist.health.published import PublishedReport
from paperlist.health.records import STATUSES, Citations, LinkReport

MAX_ROWS = 60  # per table: GitHub refuses a pull request text over 65,536 characters
_MARKDOWN = re.compile(r"([\\`*_{}\[\]<>()#+!|@~])")


def status_counts(report: LinkReport) -> dict[str, int]:
    """Links per status, every status named (zero included)."""
    counts = dict.fromkeys(STATUSES, 0)
    for record in report.links:
        counts[record.status] += 1
    return counts


def links_line(report: LinkReport) -> str:
    counts = status_counts(report)
    urls = len({record.url for record in report.links})
    parts = ", ".join(f"{count} {status}" for status, count in counts.items())
    return f"{len(report.links)} links ({urls} distinct URLs) checked on {report.checked}: {parts}."


def pull_request_body(
    links: LinkReport | None, published: PublishedReport | None, citations: Citations | None, papers: int
) -> str:
    lines = ["# Weekly check of the list", ""]
    lines += ["This pull request was opened by the scheduled workflow `maintenance.yml`. Nothing in `papers/`"]
    lines += ["was changed: a person decides what to edit. The data files it refreshes are under `data/`.", ""]
    if links:
        lines += _links(links)
    if published:
        lines += _published(published)
    if citations:
        lines += ["## Citation counts", ""]
        lines += [f"OpenAlex knows {len(citations.counts)} of the {papers} papers by DOI or arXiv id"]
        lines += [f"(fetched {citations.fetched}); the cards show these counts.", ""]
    return "\n".join(lines).rstrip() + "\n"


def _links(report: LinkReport) -> list[str]:
    lines = ["## Links", "", links_line(report), ""]
    sections = (
        ("dead", "Dead links (404, 410)", ("Paper", "Field", "Link", "Archived copy"), "archive_url"),
        ("archived", "Archived repositories (read-only)", ("Paper", "Field", "Repository", "Now at"), "final_url"),
        ("missing", "Missing repositories", ("Paper", "Field", "Repository", ""), ""),
        ("redirected", "Moved permanently: proposed new URL", ("Paper", "Field", "Link", "Proposed"), "final_url"),
    )
    for status, title, header, extra in sections:
        records = [record for record in report.links if record.status == status]
        if not records:
            continue
        columns = [name for name in header if name]
        lines += [f"### {title} ({len(records)})", "", "| " + " | ".join(columns) + " |"]
        lines += ["|" + "---|" * len(columns)]
        for record in records[:MAX_ROWS]:
            cells = [record.key, record.field, record.url] + ([getattr(record, extra) or "none known"] if extra else [])
            lines.append("| " + " | ".join(_cell(cell) for cell in cells) + " |")
        lines += ["", *_more(len(records))]
    return lines


def _published(report: PublishedReport) -> list[str]:
    lines = [f"## Published versions of preprints ({len(report.proposals)})", ""]
    if report.unavailable:
        lines += ["Not asked this time: " + "; ".join(_cell(text) for text in report.unavailable) + ".", ""]
    if not report.proposals:
        return [*lines, "No preprint of the list has a published version that a source reports.", ""]
    lines += ["Each is a proposal: check the evidence, then cite the published version (see CONTRIBUTING.md).", ""]
    lines += ["| Paper | Source | Evidence | DOI |", "|---|---|---|---|"]
    rows = [(proposal.key, evidence) for proposal in report.proposals for evidence in proposal.evidence]
    for key, evidence in rows[:MAX_ROWS]:
        cells = (key, evidence.source, f"{evidence.detail} ({evidence.url})", evidence.doi or "none")
        lines.append("| " + " | ".join(_cell(cell) for cell in cells) + " |")
    return [*lines, "", *_more(len(rows))]


def _more(count: int) -> list[str]:
    return [f"... and {count - MAX_ROWS} more: see the file under `data/`.", ""] if count > MAX_ROWS else []


def _cell(text: str) -> str:
    """Plain text in a Markdown table cell: one line, every Markdown character escaped."""
    return _MARKDOWN.sub(r"\\\1", " ".join(str(text).split()))
