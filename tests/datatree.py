"""A small, valid `papers/` tree to break one rule at a time in tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from paperlist.catalog import Catalog, load_catalog
from paperlist.problems import DataError

TAXONOMY = """\
sections:
  - slug: first-stage
    title: First-stage Retrieval
    description: Finding candidates.
    sections:
      - slug: dense
        title: Dense
        description: Dense retrievers.
      - slug: sparse
        title: Sparse
        description: Sparse retrievers.
  - slug: surveys
    title: Surveys
    description: Overviews.
"""
TAGS = """\
tags:
  - slug: dense-retrieval
    name: Dense retrieval
    description: Bi-encoders.
  - slug: distillation
    name: Distillation
    description: Teachers and students.
  - slug: survey
    name: Survey
    description: Overviews.
"""
VENUES = """\
venues:
  - name: arXiv
    full_name: arXiv preprint
    aliases: [Arxiv]
  - name: SIGIR
    full_name: SIGIR Conference
    matches: ['SIGIR Conference on Research and Development in Information Retrieval']
  - name: EMNLP
    full_name: EMNLP Conference
    matches: ['Empirical Methods in Natural Language Processing']
"""
GOOD_ENTRY = """\
@inproceedings{karpukhin2020dense,
  title          = {Dense Passage Retrieval for Open-Domain Question Answering},
  author         = {Vladimir Karpukhin and Barlas Oguz and others},
  year           = {2020},
  venue          = {EMNLP},
  url            = {https://arxiv.org/pdf/2004.04906.pdf},
  code           = {https://github.com/facebookresearch/DPR},
  model          = {DPR},
  keyidea        = {in-batch negatives},
  tags           = {dense-retrieval},
  added          = {2022-07-01},
  booktitle      = {Proceedings of the 2020 Conference on Empirical Methods in Natural Language Processing (EMNLP)}
}
"""


def write_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    """`root/papers/...` with the defaults above, overridden or extended by `files`."""
    defaults = {
        "taxonomy.yml": TAXONOMY,
        "tags.yml": TAGS,
        "venues.yml": VENUES,
        "first-stage/dense.bib": GOOD_ENTRY,
        "first-stage/sparse.bib": "",
        "surveys.bib": "",
    }
    for name, content in {**defaults, **files}.items():
        path = root / "papers" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if content is None:
            continue
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def load(root: Path) -> Catalog:
    return load_catalog(root)


def problems(root: Path) -> list[str]:
    """Every problem as `path:line: message` (hints left out)."""
    with pytest.raises(DataError) as caught:
        load_catalog(root)
    return [f"{p.location}: {p.message}" for p in caught.value.problems]
