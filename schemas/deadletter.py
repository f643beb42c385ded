"""``wire.deadletter``: input that could not be processed, kept with the reason."""

from __future__ import annotations

import base64
from datetime import datetime
from typing import Literal

from pydantic import Field

from schemas._common import Record

Stage = Literal["decode", "validate", "normalize", "dedup", "enrich"]


class DeadLetter(Record):
    """Nothing is lost: the original payload travels with a sentence saying what went wrong."""

    story_id: str | None = Field(None, description="When it could be read from the payload.")
    stage: Stage
    error: str = Field(description="What went wrong, in a sentence a person understands.")
    payload: str = Field(description="The original bytes: text when UTF-8, else base64.")
    payload_encoding: Literal["text", "base64"] = "text"
    received_at: datetime | None = None
    pipeline_version: str | None = None

    @staticmethod
    def encode_payload(raw: bytes | str) -> tuple[str, Literal["text", "base64"]]:
        """Keep the payload readable when it is valid UTF-8, exact (base64) otherwise."""
        if isinstance(raw, str):
            return raw, "text"
        try:
            return raw.decode("utf-8"), "text"
        except UnicodeDecodeError:
            return base64.b64encode(raw).decode("ascii"), "base64"

    def original_bytes(self) -> bytes:
        if self.payload_encoding == "base64":
            return base64.b64decode(self.payload)
        return self.payload.encode("utf-8")
