"""The dedup agent (global, one partition): ``wire.normalized`` -> the verdict ->
``wire.to-enrich`` or ``wire.duplicates``, with the ``wire.clusters`` records of it."""

from __future__ import annotations

from time import perf_counter

import faust
from pydantic import ValidationError

from schemas import DeadLetterCode, DuplicateRecord, NormalizedStory
from stream.core.pipeline import dedup
from stream.runtime.agents.clusters import publish_clusters
from stream.runtime.agents.wiring import Wiring

__all__ = ["add_dedup_agent"]


def add_dedup_agent(wiring: Wiring) -> None:
    async def dedup_agent(stream: faust.StreamT) -> None:
        async for payload in stream:
            await _decide(wiring, payload)

    wiring.app.agent(wiring.topics.normalized, name="dedup", concurrency=1)(dedup_agent)


async def _decide(wiring: Wiring, payload: bytes | None) -> None:
    """One story through dedup; a bad record or a failing stage costs this story only
    (a dead letter), never global dedup for all."""
    started = perf_counter()
    try:
        story = NormalizedStory.model_validate_json(payload or b"")
    except ValidationError as exc:
        msg = f"invalid record on the dedup topic: {exc}"
        await wiring.reject(DeadLetterCode.DEDUP_INVALID_RECORD, "dedup", msg, payload)
        return
    try:
        info, decided = dedup(story, wiring.stage, wiring.aliases)
    except Exception as exc:
        msg = f"dedup failed: {type(exc).__name__}: {exc}"
        await wiring.reject(DeadLetterCode.DEDUP_FAILED, "dedup", msg, payload)
        return
    wiring.metrics.stage_seconds.labels(stage="dedup").observe(perf_counter() - started)
    wiring.metrics.record_verdict(
        info, index_size=wiring.stage.index_size, open_clusters=wiring.stage.open_clusters
    )
    await publish_clusters(wiring, story, info)
    if isinstance(decided, DuplicateRecord):
        await wiring.publish(decided)
    else:
        await wiring.forward(wiring.topics.to_enrich, story.story_id, decided)
