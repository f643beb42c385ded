"""Unicode and whitespace clean-up, and the split of a text into paragraph units.

Everything here is a single pass (``str.translate``, ``unicodedata.normalize`` and
regexes without nested quantifiers), so a 300,000-character token or ten thousand quote
marks cost linear time. Quote characters are never touched: quote extraction downstream
tells curly from straight quotes, so both stay as written.
"""

from __future__ import annotations

import re
import unicodedata

# Control characters (C0 and C1) go, except newline and tab; \r is folded into \n first.
# Zero-width and bidi format characters go too (they break tokenization and dedup keys).
# Every other kind of space (NBSP, thin space, ideographic space...) becomes a plain space.
_TABLE: dict[int, str | None] = {}
for _cp in [*range(0x00, 0x20), *range(0x7F, 0xA0)]:
    if _cp not in (0x09, 0x0A):
        _TABLE[_cp] = None
for _cp in (
    0x00AD,
    0x180E,
    0x200B,
    0x200E,
    0x200F,
    0x2060,
    0xFEFF,
    *range(0x202A, 0x202F),
    *range(0x2066, 0x206A),
):
    _TABLE[_cp] = None
for _cp in (0x00A0, 0x1680, *range(0x2000, 0x200B), 0x202F, 0x205F, 0x3000):
    _TABLE[_cp] = " "
_TABLE[0x2028] = "\n"
_TABLE[0x2029] = "\n\n"
_TABLE[0x85] = "\n"

_SPACES = re.compile(r"[ \t]+")
# A whitespace-free run this long is an encoded blob, a data URI or garbage, not prose.
# The lookbehind makes the regex try only at token starts, so the scan stays linear.
MAX_TOKEN = 1000
_LONG_TOKEN = re.compile(rf"(?<!\S)\S{{{MAX_TOKEN},}}")
_HAS_WORD = re.compile(r"[^\W_]")
_TERMINAL = '.!?:;"”’)]…»'
_TERMINAL_T = tuple(_TERMINAL)


def clean_unicode(text: str) -> str:
    """NFC, control and zero-width characters removed, odd spaces made plain, \\r folded."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.translate(_TABLE)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text


def tidy_line(line: str) -> str:
    """One line with runs of spaces and tabs collapsed and its ends trimmed."""
    return _SPACES.sub(" ", line).strip()


def drop_long_tokens(text: str) -> str:
    """Remove whitespace-free runs of ``MAX_TOKEN`` characters or more."""
    return _LONG_TOKEN.sub("", text) if len(text) >= MAX_TOKEN else text


def has_word(text: str) -> bool:
    """Whether the text holds at least one letter or digit."""
    return _HAS_WORD.search(text) is not None


def _looks_wrapped(lines: list[str]) -> bool:
    """A block hard-wrapped at a fixed width (old wire copy, e-mail), not a list of lines."""
    if len(lines) < 3:
        return False
    head = [len(x) for x in lines[:-1]]
    if min(head) < 40 or max(head) > 100 or max(head) - min(head) > 30:
        return False
    ended = sum(1 for x in lines[:-1] if x.endswith(_TERMINAL_T))
    return ended * 2 < len(head)


def _blocks(text: str) -> list[list[str]]:
    """Tidied lines grouped into blocks; a blank (or all-space) line ends a block."""
    blocks: list[list[str]] = []
    current: list[str] = []
    for raw_line in text.split("\n"):
        line = tidy_line(raw_line)
        if line:
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def split_units(text: str) -> list[str]:
    """Paragraph units: one per line, with hard-wrapped lines joined back together.

    Outlets disagree on whether a paragraph is a line or a blank-line block, and headers
    (headline, dek, date, caption) often share one block, so the unit is the line; only
    lines that are visibly one paragraph wrapped (next line starts in lower case, or the
    whole block is cut at one width) are joined.
    """
    units: list[str] = []
    for lines in _blocks(text):
        if _looks_wrapped(lines):
            units.append(" ".join(lines))
            continue
        current = [lines[0]]  # parts of the unit being built (joined once: linear)
        for nxt in lines[1:]:
            if not current[-1].endswith(_TERMINAL_T) and nxt[0].islower():
                current.append(nxt)
            else:
                units.append(" ".join(current))
                current = [nxt]
        units.append(" ".join(current))
    out = []
    for unit in units:
        unit = tidy_line(drop_long_tokens(unit))
        if unit and has_word(unit):
            out.append(unit)
    return out


# "... in February.(Bloomberg)": a wire's credit tag closing a paragraph, after its last
# sentence: one to three capitalized words (or an acronym) in brackets. Not news text.
_CREDIT_TAG = re.compile(
    r"(?<=[.!?\"”’])[ \t]*\((?:[A-Z][\w&.’'-]*)(?:[ \t]+[A-Z][\w&.’'-]*){0,2}\)[ \t]*$"
)
# "February.The": a lower-case word ended by a full stop, question or exclamation mark
# and glued to the capitalized word of the next sentence. Two or more lower-case letters
# first, so "U.S.Army" and "e.g.Foo" style abbreviations are left alone; three or more
# after the capital, so a name like "Caliber.Az" is too.
_GLUED_SENTENCE = re.compile(r"(?<=[a-z]{2}[.!?])(?=[A-Z][a-z]{2,}\b|\()")


def repair_unit(unit: str) -> str:
    """A body paragraph with its trailing credit tag cut and glued sentences spaced.

    Both broke NER: ``February.(Bloomberg)`` came out as one place name. Linear: two
    regex passes without nested quantifiers.
    """
    if unit.endswith(")"):
        unit = _CREDIT_TAG.sub("", unit)
    return _GLUED_SENTENCE.sub(" ", unit)


_KEY_DROP = re.compile(r"[^\w]+")


def unit_key(text: str) -> str:
    """Comparison key of a paragraph: case, punctuation and spacing ignored."""
    return _KEY_DROP.sub(" ", text.casefold()).strip()


def word_count(text: str) -> int:
    """Number of whitespace-separated words."""
    return len(text.split())


def ends_sentence(text: str) -> bool:
    """Whether the text ends like a sentence (full stop, question, quote close...)."""
    return text.rstrip().endswith((".", "!", "?", '"', "”", "’", "…", "»"))


def word_set(text: str) -> frozenset[str]:
    """A set of words written as one string (easier to read and extend than a list)."""
    return frozenset(text.split())
