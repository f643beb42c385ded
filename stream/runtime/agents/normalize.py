"""The normalize agent: ``wire.raw`` -> ``pipeline.ingest`` -> ``wire.normalized``,
or a dead letter that says where the untouched original can be re-read."""

from __future__ import annotations

from time import perf_counter

import faust

from schemas import DeadLetter
from stream.core.pipeline import ingest
from stream.runtime.agents.wiring import Wiring, kafka_time

__all__ = ["add_normalize_agent"]


def add_normalize_agent(wiring: Wiring) -> None:
    settings = wiring.settings

    async def normalize_agent(stream: faust.StreamT) -> None:
        async for event in stream.events():
            payload = event.value if event.value is not None else b""
            started = perf_counter()
            result = ingest(
                payload, settings, received_at=kafka_time(event), tuning=wiring.normalize_tuning
            )
            wiring.metrics.stage_seconds.labels(stage="normalize").observe(perf_counter() - started)
            if isinstance(result, DeadLetter):
                await wiring.publish(_with_source(result, event.message))
                continue
            wiring.metrics.record_in(result.source)
            await wiring.forward(wiring.topics.normalized, result.story_id, result)

    wiring.app.agent(wiring.topics.raw, name="normalize", concurrency=1)(normalize_agent)


def _with_source(letter: DeadLetter, message: faust.types.Message) -> DeadLetter:
    """The dead letter with where its original sits on ``wire.raw``."""
    letter.source_topic = message.topic
    letter.source_partition = message.partition
    letter.source_offset = message.offset
    return letter
