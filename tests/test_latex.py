"""Display decoding of LaTeX in text fields."""

import pytest

from paperlist.latex import decode

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
