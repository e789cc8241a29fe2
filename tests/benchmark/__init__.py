"""Benchmark of the site: build cost, page weight and browser speed, from today's list to 10,000 papers.

Run it with `make bench` (full: 5 runs per figure, Lighthouse) or `make bench-smoke` (one run,
small sizes). The entry point is `tests/benchmark/run.py`; no module here is a pytest test.
"""
