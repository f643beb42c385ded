"""Salient features of a story for same-event clustering, without NLP.

Dedup runs before NLP (duplicates skip it), so "which event is this" must come from
cheap surface features that different write-ups of one event share even when their
wording does not: names (capitalized runs, joined across ``de``/``of``), figures with
their units, and the words of direct quotes (outlets quote the same people).
"""

from __future__ import annotations

import re

from stream.core.dedup.text import MAX_TOKEN_CHARS, fold
from stream.core.dedup.words import CAP_STOP, NAME_JOINERS, UNITS

# A direct quote: curly or straight double quotes, at most 600 characters inside.
QUOTE_CHARS = (20, 600)
_QUOTE = re.compile(r"[“\"]([^“”\"]{" + "{},{}".format(*QUOTE_CHARS) + r"})[”\"]")
_QUOTE_WORD = re.compile(r"[^\W_]+")
QUOTE_SHINGLE = 4
# Bound the feature set for absurd inputs.
MAX_FEATURES = 2000


def _is_year(tok: str) -> bool:
    return len(tok) == 4 and tok.isdigit() and tok[:2] in ("19", "20")


def features(cased: list[str], lower: list[str], positions: list[int], cleaned: str) -> set[str]:
    """Names, figures and quote shingles of one story, as prefixed strings.

    ``positions``: indices of the tokens that are not plain lowercase words.
    """
    out: set[str] = set()
    lower_set: set[str] | None = None
    run: list[str] = []
    last = -2

    def close_run() -> None:
        nonlocal lower_set
        if len(out) >= MAX_FEATURES:
            run.clear()
            return
        if len(run) == 1:
            # A lone capitalized word that also occurs in lowercase is a sentence start.
            # An ASCII word always does: its own lowercase form is in ``lower``.
            if run[0].isascii():
                run.clear()
                return
            w = fold(run[0])
            if len(w) >= 3 and w not in CAP_STOP and w not in NAME_JOINERS:
                if lower_set is None:
                    lower_set = set(lower)
                if w not in lower_set:
                    out.add("w:" + w)
            run.clear()
            return
        words = [fold(w) for w in run]
        out.add("p:" + " ".join(words))
        for w in words:
            if len(out) >= MAX_FEATURES:
                break
            if len(w) >= 3 and w not in CAP_STOP and w not in NAME_JOINERS:
                out.add("w:" + w)
        run.clear()

    n = len(lower)
    for i in positions:
        if len(out) >= MAX_FEATURES:  # checked before names too: a run can be endless
            break
        tok, low = cased[i], lower[i]
        if tok[:1].isupper() and low not in CAP_STOP:
            if run and i == last + 2 and lower[i - 1] in NAME_JOINERS:
                run.append(cased[i - 1])  # Tren de Aragua
            elif run and i != last + 1:
                close_run()
            run.append(tok)
            last = i
            continue
        if tok[:1].isdigit() and not _is_year(tok):
            unit = lower[i + 1] if i + 1 < n else ""
            if unit in UNITS:
                out.add(f"n:{low} {unit}")
            elif len(tok) >= 2:
                out.add("n:" + low)
    if run:
        close_run()

    if '"' in cleaned or "“" in cleaned:
        for match in _QUOTE.finditer(cleaned):
            words = [w.lower()[:MAX_TOKEN_CHARS] for w in _QUOTE_WORD.findall(match.group(1))]
            for j in range(len(words) - QUOTE_SHINGLE + 1):
                if len(out) >= MAX_FEATURES:
                    break
                out.add("q:" + " ".join(words[j : j + QUOTE_SHINGLE]))
            if len(out) >= MAX_FEATURES:
                break
    return out
