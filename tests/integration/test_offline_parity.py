"""``wirestream process`` and the worker publish the same records for the same input."""

from __future__ import annotations

import pytest

from stream.core.sources import iter_payloads
from stream.offline import process
from tests.integration.harness import (
    SEEDS,
    WorkerProcess,
    isolated_settings,
    prepare_topics,
    publish,
    read_topic,
)

pytestmark = pytest.mark.integration

VOLATILE = {"processed_at", "received_at"}  # clocks, not verdicts
# On wire.clusters the times are the stories' delivery times: the worker's come from the
# replayer's stamp, the offline driver's from its own clock.
CLUSTER_CLOCKS = {"first_seen", "last_seen", "updated_at"}


def _stable(value: dict) -> dict:
    if "story_count" in value:  # a StoryCluster
        members = [_stable(m) for m in value["members"]]
        return {k: v for k, v in value.items() if k not in CLUSTER_CLOCKS} | {"members": members}
    return {k: v for k, v in value.items() if k not in VOLATILE}


def test_offline_driver_matches_worker(kafka_broker, tmp_path):
    # One partition keeps arrival order equal to file order, as the offline driver reads.
    settings = isolated_settings(kafka_broker, tmp_path, partitions=1)
    payloads = list(iter_payloads(SEEDS))
    payloads += payloads  # a second copy under the same ids: re-deliveries
    offline = {}
    for emission in process(payloads, settings):
        offline.setdefault((emission.topic, emission.key), []).append(_stable(emission.value))

    prepare_topics(settings)
    worker = WorkerProcess(settings, tmp_path / "worker.log").start()
    try:
        worker.wait_ready()
        publish(settings, payloads)
        online = {}
        for topic in (*settings.topics.outputs, settings.topics.clusters):
            expected = sum(len(v) for (t, _), v in offline.items() if t == topic)
            if not expected:
                continue
            for key, values in read_topic(settings, topic, count=expected).items():
                online[(topic, key)] = [_stable(v) for v in values]
    finally:
        worker.terminate()
    assert online == offline, worker.log_tail()
    clusters = [v for (t, _), v in offline.items() if t == settings.topics.clusters]
    assert clusters and clusters[-1][-1]["story_count"] == 5  # the seeds' one cluster
