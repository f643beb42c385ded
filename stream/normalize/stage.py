"""Placeholder normalize stage (issue 3 replaces the internals, not the signature)."""

from __future__ import annotations

from schemas import NormalizedStory, RawStory
from stream.errors import EmptyStory


def normalize(raw: RawStory) -> NormalizedStory:
    """Return the clean story; raise ``EmptyStory`` when no text is left."""
    paragraphs = [p.strip() for p in raw.body.replace("\r\n", "\n").split("\n\n")]
    paragraphs = [p for p in paragraphs if p]
    if not paragraphs:
        raise EmptyStory("the story body is empty after cleaning", story_id=raw.story_id)
    headline = raw.headline or paragraphs[0].splitlines()[0][:300]
    return NormalizedStory(
        story_id=raw.story_id,
        source=raw.source,
        headline=headline,
        published_at=raw.published_at,
        received_at=raw.received_at,
        url=raw.url,
        language="en",
        body="\n\n".join(paragraphs),
    )
