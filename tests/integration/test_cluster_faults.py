"""A three-node KRaft cluster, short form of ``bench/faults_cluster.py``.

The cluster (replication factor 3, min ISR 2, acks=all) belongs to this module: one of
its nodes is stopped for good by the fault run, so the replication checks run first.
Three workers; faults while stories stream: SIGKILL of the node leading the dedup
partition (then restarted), SIGKILL of the worker owning the dedup partition (it
moves, the Table is restored from its replicated changelog), one node stopped for good,
a graceful SIGTERM. No timing is asserted: only that nothing is lost, nothing
contradicts itself, duplicates are still caught, and output flows again after each fault.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.admin.config_resource import ConfigResource, ConfigResourceType

from bench.faultlib import format_table, summary_rows
from bench.faultlib.cluster import (
    ClusterFaultRun,
    ClusterPlan,
    cluster_settings,
    recovery,
    recovery_rows,
)
from stream.kafka.admin import TopicSetupError, all_topic_partitions, ensure_topics
from stream.local.cluster import LocalCluster
from stream.settings import Settings

pytestmark = pytest.mark.integration

NODES = 3


@pytest.fixture(scope="module")
def kafka_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalCluster]:
    """Three nodes on free ports; every node stopped at the end, whatever happened."""
    defaults = Settings()
    cluster = LocalCluster.on_free_ports(
        tmp_path_factory.mktemp("kafka-cluster"),
        NODES,
        libs_dir=defaults.local.state_dir / "kafka-libs",
        message_max_bytes=defaults.limits.max_message_bytes,
        die_with_parent=True,  # a killed pytest must not leave JVMs behind
    )
    try:
        cluster.start(timeout=240.0)
        yield cluster
    finally:
        cluster.stop(timeout=20.0)


async def _layout(settings: Settings, topic: str) -> tuple[set[int], str | None]:
    """(replication factors of the topic's partitions, its min.insync.replicas)."""
    admin = AIOKafkaAdminClient(bootstrap_servers=settings.connection.bootstrap)
    await admin.start()
    try:
        (info,) = await admin.describe_topics([topic])
        factors = {len(p["replicas"]) for p in info["partitions"]}
        (response,) = await admin.describe_configs(
            [ConfigResource(ConfigResourceType.TOPIC, topic)]
        )
        entries = response.to_object()["resources"][0]["config_entries"]
        named = {e.get("config_names", e.get("config_name")): e["config_value"] for e in entries}
        return factors, named.get("min.insync.replicas")
    finally:
        await admin.close()


def _settled_layout(settings: Settings, topic: str, timeout: float = 30.0):
    """``_layout`` once every node has the new topic's metadata and configs: a node that
    has not caught up yet answers without them (seen once in CI), so ask again until the
    answer is complete or ``timeout`` passes, then return the last answer."""
    deadline = time.monotonic() + timeout
    layout = asyncio.run(_layout(settings, topic))
    while (not layout[0] or layout[1] is None) and time.monotonic() < deadline:
        time.sleep(0.5)
        layout = asyncio.run(_layout(settings, topic))
    return layout


def test_topics_replicate_and_refuse_more_replicas_than_brokers(kafka_cluster, tmp_path):
    settings = cluster_settings(kafka_cluster, tmp_path / "state")
    assert (settings.topics.replication_factor, settings.topics.min_insync_replicas) == (3, 2)
    created = asyncio.run(ensure_topics(settings))
    assert set(created) == set(all_topic_partitions(settings))
    for topic in created:
        assert _settled_layout(settings, topic) == ({3}, "2"), topic

    too_many = cluster_settings(kafka_cluster, tmp_path / "other", replication_factor=4)
    with pytest.raises(TopicSetupError, match=r"replication_factor 4 is larger than .*3 broker"):
        asyncio.run(ensure_topics(too_many))


# In `make test` again: its one loss in eight runs after the start-up fix (issue 12) was
# a batch taken before a seek and delivered after it, fixed in faust_fixes (changes 5
# and 6); 26 of 26 looped runs passed after it (docs/reliability.md). `make test-slow`
# loops the fault short forms.
@pytest.mark.timeout(600)
def test_cluster_faults_lose_nothing(kafka_cluster: LocalCluster, tmp_path: Path):
    settings = cluster_settings(kafka_cluster, tmp_path / "state", partitions=3)
    plan = ClusterPlan(
        stories=540,
        rate=6.0,
        settle=12.0,
        kills=0,  # the owner-kill is the worker SIGKILL here; the full run adds more
        workers=3,
        burst=24,
        seed=1212,
        drain_timeout=180.0,
        offline_check=False,  # the full run compares with `wirestream process`
    )
    run = ClusterFaultRun(plan, kafka_cluster, settings, tmp_path)
    result = asyncio.run(run.run())
    rec = asyncio.run(recovery(run, settings))
    report = format_table(summary_rows(result, plan)[1:] + recovery_rows(rec))
    report += "\n" + "\n".join(result.flog.events)
    print(report)  # shown with -s, and on failure
    v = result.verification

    assert v.stories_in == len(result.sent) > plan.stories, report
    assert v.lost == [], report
    assert v.conflicting_verdicts == [], report
    assert v.published_and_suppressed == [], report
    assert v.re_emissions_differing == [], report
    # Copies of earlier stories sent after the owner of the dedup partition died: the
    # worker that took the partition over restored the Table and caught them.
    assert v.crash_copy_checks > 0 and v.crash_copy_failures == [], report
    assert result.flog.unexpected_exits == 0, report
    assert result.flog.graceful_exit_code == 0, report
    assert [m.event for m in rec.marks] == ["leader-kill", "owner-kill", "broker-down"], report
    assert all(m.first_output_s is not None for m in rec.marks), report
    assert any("dedup partition moved" in e for e in result.flog.events), report
    assert len(kafka_cluster.running()) == NODES - 1, report
    # The dedup Table's changelog, created by faust, is replicated like the app topics.
    changelog = f"{settings.worker.app_id}-dedup-state-changelog"
    assert _settled_layout(settings, changelog) == ({3}, "2"), report
