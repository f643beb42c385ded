"""``wire.duplicates``: a suppressed copy of an earlier story."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from schemas._common import Output, StoryId


class DuplicateRecord(Output):
    """A story not published because it copies ``duplicate_of``."""

    story_id: StoryId
    duplicate_of: str = Field(description="The earliest story of this copy.")
    kind: Literal["exact", "near"]
    similarity: float = Field(ge=0.0, le=1.0)
    cluster_id: str | None = None
    source: str | None = None
    headline: str | None = None
    pipeline_version: str | None = None
    processed_at: datetime | None = None
