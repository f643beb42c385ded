"""``wire.deadletter``: input that could not be processed, kept with the reason."""

from __future__ import annotations

import base64
import hashlib
from datetime import datetime
from enum import StrEnum
from typing import Literal

from pydantic import Field

from schemas._common import Output

Stage = Literal["decode", "validate", "normalize", "dedup", "enrich"]


class DeadLetterCode(StrEnum):
    """Why a record was dead-lettered: stable codes consumers can count and filter on.

    The one place they are defined (``<stage>.<reason>``; ``emit.*`` when the output
    record of a stage could not be published). New codes may be added in a minor
    release; a code is never renamed or removed without a new major (docs/compatibility.md).
    """

    # decode: the bytes are not a JSON text
    DECODE_INVALID_UTF8 = "decode.invalid_utf8"
    DECODE_EMPTY = "decode.empty"
    DECODE_INVALID_JSON = "decode.invalid_json"
    DECODE_INVALID_UNICODE = "decode.invalid_unicode"  # an unpaired UTF-16 surrogate escape
    # validate: the JSON is not a RawStory within limits
    VALIDATE_NOT_AN_OBJECT = "validate.not_an_object"
    VALIDATE_MISSING_FIELD = "validate.missing_field"
    VALIDATE_INVALID_FIELD = "validate.invalid_field"
    VALIDATE_BODY_TOO_LARGE = "validate.body_too_large"
    # normalize
    NORMALIZE_EMPTY_STORY = "normalize.empty_story"
    NORMALIZE_FAILED = "normalize.failed"  # a bug met this story; the worker carried on
    # dedup
    DEDUP_INVALID_RECORD = "dedup.invalid_record"  # not a NormalizedStory on wire.normalized
    DEDUP_FAILED = "dedup.failed"
    DEDUP_CLUSTERS_FAILED = "dedup.clusters_failed"  # the story went on; its cluster record not
    # enrich
    ENRICH_INVALID_RECORD = "enrich.invalid_record"  # not a StoryToEnrich on wire.to-enrich
    ENRICH_FAILED = "enrich.failed"
    ENRICH_INVALID_OUTPUT = "enrich.invalid_output"  # the enriched story broke its contract
    # emit: the output record exceeds the topics' message size
    EMIT_TOO_LARGE = "emit.too_large"


class DeadLetter(Output):
    """Nothing is lost: the original payload travels with a sentence saying what went wrong."""

    story_id: str | None = Field(None, description="When it could be read from the payload.")
    stage: Stage
    code: DeadLetterCode = Field(description="Why, as a stable code to count and filter on.")
    error: str = Field(description="What went wrong, in a sentence a person understands.")
    payload: str = Field(description="The original bytes: text when UTF-8, else base64.")
    payload_encoding: Literal["text", "base64"] = "text"
    payload_size: int | None = Field(None, ge=0, description="Size of the original, in bytes.")
    payload_sha256: str | None = Field(None, description="Hash of the original bytes.")
    payload_truncated: bool = Field(
        False,
        description="True when only the head of a very large payload is inline; the whole "
        "payload stays in the source topic at source_partition/source_offset.",
    )
    source_topic: str | None = None
    source_partition: int | None = None
    source_offset: int | None = None
    received_at: datetime | None = None
    pipeline_version: str | None = None

    @classmethod
    def payload_fields(cls, raw: bytes | str, inline_limit: int) -> dict[str, object]:
        """Payload fields for ``raw``, inlining at most ``inline_limit`` bytes of it.

        A payload larger than the limit keeps its head inline (so a person can see what
        it was), its size and hash; the whole of it stays in the source topic.
        """
        data = raw if isinstance(raw, bytes) else raw.encode("utf-8", errors="surrogatepass")
        head = data[:inline_limit]
        try:
            data.decode("utf-8")
            text, encoding = head.decode("utf-8", errors="ignore"), "text"
        except UnicodeDecodeError:
            text, encoding = base64.b64encode(head).decode("ascii"), "base64"
        return {
            "payload": text,
            "payload_encoding": encoding,
            "payload_size": len(data),
            "payload_sha256": hashlib.sha256(data).hexdigest(),
            "payload_truncated": len(head) < len(data),
        }

    def original_bytes(self) -> bytes:
        if self.payload_encoding == "base64":
            return base64.b64decode(self.payload)
        return self.payload.encode("utf-8")
