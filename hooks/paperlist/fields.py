"""The entry format: which entry types and fields exist, their order, and what they mean.

CONTRIBUTING.md's field reference is generated from this table, so the two never drift.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldSpec:
    name: str
    meaning: str
    example: str
    required: bool = False


FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec(
        "title",
        "Official title of the paper; protect acronyms with braces",
        "{ColBERT}: Efficient and Effective Passage Search via Contextualized Late Interaction over {BERT}",
        True,
    ),
    FieldSpec(
        "author", "Authors separated by `and`; end with `and others` for et al.", "Omar Khattab and Matei Zaharia", True
    ),
    FieldSpec("year", "Year of the version listed (four digits)", "2020", True),
    FieldSpec("venue", "Venue, spelled as in `papers/venues.yml`; `arXiv` for preprints", "SIGIR", True),
    FieldSpec("track", "Track when not the main one: `short`, `findings`, `demo` or `workshop`", "short"),
    FieldSpec("workshop", "Name of the workshop when `track = {workshop}`", "SustaiNLP"),
    FieldSpec("award", "An award the paper received", "Best student paper"),
    FieldSpec(
        "url", "Link to the paper (http or https), ideally its PDF", "https://arxiv.org/pdf/2004.12832.pdf", True
    ),
    FieldSpec("eprint", "arXiv identifier, without version", "2004.12832"),
    FieldSpec("archiveprefix", "`arXiv` when `eprint` is set", "arXiv"),
    FieldSpec("doi", "DOI, without the https://doi.org/ prefix", "10.1145/3397271.3401075"),
    FieldSpec(
        "code",
        "Official code repositories, `;`-separated, each optionally `label: url`",
        "https://github.com/stanford-futuredata/ColBERT",
    ),
    FieldSpec(
        "unofficialcode",
        "Code by third parties, same form as `code`",
        "https://github.com/lucidrains/distilled-retriever-pytorch",
    ),
    FieldSpec("homepage", "Project page when the code is not in a repository", "https://sigir21.wixsite.com/dime"),
    FieldSpec(
        "seealso",
        "Companion papers of the same line of work, `label: url; ...`",
        "v2: https://arxiv.org/pdf/2109.10086.pdf",
    ),
    FieldSpec("model", "Short name of the model or method", "ColBERT"),
    FieldSpec("keyidea", "The key idea in a few words", "late interaction over BERT token embeddings"),
    FieldSpec("tags", "1 to 4 tags from `papers/tags.yml`, comma-separated", "late-interaction, efficiency", True),
    FieldSpec(
        "crosslist", "Other sections that list this paper too (slugs from `papers/taxonomy.yml`)", "dense-distillation"
    ),
    FieldSpec("added", "Date the entry joined the list (YYYY-MM-DD)", "2022-07-01", True),
    FieldSpec("abstract", "The paper's abstract", "Recent progress in Natural Language Understanding..."),
    FieldSpec("booktitle", "Standard BibTeX: proceedings title", "Proceedings of SIGIR 2020"),
    FieldSpec("journal", "Standard BibTeX: journal name", "Transactions of the ACL"),
    FieldSpec("volume", "Standard BibTeX", "9"),
    FieldSpec("number", "Standard BibTeX", "2"),
    FieldSpec("pages", "Standard BibTeX", "39--48"),
    FieldSpec("publisher", "Standard BibTeX", "ACM"),
    FieldSpec("month", "Standard BibTeX", "jul"),
    FieldSpec("primaryclass", "arXiv primary category", "cs.IR"),
)

FIELD_ORDER: tuple[str, ...] = tuple(spec.name for spec in FIELDS)
KNOWN_FIELDS = frozenset(FIELD_ORDER)

# Entry types and the required fields they waive: software and web resources have no venue or year.
ENTRY_TYPES: dict[str, frozenset[str]] = {
    "inproceedings": frozenset(),
    "article": frozenset(),
    "misc": frozenset(),
    "techreport": frozenset(),
    "phdthesis": frozenset(),
    "book": frozenset(),
    "software": frozenset({"year", "venue", "author"}),
    "online": frozenset({"year", "venue", "author"}),
}
TRACKS = ("short", "findings", "demo", "workshop")
MAX_TAGS = 4


def required_fields(entry_type: str) -> list[str]:
    waived = ENTRY_TYPES.get(entry_type, frozenset())
    return [spec.name for spec in FIELDS if spec.required and spec.name not in waived]
