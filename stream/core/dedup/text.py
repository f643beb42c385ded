"""Article text for dedup: drop outlet chrome, then tokenize cheaply.

Dedup must judge the article, not the page around it: two different stories wrapped in
the same outlet chrome share their header/footer lines, and a syndicated copy carries
another outlet's chrome. Normalization (issue 3) already strips most chrome; this is a
second, conservative line filter so dedup stays correct with a cruder normalizer too.
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np

from stream.core.dedup.words import NUMBER_WORDS

# A line that is article prose ends like a sentence (or is long); headlines, captions,
# menu items and share buttons do not. Quote marks and brackets may follow the stop.
_SENTENCE_END = re.compile(r"[.!?…:;][\"'”’»)\]]*\s*$")
LONG_LINE_WORDS = 25

# Phrases that mark page chrome even when it is written as a sentence (lowercase; plain
# substring tests: one C-level scan each, far cheaper than a regex alternation).
CHROME_PHRASES: tuple[str, ...] = (
    "sign up",
    "subscribe",
    "newsletter",
    "your inbox",
    "privacy policy",
    "terms of use",
    "terms of service",
    "cookie",
    "all rights reserved",
    "©",
    "copyright",
    "originally appeared",
    "originally published",
    "read more",
    "read these next",
    "read next",
    "related coverage",
    "related stories",
    "related articles",
    "click here",
    "follow us",
    "share this",
    "download our app",
    "download the app",
    "advertisement",
    "story continues",
    "reporting by",
    "editing by",
    "writing by",
    "contact the author",
    "contact the writer",
)
# Past this many characters a line is prose whatever it contains (bounds the cost).
CHROME_SCAN_CHARS = 300

APOSTROPHES = ("'", "’", "‘", "`", "´")
"""What ``clean`` deletes (``Trump's`` -> ``Trumps``)."""
_DIGIT_GROUP = re.compile(r"(?<=\d),(?=\d{3})")
_WORD = re.compile(r"[^\W_]+")
# ASCII punctuation -> space; if nothing else but word characters and spaces is left,
# str.split() gives exactly the tokens of _WORD.findall, three times faster.
_PUNCT_TO_SPACE = str.maketrans({c: " " for c in "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~“”‘’—–…«»·•"})
_NOT_WORD_OR_SPACE = re.compile(r"[^\w\s]|_")
# ASCII text (most wire copy): every byte that is not a letter or digit -> space, as a
# bytes table (one C pass; a str.translate dict costs a lookup per character).
_ASCII_TO_SPACE = bytes(c if chr(c).isalnum() else 32 for c in range(128)) + bytes(128)
# One token longer than this is not a word (base64 blobs, a 300k-char token): cut it.
MAX_TOKEN_CHARS = 40


def article_lines(body: str) -> list[str]:
    """The body's prose lines, chrome removed; all non-empty lines if nothing survives."""
    lines = [line.strip() for line in body.splitlines()]
    lines = [line for line in lines if line]
    kept = [line for line in lines if _is_prose(line)]
    return kept or lines


def _is_prose(line: str) -> bool:
    if not (_SENTENCE_END.search(line[-8:]) or line.count(" ") + 1 >= LONG_LINE_WORDS):
        return False
    # Chrome sentences are short; a long paragraph is prose whatever it mentions.
    return len(line) > CHROME_SCAN_CHARS or not _has_chrome(line.lower())


def _has_chrome(lowered: str) -> bool:
    return any(phrase in lowered for phrase in CHROME_PHRASES)


def clean(text: str) -> str:
    """Apostrophes out (``Trump's`` -> ``Trumps``), digit grouping out (``1,200`` -> ``1200``).

    Quote style, dashes and other punctuation vanish in tokenization anyway.
    """
    for mark in APOSTROPHES:
        if mark in text:
            text = text.replace(mark, "")
    return _DIGIT_GROUP.sub("", text) if "," in text else text


def tokenize(cleaned: str) -> tuple[list[str], list[str], list[int]]:
    """``words(cleaned)`` and ``fact_positions`` of the cased words, in one go.

    For ASCII text the positions come from the bytes in a few numpy passes (a token is
    a fact candidate iff it holds a byte below ``a``: an uppercase letter or a digit),
    instead of two string-method calls per token in Python.
    """
    if not cleaned.isascii():
        cased, lower = words(cleaned)
        return cased, lower, fact_positions(cased)
    spaced = cleaned.encode("ascii").translate(_ASCII_TO_SPACE)
    arr = np.frombuffer(spaced, dtype=np.uint8)
    in_word = np.empty(arr.size + 2, dtype=np.int8)
    in_word[0] = in_word[-1] = 0
    np.not_equal(arr, 32, out=in_word[1:-1])
    edges = np.diff(in_word)
    starts = np.flatnonzero(edges == 1)
    if starts.size == 0:
        return [], [], []
    longest = int((np.flatnonzero(edges == -1) - starts).max())
    text = spaced.decode("ascii")
    cased = text.split()
    if longest > MAX_TOKEN_CHARS:  # cut tokens: the slow path keeps exact semantics
        cased = [t[:MAX_TOKEN_CHARS] for t in cased]
        return cased, [t.lower() for t in cased], fact_positions(cased)
    lower = text.lower().split()
    special = np.flatnonzero((arr < 97) & (arr != 32))
    positions = np.unique(np.searchsorted(starts, special, side="right") - 1).tolist()
    if not NUMBER_WORDS.isdisjoint(lower):
        numbers = [i for i, tok in enumerate(lower) if tok in NUMBER_WORDS]
        positions = sorted(set(positions).union(numbers))
    return cased, lower, positions


def words(cleaned: str) -> tuple[list[str], list[str]]:
    """Word tokens with their case (names, facts) and lowercased (shingles).

    Punctuation-, quote-style- and whitespace-insensitive: only the words remain.
    """
    if cleaned.isascii():
        spaced = cleaned.encode("ascii").translate(_ASCII_TO_SPACE).decode("ascii")
        cased = spaced.split()
        if not cased or max(map(len, cased)) <= MAX_TOKEN_CHARS:
            return cased, spaced.lower().split()
        cased = [t[:MAX_TOKEN_CHARS] for t in cased]
        return cased, [t.lower() for t in cased]
    spaced = cleaned.translate(_PUNCT_TO_SPACE)
    simple = _NOT_WORD_OR_SPACE.search(spaced) is None
    cased = spaced.split() if simple else _WORD.findall(cleaned)
    if cased and max(map(len, cased)) > MAX_TOKEN_CHARS:
        cased = [t[:MAX_TOKEN_CHARS] for t in cased]
    lower = " ".join(cased).lower().split()
    if len(lower) != len(cased):  # a case mapping that splits a word (rare): go slow
        lower = [t.lower() for t in cased]
    return cased, lower


def fact_positions(cased: list[str]) -> list[int]:
    """Indices of tokens that may be facts or names: not all-lowercase letters.

    Capitalized words, figures (``27``, ``93rd`` has a digit) and spelled-out numbers;
    the lowercase bulk of the text is skipped in one C-level pass per token.
    """
    return [
        i
        for i, tok in enumerate(cased)
        if not (tok.islower() and tok.isalpha()) or tok in NUMBER_WORDS
    ]


def fold(word: str) -> str:
    """Casefold and strip accents: ``Nicolás`` and ``Nicolas`` are one name."""
    if word.isascii():
        return word.lower()
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
