"""The BibTeX a reader pastes into a paper: standard fields only, in a form every BibTeX style formats.

`papers/` keeps the list's own fields (tags, code, key idea...) beside the standard ones; the card's
BibTeX, `papers.bib`, the per-section files and the explorer's download carry only what a citation needs.
"""

from __future__ import annotations

import re

from paperlist.fields import STANDARD_FIELDS

_BRACES = re.compile(r"[{}]")


def citation_fields(entry_type: str, fields: dict[str, str]) -> dict[str, str]:
    """The standard fields of an entry, plus what BibTeX styles need to format it without a warning."""
    cited = {name: fields[name] for name in STANDARD_FIELDS if name in fields}
    if entry_type == "misc" and "howpublished" not in cited:
        # plain, abbrv, alpha, unsrt, acm and ieeetr print `howpublished` and ignore `eprint` and `url`.
        if cited.get("eprint"):
            cited["howpublished"] = f"arXiv preprint arXiv:{cited['eprint']}"
        elif cited.get("url"):
            cited["howpublished"] = f"\\url{{{cited['url']}}}"
    if "author" not in cited and "key" not in cited:  # "to sort, need author or key"
        cited["key"] = _BRACES.sub("", cited["title"]).split(":")[0].strip()
    return cited
