"""Typed salient-feature hashes: names, figures and quote shingles of a story.

Different write-ups of one event share almost no word shingles but do share names,
figures and quoted words. The event profile (``profile.py``) takes its figures and
quote shingles from these hashes; the rule-based same-event test that first compared
them (shared names / quotes / figures over thresholds) is gone, replaced by the event
clusterer (``events.py``).

Feature sets are stored exactly (uint32 hashes, 2 low bits = kind) rather than as a
MinHash, so small per-kind counts stay exact.
"""

from __future__ import annotations

import zlib

import numpy as np

_KIND_BITS = {"p": 0, "w": 1, "n": 2, "q": 3}  # phrase, word, number, quote shingle
_KIND_MASK = 3


def feature_hashes(features: set[str]) -> np.ndarray:
    """Sorted unique uint32 hashes, the feature kind kept in the two low bits."""
    if not features:
        return np.zeros(0, dtype=np.uint32)
    hashed = {
        (zlib.crc32(f.encode("utf-8", "surrogatepass")) & ~_KIND_MASK) | _KIND_BITS[f[0]]
        for f in features
    }
    return np.array(sorted(hashed), dtype=np.uint32)


def shared_by_kind(a: np.ndarray, b: np.ndarray) -> tuple[int, int, int, int]:
    """Features in both sets, per kind (phrases, words, numbers, quotes)."""
    shared = np.intersect1d(a, b, assume_unique=True)
    p, w, n, q = np.bincount(shared & _KIND_MASK, minlength=4).tolist()
    return p, w, n, q
