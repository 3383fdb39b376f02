"""Text rules shared by every stage: LaTeX decoding, ASCII folding, the key rule.

LaTeX decoding is where a naive pipeline spends its time (pylatexenc on every
field). Most fields hold no backslash at all, and most that do hold only
accents, so we decode those with a table and call pylatexenc only for the rest.
"""

from __future__ import annotations

import datetime
import functools
import re
import unicodedata

# Combining marks for the accent commands BibTeX users write.
_ACCENTS = {
    "'": "\u0301",
    "`": "\u0300",
    "^": "\u0302",
    '"': "\u0308",
    "~": "\u0303",
    "=": "\u0304",
    ".": "\u0307",
    "u": "\u0306",
    "v": "\u030c",
    "H": "\u030b",
    "c": "\u0327",
    "k": "\u0328",
    "r": "\u030a",
    "d": "\u0323",
    "b": "\u0331",
}
_LETTERS = {
    "ss": "ß",
    "o": "ø",
    "O": "Ø",
    "ae": "æ",
    "AE": "Æ",
    "oe": "œ",
    "OE": "Œ",
    "aa": "å",
    "AA": "Å",
    "l": "ł",
    "L": "Ł",
    "i": "ı",
    "j": "ȷ",
}
_ESCAPES = {"&": "&", "%": "%", "$": "$", "_": "_", "#": "#", "{": "\ue000", "}": "\ue001", " ": " "}
_NAMED = {"textendash": "–", "textemdash": "—", "textquoteright": "’", "textquoteleft": "‘", "ldots": "…", "dots": "…"}

_SYMBOL_ACCENT = re.compile(r"""\\(['`^"~=.])\s*(?:\{\s*(\\[ij]|[A-Za-z])\s*\}|(\\[ij](?![A-Za-z])|[A-Za-z]))""")
_LETTER_ACCENT = re.compile(r"\\([uvHckrdb])(?:\s*\{\s*(\\[ij]|[A-Za-z])\s*\}|\s+([A-Za-z]))")
_LETTER_COMMAND = re.compile(r"\\(ss|ae|AE|oe|OE|aa|AA|[oOlLij])(?![A-Za-z])(?:\{\})?\s?")
_NAMED_COMMAND = re.compile(r"\\(" + "|".join(_NAMED) + r")(?![A-Za-z])(?:\{\})?")
_ESCAPE = re.compile(r"\\([&%$_#{} ])")


def _accent(match: re.Match[str]) -> str:
    base = match.group(2) or match.group(3)
    if base in ("\\i", "\\j"):
        base = base[1]  # an accented dotless i is just an accented i in Unicode
    return unicodedata.normalize("NFC", base + _ACCENTS[match.group(1)])


@functools.lru_cache(maxsize=65536)
def latex_to_text(value: str) -> str:
    """BibTeX field text -> plain Unicode for display (braces and accents resolved)."""
    if "\\" in value:
        value = _SYMBOL_ACCENT.sub(_accent, value)
        value = _LETTER_ACCENT.sub(_accent, value)
        value = _NAMED_COMMAND.sub(lambda m: _NAMED[m.group(1)], value)
        value = _LETTER_COMMAND.sub(lambda m: _LETTERS[m.group(1)], value)
        value = _ESCAPE.sub(lambda m: _ESCAPES[m.group(1)], value)
        if "\\" in value:
            value = (
                _pylatexenc(value) if brace_depth(value) <= MAX_BRACE_DEPTH else value
            )  # the validator refuses deeper

    if "{" in value or "}" in value:
        value = value.replace("{", "").replace("}", "")
    if "~" in value:
        value = value.replace("~", "\u00a0")
    if "--" in value:
        value = value.replace("---", "—").replace("--", "–")
    value = value.replace("\ue000", "{").replace("\ue001", "}")
    return " ".join(value.split())


MAX_BRACE_DEPTH = 8  # BibTeX titles use two or three levels; deeper nesting is an error, and recursion for the decoder


def _pylatexenc(value: str) -> str:
    # The slow, general decoder, for the rare field our table does not cover.
    from pylatexenc.latex2text import LatexNodes2Text

    return str(LatexNodes2Text(math_mode="verbatim", strict_latex_spaces=True).latex_to_text(value))


_FOLD = str.maketrans(
    {
        "ß": "ss",
        "ø": "o",
        "Ø": "O",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "ı": "i",
        "þ": "th",
        "Þ": "Th",
        "ð": "d",
    }
)


def ascii_fold(text: str) -> str:
    """'Daumé' -> 'Daume', 'Łukasz' -> 'Lukasz': the ASCII skeleton used in keys."""
    if text.isascii():
        return text
    # Decomposed, an accent is a combining mark: never ASCII, so dropped with the rest.
    return unicodedata.normalize("NFKD", text.translate(_FOLD)).encode("ascii", "ignore").decode("ascii")


_NOT_ASCII_ALNUM = re.compile(r"[^0-9A-Za-z]+")
_NOT_BRACE = re.compile(r"[^{}]+")
_NOT_LOWER_ASCII = re.compile(r"[^a-z]+")


@functools.cache
def _ascii_prototypes() -> dict[str, str]:
    """Non-ASCII characters that look like ASCII ones (Unicode's confusables data, UTS #39), mapped to them."""
    import importlib.resources
    import json

    data = json.loads(
        (importlib.resources.files("confusable_homoglyphs") / "confusables.json").read_text(encoding="utf-8")
    )
    table = {}
    for char, glyphs in data.items():
        if char.isascii():
            continue
        plain = sorted(g["c"] for g in glyphs if g["c"].isascii() and g["c"].isalnum())
        if plain:
            table[char] = plain[-1] if char.islower() and plain[-1].islower() else plain[0]
    return table


def confusable_skeleton(text: str) -> str:
    """`text` with look-alike letters from other scripts (a Cyrillic а) replaced by the ASCII ones they imitate."""
    if text.isascii():
        return text
    table = _ascii_prototypes()
    return "".join(table.get(c, c) for c in text)


@functools.lru_cache(maxsize=1 << 16)  # `make serve` checks every title for duplicates after each save
def normalized_title(title: str) -> str:
    """A title reduced to lower-case letters and digits, for spotting the same work twice.

    Look-alike letters are folded first (UTS #39 confusables), so a title retyped with a
    Cyrillic "а" is still the same title.
    """
    plain = confusable_skeleton(unicodedata.normalize("NFKC", latex_to_text(title))).casefold()
    return _NOT_ASCII_ALNUM.sub("", ascii_fold(plain))


# Words skipped when taking the "first significant title word" of a citation key.
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "on",
        "of",
        "in",
        "at",
        "to",
        "for",
        "and",
        "or",
        "with",
        "by",
        "from",
        "as",
        "via",
        "is",
        "are",
        "be",
        "do",
        "does",
        "can",
        "how",
        "what",
        "why",
        "when",
        "where",
        "which",
        "who",
        "will",
        "would",
        "should",
        "we",
        "you",
        "i",
        "it",
        "its",
        "this",
        "that",
        "not",
    ]
)
KEY_PATTERN = re.compile(r"^[a-z][a-z0-9]*$")
# Characters that hide or reorder text (bidi overrides, zero-width, controls): a value must
# read the same on the page as in the file.
INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)
NEW_ARXIV = re.compile(r"^(\d{2})(\d{2})\.\d{4,5}(v\d+)?$")
YEAR = re.compile(r"^\d{4}$")


def braces_balanced(value: str) -> bool:
    """BibTeX's own rule: every brace counts, a backslash does not escape it."""
    if "{" not in value and "}" not in value:
        return True
    depth = 0
    for char in _NOT_BRACE.sub("", value):  # the braces alone: a field has few, a title many letters
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def brace_depth(value: str) -> int:
    if "{" not in value:
        return 0
    depth = deepest = 0
    for char in _NOT_BRACE.sub("", value):
        if char == "{":
            depth += 1
            if depth > deepest:
                deepest = depth
        else:
            depth -= 1
    return deepest


def key_family(family: str) -> str:
    """The family-name part of a key: ASCII letters of the decoded name, lower case."""
    return _NOT_LOWER_ASCII.sub("", ascii_fold(latex_to_text(family)).lower())


_WORD_BREAK = re.compile(r"[\s\-\u2010-\u2015/:]+")


def first_significant_word(title: str) -> str:
    for word in _WORD_BREAK.split(ascii_fold(latex_to_text(title)).lower()):
        word = _NOT_ASCII_ALNUM.sub("", word)  # ASCII once folded
        if word and word not in STOPWORDS:
            return word
    return ""


def citation_key_base(first_author_family: str, year: str, title: str) -> str:
    """`<first author family name><year><first significant title word>` (DESIGN.md)."""
    return f"{key_family(first_author_family)}{year}{first_significant_word(title)}"


def key_matches_rule(key: str, base: str) -> bool:
    """A key is its base, or its base plus one collision suffix `b`..`z`."""
    return key == base or (len(key) == len(base) + 1 and key.startswith(base) and "b" <= key[-1] <= "z")


ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def is_date(value: str) -> bool:
    """A real calendar day written YYYY-MM-DD (`added`, `data_version`, a topic's `added`)."""
    if not ISO_DATE.fullmatch(value):
        return False
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return True
