"""Display decoding of LaTeX in text fields."""

import pytest

from paperlist.latex import ESCAPED, decode, unescaped_specials

CASES = [
    ("Plain title", "Plain title"),
    ("{BERT} and {T5}", "BERT and T5"),
    ("{{BERT}}", "BERT"),
    ('Hofst{\\"a}tter', "Hofstätter"),
    ('Hofst\\"atter', "Hofstätter"),
    ("Fran{\\c{c}}ois", "François"),
    ("Fran\\c{c}ois", "François"),
    ("{\\'E}cole", "École"),
    ("Jos\\'{e}", "José"),
    ("{\\~n}", "ñ"),
    ('na\\"{\\i}ve', "naïve"),
    ("Stra{\\ss}e", "Straße"),
    ("{\\o}re", "øre"),
    ("Search \\& Rank", "Search & Rank"),
    ("100\\% recall", "100% recall"),
    ("pages 1--10", "pages 1–10"),
    ("yes---no", "yes—no"),
    ("``quoted''", "“quoted”"),
    ("$\\alpha$-NDCG", "α-NDCG"),
    ("Top-$k$ retrieval", "Top-k retrieval"),
    ("$O(n^2)$", "O(n^2)"),
    ("\\emph{Dense} retrieval", "Dense retrieval"),
    ("\\textbf{Bold}", "Bold"),
    ("a~b", "a\u00a0b"),
    ("\\input{/etc/passwd}", "\\input{/etc/passwd}"),
    ("\\write18{rm -rf /}", "\\write18{rm -rf /}"),
    ("trailing backslash \\", "trailing backslash \\"),
    ("unbalanced {brace", "unbalanced brace"),
    ("stray } brace", "stray brace"),
    ("  many   spaces\n here ", "many spaces here"),
    ("[CLS] token", "[CLS] token"),
    ("<script>", "<script>"),
]


@pytest.mark.parametrize(("source", "expected"), CASES)
def test_decode(source, expected):
    assert decode(source) == expected


def test_text_without_markup_is_returned_as_is():
    text = "Dense Passage Retrieval for Open-Domain Question Answering"
    assert decode(text) is text or decode(text) == text


SPECIALS = [  # where BibTeX prints a field, LaTeX reads it: what would stop it
    ("Search \\& Rank for R\\&D", []),
    ("Search & Rank", ["&"]),
    ("Search {&} Rank", ["&"]),  # braces do not escape it
    ("a line\\\\& more", ["&"]),  # `\\` is a line break: the `&` after it stands alone
    ("100% recall and 50\\% precision", ["%"]),
    ("C# and C\\#", ["#"]),
    ("BM25_plus and x^2", ["_", "^"]),
    ("Top-$k_i^2$ retrieval", []),  # sub- and superscripts are math's
    ("$a & b$", ["&"]),  # an alignment tab outside an alignment, even in math
    ("see \\url{https://x.org/a_b%20c#d} and \\href{https://x.org/?a&b}{the_page}", ["_"]),
    ("R&D & more %, 50% & C#", ["&", "%", "#"]),  # each once, in order
    ("Plain title", []),
]


@pytest.mark.parametrize(("source", "expected"), SPECIALS)
def test_unescaped_specials(source, expected):
    assert unescaped_specials(source) == expected


@pytest.mark.parametrize("char", sorted(ESCAPED))
def test_each_suggested_escape_is_accepted_and_shows_the_character(char):
    escaped = f"a {ESCAPED[char]} b"
    assert unescaped_specials(escaped) == []
    assert decode(escaped) == f"a {char} b"
