"""``wire.raw``: a story as the wire delivered it."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from schemas._common import Record, StoryId


class RawStory(Record):
    """One incoming wire story. Unknown fields are ignored, not rejected."""

    story_id: StoryId = Field(description="Publisher's or replayer's id; the Kafka key.")
    body: str = Field(description="Raw text as received: may hold headline, byline, chrome, HTML.")
    source: str | None = Field(None, description="Outlet name, when the feed knows it.")
    headline: str | None = None
    url: str | None = None
    published_at: datetime | None = Field(None, description="ISO-8601.")
    received_at: datetime | None = Field(None, description="ISO-8601; set by the replayer.")
