"""The dedup stage's store record: one value of the dedup faust Table (and its changelog).

Key: the story_id. One-letter field names because every record sits in the Table and
is replayed from the changelog topic on recovery. Written by ``stream.core.dedup.records``.
"""

from __future__ import annotations

from pydantic import Field

from schemas._common import Record
from schemas.story import Verdict


class DedupRecord(Record):
    """What dedup remembers about one story_id (the latest version seen)."""

    v: Verdict = Field(description="Verdict given to this version.")
    c: str | None = Field(description="cluster_id given.")
    d: str | None = Field(None, description="duplicate_of given (absent when None).")
    s: float | None = Field(None, ge=0.0, le=1.0, description="similarity (absent when None).")
    t: float = Field(description="Event time, POSIX seconds: published_at or received_at.")
    q: int = Field(ge=0, description="Arrival sequence number: 'earliest' means lowest q.")
    x: str = Field(description="Hash of the normalized article text ('' if no words).")
    y: str = Field(description="Hash of headline + body as delivered (re-delivery check).")
    # Only for published stories (the ones in the LSH index):
    n: int | None = Field(None, ge=0, description="Distinct word shingles of the article.")
    b: str | None = Field(
        None,
        description=(
            "Fingerprints, base64 of uint32 LE: [number of facts], near-duplicate MinHash"
            " (48 values), packed facts. Records written before the event bands were"
            " dropped have salient-feature hashes after the facts: ignored."
        ),
    )
    k: str | None = Field(
        None,
        description=(
            "Event profile, base64 of uint32 LE: [profile length], profile entries"
            " ((term id << 3 | kind) << 7 | weight), then the term ids it adds to the"
            " window's document frequencies (stream/core/dedup/profile.py)."
        ),
    )
    j: list[str] | None = Field(
        None, description="Clusters this story merged into its cluster (merged_from)."
    )
    # Written before `b` (still read on rebuild): the same arrays in three fields.
    m: str | None = Field(None, description="Legacy: near-duplicate MinHash, base64 uint32 LE.")
    f: str | None = Field(None, description="Legacy: packed facts, base64 of uint32 LE.")
    e: str | None = Field(None, description="Legacy: salient-feature hashes, base64 uint32 LE.")
