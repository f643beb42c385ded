"""The plain extractors from before the fast paths: references for equivalence tests."""

# ruff: noqa
from __future__ import annotations

import zlib

import numpy as np

from stream.core.dedup.text import MAX_TOKEN_CHARS, fold
import re
from stream.core.dedup.words import CAP_STOP, NAME_JOINERS, NUMBER_WORDS, UNITS

_CTX_SHIFT = 8
_VALUE_MASK = 0xFF
# Bound the cost and size for absurd inputs (tables, lists of scores).
MAX_FACTS = 512


def _is_fact(tok: str, low: str) -> bool:
    if not tok.isalpha():  # holds a digit
        return True
    return (tok[0].isupper() and low not in CAP_STOP) or low in NUMBER_WORDS


def facts_extract(cased: list[str], lower: list[str], positions: list[int]) -> np.ndarray:
    """Sorted unique packed (context, value) facts of one token stream.

    ``positions``: the candidate token indices (``text.fact_positions``).
    """
    packed: set[int] = set()
    facts = [i for i in positions if _is_fact(cased[i], lower[i])]
    k = 0
    while k < len(facts) and len(packed) < MAX_FACTS:
        start = end = facts[k]
        k += 1
        while k < len(facts) and facts[k] == end + 1:
            end = facts[k]
            k += 1
        left = " ".join(lower[max(0, start - 2) : start])
        right = " ".join(lower[end + 1 : end + 3])
        for pos in range(start, end + 1):
            if len(packed) >= MAX_FACTS:  # a run of thousands of names stops here too
                break
            ctx = f"{left}|{pos - start}|{right}"
            ctx_hash = zlib.crc32(ctx.encode()) & 0xFFFFFF
            value_hash = zlib.crc32(fold(cased[pos]).encode()) & _VALUE_MASK
            packed.add((ctx_hash << _CTX_SHIFT) | value_hash)
    return np.array(sorted(packed), dtype=np.uint32)


def conflicts(old: np.ndarray, new: np.ndarray) -> tuple[int, int]:
    """(contexts whose values differ, contexts both versions share)."""
    if old.size == 0 or new.size == 0:
        return 0, 0
    shared = np.intersect1d(old >> _CTX_SHIFT, new >> _CTX_SHIFT)
    if shared.size == 0:
        return 0, 0
    # A context agrees when at least one (context, value) pair is in both versions.
    agreeing = np.unique(np.intersect1d(old, new) >> _CTX_SHIFT)
    return int(np.setdiff1d(shared, agreeing).size), int(shared.size)


# A direct quote: curly or straight double quotes, at most 600 characters inside.
_QUOTE = re.compile(r"[“\"]([^“”\"]{20,600})[”\"]")
_QUOTE_WORD = re.compile(r"[^\W_]+")
QUOTE_SHINGLE = 4
# Bound the feature set for absurd inputs.
MAX_FEATURES = 2000


def _is_year(tok: str) -> bool:
    return len(tok) == 4 and tok.isdigit() and tok[:2] in ("19", "20")


def salient_features(
    cased: list[str], lower: list[str], positions: list[int], cleaned: str
) -> set[str]:
    """Names, figures and quote shingles of one story, as prefixed strings.

    ``positions``: indices of the tokens that are not plain lowercase words.
    """
    out: set[str] = set()
    lower_set = set(lower)
    run: list[str] = []
    last = -2

    def close_run() -> None:
        if len(out) >= MAX_FEATURES:
            run.clear()
            return
        words = [fold(w) for w in run]
        if len(words) > 1:
            out.add("p:" + " ".join(words))
        for w in words:
            if len(out) >= MAX_FEATURES:
                break
            # A lone capitalized word that also occurs in lowercase is a sentence start.
            keep = len(w) >= 3 and w not in CAP_STOP and w not in NAME_JOINERS
            if keep and (len(words) > 1 or w not in lower_set):
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
