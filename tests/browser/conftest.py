"""Fixtures of the browser tests, over the session fixtures of tests/conftest.py (built_site,
site_url, browser). `page` comes from a watched context: see helpers.guarded_context."""

from __future__ import annotations

import json

import pytest

from browser.helpers import guarded_context


@pytest.fixture
def guard_and_context(browser, site_url):
    context, guard = guarded_context(browser, site_url)
    yield guard, context
    context.close()
    guard.check()


@pytest.fixture
def page(guard_and_context):
    """A 1280×900 page in a guarded context (no outside request, no console error)."""
    return guard_and_context[1].new_page()


@pytest.fixture(scope="session")
def papers_json(built_site) -> dict:
    return json.loads((built_site / "papers.json").read_text(encoding="utf-8"))
