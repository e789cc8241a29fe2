"""LaTeX in displayed fields (titles, names, notes) to plain Unicode.

Only text fields go through here, never URLs. The decoder knows accents, escaped
specials, dashes, quotes, font commands and simple math; any other command is
kept literally (`\\input{x}` shows as `\\input{x}`): it is text, never executed.
"""

from __future__ import annotations

import functools
import re
import unicodedata

_ACCENTS = {
    '"': "\u0308", "'": "\u0301", "`": "\u0300", "^": "\u0302", "~": "\u0303",
    "=": "\u0304", ".": "\u0307", "u": "\u0306", "v": "\u030c", "H": "\u030b",
    "c": "\u0327", "k": "\u0328", "r": "\u030a", "d": "\u0323", "b": "\u0331",
}  # fmt: skip
_SYMBOLS = {
    "ss": "ß", "o": "ø", "O": "Ø", "ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ",
    "aa": "å", "AA": "Å", "l": "ł", "L": "Ł", "i": "ı", "j": "ȷ",
    "ldots": "…", "dots": "…", "textendash": "–", "textemdash": "—",
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε",
    "lambda": "λ", "mu": "μ", "pi": "π", "sigma": "σ", "tau": "τ", "theta": "θ",
    "times": "×", "leq": "≤", "geq": "≥", "neq": "≠", "infty": "∞", "cdot": "·",
    "rightarrow": "→", "to": "→", "leftarrow": "←", "approx": "≈", "pm": "±",
    "LaTeX": "LaTeX", "TeX": "TeX",
}  # fmt: skip
_ESCAPES = set("&%$#_{} ")
_BARE_ACCENTS = {"^": "^", "~": "~"}
# Commands whose argument is shown as is (font and text-mode wrappers).
_WRAPPERS = {
    "emph", "textit", "textbf", "texttt", "textsc", "textrm", "textsf", "textup",
    "mathrm", "mathit", "mathbf", "mathsf", "mathtt", "mathcal", "text", "mbox", "url",
}  # fmt: skip
_NEEDS_WORK = re.compile(r"[\\{}~$]|--|``|''")
_COMMAND = re.compile(r"\\([A-Za-z]+[0-9]*|.)")  # digits kept so `\\write18` shows whole
_SPACES = re.compile(r"[ \t\r\n]+")  # not \u00a0: `~` is a deliberate non-breaking space
_PLAIN = re.compile(r"[^\\{}$~`'-]+")  # characters that no branch of _decode_group treats specially


@functools.lru_cache(maxsize=131_072)  # names, venues and titles are decoded for the checks, cards and exports
def decode(text: str) -> str:
    """Decode LaTeX markup for display; text without markup is returned unchanged."""
    if not _NEEDS_WORK.search(text):
        return _SPACES.sub(" ", text).strip()
    out, _ = _decode_group(text, 0, in_math=False)
    return _SPACES.sub(" ", unicodedata.normalize("NFC", out)).strip()


def _decode_group(text: str, pos: int, *, in_math: bool, until: str = "") -> tuple[str, int]:
    """Decode from `pos` up to the `until` character (or the end); return text and next index."""
    out: list[str] = []
    while pos < len(text):
        ch = text[pos]
        if until and ch == until:
            return "".join(out), pos + 1
        if ch == "\\":
            piece, pos = _decode_command(text, pos, in_math=in_math)
            out.append(piece)
        elif ch == "{":
            piece, pos = _decode_group(text, pos + 1, in_math=in_math, until="}")
            out.append(piece)
        elif ch == "}":  # stray closing brace: drop it
            pos += 1
        elif ch == "$" and not in_math:
            piece, pos = _decode_group(text, pos + 1, in_math=True, until="$")
            out.append(piece)
        elif ch == "~" and not in_math:
            out.append("\u00a0")
            pos += 1
        elif text.startswith("---", pos):
            out.append("—")
            pos += 3
        elif text.startswith("--", pos):
            out.append("–")
            pos += 2
        elif text.startswith("``", pos) or text.startswith("''", pos):
            out.append("“" if ch == "`" else "”")
            pos += 2
        elif plain := _PLAIN.match(text, pos):  # a run of ordinary text at once, not one character per turn
            out.append(plain.group())
            pos = plain.end()
        else:
            out.append(ch)
            pos += 1
    return "".join(out), pos


def _decode_command(text: str, pos: int, *, in_math: bool) -> tuple[str, int]:
    match = _COMMAND.match(text, pos)
    if not match:  # a lone backslash at the very end
        return "\\", pos + 1
    name, pos = match.group(1), match.end()
    if name in _ACCENTS:
        base, pos = _argument(text, pos, in_math=in_math)
        base = {"ı": "i", "ȷ": "j"}.get(base[:1], base[:1]) + base[1:]  # accents go on a dotted i
        if not base:  # `\^{}` and `\~{}` write the characters themselves
            return _BARE_ACCENTS.get(name, _ACCENTS[name]), pos
        return base[:1] + _ACCENTS[name] + base[1:], pos
    if name in _ESCAPES:
        return name, pos
    if name == "\\":
        return " ", pos
    if name.isalpha():
        pos = _skip_spaces(text, pos) if name in _SYMBOLS else pos
    if name in _SYMBOLS:
        return _SYMBOLS[name], pos
    if name in _WRAPPERS:
        return _argument(text, pos, in_math=in_math)
    # Unknown command: show it literally, with its braced argument kept in braces.
    if text.startswith("{", pos):
        inner, pos = _decode_group(text, pos + 1, in_math=in_math, until="}")
        return f"\\{name}{{{inner}}}", pos
    return "\\" + name, pos


def _argument(text: str, pos: int, *, in_math: bool) -> tuple[str, int]:
    """One argument: a braced group, a command such as `\\i`, or a single character."""
    pos = _skip_spaces(text, pos)
    if pos >= len(text):
        return "", pos
    if text[pos] == "{":
        return _decode_group(text, pos + 1, in_math=in_math, until="}")
    if text[pos] == "\\":
        return _decode_command(text, pos, in_math=in_math)
    return text[pos], pos + 1


def _skip_spaces(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] == " ":
        pos += 1
    return pos


# Where BibTeX prints a field, LaTeX reads it: `&` (an alignment tab), `%` (a comment) and `#` (a macro
# parameter) stop it in any mode, `_` and `^` outside math. The argument of \url and \href is read verbatim.
_STOP_ANYWHERE = "&%#"
_STOP_IN_TEXT = "_^"
_VERBATIM_ARGUMENT = re.compile(r"\\(?:url|href)\s*\{")
_ANY_SPECIAL = re.compile(r"[&%#_^]")
ESCAPED = {"&": r"\&", "%": r"\%", "#": r"\#", "_": r"\_", "^": r"\^{}"}


def unescaped_specials(text: str) -> list[str]:
    """The characters of `text` that stop LaTeX unless escaped (`\\&`), each once, in order of appearance."""
    return list(dict.fromkeys(text[pos] for pos in _special_positions(text)))


def escape_specials(text: str) -> str:
    """`text` (LaTeX) with each character that would stop LaTeX escaped, and nothing else changed."""
    out, last = [], 0
    for pos in _special_positions(text):
        out += [text[last:pos], ESCAPED[text[pos]]]
        last = pos + 1
    return "".join(out) + text[last:]


def _special_positions(text: str):
    """Where `text` has a character that stops LaTeX: see _STOP_ANYWHERE and _STOP_IN_TEXT."""
    if not _ANY_SPECIAL.search(text):  # most fields: checked for 10,000 papers on every build
        return
    math, pos = False, 0
    while pos < len(text):
        verbatim = _VERBATIM_ARGUMENT.match(text, pos)
        if verbatim:
            pos = _after_group(text, verbatim.end())
            continue
        char = text[pos]
        if char == "\\":
            pos += 2
            continue
        if char == "$":
            math = not math
        elif char in _STOP_ANYWHERE or (char in _STOP_IN_TEXT and not math):
            yield pos
        pos += 1


def _after_group(text: str, pos: int) -> int:
    """The position after the `}` that closes the group opened just before `pos`."""
    depth = 1
    while pos < len(text) and depth:
        depth += {"{": 1, "}": -1}.get(text[pos], 0)
        pos += 1
    return pos
