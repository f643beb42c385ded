"""Shared field types for the topic models."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from schemas.version import SCHEMA_VERSION


def _printable(value: str) -> str:
    if not value.isprintable():
        raise ValueError("story_id must contain printable characters only")
    if value != value.strip():
        raise ValueError("story_id must not start or end with whitespace")
    return value


StoryId = Annotated[
    str,
    StringConstraints(min_length=1, max_length=256),
    AfterValidator(_printable),
]
"""1-256 printable characters: the Kafka key of every output record."""


def utcnow() -> datetime:
    """Timezone-aware now, the one clock the pipeline reads."""
    return datetime.now(UTC)


class Record(BaseModel):
    """Base of every topic payload: strict about what it emits, tolerant of extras."""

    model_config = ConfigDict(
        extra="ignore",
        populate_by_name=True,
        # in the schemas of emitted records, fields with defaults are still always present
        json_schema_serialization_defaults_required=True,
    )


class Output(Record):
    """Base of every record we publish: it names the contract version it follows."""

    schema_version: str = Field(
        default_factory=lambda: SCHEMA_VERSION,
        description="Version (semver) of the topic contract this record follows; a new major "
        "means a breaking change (docs/compatibility.md).",
    )
