"""The store record of one story: compact, JSON-only (a faust Table value).

Keys are one letter because every record lives in the Table and its changelog topic.
The contract is ``schemas.dedup_state.DedupRecord``; this module builds and reads the
plain dicts on the hot path without pydantic.

Size matters twice (the in-memory dict offline, the Table and its changelog in the
worker), so an indexed story keeps its uint32 arrays in one base64 field ``b``
(``[len(facts)] + near MinHash + facts``) instead of several, and
``d``/``s`` are left out when None: 8 keys fit CPython's smallest dict above 5 keys
(272 B, against 464-656 B for 12). Records written before this layout (separate
``m``/``f``/``e``) are still read, so a rebuild over an older Table keeps working; so
are records whose ``b`` still ends with the salient-feature hashes (written before the
event clusterer stopped using them on rebuild): nothing reads past the facts.
"""

from __future__ import annotations

import binascii
import math
from functools import lru_cache
from typing import Any

import numpy as np

from schemas import DedupInfo
from stream.core.dedup import facts as facts_mod
from stream.core.dedup.fingerprint import NEAR_PERM, Fingerprint, decode_u32, encode_u32, jaccard


def record(
    info: DedupInfo,
    fp: Fingerprint,
    *,
    t: float,
    seq: int,
    indexed: bool,
    profile: tuple[np.ndarray, np.ndarray] | None = None,
) -> dict[str, Any]:
    """The stored record; fingerprints only for stories that go into the index."""
    rec = _head(info, t, seq, fp.content_hash, fp.delivery_hash, fp.shingles)
    if indexed:
        rec["n"] = fp.shingles
        rec["b"] = pack(fp.facts.size, fp.near, fp.facts)
    if indexed and profile is not None:
        vec, df_ids = profile
        rec["k"] = pack(vec.size, vec, df_ids)
    if info.merged_from:
        rec["j"] = list(info.merged_from)
    return rec


def _head(
    info: DedupInfo, t: float, seq: int, content_hash: str, delivery_hash: str, shingles: int
) -> dict[str, Any]:
    """The keys every record starts with, in the stored order (both writers share it,
    so their records are the same to the byte)."""
    rec: dict[str, Any] = {
        "v": info.verdict,
        "c": info.cluster_id,
        "t": t,
        "q": seq,
        "x": content_hash if shingles > 0 else "",
        "y": delivery_hash,
    }
    if info.duplicate_of is not None:
        rec["d"] = info.duplicate_of
    if info.similarity is not None:
        rec["s"] = info.similarity
    return rec


def packed_record(
    info: DedupInfo,
    *,
    t: float,
    seq: int,
    content_hash: str,
    delivery_hash: str,
    shingles: int,
    blobs: tuple[str, str],
) -> dict[str, Any]:
    """``record`` of a published story whose blobs compiled code packed (``blobs``:
    ``b`` and ``k`` as ``record`` packs them); indexed when it has shingles."""
    rec = _head(info, t, seq, content_hash, delivery_hash, shingles)
    if shingles > 0:
        rec["n"] = shingles
        rec["b"], rec["k"] = blobs
    if info.merged_from:
        rec["j"] = list(info.merged_from)
    return rec


def _load_native() -> tuple[Any | None, Any | None]:
    try:
        from wirestream_native import pack_u32
    except ImportError:
        return None, None
    try:
        from wirestream_native import near_check
    except ImportError:  # a build older than this source: the Python path below
        return pack_u32, None
    return pack_u32, near_check


_PACK, _NEAR_CHECK = _load_native()


def packs_natively() -> bool:
    """The record blobs are packed by the compiled module (the fast path needs it)."""
    return _PACK is not None


def pack(head: int, a: np.ndarray, b: np.ndarray) -> str:
    """base64 of the uint32s ``[head] + a + b`` (compiled when built: one step instead
    of a concatenation and Python's base64)."""
    if _PACK is not None and a.dtype == b.dtype == np.uint32:
        return _PACK(head, a, b)
    header = np.array([head], dtype=np.uint32)
    return encode_u32(np.concatenate((header, a, b)).astype(np.uint32))


def info(rec: dict[str, Any]) -> DedupInfo:
    """The DedupInfo a record was decided with (re-deliveries get exactly this)."""
    return DedupInfo(
        verdict=rec["v"],
        cluster_id=rec["c"],
        duplicate_of=rec.get("d"),
        similarity=rec.get("s"),
        merged_from=rec.get("j", []),
    )


def event_profile(rec: dict[str, Any]) -> tuple[np.ndarray, np.ndarray]:
    """``(profile, df_ids)`` of the same-event clusterer (see ``profile.py``)."""
    blob = np.frombuffer(binascii.a2b_base64(rec["k"]), dtype="<u4").astype(np.uint32)
    n = int(blob[0])
    return blob[1 : 1 + n], blob[1 + n :]


def indexed(rec: dict[str, Any]) -> bool:
    """The record carries fingerprints (a published story, in the LSH index)."""
    return "b" in rec or "m" in rec


def _blob(rec: dict[str, Any]) -> np.ndarray:
    return np.frombuffer(binascii.a2b_base64(rec["b"]), dtype="<u4")


def near_values(rec: dict[str, Any]) -> np.ndarray:
    """The near-duplicate MinHash hash values (uint32)."""
    if "b" in rec:
        return _blob(rec)[1 : 1 + NEAR_PERM].astype(np.uint32)
    return decode_u32(rec["m"])


def facts(rec: dict[str, Any]) -> np.ndarray:
    """The packed facts (uint32, sorted)."""
    if "b" in rec:
        blob = _blob(rec)
        return blob[1 + NEAR_PERM : 1 + NEAR_PERM + int(blob[0])].astype(np.uint32)
    return decode_u32(rec["f"])


@lru_cache(maxsize=8)
def _min_matches(min_jaccard: float) -> int:
    """The fewest equal MinHash rows whose estimate is ``min_jaccard`` or more."""
    return next(m for m in range(NEAR_PERM + 2) if m > NEAR_PERM or m / NEAR_PERM >= min_jaccard)


def near_check(
    rec: dict[str, Any], near: np.ndarray, mine: np.ndarray, min_jaccard: float
) -> tuple[float, int, int]:
    """``(estimate, conflicting, shared)``: the record's estimated Jaccard with the
    story's ``near`` MinHash and ``facts.conflicts(facts(rec), mine)``, the latter only
    when the estimate is ``min_jaccard`` or more (else 0, 0).

    One compiled call when built (the record's ``b`` decoded and compared in place, no
    numpy arrays per candidate); it declines what it cannot read exactly as Python
    would (older layouts, blobs ``pack`` did not write), and this is the reference.
    """
    if (
        _NEAR_CHECK is not None
        and "b" in rec
        and near.size == NEAR_PERM
        and near.dtype == mine.dtype == np.uint32
        and math.isfinite(min_jaccard)
    ):
        found = _NEAR_CHECK(rec["b"], near, mine, _min_matches(min_jaccard))
        if found is not None:
            matches, conflicting, shared = found
            return float(matches) / NEAR_PERM, conflicting, shared
    estimate = jaccard(near, near_values(rec))
    if estimate < min_jaccard:
        return estimate, 0, 0
    return estimate, *facts_mod.conflicts(facts(rec), mine)
