"""Fault injection, short form: the driver and verifier of ``bench/faults.py`` on ~150
stories with two SIGKILLs and a graceful SIGTERM, against the session broker.

The full run (2,000 stories, five SIGKILLs, a broker restart, two workers) is
``.venv/bin/python bench/faults.py``; see docs/reliability.md. The broker is not
restarted here: it is shared by the whole test session and tied to pytest's main thread.
No timing is asserted: only that nothing is lost, nothing contradicts itself, and the
worker agrees with ``wirestream process``.
"""

from __future__ import annotations

import asyncio
import json
import random
import time

import pytest
from aiokafka.admin import AIOKafkaAdminClient, NewTopic

from bench.faultlib import FaultPlan, FaultRun, format_table, read_topics, summary_rows
from bench.faultlib.corpus import synthetic_body
from schemas import DuplicateRecord
from stream.core.sources import with_round
from stream.settings import Settings
from tests.integration.harness import (
    WorkerProcess,
    isolated_settings,
    prepare_topics,
    publish,
    read_topic,
)

pytestmark = pytest.mark.integration


@pytest.mark.timeout(420)
def test_kill_loop_loses_nothing_and_agrees_with_offline(kafka_broker, tmp_path):
    settings = isolated_settings(kafka_broker, tmp_path / "state", partitions=2)
    plan = FaultPlan(
        stories=150,
        rate=6.0,
        kills=2,
        broker_restart=False,
        two_workers=False,
        graceful_stop=True,
        burst=24,
        seed=651,
        drain_timeout=150.0,
    )
    result = asyncio.run(FaultRun(plan, kafka_broker, settings, tmp_path).run())
    report = format_table(summary_rows(result, plan)) + "\n" + "\n".join(result.flog.events)
    print(report)  # shown with -s, and on failure
    v = result.verification

    assert v.stories_in == len(result.sent) > plan.stories, report
    assert v.lost == [], report
    assert v.conflicting_verdicts == [], report
    assert v.published_and_suppressed == [], report
    assert v.re_emissions_differing == [], report
    assert v.crash_copy_checks > 0 and v.crash_copy_failures == [], report
    assert v.offline_compared == v.accounted and v.verdict_mismatches == [], report
    assert result.flog.unexpected_exits == 0, report
    assert result.flog.graceful_exit_code == 0, report


# --- faust #606: agent concurrency and offset commits -------------------------------


def test_faust_606_precondition_absent(settings):
    """faust #606: ``Consumer._new_offset`` commits past an in-flight message when the
    acked run starts right after the committed offset (an off-by-one in its head-gap
    guard). The installed faust still has it, shown below on faust's own function; it
    needs acks out of order, which only concurrency > 1 produces. Every agent of ours
    runs with concurrency 1, so acks are in offset order and the bug cannot fire."""
    from collections import defaultdict
    from types import SimpleNamespace

    import faust
    from faust.transport.consumer import Consumer
    from intervaltree import IntervalTree

    from stream.runtime.agents import wire_agents
    from stream.runtime.app import create_app

    tp = faust.types.TP("t", 0)
    stub = SimpleNamespace(
        _acked=defaultdict(list, {tp: [2586, 2587, 2588, 2589]}),
        _acked_index=defaultdict(set),
        _gap=defaultdict(IntervalTree),
        _committed_offset=defaultdict(lambda: None, {tp: 2585}),
    )
    # 2585 is still being processed, yet faust would commit 2590: the trap is real.
    assert Consumer._new_offset(stub, tp) == 2590

    app = create_app(settings)
    wire_agents(app, settings)
    agents = {agent.name.rsplit(".", 1)[-1]: agent.concurrency for agent in app.agents.values()}
    assert agents == {"normalize": 1, "dedup": 1, "enrich": 1}
    assert app.conf.processing_guarantee.value == "at_least_once"
    assert app.conf.stream_wait_empty  # SIGTERM waits for in-flight events to be acked


# --- faust #651: recovery of the dedup table after changelog compaction -------------


def _story(rng: random.Random, sid: str, body: str | None = None) -> bytes:
    headline, text = synthetic_body(rng, 120)
    data = {"story_id": sid, "headline": headline, "body": body or text}
    return json.dumps(data).encode("utf-8")


def _changelog_offsets(settings: Settings, topic: str) -> tuple[int, int]:
    """(records still in the changelog, its end offset): fewer records = compacted."""
    records = asyncio.run(read_topics(settings, (topic,), 60.0))[topic]
    end = max((r.offset for r in records), default=-1) + 1
    return len(records), end


@pytest.mark.timeout(420)
def test_recovery_after_changelog_compaction(kafka_broker, tmp_path):
    """faust #651 (recovery stuck when changelog offsets vanish under it) and its kin
    #176/#597: a worker is SIGKILLed after the log cleaner compacted its dedup changelog
    (offset gaps); its successor must finish recovery and still know every story.

    The changelog is created up front with an aggressive cleaner config so compaction
    happens within seconds; stories are then updated (same id, new text) so the older
    records become garbage the cleaner removes."""
    settings = isolated_settings(kafka_broker, tmp_path / "state", partitions=2)
    prepare_topics(settings)
    changelog = f"{settings.worker.app_id}-dedup-state-changelog"
    asyncio.run(_create_compacting_topic(settings, changelog))
    rng = random.Random(651)
    first = [(f"cmp-{i:03d}", _story(rng, f"cmp-{i:03d}")) for i in range(30)]
    updates = [
        (sid, _story(rng, sid, json.loads(p)["body"] + "\n\nUpdated with new figures."))
        for sid, p in first
    ]
    tail = [(f"cmp-tail-{i}", _story(rng, f"cmp-tail-{i}")) for i in range(5)]

    worker = WorkerProcess(settings, tmp_path / "worker-1.log").start()
    try:
        worker.wait_ready()
        for batch in (first, updates, tail):
            publish(settings, [p for _, p in batch])
            time.sleep(2.5)  # past segment.ms: the next write rolls the segment
        read_topic(settings, settings.topics.enriched, count=len(first) * 2 + len(tail))
        deadline = time.monotonic() + 120
        kept, end = _changelog_offsets(settings, changelog)
        while kept >= end and time.monotonic() < deadline:
            publish(settings, [_story(rng, f"cmp-roll-{time.monotonic_ns()}")])
            time.sleep(3)
            kept, end = _changelog_offsets(settings, changelog)
        assert kept < end, f"the log cleaner never compacted {changelog} ({kept}/{end})"
        print(f"{changelog}: {kept} records left of offsets 0..{end - 1} after compaction")
    finally:
        worker.kill()

    successor = WorkerProcess(settings, tmp_path / "worker-2.log").start()
    try:
        successor.wait_ready()  # recovery over a changelog with offset gaps completed
        copies = [with_round(p, 2) for _, p in updates[:10] + tail]
        publish(settings, copies)
        dups = read_topic(settings, settings.topics.duplicates, count=len(copies))
        got = {k: DuplicateRecord.model_validate(v[-1]) for k, v in dups.items()}
        want = {f"{sid}~r2": sid for sid, _ in updates[:10] + tail}
        assert {k: r.duplicate_of for k, r in got.items()} == want, successor.log_tail()
        assert {r.kind for r in got.values()} == {"exact"}
    finally:
        successor.terminate()


async def _create_compacting_topic(settings: Settings, name: str) -> None:
    admin = AIOKafkaAdminClient(bootstrap_servers=settings.connection.bootstrap)
    await admin.start()
    try:
        await admin.create_topics(
            [
                NewTopic(
                    name,
                    num_partitions=1,
                    replication_factor=1,
                    topic_configs={
                        "cleanup.policy": "compact",
                        "segment.ms": "2000",
                        "min.cleanable.dirty.ratio": "0.01",
                        "min.compaction.lag.ms": "0",
                        "delete.retention.ms": "1000",
                        "max.message.bytes": str(settings.limits.max_message_bytes),
                    },
                )
            ]
        )
    finally:
        await admin.close()


def test_consumer_lag_sums_end_minus_committed_per_topic():
    """The gauge's arithmetic (stream/runtime/lag.py): Kafka's lag, unknowns count as 0."""
    from faust.types import TP as tp

    from stream.runtime.lag import lag_by_topic

    ends = {tp("raw", 0): 10, tp("raw", 1): 5, tp("enrich", 0): 7, tp("other", 0): 99}
    done = {tp("raw", 0): 4, tp("raw", 1): 6, tp("enrich", 0): None}
    assert lag_by_topic(ends, done, ("raw", "enrich")) == {"enrich": 0, "raw": 6}
    assert lag_by_topic(ends, done)["other"] == 0
