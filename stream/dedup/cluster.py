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


def compare_many(
    features: np.ndarray, sizes: list[int], b: np.ndarray
) -> list[EventEvidence | None]:
    """``compare(a, b)`` for each set ``a`` of the concatenated ``features``, at once.

    ``sizes``: the length of each set in ``features``. Every unique story verifies up
    to 16 event candidates; one numpy pass costs about what two ``compare`` calls did.
    A candidate sharing fewer than ``MIN_SHARED_FOR_ANY_RULE`` features cannot be the
    same event and gets None instead of its (unused) evidence.
    """
    count = len(sizes)
    if count == 0:
        return []
    owner = np.repeat(np.arange(count), sizes)
    kind = (features & _KIND_MASK).astype(np.int64)
    cells = owner * 4 + kind
    if b.size:
        at = np.minimum(np.searchsorted(b, features), b.size - 1)
        cells = cells[b[at] == features]
    else:
        cells = cells[:0]
    per_kind = np.bincount(cells, minlength=4 * count).reshape(-1, 4)
    totals = per_kind.sum(axis=1).tolist()
    out: list[EventEvidence | None] = [None] * count
    if max(totals) < MIN_SHARED_FOR_ANY_RULE:
        return out
    a_words = np.bincount(owner[kind == 1], minlength=count).tolist()
    b_words = int(np.count_nonzero((b & _KIND_MASK) == 1))
    rows = per_kind.tolist()
    for i, total in enumerate(totals):
        if total < MIN_SHARED_FOR_ANY_RULE:
            continue
        p, w, n, q = rows[i]
        out[i] = EventEvidence(
            phrases=p,
            words=w,
            numbers=n,
            quotes=q,
            name_overlap=w / max(1, min(a_words[i], b_words)),
            similarity=min(1.0, total / max(1, min(sizes[i], b.size))),
        )
    return out


def compare(a: np.ndarray, b: np.ndarray) -> EventEvidence:
    """Evidence that stories with feature sets ``a`` and ``b`` report one event."""
    shared = np.intersect1d(a, b, assume_unique=True)
    p, w, n, q = np.bincount(shared & _KIND_MASK, minlength=4).tolist()
    a_words = int(np.count_nonzero((a & _KIND_MASK) == 1))
    b_words = int(np.count_nonzero((b & _KIND_MASK) == 1))
    return EventEvidence(
        phrases=p,
        words=w,
        numbers=n,
        quotes=q,
        name_overlap=w / max(1, min(a_words, b_words)),
        similarity=min(1.0, shared.size / max(1, min(a.size, b.size))),
    )
