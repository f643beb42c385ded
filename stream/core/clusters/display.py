"""A cluster's names as a reader expects to see them, from the story's name phrases.

The phrases (``names.story_phrases``) are the dedup stage's salient features: runs of
capitalized tokens with the punctuation and apostrophes already gone. A run can
therefore cross a sentence end or a headline's end (``Delhi Donald Trump``: "... in New
Delhi. Donald Trump said"), carry a possessive into the next name (``Justice
Departments Office of Legal Counsel``), lose a leading ``New`` that the features drop as
a sentence opener (``York Times``), or come from a headline in title case (``Trump OKs
Military Action``). Here each phrase is found again in the text it was read from and
shown as written there, cut where the text has punctuation between its words or a
possessive: one phrase can give two names, and two phrases the same one.

This is the reference: ``native/src/names/display.rs`` does the same in compiled code
(``names.story_names``), and tests/unit/clusters/test_names_native.py holds them equal.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import pairwise
from typing import NamedTuple

from stream.core.dedup.text import APOSTROPHES
from stream.core.dedup.words import NAME_JOINERS

_APOSTROPHES = "".join(APOSTROPHES)  # what ``clean`` removes inside words
#: A word that can be part of a name as the text writes it (letters and digits,
#: apostrophes between them): one not starting with an ASCII lowercase letter or a
#: digit (the rest is checked: ``isupper``), or a joiner. The words between are
#: skipped, and only told by the word characters they leave between two of these.
_NAME_WORD = re.compile(
    rf"(?<![^\W_])(?:[^\W\d_a-z][^\W_]*+(?:[{_APOSTROPHES}][^\W_]++)*+"
    rf"|(?:{'|'.join(sorted(NAME_JOINERS))})(?![^\W_]))"
)
_WORD_CHAR = re.compile(r"[^\W_]")
_NO_APOSTROPHE = str.maketrans("", "", _APOSTROPHES)
#: Between two words, what ends a name: a mark of a clause or a quote, a bracket, a dash
#: (a hyphen between spaces too), a slash, a line break, or a full stop before a space.
_STOP = re.compile(r"[,;:!?()\[\]{}\"“”«»—–/\n]|\.\s|\s-\s")
#: Words the salient features drop as sentence openers that also begin names
#: (``New York``, ``St. Louis``, ``Mt. Kenya``): put back right before a name.
_OPENER = re.compile(r"(?<![^\s(“\"—–'‘’])(?:New|St\.?|Mt\.?) \Z")
#: A run of capitals-only words shouts when one of them has this many characters.
_SHOUT_CHARS = 4
#: Title case: every word of four letters or more capitalized, at least this many.
_TITLE_WORDS = 3
_LONG_WORD = re.compile(r"[^\W\d_]{4,}")


class _Word(NamedTuple):
    key: str  # lowercase, apostrophes out (as the phrases' words are)
    start: int
    end: int  # a possessive's "'s" excluded
    after: int  # where the word ends in the text
    possessive: bool


def title_case(headline: str) -> bool:
    """Every word of four letters or more starts uppercase (``Trump OKs Military Action
    on Latin American Drug Cartels``): its capitals say nothing about names."""
    long_words = _LONG_WORD.findall(headline)
    return len(long_words) >= _TITLE_WORDS and all(w[0].isupper() for w in long_words)


def _is(word: _Word, key: str) -> bool:
    """The word is the phrase's word ``key``: ``Gowdy’s`` is ``gowdys`` (the features'
    word) and also ``gowdy`` (a name the features read elsewhere)."""
    return word.key == key or (word.possessive and word.key[:-1] == key)


class _Lead:
    """The lead's capitalized words and joiners, indexed by their key."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.words: list[_Word] = []
        for m in _NAME_WORD.finditer(text):
            word = m.group()
            if not (word[0].isupper() or word in NAME_JOINERS):
                continue
            at, after = m.span()
            possessive = len(word) > 2 and word[-2] in _APOSTROPHES and word[-1] in "sS"
            key = word.translate(_NO_APOSTROPHE).lower()
            self.words.append(_Word(key, at, after - 2 if possessive else after, after, possessive))
        self.at: dict[str, list[int]] = {}
        for i, w in enumerate(self.words):
            self.at.setdefault(w.key, []).append(i)

    def find(self, phrase: str, start: int) -> tuple[int | None, bool]:
        """Index of the phrase's first word in its first occurrence at or after text
        offset ``start`` written as a name: its first word capitalized, each word the
        phrase's, nothing else between them, not in capitals outside a sentence
        (``LOS ANGELES (AP) —``: the next occurrence is read). Also: whether such an
        occurrence in capitals was passed over."""
        keys = phrase.lower().split()  # a phrase is read from cleaned text: no apostrophes
        words, text = self.words, self.text
        passed = False
        for i in self.at.get(keys[0], ()):
            if words[i].start < start or not text[words[i].start].isupper():
                continue
            tail = words[i : i + len(keys)]
            if (
                len(tail) == len(keys)
                and all(_is(t, k) for t, k in zip(tail, keys, strict=True))
                and not any(  # no other word between two of them
                    _WORD_CHAR.search(text, a.after, b.start) for a, b in pairwise(tail)
                )
            ):
                if not self._shouted(tail):
                    return i, passed
                passed = True
        return None, passed

    def _cut(self, before: _Word, after: _Word) -> bool:
        """Punctuation between the two words ends a name, and so does an apostrophe
        anywhere between them (a plural's possessive, ``Sanders’ Ohio``; a single quote
        closing or opening, ``Trump's 'Obama``, ``#StopGunViolence.’ Schumer``); an
        initial's full stop (``J. K. Rowling``, ``U.S. Senate``) does not,
        unless a line ends there (``U.S.`` ending one line, ``Although`` opening the next)."""
        gap = self.text[before.after : after.start]
        if before.after - before.start == 1 and gap.strip() == "." and "\n" not in gap:
            return False
        return any(c in _APOSTROPHES for c in gap) or _STOP.search(gap) is not None

    def _before(self, at: int) -> tuple[str, bool]:
        """The last character before offset ``at`` that is not a space ("" at the
        text's start), and whether a line break lies between it and ``at``."""
        line = self.text[:at]
        before = line.rstrip()
        return before[-1:], "\n" in line[len(before) :]

    def _mid_sentence(self, at: int) -> bool:
        """The text before offset ``at`` goes on a sentence: its last character that is
        not a space is a letter, a digit or a comma (not a stop, a quote, a bracket, a
        dash or the text's start; at a line's start, the line before is read)."""
        last, _ = self._before(at)
        return last.isalnum() or last == ","

    def _shouted(self, run: list[_Word]) -> bool:
        """Two words or more, all in capitals (one of four characters or more), that do
        not stand in a sentence: a label or a headline in capitals (``FULL TEXT:``,
        ``CRITICS HAVE``), not how a name is written. Inside a sentence they are a
        name's styling (``told USA TODAY``): the text before them on their line ends
        in a lowercase letter or a comma."""
        if len(run) < 2 or not any(w.end - w.start >= _SHOUT_CHARS for w in run):
            return False
        if not all(self.text[w.start : w.end].isupper() for w in run):
            return False
        last, line_break = self._before(run[0].start)
        return line_break or not (last.islower() or last == ",")

    def names(self, i: int, n: int, min_word_chars: int) -> list[str]:
        """The names words ``i .. i + n`` hold as the text writes them: cut at
        punctuation between two words and after a possessive, joiners trimmed.

        One ASCII word alone is kept only when punctuation alone set it apart and it
        does not open a sentence (``in Paris. Analysts said``: ``Paris``); beside a
        possessive it is dropped (``Venezuela’s Tren de Aragua``). When nothing is left
        of an occurrence that only possessives cut, it is shown whole (``McDonald's
        Corp``, ``Lloyd's of London``)."""
        text, out, run = self.text, [], []
        words = self.words[i : i + n]
        phrase_start = words[0].start
        possessive_before = False  # the run began right after a possessive

        def joiner(w: _Word) -> bool:  # ``of``, ``de``: not ``Van``, ``Le``, ``LA``
            return w.key in NAME_JOINERS and text[w.start].islower()

        def close(possessive_after: bool) -> None:
            while run and joiner(run[0]):
                run.pop(0)
            while run and joiner(run[-1]):
                run.pop()
            if any(w.end - w.start >= min_word_chars for w in run):
                first = run[0].start
                at_start = first == phrase_start
                opener = _OPENER.search(text[max(0, first - 5) : first]) if at_start else None
                begin = first - (opener.end() - opener.start()) if opener else first
                name = text[begin : run[-1].end]
                alone = len(run) == 1 and opener is None and n > 1 and name.isascii()
                kept = not alone or (
                    not (possessive_before or possessive_after) and self._mid_sentence(first)
                )
                if kept and not self._shouted(run):
                    out.append(name)
            run.clear()

        punctuated = False  # punctuation cut the occurrence somewhere
        for k, w in enumerate(words):
            if k and self._cut(words[k - 1], w):  # after a possessive too
                punctuated = True
                close(False)
                possessive_before = False
            run.append(w)
            if w.possessive:
                close(True)
                possessive_before = True
        close(False)
        if not out and not punctuated and len(words) > 1 and not self._shouted(words):
            out.append(text[phrase_start : words[-1].end])
        return out


def display_names(
    phrases: Iterable[str],
    lead: str,
    headline: str | None,
    *,
    min_word_chars: int,
    name_chars: int,
    limit: int,
) -> list[str]:
    """``phrases`` (most mentioned first) as names written as in ``lead`` (the text they
    were read from: the headline line, then the article's lead), each once, each at
    most ``name_chars`` characters (a longer one is not a name: left out).

    A phrase found only in a headline in title case, or only in capitals outside a
    sentence, is left out (its capitals are the style's); a phrase not found at all is
    kept as it is.
    """
    text = _Lead(lead)
    body_at = 0
    if headline and title_case(headline):
        body_at = lead.find("\n") + 1 or len(lead)
    out: list[str] = []
    seen: set[str] = set()
    for phrase in phrases:
        i, shouted = text.find(phrase, body_at)
        if i is None:
            j, shouted_there = text.find(phrase, 0) if body_at else (None, shouted)
            if shouted or shouted_there or j is not None:
                continue  # in the title-case headline or in capitals only
        n = len(phrase.split())
        for name in [phrase] if i is None else text.names(i, n, min_word_chars):
            if len(name) <= name_chars and name.lower() not in seen:
                seen.add(name.lower())
                out.append(name)
    return out[:limit]
