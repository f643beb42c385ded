"""The enrich agent (partitioned): micro-batches of ``wire.to-enrich`` -> NLP in an
executor thread -> ``wire.enriched`` (a failing story -> ``wire.deadletter``)."""

from __future__ import annotations

import asyncio
from time import perf_counter

import faust
from pydantic import ValidationError

from schemas import DeadLetterCode, StoryToEnrich
from stream.runtime.agents.wiring import Wiring

__all__ = ["add_enrich_agent"]


def add_enrich_agent(wiring: Wiring) -> None:
    settings = wiring.settings

    async def enrich_agent(stream: faust.StreamT) -> None:
        # Nothing before the loop: the model is loaded before the worker joins the group
        # (Wiring.warm_up); see docs/reliability.md, "Agent start-up".
        async for values in stream.take(
            settings.pipeline.enrich_batch_size, within=settings.pipeline.enrich_batch_seconds
        ):
            batch = await _valid(wiring, values)
            if batch:
                await _enrich(wiring, batch)

    wiring.app.agent(wiring.topics.to_enrich, name="enrich", concurrency=1)(enrich_agent)


async def _valid(wiring: Wiring, values: list[bytes | None]) -> list[StoryToEnrich]:
    """The batch's readable records; each unreadable one becomes a dead letter."""
    batch: list[StoryToEnrich] = []
    for payload in values:
        try:
            batch.append(StoryToEnrich.model_validate_json(payload or b""))
        except ValidationError as exc:
            msg = f"invalid record on the enrich topic: {exc}"
            await wiring.reject(DeadLetterCode.ENRICH_INVALID_RECORD, "enrich", msg, payload)
    return batch


async def _enrich(wiring: Wiring, batch: list[StoryToEnrich]) -> None:
    started = perf_counter()
    # NLP is CPU-bound: run it off the event loop so heartbeats keep flowing.
    loop = asyncio.get_running_loop()
    outputs = await loop.run_in_executor(None, wiring.enrich_batch, batch)
    per_story = (perf_counter() - started) / len(batch)
    for record in outputs:
        wiring.metrics.stage_seconds.labels(stage="enrich").observe(per_story)
        await wiring.publish(record)
