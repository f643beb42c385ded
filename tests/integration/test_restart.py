"""Dedup memory lives in a changelog-backed Table: a killed worker's successor remembers."""

from __future__ import annotations

import pytest

from schemas import DuplicateRecord, EnrichedStory
from stream.core.sources import iter_payloads, with_round
from tests.integration.harness import (
    SEEDS,
    WorkerProcess,
    isolated_settings,
    prepare_topics,
    publish,
    read_topic,
)

pytestmark = pytest.mark.integration


def test_dedup_memory_survives_sigkill(kafka_broker, tmp_path):
    settings = isolated_settings(kafka_broker, tmp_path, partitions=2)
    prepare_topics(settings)
    seeds = list(iter_payloads(SEEDS))
    ids = sorted(p.stem for p in SEEDS.glob("*.txt"))

    first = WorkerProcess(settings, tmp_path / "worker-1.log").start()
    try:
        first.wait_ready()
        publish(settings, seeds)
        before = read_topic(settings, settings.topics.enriched, count=5)
        assert sorted(before) == ids, first.log_tail()
    finally:
        first.kill()  # SIGKILL: no graceful commit, no goodbye to the group

    second = WorkerProcess(settings, tmp_path / "worker-2.log").start()
    try:
        second.wait_ready()
        # The same stories re-sent under new ids, as a wire re-sends copies.
        publish(settings, [with_round(p, 2) for p in seeds], stamp=False)
        dups = read_topic(settings, settings.topics.duplicates, count=5)
        records = [DuplicateRecord.model_validate(v[-1]) for v in dups.values()]
        assert len(records) == 5, second.log_tail()
        assert {r.kind for r in records} == {"exact"}
        assert sorted(r.duplicate_of for r in records) == ids
        # Re-processing after the crash (at-least-once) may publish a story again, but a
        # re-emission must equal the first emission but for the processing clock.
        after = read_topic(settings, settings.topics.enriched, timeout=5)
        assert sorted(after) == ids
        for key, values in after.items():
            emitted = {
                EnrichedStory.model_validate(v).model_dump_json(exclude={"processed_at"})
                for v in values
            }
            assert len(emitted) == 1, (key, len(values))
    finally:
        second.terminate()
