"""Helpers for the dedup tests: seed stories through the real normalize stage."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from schemas import NormalizedStory, RawStory
from stream.core.normalize import normalize

SEEDS = Path(__file__).resolve().parents[3] / "seeds"
T0 = datetime(2025, 8, 9, 6, 0, tzinfo=UTC)


def story(
    story_id: str, body: str, *, minutes: float = 0, headline: str | None = None
) -> NormalizedStory:
    raw = RawStory(
        story_id=story_id,
        body=body,
        headline=headline,
        published_at=T0 + timedelta(minutes=minutes),
    )
    return normalize(raw)


@pytest.fixture
def seed_stories() -> list[NormalizedStory]:
    paths = sorted(SEEDS.glob("*.txt"))
    assert len(paths) == 5
    return [story(p.stem, p.read_text(encoding="utf-8"), minutes=i) for i, p in enumerate(paths)]


@pytest.fixture
def eval_stories() -> list[NormalizedStory]:
    """The dedup evaluation set as stories, in its arrival order."""
    from eval.dedup.generate import items

    return [
        NormalizedStory(
            story_id=it["story_id"],
            body=it["body"],
            headline=it["headline"],
            published_at=it["published_at"],
        )
        for it in items()
    ]
