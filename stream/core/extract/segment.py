"""Paragraphs and sentence boundaries by rule, in linear time.

The quote rules need "the sentence around this quote mark", not a parse: a regex
splitter with an abbreviation list gives the same answer on the fast path and the full
path, costs nothing next to NER, and cannot blow up on pathological input.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

# one definition of "NEW YORK (AP) —" for both stages (normalize reads it too)
from stream.core.text.dateline import split_dateline

_PARA_BREAK = re.compile(r"\n[ \t\r\f\v]*\n\s*")
_LINE_BREAK = re.compile(r"\n\s*")
# One mark then the rest of its run: a pattern opening with a character class lets the
# regex engine skip to the next candidate in C (``[.!?…]+...|\n+`` tries every position).
_SENT_END = re.compile(r"[.!?…\n](?:(?<=\n)\n*|(?<!\n)[.!?…]*[\"”’')\]]*\s+)")
_ABBREV = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "st",
        "gen",
        "sen",
        "rep",
        "gov",
        "lt",
        "col",
        "capt",
        "sgt",
        "adm",
        "jr",
        "sr",
        "inc",
        "corp",
        "co",
        "ltd",
        "no",
        "vs",
        "etc",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "prof",
        "rev",
        "mt",
        "ft",
        "ave",
        "blvd",
        "dept",
        "est",
        "approx",
        "fig",
        "op",
        "al",
    ]
)


@dataclass(frozen=True)
class Segments:
    """Paragraph spans and sentence starts of one body."""

    text: str
    paragraphs: list[tuple[int, int]]
    sentence_starts: list[int]

    def paragraph_of(self, pos: int) -> int:
        """Index of the paragraph holding ``pos``."""
        return max(0, bisect.bisect_right(self.paragraphs, pos, key=_start) - 1)

    def sentence_start(self, pos: int) -> int:
        """Start of the sentence holding ``pos``."""
        i = bisect.bisect_right(self.sentence_starts, pos) - 1
        return self.sentence_starts[i] if i >= 0 else 0

    def sentence_end(self, pos: int) -> int:
        """End (exclusive) of the sentence holding ``pos``."""
        i = bisect.bisect_right(self.sentence_starts, pos)
        return self.sentence_starts[i] if i < len(self.sentence_starts) else len(self.text)


def _start(span: tuple[int, int]) -> int:
    return span[0]


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph, stripped of edge space.

    A blank line always ends a paragraph; so does a single newline (scraped copy often
    uses one), unless the text is hard-wrapped: most of its lines end near one width.
    """
    spans = []
    pos = 0
    rx = _LINE_BREAK if not _hard_wrapped(text) else _PARA_BREAK
    for m in rx.finditer(text):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def _hard_wrapped(text: str) -> bool:
    """Lines cut at a fixed width (50-90 characters, 80% of them): a newline there is
    not a paragraph end."""
    lines = [len(line) for line in text[:20_000].split("\n")[:-1] if line.strip()]
    if len(lines) < 4:
        return False
    return sum(50 <= n <= 90 for n in lines) >= 0.8 * len(lines)


def is_boundary(text: str, match: re.Match[str]) -> bool:
    """Is this ``[.!?] + space`` a sentence end (not ``Mr.``/``U.S.``/``J.``)?"""
    if "\n" in match.group(0):
        return True
    i = match.start()
    if text[match.end() : match.end() + 1].islower():
        # no sentence opens in lowercase: "Sen. Jo Reyes (D-Vt.) on Monday said"
        return False
    if text[i] != ".":
        return True
    j = i
    while j > 0 and (text[j - 1].isalpha() or text[j - 1] == "."):
        j -= 1
    word = text[j:i].lower()
    if word in _ABBREV or (len(word) == 1 and word.isalpha()):
        return False
    if "." in word:  # U.S. / a.m. -- a boundary only if a capitalized word follows
        nxt = text[match.end() : match.end() + 1]
        return nxt.isupper() and word not in {"u.s", "u.k", "u.n"}
    return True


def segment(text: str) -> Segments:
    """Split once per story; lookups are ``bisect``."""
    starts = [0]
    # A dateline opening raw text ("LISBON (Reuters) — Mayor X said ...") is no part of
    # the first sentence: its subject starts after it.
    dl = split_dateline(text[:300])
    if dl is not None and dl.rest and len(dl.rest) < len(text[:300]):
        starts.append(len(text[:300]) - len(dl.rest))
    for m in _SENT_END.finditer(text):
        if is_boundary(text, m) and m.end() < len(text):
            starts.append(m.end())
    if len(starts) > 1 and starts[1] >= (starts[2] if len(starts) > 2 else len(text) + 1):
        starts = sorted(set(starts))  # a boundary inside the dateline ("D.C. ")
    return Segments(text=text, paragraphs=paragraphs(text), sentence_starts=starts)
