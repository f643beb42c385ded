"""Same-event test: do two stories share enough salient features to be one event?

Different write-ups of one event (the five seeds) share almost no word shingles but do
share names, figures and quoted words. Unrelated stories about the same people share a
few names too ("Trump", "White House"), so the test asks for several shared multi-word
names *and* several shared single names, or shared quote words plus names; never one
kind of evidence alone. Precision first: a missed merge costs a duplicate cluster, a
wrong merge files unrelated news under one event.

Feature sets are stored exactly (uint32 hashes, 2 low bits = kind) rather than as a
MinHash, because the test counts shared features per kind and small counts estimated
from a sketch are too noisy to separate 3 shared names from 12.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

import numpy as np

_KIND_BITS = {"p": 0, "w": 1, "n": 2, "q": 3}  # phrase, word, number, quote shingle
_KIND_MASK = 3

# Thresholds, chosen on eval/dedup (see docs/dedup.md).
MIN_SHARED_PHRASES = 3  # multi-word names in common (names rule)
MIN_SHARED_WORDS = 8  # single name words in common (names rule)
MIN_NAME_OVERLAP = 0.3  # shared name words / names of the smaller story (names rule)
MIN_SHARED_QUOTE = 4  # quote 4-grams in common (quote rule: one shared 7-word quote)
QUOTE_RULE_PHRASES = 2  # ... plus this many multi-word names
QUOTE_RULE_WORDS = 5  # ... and this many name words


def feature_hashes(features: set[str]) -> np.ndarray:
    """Sorted unique uint32 hashes, the feature kind kept in the two low bits."""
    if not features:
        return np.zeros(0, dtype=np.uint32)
    hashed = {
        (zlib.crc32(f.encode("utf-8", "surrogatepass")) & ~_KIND_MASK) | _KIND_BITS[f[0]]
        for f in features
    }
    return np.array(sorted(hashed), dtype=np.uint32)


@dataclass(frozen=True, slots=True)
class EventEvidence:
    """Shared features of two stories, per kind."""

    phrases: int
    words: int
    numbers: int
    quotes: int
    name_overlap: float  # shared name words / name words of the story with fewer
    similarity: float  # overlap coefficient of all features, reported as similarity

    @property
    def same_event(self) -> bool:
        if (
            self.phrases >= MIN_SHARED_PHRASES
            and self.words >= MIN_SHARED_WORDS
            and self.name_overlap >= MIN_NAME_OVERLAP
        ):
            return True
        return (
            self.quotes >= MIN_SHARED_QUOTE
            and self.phrases >= QUOTE_RULE_PHRASES
            and self.words >= QUOTE_RULE_WORDS
        )


def _count(kinds: np.ndarray) -> list[int]:
    return np.bincount(kinds, minlength=4).tolist()


def compare(a: np.ndarray, b: np.ndarray) -> EventEvidence:
    """Evidence that stories with feature sets ``a`` and ``b`` report one event."""
    shared = np.intersect1d(a, b, assume_unique=True)
    p, w, n, q = _count(shared & _KIND_MASK)
    a_words = _count(a & _KIND_MASK)[1]
    b_words = _count(b & _KIND_MASK)[1]
    smaller_words = max(1, min(a_words, b_words))
    smaller = max(1, min(a.size, b.size))
    return EventEvidence(
        phrases=p,
        words=w,
        numbers=n,
        quotes=q,
        name_overlap=w / smaller_words,
        similarity=min(1.0, shared.size / smaller),
    )
