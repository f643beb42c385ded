"""``tail`` on the real broker: ``since`` skips what an earlier run left on a topic."""

from __future__ import annotations

import asyncio
import time

from aiokafka import AIOKafkaProducer

from stream.kafka.admin import ensure_topics
from stream.kafka.tail import tail
from stream.settings import Settings


async def _send(settings: Settings, topic: str, key: str) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=settings.connection.bootstrap)
    await producer.start()
    try:
        await producer.send_and_wait(topic, key=key.encode(), value=b'{"n": 1}')
    finally:
        await producer.stop()


def test_since_skips_records_older_than_the_run(settings: Settings):
    asyncio.run(ensure_topics(settings))
    topic = settings.topics.enriched
    asyncio.run(_send(settings, topic, "earlier-run"))
    time.sleep(1.1)  # Kafka timestamps are milliseconds
    started = time.time()
    asyncio.run(_send(settings, topic, "this-run"))

    def read(**kwargs: float) -> list[str | None]:
        keys: list[str | None] = []
        asyncio.run(
            tail(
                settings,
                topic,
                lambda key, _value: keys.append(key),
                from_beginning=True,
                idle_timeout=3,
                **kwargs,
            )
        )
        return keys

    assert sorted(read(), key=str) == ["earlier-run", "this-run"]
    assert read(since=started) == ["this-run"]
