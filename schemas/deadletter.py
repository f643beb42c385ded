"""``wire.deadletter``: input that could not be processed, kept with the reason."""

from __future__ import annotations

import base64
import hashlib
from datetime import datetime
from typing import Literal

from pydantic import Field

from schemas._common import Output

Stage = Literal["decode", "validate", "normalize", "dedup", "enrich"]


class DeadLetter(Output):
    """Nothing is lost: the original payload travels with a sentence saying what went wrong."""

    story_id: str | None = Field(None, description="When it could be read from the payload.")
    stage: Stage
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
