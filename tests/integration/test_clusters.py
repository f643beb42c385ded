"""wire.clusters on a real broker: the seeds' cluster, copies, and a SIGKILLed worker."""

from __future__ import annotations

import asyncio
import json
import time

import pytest
from aiokafka.admin import AIOKafkaAdminClient

from schemas import StoryCluster
from stream.core.sources import iter_payloads, with_round
from stream.kafka.admin import cleanup_policy
from stream.settings import Settings
from tests.integration.harness import (
    SEEDS,
    WorkerProcess,
    isolated_settings,
    prepare_topics,
    publish,
    read_topic,
)

pytestmark = pytest.mark.integration


def _with_feed_outlets(payloads: list[bytes]) -> list[bytes]:
    """The seeds as a feed sends them: with the outlet (two seeds name none in the text)."""
    out = []
    for i, payload in enumerate(payloads):
        data = json.loads(payload)
        data["source"] = f"Outlet {i}"
        out.append(json.dumps(data).encode())
    return out


def _policy(settings: Settings) -> str | None:
    async def run() -> str | None:
        admin = AIOKafkaAdminClient(bootstrap_servers=settings.connection.bootstrap)
        await admin.start()
        try:
            return await cleanup_policy(admin, settings.topics.clusters)
        finally:
            await admin.close()

    return asyncio.run(run())


def _latest(settings: Settings, count: int) -> tuple[list[StoryCluster], StoryCluster]:
    """Every record read so far (at least ``count``), and the seeds' cluster's last one."""
    records = read_topic(settings, settings.topics.clusters, count=count)
    assert len(records) == 1, sorted(records)  # one cluster, one key
    (values,) = records.values()
    emitted = [StoryCluster.model_validate(v) for v in values]
    return emitted, emitted[-1]


def test_seed_cluster_on_wire_clusters_survives_sigkill(kafka_broker, tmp_path):
    settings = isolated_settings(kafka_broker, tmp_path, partitions=2)
    prepare_topics(settings)
    assert _policy(settings) == "compact,delete"
    seeds = _with_feed_outlets(list(iter_payloads(SEEDS)))
    ids = sorted(p.stem for p in SEEDS.glob("*.txt"))

    first = WorkerProcess(settings, tmp_path / "worker-1.log").start()
    try:
        first.wait_ready()
        publish(settings, seeds)
        emitted, cluster = _latest(settings, count=5)
        assert [r.story_count for r in emitted] == [1, 2, 3, 4, 5], first.log_tail()
        # Named after the story that reached the (single-partition) dedup stage first.
        assert cluster.cluster_id in ids
        assert (cluster.published_count, cluster.duplicate_count) == (5, 0)
        assert sorted(m.story_id for m in cluster.members) == ids
        assert sorted(cluster.outlets) == [f"Outlet {i}" for i in range(5)]
        assert cluster.headline and cluster.names and not cluster.members_truncated

        # The same five texts again under new ids: five copies counted as duplicates.
        publish(settings, [with_round(p, 2) for p in seeds], stamp=False)
        _, cluster = _latest(settings, count=10)
        assert (cluster.story_count, cluster.duplicate_count) == (10, 5), first.log_tail()
        assert {m.verdict for m in cluster.members[5:]} == {"exact_duplicate"}
        assert sorted(cluster.outlets) == [f"Outlet {i}" for i in range(5)]
        # The worker's metrics: one open cluster of 10 stories, no singletons, no merges.
        wanted = (
            "wirestream_clusters_open 1.0",
            "wirestream_cluster_singletons 0.0",
            'wirestream_cluster_size_bucket{le="5.0"} 0.0',
            'wirestream_cluster_size_bucket{le="10.0"} 1.0',
            "wirestream_cluster_size_sum 10.0",
            "wirestream_cluster_merges_total 0.0",
        )
        for _ in range(20):  # set right after the record is sent: allow a moment
            text = first.metrics_text()
            if all(line in text for line in wanted):
                break
            time.sleep(0.25)
        assert [line for line in wanted if line not in text] == [], text
    finally:
        first.kill()  # SIGKILL: no graceful commit, no goodbye to the group

    second = WorkerProcess(settings, tmp_path / "worker-2.log").start()
    try:
        second.wait_ready()
        # A third round: the book must have come back from its changelog to count on from
        # 10 (an empty book would restart at 1), and re-processing must not count twice.
        publish(settings, [with_round(p, 3) for p in seeds], stamp=False)
        # First: all five copies were decided (the worker may be slow on a shared machine).
        third = {f"{i}~r3" for i in ids}
        decided = read_topic(settings, settings.topics.duplicates, keys=third, timeout=120)
        assert third <= decided.keys(), (sorted(decided), second.log_tail())
        counts: list[int] = []
        for _ in range(6):  # their cluster records were sent before their duplicates
            every = read_topic(settings, settings.topics.clusters, timeout=10)
            values = every[cluster.cluster_id]
            counts = [StoryCluster.model_validate(v).story_count for v in values]
            if counts[-1] >= 15:
                break
        seen = {k: [(v["story_count"], v["updated_at"]) for v in vs] for k, vs in every.items()}
        assert max(counts) == 15 and counts[-1] == 15, (seen, values[-1], second.log_tail())
        last = StoryCluster.model_validate(values[-1])
        assert (last.published_count, last.duplicate_count) == (5, 10)
        assert last.members_truncated is False and len(last.members) == 15
    finally:
        second.terminate()
