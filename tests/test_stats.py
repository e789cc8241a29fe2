"""The statistics page: its numbers come from the data, and each chart (inline SVG) says the same
as its table and its text alternative."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from conftest import REPO
from htmltree import parse_html
from paperlist.catalog import Catalog, load_catalog
from paperlist.stats import stats_charts


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(REPO)


def test_charts_count_every_paper(catalog):
    charts = {chart.slug: chart for chart in stats_charts(catalog)}
    assert list(charts) == ["per-year", "code-per-year", "per-venue", "per-section"]
    papers = catalog.papers
    assert sum(bar.value for bar in charts["per-year"].bars) == sum(1 for p in papers if p.year)
    assert sum(bar.value for bar in charts["code-per-year"].bars) == sum(1 for p in papers if p.year and p.has_code)
    assert all(bar.value <= bar.total for bar in charts["code-per-year"].bars)
    assert [bar.total for bar in charts["code-per-year"].bars] == [bar.value for bar in charts["per-year"].bars]
    assert {bar.label: bar.value for bar in charts["per-venue"].bars} == Counter(p.venue for p in papers if p.venue)
    assert [(bar.label, bar.value) for bar in charts["per-section"].bars] == [
        (leaf.title, len(catalog.papers_in(leaf.slug))) for leaf in catalog.leaves()
    ]
    # Years run without gaps, so an empty year shows as a zero bar.
    years = [int(bar.label) for bar in charts["per-year"].bars]
    assert years == list(range(years[0], years[-1] + 1))


def test_each_chart_shows_its_numbers_in_svg_text_alternative_and_table(built_site, catalog):
    page = parse_html((built_site / "stats" / "index.html").read_text(encoding="utf-8"))
    figures = page.find_all("figure", "pl-chart")
    tables = [details.find("table") for details in page.find_all("details", "pl-chart__data")]
    charts = stats_charts(catalog)
    assert len(figures) == len(tables) == len(charts)
    for chart, figure, table in zip(charts, figures, tables, strict=True):
        svg = figure.find("svg")
        assert svg.attrs["role"] == "img" and "viewbox" not in svg.attrs  # text keeps its size on phones
        title = svg.find("title")
        assert svg.attrs["aria-labelledby"] == title.attrs["id"]
        assert title.text().startswith(chart.title + ": ")
        bars = svg.find_all("rect", "pl-chart__bar")
        values = [text.text() for text in svg.find_all("text", "pl-chart__value")]
        assert len(bars) == len(values) == len(chart.bars)
        for bar, rect, value in zip(chart.bars, bars, values, strict=True):
            assert value == (f"{bar.value}/{bar.total}" if bar.total else str(bar.value))
            assert f"{bar.label} {bar.value}" in title.text()
            # Bar lengths are proportional to the values; the longest spans 84 % of the chart.
            assert float(rect.attrs["width"].rstrip("%")) == pytest.approx(84 * bar.value / chart.maximum, abs=0.01)
        rows = [[cell.text() for cell in row.find_all("td")] for row in table.find("tbody").find_all("tr")]
        assert [row[:2] for row in rows] == [[bar.label, str(bar.value)] for bar in chart.bars]


def test_stats_page_links_each_section(built_site, catalog):
    html = (built_site / "stats" / "index.html").read_text(encoding="utf-8")
    linked = set(re.findall(r'<td><a href="\.\./([^"]+)">', html))
    assert linked == {leaf.url_path for leaf in catalog.leaves()}
