"""The subscriber: read an output topic and hand each record to a callback."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from typing import Any

from aiokafka import AIOKafkaConsumer, TopicPartition

from stream.kafka.connection import check_connection, kafka_options
from stream.settings import Settings


def decode_value(value: bytes | None) -> dict[str, Any] | str | None:
    """JSON object when it parses, else the text (a consumer must not die on bad bytes)."""
    if value is None:
        return None
    text = value.decode("utf-8", errors="replace")
    try:
        return json.loads(text)
    except ValueError:
        return text


async def tail(
    settings: Settings,
    topic: str,
    on_record: Callable[[str | None, Any], None],
    *,
    from_beginning: bool = False,
    max_records: int | None = None,
    group: str | None = None,
    idle_timeout: float | None = None,
    stop_when: Callable[[], bool] | None = None,
    since: float | None = None,
) -> int:
    """Consume ``topic`` until ``max_records``, ``idle_timeout`` seconds of silence, or
    ``stop_when()`` turns true.

    ``since`` (POSIX seconds): skip records whose Kafka timestamp is older, e.g. what an
    earlier run left on the topic when only this run's outputs count.

    Without ``group`` nothing is committed and every partition is read; with a group
    the subscriber shares partitions and resumes where the group left off. Offsets are
    committed only for records already handed to ``on_record`` (auto-commit would also
    commit records fetched but not yet shown when ``--max`` or Ctrl-C stops the tail).
    """
    await check_connection(settings)
    consumer = AIOKafkaConsumer(
        topic,
        **kafka_options(settings),
        group_id=group,
        auto_offset_reset="earliest" if from_beginning else "latest",
        enable_auto_commit=False,
    )
    await consumer.start()
    since_ms = None if since is None else int(since * 1000)
    seen = 0
    last = time.monotonic()
    try:
        while max_records is None or seen < max_records:
            batches = await consumer.getmany(timeout_ms=500, max_records=100)
            for messages in batches.values():
                for msg in messages:
                    if since_ms is None or msg.timestamp >= since_ms:
                        key = msg.key.decode("utf-8", errors="replace") if msg.key else None
                        on_record(key, decode_value(msg.value))
                        seen += 1
                        last = time.monotonic()
                    if group is not None:
                        tp = TopicPartition(msg.topic, msg.partition)
                        await consumer.commit({tp: msg.offset + 1})
                    if max_records is not None and seen >= max_records:
                        return seen
            if stop_when is not None and stop_when():
                return seen
            if idle_timeout is not None and time.monotonic() - last > idle_timeout:
                return seen
            await asyncio.sleep(0)
    finally:
        await consumer.stop()
    return seen
