"""Facts check: did a near-identical copy change a figure or a name?

A copy with a new death toll, score or name is news, not a duplicate. Every fact token
(a number, a spelled-out figure, a capitalized word) is keyed by its context: the two
ordinary words either side of its run of fact tokens, and its place in that run (so in
"a 5-2 decision" the 5 and the 2 have their own keys, and in "Tomas Quiroga said" the
surname has its own). Two versions *conflict* when the same key holds different values.
Trimming or extending a copy only adds or removes contexts, and copy-editing the words
around a fact changes its context, so neither raises a conflict; changing the fact does.

Each fact is packed into one uint32 (24-bit context hash, 8-bit value hash) so a story's
facts cost 4 bytes each in the store.
"""

from __future__ import annotations

import zlib

import numpy as np

from stream.core.dedup.text import fold
from stream.core.dedup.words import CAP_STOP, NUMBER_WORDS

_CTX_SHIFT = 8
_VALUE_MASK = 0xFF
# Bound the cost and size for absurd inputs (tables, lists of scores).
MAX_FACTS = 512


def extract(
    cased: list[str], lower: list[str], positions: list[int], crcs: np.ndarray | None = None
) -> np.ndarray:
    """Sorted unique packed (context, value) facts of one token stream.

    ``positions``: the candidate token indices (``text.fact_positions``); ``crcs``:
    crc32 of every lowercase token (``fingerprint.token_hashes``), reused as the value
    hash of ASCII tokens (their fold is their lowercase form), so the per-fact Python
    work is one context hash.
    """
    facts = [
        i
        for i in positions
        if not cased[i].isalpha()
        or (cased[i][0].isupper() and lower[i] not in CAP_STOP)
        or lower[i] in NUMBER_WORDS
    ]
    if crcs is None or len(facts) > MAX_FACTS:
        return _extract_bounded(cased, lower, facts)
    if not facts:
        return np.zeros(0, dtype=np.uint32)
    contexts: list[str] = []  # hashed below in one C-level pass
    k = 0
    count = len(facts)
    while k < count:
        start = end = facts[k]
        k += 1
        while k < count and facts[k] == end + 1:
            end = facts[k]
            k += 1
        left = " ".join(lower[max(0, start - 2) : start])
        right = " ".join(lower[end + 1 : end + 3])
        if start == end:
            contexts.append(f"{left}|0|{right}")
        else:
            contexts.extend([f"{left}|{pos}|{right}" for pos in range(end - start + 1)])
    ctx = np.fromiter(map(zlib.crc32, map(str.encode, contexts)), dtype=np.uint64, count=count)
    values = crcs[facts] & _VALUE_MASK
    for j, pos in enumerate(facts):
        if not cased[pos].isascii():
            values[j] = zlib.crc32(fold(cased[pos]).encode()) & _VALUE_MASK
    ctx &= np.uint64(0xFFFFFF)
    return np.unique(((ctx << np.uint64(_CTX_SHIFT)) | values).astype(np.uint32))


def _extract_bounded(cased: list[str], lower: list[str], facts: list[int]) -> np.ndarray:
    """The plain loop, stopping at MAX_FACTS distinct facts (absurd inputs only)."""
    packed: set[int] = set()
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
