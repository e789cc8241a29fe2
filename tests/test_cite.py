""" "Cite as" references: rendered once per item, kept on disk between builds, rendered in parallel when many."""

from __future__ import annotations

import json

import pytest

from conftest import REPO
from paperlist import cite
from paperlist.catalog import Catalog, load_catalog


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(REPO)


@pytest.fixture
def fresh(monkeypatch):
    """A process that has rendered nothing yet, as at the start of `mkdocs build`."""
    monkeypatch.setattr(cite, "_rendered", {})


def _serial(papers) -> list[str]:
    return [cite._render(cite._item_json(paper)) for paper in papers]


def test_parallel_rendering_gives_what_one_process_gives(catalog, fresh, monkeypatch):
    papers = catalog.papers[:24]
    expected = _serial(papers)
    monkeypatch.setattr(cite, "PARALLEL_FROM", 2)  # worker processes even for a few references
    monkeypatch.setattr(cite.os, "cpu_count", lambda: 2)
    cite.prepare(papers)
    assert [cite.cite_as(paper) for paper in papers] == expected
    assert all(expected) and len(set(expected)) == len(expected)


def test_a_second_build_takes_the_references_from_the_cache(catalog, fresh, tmp_path, monkeypatch):
    papers = catalog.papers[:10]
    cite.prepare(papers, tmp_path)
    data = json.loads((tmp_path / cite.CACHE_FILE).read_text(encoding="utf-8"))
    assert len(data["references"]) == len(papers)
    assert sorted(data["references"].values()) == sorted(_serial(papers))

    monkeypatch.setattr(cite, "_rendered", {})
    monkeypatch.setattr(cite, "_render", lambda item: pytest.fail(f"rendered again: {item}"))
    cite.prepare(papers, tmp_path)
    assert [cite.cite_as(paper) for paper in papers] == [
        data["references"][cite._digest(cite._item_json(p))] for p in papers
    ]


def test_a_changed_entry_is_rendered_again_and_the_cache_keeps_only_this_builds_references(catalog, fresh, tmp_path):
    first, second = catalog.papers[:2]
    cite.prepare([first, second], tmp_path)
    cite.prepare([first], tmp_path)
    kept = json.loads((tmp_path / cite.CACHE_FILE).read_text(encoding="utf-8"))["references"]
    assert list(kept) == [cite._digest(cite._item_json(first))]


@pytest.mark.parametrize(
    "content",
    [
        "{not json",
        json.dumps({"fingerprint": "another style or citeproc-py", "references": {}}),
        json.dumps(["a list"]),
    ],
)
def test_a_damaged_or_foreign_cache_is_ignored(catalog, fresh, tmp_path, content):
    papers = catalog.papers[:3]
    item = cite._item_json(papers[0])
    if "fingerprint" in content:  # a reference for the same item, from another style: must not be used
        content = json.dumps({"fingerprint": "another", "references": {cite._digest(item): "WRONG"}})
    (tmp_path / cite.CACHE_FILE).write_text(content, encoding="utf-8")
    cite.prepare(papers, tmp_path)
    assert [cite.cite_as(paper) for paper in papers] == _serial(papers)


def test_an_unwritable_cache_directory_still_builds(catalog, fresh, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    papers = catalog.papers[:2]
    cite.prepare(papers, blocker / "cache")  # cannot be created: a file is in the way
    assert [cite.cite_as(paper) for paper in papers] == _serial(papers)
