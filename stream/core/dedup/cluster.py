"""Same-event test: do two stories share enough salient features to be one event?

Different write-ups of one event (the five seeds) share almost no word shingles but do
share names, figures and quoted words. Unrelated stories about the same people share a
few names too ("Trump", "White House"), so the test asks for many shared names, or a
shared quote plus names, or shared figures plus names; never one kind of evidence
alone. Precision first: a missed merge costs a duplicate cluster, a wrong merge files
unrelated news under one event.

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

# Thresholds, chosen on eval/dedup (``python -m eval.dedup.sweep``, docs/dedup.md).
# Names rule: several shared multi-word names and many shared name words.
NAMES_RULE = ((2, 10), (3, 8))  # (phrases, words) pairs, either suffices
MIN_NAME_OVERLAP = 0.3  # shared name words / name words of the smaller story
# Quote rule: one shared quote of >= 7 words (4 quote 4-grams) plus names.
MIN_SHARED_QUOTE = 4
QUOTE_RULE_NAMES = 5  # phrases + words
# Figures rule: several shared figures (not years) plus names.
MIN_SHARED_NUMBERS = 3
NUMBER_RULE_NAMES = 3  # phrases + words


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
        names = self.phrases + self.words
        if self.name_overlap >= MIN_NAME_OVERLAP and any(
            self.phrases >= p and self.words >= w for p, w in NAMES_RULE
        ):
            return True
        if self.quotes >= MIN_SHARED_QUOTE and names >= QUOTE_RULE_NAMES:
            return True
        return self.numbers >= MIN_SHARED_NUMBERS and names >= NUMBER_RULE_NAMES


# No rule can hold with fewer shared features than this (smallest rule total).
MIN_SHARED_FOR_ANY_RULE = min(
    *(p + w for p, w in NAMES_RULE),
    MIN_SHARED_QUOTE + QUOTE_RULE_NAMES,
    MIN_SHARED_NUMBERS + NUMBER_RULE_NAMES,
)


def evidence(
    shared: tuple[int, int, int, int], a_words: int, a_size: int, b_words: int, b_size: int
) -> EventEvidence:
    """EventEvidence from shared-feature counts per kind (phrases, words, numbers,
    quotes) and each set's name words and size; the index counts them in compiled code."""
    p, w, n, q = shared
    return EventEvidence(
        phrases=p,
        words=w,
        numbers=n,
        quotes=q,
        name_overlap=w / max(1, min(a_words, b_words)),
        similarity=min(1.0, (p + w + n + q) / max(1, min(a_size, b_size))),
    )


def name_words(features: np.ndarray) -> int:
    """How many of a feature set's features are name words."""
    return int(np.count_nonzero((features & _KIND_MASK) == _KIND_BITS["w"]))


def compare(a: np.ndarray, b: np.ndarray) -> EventEvidence:
    """Evidence that stories with feature sets ``a`` and ``b`` report one event."""
    return evidence(shared_by_kind(a, b), name_words(a), a.size, name_words(b), b.size)


def shared_by_kind(a: np.ndarray, b: np.ndarray) -> tuple[int, int, int, int]:
    """Features in both sets, per kind (phrases, words, numbers, quotes)."""
    shared = np.intersect1d(a, b, assume_unique=True)
    p, w, n, q = np.bincount(shared & _KIND_MASK, minlength=4).tolist()
    return p, w, n, q
