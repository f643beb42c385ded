"""One story's fingerprints: content hashes, shingle MinHash, facts, salient features.

Everything here is a pure function of the story, so the offline driver and the worker
compute identical fingerprints (fixed MinHash seeds, crc32/blake2b token hashes: no
``hash()``, whose seed changes per process).

The article-text part runs in compiled code (``wirestream_native``, built from
``native/``) when it is installed: the same values as the Python functions here, which
stay the reference and the fallback (tests/unit/dedup/test_native.py holds them equal).
The compiled code takes letters outside ASCII only from the table Python hands it
(``latin_letters``); text with any other letter or digit outside ASCII takes the Python
path, so the result never depends on which path ran.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import zlib
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from schemas import NormalizedStory
from stream.core.dedup import cluster, salient, text
from stream.core.dedup import facts as facts_mod
from stream.core.dedup.salient import features
from stream.core.dedup.text import MAX_TOKEN_CHARS, article_lines, clean, fold, tokenize
from stream.core.dedup.words import CAP_STOP, NAME_JOINERS, NUMBER_WORDS, UNITS

log = logging.getLogger(__name__)

# --- parameters (chosen on eval/dedup, see docs/dedup.md) ---------------------------
SHINGLE = 4  # word 4-grams of the normalized token stream
NEAR_PERM = 48  # permutations of the near-duplicate MinHash
NEAR_SEED = 11
SCHEME = "affine32"

# Odd 64-bit multipliers combining token hashes into a shingle hash (order-sensitive);
# five, so the sweep can try shingles of 3 to 5 words.
_MIX = np.array(
    [
        0x9E3779B97F4A7C15,
        0xC2B2AE3D27D4EB4F,
        0x165667B19E3779F9,
        0x27D4EB2F165667C5,
        0xFF51AFD7ED558CCD,
    ],
    dtype=np.uint64,
)
_SHIFT32 = np.uint64(32)


def _identity(value: int) -> int:
    """MinHash hashfunc for inputs that are already uint32 hashes (datasketch pre-mixes)."""
    return value


def affine32_permutations(num_perm: int, seed: int) -> np.ndarray:
    """The ``(a, b)`` rows datasketch's ``MinHash(scheme="affine32")`` draws for ``seed``.

    Why not build the MinHash: importing datasketch pulls in scipy (~0.5 s CPU at every
    start-up), and the compiled fingerprinter (the path every plain-text story takes)
    needs only these numbers. ``tests/unit/dedup/test_fingerprint.py`` holds them equal
    to datasketch's; the prototypes below still come from datasketch, on first use.
    """
    gen = np.random.RandomState(seed)
    a = gen.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    return np.array([a, b])


@lru_cache(maxsize=2)
def _proto(num_perm: int, seed: int) -> Any:
    """A prototype MinHash (datasketch): copying one reuses its permutations."""
    from datasketch import MinHash

    return MinHash(num_perm=num_perm, seed=seed, hashfunc=_identity, scheme=SCHEME)


def __getattr__(name: str) -> Any:
    """``_NEAR_PROTO``, built on first use (PEP 562)."""
    if name == "_NEAR_PROTO":
        return _proto(NEAR_PERM, NEAR_SEED)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@dataclass(slots=True)
class Fingerprint:
    """What dedup needs to know about one story version."""

    content_hash: str  # normalized article tokens: equal => exact duplicate
    delivery_hash: str  # headline + body as sent: equal => re-delivery of one version
    near: np.ndarray  # word-shingle MinHash hash values (uint32) of the article text
    shingles: int  # distinct shingles (for containment from Jaccard)
    facts: np.ndarray  # packed (context, value) facts, see facts.py
    event_set: np.ndarray  # typed salient-feature hashes (cluster.py): the event profile's
    # figures and quote shingles
    article: str | None = None  # the article text, when the compiled code found it (the
    # event profile reads it too)


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()


def delivery_hash(story: NormalizedStory) -> str:
    """Hash of the version as delivered: any change to headline or body is an update."""
    headline = story.headline or ""
    if NATIVE is not None and (fast := NATIVE.delivery_hash(headline, story.body)) is not None:
        return fast
    return _digest(f"{headline}\x00{' '.join(story.body.split())}")


def token_hashes(lower: list[str]) -> np.ndarray:
    """crc32 of every token, as uint64 (input of the shingle mix).

    Measured against a memo dict (word -> crc32): in the decide loop the dict's random
    accesses cost more than encoding and hashing ~500 short words in C (635 vs 700 us
    per story at 5k stories), and it held ~6 MB, so plain ``map`` it is.
    """
    return np.fromiter(map(zlib.crc32, map(str.encode, lower)), dtype=np.uint64, count=len(lower))


def shingle_hashes(lower: list[str], crcs: np.ndarray | None = None) -> np.ndarray:
    """Distinct uint32 hashes of the word n-grams (the whole stream if shorter), sorted.

    ``crcs``: ``token_hashes(lower)`` if already computed.
    """
    if not lower:
        return np.zeros(0, dtype=np.uint32)
    tok = token_hashes(lower) if crcs is None else crcs
    k = min(SHINGLE, len(lower))
    n = len(lower) - k + 1
    acc = tok[:n] * _MIX[0]
    for j in range(1, k):
        acc += tok[j : j + n] * _MIX[j]
    values = (acc >> _SHIFT32).astype(np.uint32)
    values.sort()
    keep = np.empty(values.size, dtype=bool)
    keep[0] = True
    np.not_equal(values[1:], values[:-1], out=keep[1:])
    return values[keep]


def signature(proto: Any, values: np.ndarray) -> np.ndarray:
    """Hash values of ``proto.copy()`` after ``update_batch(values)``, for uint32 input.

    datasketch's ``update_batch`` calls ``hashfunc`` once per value in Python (~70 ns
    each, 500 per story) and ``copy`` rebuilds the MinHash; this applies the same
    affine32 step (its fmix pre-mix, then ``a * h + b`` per permutation, then the
    minimum) to the whole array at once, with the prototype's permutations.
    ``tests/unit/dedup/test_fingerprint.py`` checks it equals ``update_batch``.
    """
    from datasketch.minhash import _fmix  # loaded with the prototype already

    if values.size == 0:
        return proto.hashvalues.copy()
    a, b = proto.permutations
    mixed = _fmix(values.astype(np.uint32, copy=False), 32)
    phv = a.reshape(-1, 1) * mixed + b.reshape(-1, 1)
    return np.minimum(proto.hashvalues, phv.min(axis=1))


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two MinHash signatures of one scheme and seed.

    What ``LeanMinHash.jaccard`` computes, on the hash values themselves: wrapping them
    in datasketch objects cost ~5 us per story on the hot path.
    """
    return float(np.count_nonzero(a == b)) / a.size


def fingerprint(story: NormalizedStory) -> Fingerprint:
    """All fingerprints of one story, computed once per version (one compiled call
    when the compiled code takes the text)."""
    found = None if NATIVE is None else NATIVE.fingerprint_story(story.headline or "", story.body)
    if found is not None:
        parts, article, delivery = found
    else:  # declined by (or no) native code: chrome filter and parts in Python
        text = "\n".join(article_lines(story.body))
        parts = (None if NATIVE is None else NATIVE.fingerprint(text)) or reference_parts(text)
        article, delivery = None, delivery_hash(story)
    content_hash, near, shingles, facts, event_set = parts
    return Fingerprint(
        content_hash=content_hash,
        delivery_hash=delivery,
        near=near,
        shingles=shingles,
        facts=facts,
        event_set=event_set,
        article=article,
    )


Parts = tuple[str, np.ndarray, int, np.ndarray, np.ndarray]


def reference_parts(article: str) -> Parts:
    """``(content_hash, near, shingles, facts, event_set)`` of article text, in
    Python: the reference ``wirestream_native.Fingerprinter.fingerprint`` must equal."""
    cleaned = clean(article)
    cased, lower, positions = tokenize(cleaned)
    crcs = token_hashes(lower)
    shingles = shingle_hashes(lower, crcs)
    event_set = cluster.feature_hashes(features(cased, lower, positions, cleaned))
    return (
        _digest(" ".join(lower)),
        signature(_proto(NEAR_PERM, NEAR_SEED), shingles),
        int(shingles.size),
        facts_mod.extract(cased, lower, positions, crcs),
        event_set,
    )


# Latin-1 Supplement, Latin Extended-A and -B, Latin Extended Additional (Vietnamese).
_LATIN_RANGES = ((0xC0, 0x250), (0x1E00, 0x1F00))


def latin_letters() -> list[tuple[str, str, str, bool]]:
    """``(letter, lower, fold, is_upper)`` of the Latin letters outside ASCII whose Python
    mappings the compiled code can apply per character.

    Kept: cased letters (upper or lower, not titlecase) whose ``lower()`` is one
    non-ASCII letter of the same UTF-8 length. Everything here comes from Python's own
    Unicode database (``str.lower``, ``text.fold``), so both paths agree by construction.
    """
    out = []
    for lo, hi in _LATIN_RANGES:
        for code in range(lo, hi):
            c = chr(code)
            low = c.lower()
            if not c.isalpha() or c.isupper() == c.islower() or len(low) != 1:
                continue
            if low.isascii() or not low.islower() or len(low.encode()) != len(c.encode()):
                continue
            out.append((c, low, fold(c), c.isupper()))
    return out


def _load_native() -> Any | None:
    """The compiled fingerprinter with this module's parameters, or None if not built."""
    try:
        from wirestream_native import Fingerprinter
    except ImportError:
        log.warning("wirestream_native is not installed: dedup fingerprints run in Python")
        return None
    return Fingerprinter(
        shingle=SHINGLE,
        mix=[int(m) for m in _MIX],
        near_permutations=tuple(affine32_permutations(NEAR_PERM, NEAR_SEED)),
        cap_stop=set(CAP_STOP),
        name_joiners=set(NAME_JOINERS),
        number_words=set(NUMBER_WORDS),
        units=set(UNITS),
        max_token_chars=MAX_TOKEN_CHARS,
        max_facts=facts_mod.MAX_FACTS,
        max_features=salient.MAX_FEATURES,
        quote_shingle=salient.QUOTE_SHINGLE,
        quote_chars=salient.QUOTE_CHARS,
        chrome_phrases=list(text.CHROME_PHRASES),
        chrome_scan_chars=text.CHROME_SCAN_CHARS,
        long_line_words=text.LONG_LINE_WORDS,
        letters=latin_letters(),
    )


NATIVE = _load_native()


# --- compact encodings for the store --------------------------------------------------


def encode_u32(values: np.ndarray) -> str:
    """uint32 array -> base64 text (4 bytes per value, JSON-safe)."""
    return base64.b64encode(np.ascontiguousarray(values, dtype="<u4").tobytes()).decode("ascii")


def decode_u32(text: str) -> np.ndarray:
    return np.frombuffer(base64.b64decode(text), dtype="<u4").astype(np.uint32)
