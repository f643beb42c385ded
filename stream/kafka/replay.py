"""The replayer: publish stories from files to ``wire.raw`` as a wire feed would.

Each payload is keyed by story_id and sent by an idempotent producer (acks=all), so a
broker hiccup neither loses nor doubles a story.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from aiokafka import AIOKafkaProducer

from schemas import utcnow
from stream.core.sources import prepare
from stream.kafka.connection import check_connection, kafka_options
from stream.settings import Settings


@dataclass
class ReplaySummary:
    sent: int = 0
    rounds: int = 0
    seconds: float = 0.0
    topic: str = ""
    partitions: dict[int, int] = field(default_factory=dict)

    @property
    def rate(self) -> float:
        return self.sent / self.seconds if self.seconds > 0 else 0.0


def wire_producer(settings: Settings, **overrides: Any) -> AIOKafkaProducer:
    """The producer for ``wire.raw``: idempotent, acks=all, sized to our topics."""
    config: dict[str, Any] = {
        **kafka_options(settings),
        "acks": "all",
        "enable_idempotence": True,
        "linger_ms": 5,
        "max_request_size": settings.limits.max_message_bytes,
    }
    return AIOKafkaProducer(**(config | overrides))


async def replay(
    payloads: Sequence[bytes],
    settings: Settings,
    *,
    rate: float | None = None,
    loops: int = 1,
    on_sent: Callable[[int], None] | None = None,
    stamp: bool = True,
) -> ReplaySummary:
    """Send ``payloads`` ``loops`` times; ``rate`` caps stories per second.

    ``stamp`` sets ``received_at`` on stories that lack it; without it the bytes are
    sent exactly as given (tests of malformed input need that)."""
    await check_connection(settings)
    producer = wire_producer(settings)
    summary = ReplaySummary(rounds=loops, topic=settings.topics.raw)
    await producer.start()
    started = time.perf_counter()
    try:
        pending = []
        for round_no in range(1, loops + 1):
            for payload in payloads:
                stamp_at = utcnow().isoformat() if stamp else None
                key, value = prepare(payload, round_no, received_at=stamp_at)
                if rate:
                    due = started + summary.sent / rate
                    delay = due - time.perf_counter()
                    if delay > 0:
                        await asyncio.sleep(delay)
                fut = await producer.send(settings.topics.raw, value=value, key=key)
                pending.append(fut)
                summary.sent += 1
                if on_sent:
                    on_sent(1)
        for meta in await asyncio.gather(*pending):
            summary.partitions[meta.partition] = summary.partitions.get(meta.partition, 0) + 1
    finally:
        await producer.stop()
    summary.seconds = time.perf_counter() - started
    return summary
