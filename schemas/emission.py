"""One output record of the pipeline: what a driver publishes, and where."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Emission(BaseModel):
    """``{"topic", "key", "value"}``: a line of ``wirestream process`` output, or one
    record the worker sends to Kafka."""

    model_config = ConfigDict(extra="forbid")

    topic: str
    key: str | None = Field(description="story_id, or null when it could not be read.")
    value: dict[str, Any]
