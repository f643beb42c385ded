"""Article text for dedup: drop outlet chrome, then tokenize cheaply.

Dedup must judge the article, not the page around it: two different stories wrapped in
the same outlet chrome share their header/footer lines, and a syndicated copy carries
another outlet's chrome. Normalization (issue 3) already strips most chrome; this is a
second, conservative line filter so dedup stays correct with a cruder normalizer too.
"""

from __future__ import annotations

import re
import unicodedata

# A line that is article prose ends like a sentence (or is long); headlines, captions,
# menu items and share buttons do not. Quote marks and brackets may follow the stop.
_SENTENCE_END = re.compile(r"[.!?…:;][\"'”’»)\]]*\s*$")
_LONG_LINE_WORDS = 25

# Phrases that mark page chrome even when it is written as a sentence.
_CHROME = re.compile(
    r"(?:sign up|subscribe|newsletter|your inbox|privacy policy|terms of (?:use|service)"
    r"|cookie|all rights reserved|©|\(c\) \d{4}|copyright \d{4}|originally (?:appeared|published)"
    r"|read (?:more|these next|next)|related (?:coverage|stories|articles)|click here"
    r"|follow us|share this|download (?:our|the) app|advertisement|story continues"
    r"|reporting by|editing by|writing by|contact the (?:author|writer))",
)
# Past this many characters a line is prose whatever it contains (bounds regex cost).
_CHROME_SCAN_CHARS = 400

_APOSTROPHES = re.compile(r"['’‘`´]")
_DIGIT_GROUP = re.compile(r"(?<=\d),(?=\d{3})")
_WORD = re.compile(r"[^\W_]+")
# One token longer than this is not a word (base64 blobs, a 300k-char token): cut it.
MAX_TOKEN_CHARS = 40


def article_lines(body: str) -> list[str]:
    """The body's prose lines, chrome removed; all non-empty lines if nothing survives."""
    lines = [line.strip() for line in body.splitlines()]
    lines = [line for line in lines if line]
    # One scan of the whole text first: most clean bodies hold no chrome phrase at all.
    check_chrome = _CHROME.search(body.lower()) is not None
    kept = [line for line in lines if _is_prose(line, check_chrome)]
    return kept or lines


def _is_prose(line: str, check_chrome: bool) -> bool:
    if not (_SENTENCE_END.search(line[-8:]) or line.count(" ") + 1 >= _LONG_LINE_WORDS):
        return False
    if not check_chrome or len(line) > _CHROME_SCAN_CHARS * 2:
        return True
    return not _CHROME.search(line[:_CHROME_SCAN_CHARS].lower())


def clean(text: str) -> str:
    """Apostrophes out (``Trump's`` -> ``Trumps``), digit grouping out (``1,200`` -> ``1200``).

    Quote style, dashes and other punctuation vanish in tokenization anyway.
    """
    return _DIGIT_GROUP.sub("", _APOSTROPHES.sub("", text))


def words(cleaned: str) -> tuple[list[str], list[str]]:
    """Word tokens with their case (names, facts) and lowercased (shingles).

    Punctuation-, quote-style- and whitespace-insensitive: only the words remain.
    """
    cased = _WORD.findall(cleaned)
    if any(len(t) > MAX_TOKEN_CHARS for t in cased):
        cased = [t[:MAX_TOKEN_CHARS] for t in cased]
    lower = " ".join(cased).lower().split()
    if len(lower) != len(cased):  # a case mapping that splits a word (rare): go slow
        lower = [t.lower() for t in cased]
    return cased, lower


def fold(word: str) -> str:
    """Casefold and strip accents: ``Nicolás`` and ``Nicolas`` are one name."""
    if word.isascii():
        return word.lower()
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
