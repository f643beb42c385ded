"""Placeholder dedup stage (issue 4 replaces the internals, not the signature)."""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

from schemas import DedupInfo, NormalizedStory


class DedupStage:
    """Decides a story's verdict against the stories seen before it.

    ``store`` is any mutable mapping of JSON-able values: a dict offline and in unit
    tests, a faust Table (changelog-backed) in the worker.
    """

    def __init__(self, store: MutableMapping[str, Any], *, window_hours: float = 72.0) -> None:
        self.store = store
        self.window_hours = window_hours

    def decide(self, story: NormalizedStory) -> DedupInfo:
        seen = self.store.get(story.story_id)
        if seen is not None:
            return DedupInfo.model_validate(seen)
        info = DedupInfo(verdict="unique", cluster_id=story.story_id)
        self.store[story.story_id] = info.model_dump(mode="json")
        return info
