"""Regression for the kill-loop loss (issue 12, docs/reliability.md "Agent start-up"):
a worker that starts on partitions its group never committed, while the dedup Table
recovers and stories keep arriving, must process every story.

faust drops the stream records aiokafka fetched during table recovery (when recovery
ends it pauses the changelogs, and the fetch in flight then reads its emptied set of
active partitions as "all") and counts on the seek to committed offsets to read them
again; with no committed offset there was no seek, and the next commit passed them.
``stream.runtime.faust_fixes`` closes it. The consumer thread is slowed down in the
worker (``tests/integration/slow_fetch``), as a loaded machine does, so the fetch in
flight sees the pause on every run: without the fix this test loses the stories sent
before the worker was ready.
"""

from __future__ import annotations

import asyncio
import json
import random
import threading
import time
from pathlib import Path

import pytest
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.protocol.admin import DeleteGroupsRequest

from bench.faultlib import read_topics
from bench.faultlib.corpus import synthetic_body
from stream.kafka.connection import kafka_options
from stream.settings import Settings
from tests.integration.harness import (
    WorkerProcess,
    isolated_settings,
    prepare_topics,
    publish,
    read_topic,
)

pytestmark = pytest.mark.integration

SLOW_FETCH = Path(__file__).parent / "slow_fetch"


def _stories(prefix: str, n: int, seed: int) -> list[tuple[str, bytes]]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        headline, body = synthetic_body(rng, 120)
        sid = f"{prefix}-{i:03d}"
        story = {"story_id": sid, "headline": headline, "body": body}
        out.append((sid, json.dumps(story).encode("utf-8")))
    return out


async def _forget_group(settings: Settings) -> None:
    """Delete the (empty) consumer group: its committed offsets go, as if never made.
    aiokafka's admin client has no call for it, so the DeleteGroups request is sent to
    the group's coordinator as is; retried while the stopped member is still leaving."""
    admin = AIOKafkaAdminClient(**kafka_options(settings))
    await admin.start()
    try:
        for _ in range(30):
            node = await admin.find_coordinator(settings.worker.app_id)
            response = await admin._send_request(
                DeleteGroupsRequest([settings.worker.app_id]), node
            )
            errors = [code for _, code in response.results]
            if errors == [0]:
                return
            await asyncio.sleep(1.0)
        raise AssertionError(f"consumer group not deleted: error codes {errors}")
    finally:
        await admin.close()


def _missing(settings: Settings, wanted: set[str], timeout: float = 120.0) -> list[str]:
    """Stories of ``wanted`` with no record on any output topic, after waiting up to
    ``timeout`` seconds for them."""
    deadline = time.monotonic() + timeout
    while True:
        data = asyncio.run(read_topics(settings, settings.topics.outputs, 60.0))
        missing = wanted - {r.key for records in data.values() for r in records}
        if not missing or time.monotonic() > deadline:
            return sorted(missing)
        time.sleep(2.0)


@pytest.mark.timeout(420)
def test_uncommitted_partitions_with_a_backlog_lose_nothing(kafka_broker, tmp_path, monkeypatch):
    settings = isolated_settings(kafka_broker, tmp_path / "state", partitions=2)
    prepare_topics(settings)

    # 1. A first worker fills the dedup changelog (so the next one has a Table to
    #    recover), then stops cleanly; then its group's offsets are deleted.
    first_batch = _stories("old", 20, seed=12)
    first = WorkerProcess(settings, tmp_path / "worker-1.log").start()
    try:
        first.wait_ready()
        publish(settings, [p for _, p in first_batch])
        done = read_topic(settings, settings.topics.enriched, keys={s for s, _ in first_batch})
        assert {s for s, _ in first_batch} <= done.keys(), first.log_tail()
    finally:
        assert first.terminate() == 0
    asyncio.run(_forget_group(settings))

    # 2. Stories keep arriving while the second worker starts and recovers its Tables.
    batch = _stories("new", 40, seed=13)
    sender = threading.Thread(
        target=lambda: [(publish(settings, [p]), time.sleep(0.1)) for _, p in batch]
    )
    sender.start()
    time.sleep(1.0)
    monkeypatch.setenv("PYTHONPATH", str(SLOW_FETCH))
    monkeypatch.setenv("WS_TEST_SLOW_FETCH_SECONDS", "0.3")
    second = WorkerProcess(settings, tmp_path / "worker-2.log").start()
    monkeypatch.delenv("WS_TEST_SLOW_FETCH_SECONDS")
    monkeypatch.delenv("PYTHONPATH")
    try:
        second.wait_ready()
        sender.join()
        missing = _missing(settings, {s for s, _ in batch})
        assert missing == [], f"{len(missing)} of {len(batch)} lost: {missing}"
    finally:
        sender.join()
        second.terminate()
