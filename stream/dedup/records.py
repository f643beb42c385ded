"""The store record of one story: compact, JSON-only (a faust Table value).

Keys are one letter because every record lives in the Table and its changelog topic.
The contract is ``schemas.dedup_state.DedupRecord``; this module builds and reads the
plain dicts on the hot path without pydantic.
"""

from __future__ import annotations

from typing import Any

from schemas import DedupInfo
from stream.dedup.fingerprint import Fingerprint, encode_u32


def record(
    info: DedupInfo, fp: Fingerprint, *, t: float, seq: int, indexed: bool
) -> dict[str, Any]:
    """The stored record; fingerprints only for stories that go into the index."""
    rec: dict[str, Any] = {
        "v": info.verdict,
        "c": info.cluster_id,
        "d": info.duplicate_of,
        "s": info.similarity,
        "t": t,
        "q": seq,
        "x": fp.content_hash if fp.shingles > 0 else "",
        "y": fp.delivery_hash,
    }
    if indexed:
        rec["m"] = encode_u32(fp.near.hashvalues)
        rec["n"] = fp.shingles
        rec["f"] = encode_u32(fp.facts)
        rec["e"] = encode_u32(fp.event_set)
    return rec


def info(rec: dict[str, Any]) -> DedupInfo:
    """The DedupInfo a record was decided with (re-deliveries get exactly this)."""
    return DedupInfo(
        verdict=rec["v"], cluster_id=rec["c"], duplicate_of=rec["d"], similarity=rec["s"]
    )
