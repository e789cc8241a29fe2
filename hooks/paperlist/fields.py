"""The entry format: which entry types and fields exist, their order, and what they mean.

CONTRIBUTING.md's field reference is generated from this table, so the two never drift.
"""

from __future__ import annotations

from dataclasses import dataclass

from paperlist.links import is_repository_url


@dataclass(frozen=True)
class FieldSpec:
    name: str
    meaning: str
    example: str
    required: bool = False
    standard: bool = False  # a BibTeX field, carried by the citation exports; the others are the list's own


FIELDS: tuple[FieldSpec, ...] = (
    # Standard BibTeX, in the order references are read; these go into the citation exports.
    FieldSpec(
        "title",
        "Official title of the paper; protect acronyms with braces",
        "{ColBERT}: Efficient and Effective Passage Search via Contextualized Late Interaction over {BERT}",
        True,
        standard=True,
    ),
    FieldSpec(
        "author",
        "Authors separated by `and`; end with `and others` for et al.",
        "Omar Khattab and Matei Zaharia",
        True,
        standard=True,
    ),
    FieldSpec("editor", "Editors of the proceedings, separated by `and`", "Kevin Duh and Helena Gomez", standard=True),
    FieldSpec(
        "booktitle",
        "Official title of the proceedings (`@inproceedings`)",
        "Proceedings of the 43rd International ACM SIGIR Conference on Research and Development in Information"
        " Retrieval",
        standard=True,
    ),
    FieldSpec(
        "journal",
        "Journal name (`@article`)",
        "Transactions of the Association for Computational Linguistics",
        standard=True,
    ),
    FieldSpec("series", "Series of the proceedings or book", "SIGIR '20", standard=True),
    FieldSpec("volume", "Volume", "9", standard=True),
    FieldSpec("number", "Number or issue", "2", standard=True),
    FieldSpec("pages", "Pages, with `--` between first and last", "39--48", standard=True),
    FieldSpec("chapter", "Chapter", "3", standard=True),
    FieldSpec("edition", "Edition of a book", "Second", standard=True),
    FieldSpec("publisher", "Publisher", "Association for Computing Machinery", standard=True),
    FieldSpec("organization", "Organization that sponsors a conference or publishes a manual", "ACM", standard=True),
    FieldSpec("institution", "Institution of a technical report", "Microsoft Research", standard=True),
    FieldSpec("school", "School of a thesis", "University of Waterloo", standard=True),
    FieldSpec("address", "Address of the publisher, or where the conference was held", "Online", standard=True),
    FieldSpec("month", "Month, as a BibTeX macro: `jan` ... `dec`, unbraced", "jul", standard=True),
    FieldSpec("year", "Year of the version listed (four digits)", "2020", True, standard=True),
    FieldSpec("howpublished", "How a `@misc` work is published", "GitHub repository", standard=True),
    FieldSpec("type", "Type of a report or thesis", "Technical Report", standard=True),
    FieldSpec("note", "Anything else a reference should say", "Demo paper", standard=True),
    FieldSpec("key", "Sort key for a work without author (BibTeX styles need one)", "Faiss", standard=True),
    FieldSpec("isbn", "ISBN", "9781450380379", standard=True),
    FieldSpec("issn", "ISSN", "1046-8188", standard=True),
    FieldSpec("doi", "DOI, without the https://doi.org/ prefix", "10.1145/3397271.3401075", standard=True),
    FieldSpec(
        "url",
        "Link to the paper (http or https), ideally its PDF; `make fmt` derives it from `eprint` or `doi`",
        "https://arxiv.org/pdf/2004.12832.pdf",
        standard=True,
    ),
    FieldSpec("eprint", "arXiv identifier, without version", "2004.12832", standard=True),
    FieldSpec("archiveprefix", "`arXiv` when `eprint` is set", "arXiv", standard=True),
    FieldSpec("primaryclass", "arXiv primary category", "cs.IR", standard=True),
    # The list's own fields: shown on the site and in papers.json, not in the citation exports.
    FieldSpec(
        "venue",
        "Short venue for the filters, as in `papers/venues.yml`; omit it when `booktitle` or `journal` names the"
        " venue (it is derived from them) or for an arXiv preprint",
        "SIGIR",
    ),
    FieldSpec("track", "Track when not the main one: `short`, `findings`, `demo` or `workshop`", "short"),
    FieldSpec("workshop", "Name of the workshop when `track = {workshop}`", "SustaiNLP"),
    FieldSpec("award", "An award the paper received", "Best student paper"),
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
        "listedwith",
        "Key of the entry in the same file that this paper is listed with (a companion paper); shown right after it",
        "formal2021splade",
    ),
    FieldSpec(
        "crosslist", "Other sections that list this paper too (slugs from `papers/taxonomy.yml`)", "dense-distillation"
    ),
    FieldSpec("added", "Date the entry joined the list (YYYY-MM-DD)", "2022-07-01", True),
    FieldSpec("abstract", "The paper's abstract (kept out of the citation exports)", "Recent progress in..."),
)

FIELD_ORDER: tuple[str, ...] = tuple(spec.name for spec in FIELDS)
KNOWN_FIELDS = frozenset(FIELD_ORDER)
# What a citation needs and BibTeX styles read; the list's own fields (tags, code, ...) stay in papers/ and papers.json.
STANDARD_FIELDS: tuple[str, ...] = tuple(spec.name for spec in FIELDS if spec.standard)
# The standard fields that BibTeX styles print as LaTeX text (not the identifiers, dates and links).
LATEX_TEXT_FIELDS: tuple[str, ...] = tuple(
    name
    for name in STANDARD_FIELDS
    if name not in {"month", "year", "key", "isbn", "issn", "doi", "url", "eprint", "archiveprefix", "primaryclass"}
)

# Bookkeeping that exports from dblp, ACM, Zotero, Google Scholar and others add: `make fmt` drops them, so that
# an entry pasted from any of them goes in as it is. None is a fact a citation needs (`location` is the
# conference's place, which ACM also gives in `address` form on its proceedings; keywords are the publisher's).
BOOKKEEPING_FIELDS = frozenset(
    {
        "timestamp",
        "biburl",
        "bibsource",
        "numpages",
        "keywords",
        "urldate",
        "langid",
        "language",
        "file",
        "location",
        "articleno",
        "copyright",
        "eid",
        "acmid",
        "issue_date",
        "shorttitle",
        "annotation",
        "annote",
        "mendeley-groups",
        "mendeley-tags",
        "owner",
        "date-added",
        "date-modified",
        "bdsk-url-1",
        "ids",
        "pmid",
        "adsurl",
        "adsnote",
        "venue_url",
        "corpusid",
    }
)
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")

# Entry types and the required fields they waive: a `@misc` resource (a toolkit or a reading list: its `url`
# is a code repository) may have no year or author. `@software` and `@online` are biblatex types that BibTeX
# styles do not know: the loader asks for `@misc` instead.
ENTRY_TYPES: dict[str, frozenset[str]] = {
    "inproceedings": frozenset(),
    "article": frozenset(),
    "misc": frozenset({"year", "author"}),
    "techreport": frozenset(),
    "phdthesis": frozenset(),
    "book": frozenset(),
}
BIBLATEX_ONLY_TYPES = {"software": "misc", "online": "misc"}
TRACKS = ("short", "findings", "demo", "workshop")
MAX_TAGS = 4


def required_fields(entry_type: str, fields: dict[str, str]) -> list[str]:
    waived = ENTRY_TYPES.get(entry_type, frozenset()) if is_resource(fields) else frozenset()
    return [spec.name for spec in FIELDS if spec.required and spec.name not in waived]


def is_resource(fields: dict[str, str]) -> bool:
    """A toolkit or a reading list rather than a paper: its link is a code repository."""
    return not fields.get("eprint") and is_repository_url(fields.get("url", ""))
