"""A story's event profile: weighted terms, names, lead terms, figures, quote shingles.

The profile is what the same-event clusterer (``events.py``) compares: one sorted
uint32 array per story, each entry ``(ident << 7) | weight`` where ``ident`` is a
22-bit term id with a 3-bit kind (``tid << 3 | kind``) and ``weight`` a 7-bit integer.
Integer weights make cluster aggregates (sums of member profiles) exact whatever order
members are added or removed in, so a rebuild from the store gives bit-identical
aggregates and hence identical verdicts.

Term weights are TF-IDF with document frequencies from the stream itself (``DocFreq``:
counts over the stories in the window), frozen into the profile at arrival: the profile
is stored with the record, so a rebuild reproduces it exactly.
"""

from __future__ import annotations

import math
import re
import zlib
from collections import Counter
from typing import Any

import numpy as np

from stream.core.dedup import fingerprint
from stream.core.dedup.text import article_lines
from stream.core.dedup.words import STOP

TID_BITS = 22
KIND_TERM, KIND_NAME, KIND_LEAD, KIND_NUM, KIND_QUOTE, KIND_YEAR = range(6)
KINDS = 6
WEIGHT_MAX = 127
VEC_TERMS = 80  # strongest body terms kept per story
NAME_TERMS = 24  # rarest names kept per story
LEAD_TERMS = 24  # headline terms (first words of the body when there is no headline)
MAX_NUMS = 16
MAX_QUOTES = 32
MIN_DOCS = 50  # see DocFreq.idf
MAX_DF_TERMS = 300  # distinct terms a story adds to the document frequencies
MAX_TEXT_CHARS = 60_000  # bound the work on absurd inputs

_TOKEN = re.compile(r"[^\W\d_]{3,}")
_CASED = re.compile(r"[^\W\d_][^\W_]*")
_YEAR = re.compile(r"(?<![\d.,])(?:19[5-9]\d|20\d\d)(?![\d.,]\d)")
MAX_YEARS = 8
_SALIENT_KIND_MASK = 3  # cluster.feature_hashes: 0 phrase, 1 word, 2 number, 3 quote


def tid(word: str) -> int:
    """22-bit id of a term (crc32: stable across processes, unlike ``hash``)."""
    return zlib.crc32(word.encode("utf-8", "surrogatepass")) >> (32 - TID_BITS)


def stem(word: str) -> str:
    """Plural ``s`` off (``earthquakes`` -> ``earthquake``): the cheapest useful stem."""
    if len(word) > 4 and word[-1] == "s" and word[-2] not in "su'":
        return word[:-1]
    return word


def terms(text: str) -> list[str]:
    """Content words of ``text``, lowercased and stemmed, in order."""
    return [stem(w) for w in _TOKEN.findall(text[:MAX_TEXT_CHARS].lower()) if w not in STOP]


class DocFreq:
    """Document frequencies over the stories in the window (a fixed-size count table)."""

    def __init__(self) -> None:
        self.counts = np.zeros(1 << TID_BITS, dtype=np.int32)
        self.docs = 0

    def add(self, ids: np.ndarray, sign: int = 1) -> None:
        """Count (``sign`` 1) or uncount (-1) one story's ``df_ids`` (unique ids)."""
        if NATIVE is not None and ids.dtype == np.uint32:
            NATIVE.df_add(self.counts, ids, sign)
        else:
            self.counts[ids] += sign
        self.docs += sign

    def idf(self, ids: np.ndarray) -> np.ndarray:
        """Smoothed IDF: ``log((N + 1) / (df + 1)) + 1``, N at least ``MIN_DOCS``: from a
        handful of stories (a fresh window) frequencies say little, so words keep near
        equal weights until the window has seen enough stories to tell rare from common."""
        docs = max(self.docs, MIN_DOCS)
        return np.log((docs + 1.0) / (self.counts[ids] + 1.0)) + 1.0


def name_counts(text: str) -> Counter[str]:
    """Proper names (lowercased) and how often each occurs: capitalized words that never
    occur in lowercase in the text (so sentence-initial ``The`` or ``Police`` are not)."""
    cased = _CASED.findall(text[:MAX_TEXT_CHARS])
    lowered = {w for w in cased if w.islower()}
    out: Counter[str] = Counter()
    for w in cased:
        if w[0].isupper() and len(w) >= 2:
            low = w.lower()
            if low not in lowered and low not in STOP:
                out[low] += 1
    return out


def _quantize(ids: np.ndarray, weights: np.ndarray, kind: int, keep: int) -> list[int]:
    """The ``keep`` heaviest ids (ties: smaller id), weights scaled to 1..WEIGHT_MAX."""
    if ids.size == 0:
        return []
    order = np.lexsort((ids, -weights))[:keep]
    top = weights[order].max()
    q = np.maximum(1, np.rint(weights[order] * (WEIGHT_MAX / top))).astype(np.uint32)
    return (((ids[order].astype(np.uint32) << 3 | kind) << 7) | q).tolist()


def build(
    headline: str | None, body: str, salient: np.ndarray, df: DocFreq
) -> tuple[np.ndarray, np.ndarray]:
    """``(profile, df_ids)`` of one story; ``salient``: ``cluster.feature_hashes``."""
    body = "\n".join(article_lines(body))  # chrome (menus, sign-up lines) out
    names = name_counts(body)
    words = terms(body)
    # What happened (ordinary words) and who/where (names) are separate signals.
    counts = Counter(tid(w) for w in words if w not in names)
    ids = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
    tf = 1.0 + np.log(np.fromiter(counts.values(), dtype=np.float64, count=len(counts)))
    entries = _quantize(ids, tf * df.idf(ids), KIND_TERM, VEC_TERMS) if ids.size else []

    kinds = salient & _SALIENT_KIND_MASK
    name_ids = np.fromiter((tid("N" + n) for n in names), dtype=np.int64, count=len(names))
    name_tf = 1.0 + np.log(np.fromiter(names.values(), dtype=np.float64, count=len(names)))
    if name_ids.size:
        entries += _quantize(name_ids, name_tf * df.idf(name_ids), KIND_NAME, NAME_TERMS)

    lead_words = terms(headline) if headline else words[:LEAD_TERMS]
    lead = sorted({tid(w) for w in lead_words})[:LEAD_TERMS]
    entries += [((t << 3 | KIND_LEAD) << 7) | 1 for t in lead]
    for kind_in, kind_out, cap in ((2, KIND_NUM, MAX_NUMS), (3, KIND_QUOTE, MAX_QUOTES)):
        picked = np.unique(salient[kinds == kind_in] >> np.uint32(32 - TID_BITS))[:cap]
        entries += [((int(t) << 3 | kind_out) << 7) | 1 for t in picked]

    years = sorted({int(y) for y in _YEAR.findall(body[:MAX_TEXT_CHARS])})[:MAX_YEARS]
    entries += [((y << 3 | KIND_YEAR) << 7) | 1 for y in years]

    profile = np.unique(np.array(entries, dtype=np.uint32))
    df_ids = ids if ids.size <= MAX_DF_TERMS else np.sort(ids)[:MAX_DF_TERMS]
    df_ids = np.union1d(df_ids, name_ids).astype(np.uint32)
    return profile, df_ids


def _load_native() -> Any | None:
    """The compiled token work of ``build`` with this module's parameters, or None."""
    try:
        from wirestream_native import ProfileText
    except ImportError:
        return None
    return ProfileText(
        stop=sorted(STOP),
        max_chars=MAX_TEXT_CHARS,
        lead_terms=LEAD_TERMS,
        max_years=MAX_YEARS,
        max_nums=MAX_NUMS,
        max_quotes=MAX_QUOTES,
        log=np.log,
    )


NATIVE = _load_native()


def build_fast(
    headline: str | None,
    body: str,
    salient: np.ndarray,
    df: DocFreq,
    article: str | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """``build`` in one compiled call when it can be (the same values: the IDF's
    ``log`` is numpy's, called from there); text the compiled code declines takes
    ``build``. ``article``: the article text (``"\\n".join(article_lines(body))``) if
    the fingerprint already found it."""
    if NATIVE is not None and fingerprint.NATIVE is not None:
        if article is None:
            article = fingerprint.NATIVE.article_text(body)
        if article is not None:
            built = NATIVE.build(
                headline,
                article,
                salient,
                df.counts,
                max(df.docs, MIN_DOCS),
                VEC_TERMS,
                NAME_TERMS,
                MAX_DF_TERMS,
            )
            if built is not None:
                return built
    return build(headline, body, salient, df)


def split(profile: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(idents, weights)`` of a profile (idents sorted: ``tid << 3 | kind``)."""
    return profile >> np.uint32(7), (profile & np.uint32(WEIGHT_MAX)).astype(np.int64)


def index_terms(profile: np.ndarray, per_kind: int = 8) -> list[int]:
    """The idents a story is findable by: its heaviest terms and names."""
    idents, weights = split(profile)
    out: list[int] = []
    for kind in (KIND_TERM, KIND_NAME):
        sel = (idents & 7) == kind
        k_ids, k_w = idents[sel], weights[sel]
        order = np.lexsort((k_ids, -k_w))[:per_kind]
        out += k_ids[order].tolist()
    return out


def cosine(dot: float, a: float, b: float) -> float:
    return dot / math.sqrt(a * b) if a > 0 and b > 0 else 0.0
