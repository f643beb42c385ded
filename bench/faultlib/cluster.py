"""Faults on a three-node cluster: the driver of ``bench/faults_cluster.py`` and of
``tests/integration/test_cluster_faults.py``.

Same producer, corpus, graceful stop and verifier as :mod:`bench.faultlib.driver`; the
faults are the ones a replicated deployment must survive:

* ``leader-kill``: SIGKILL the node that leads ``wire.normalized`` partition 0 (the dedup
  partition, found from metadata), then bring it back and wait until it is in sync again;
* ``broker-down``: stop one node for good (the group coordinator: the leader of
  ``__consumer_offsets``), so the rest of the run has two nodes, an ISR of 2 = min ISR;
* ``owner-kill``: with three workers running, SIGKILL the one the consumer group gave the
  dedup partition (read from the group's membership); the partition moves, the Table is
  restored from its replicated changelog on another worker;
* ``kill``: SIGKILL a random worker and restart it.

Recovery: for each fault, the driver notes the wall time it struck; afterwards the
output records' Kafka timestamps (stamped by the workers' producers) give the first
output after the fault, and "flows again": the end of the last stall (no output for
``STALL_SECONDS``) before the next fault or within ``RECOVERY_WINDOW`` seconds. Some
output can trickle out right after a fault (other partitions, records in flight) and
then stop for a rebalance: the second figure is the one that counts.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import struct
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.coordinator.protocol import (
    ConsumerProtocolMemberAssignment,
    ConsumerProtocolMemberMetadata,
)
from aiokafka.errors import KafkaError

from stream.kafka.connection import kafka_options
from stream.local.broker import free_port
from stream.local.cluster import LocalCluster
from stream.local.supervise import isolated_settings
from stream.settings import Settings

from .corpus import crash_copies
from .driver import FaultPlan, FaultRun, RunResult
from .verify import read_topics

log = logging.getLogger("faults")

#: Seconds after a fault in which the longest output stall is looked for.
RECOVERY_WINDOW = 90.0
#: An output gap at least this long (at the suite's 5+ stories/s) is a stall.
STALL_SECONDS = 3.0
#: Bound on waiting for every partition to have its full ISR again after a node restart.
IN_SYNC_TIMEOUT = 180.0


@dataclass
class ClusterPlan(FaultPlan):
    """What to inject on the cluster; ``workers`` run from the start (three by default)."""

    workers: int = 3
    leader_kill: bool = True
    owner_kill: bool = True
    broker_down: bool = True
    broker_restart: bool = False  # the single-broker fault; replaced by the two above
    two_workers: bool = False
    #: Seconds each node/owner fault keeps the others waiting after it struck, so its
    #: recovery is measured on its own (they are serialized by the driver's lock).
    settle: float = 20.0

    def describe(self) -> str:
        chosen = (("leader-kill", self.leader_kill), ("owner-kill", self.owner_kill),
                  ("broker-down", self.broker_down))  # fmt: skip
        faults = [name for name, on in chosen if on]
        return (f"{self.stories} stories at {self.rate}/s, {self.workers} workers, "
                f"{', '.join(faults)}, {self.kills} worker SIGKILL(s)")  # fmt: skip

    def schedule(self) -> list[tuple[float, str]]:
        """Fixed points, each fault with room for its recovery; ``kills`` worker SIGKILLs
        spread over the rest (random but reproducible, from the base plan)."""
        events: list[tuple[float, str]] = []
        if self.leader_kill:
            events.append((0.15, "leader-kill"))
        if self.owner_kill and self.workers > 1:
            events.append((0.35, "owner-kill"))
        if self.broker_down:
            events.append((0.55, "broker-down"))
        kills = FaultPlan(stories=self.stories, kills=self.kills, broker_restart=False,
                          two_workers=False, seed=self.seed).schedule()  # fmt: skip
        taken = [f for f, _ in events]
        for point, event in kills:
            # Kills go after the node faults, each away from the others.
            point = 0.65 + (point - 0.1) * 0.3 / 0.85
            if all(abs(point - t) > 0.04 for t in taken):
                taken.append(point)
                events.append((point, event))
        return sorted(events)


@dataclass
class FaultMark:
    """One fault: what, when (wall clock), and how long until output flowed again."""

    event: str
    at: float
    detail: str = ""
    first_output_s: float | None = None
    steady_s: float | None = None
    longest_stall_s: float | None = None


@dataclass
class ClusterResult:
    marks: list[FaultMark] = field(default_factory=list)
    baseline_p50_s: float | None = None


# --- metadata ---------------------------------------------------------------------------


async def partition_leader(settings: Settings, topic: str, partition: int = 0) -> int:
    """Node id of the leader of ``topic``/``partition`` now (-1 while there is none)."""
    admin = AIOKafkaAdminClient(**kafka_options(settings))
    await admin.start()
    try:
        (info,) = await admin.describe_topics([topic])
        for part in info.get("partitions") or []:
            if part["partition"] == partition:
                return int(part["leader"])
        return -1
    finally:
        await admin.close()


async def under_replicated(settings: Settings) -> list[str]:
    """Partitions (of every topic, internal ones too) whose ISR lacks a replica."""
    admin = AIOKafkaAdminClient(**kafka_options(settings))
    await admin.start()
    try:
        topics = await admin.list_topics()
        out = []
        for info in await admin.describe_topics(list(topics)):
            for part in info.get("partitions") or []:
                if set(part["isr"]) != set(part["replicas"]):
                    out.append(f"{info['topic']}-{part['partition']}")
        return out
    finally:
        await admin.close()


async def wait_in_sync(settings: Settings, timeout: float = IN_SYNC_TIMEOUT) -> float:
    """Wait until no partition is under-replicated; return the seconds it took."""
    started = time.monotonic()
    while True:
        lagging = await under_replicated(settings)
        if not lagging:
            return time.monotonic() - started
        if time.monotonic() - started > timeout:
            raise TimeoutError(f"still under-replicated after {timeout:.0f}s: {lagging[:5]}")
        await asyncio.sleep(1.0)


async def partition_owner(settings: Settings, topic: str, partition: int = 0) -> int | None:
    """Web port of the worker the consumer group assigned ``topic``/``partition`` to.

    faust puts each member's URL (``http://host:web_port``) in its subscription metadata;
    the assignment is Kafka's standard one. None while the group is rebalancing."""
    for _ in range(30):
        try:
            port = await _partition_owner_once(settings, topic, partition)
        except (KafkaError, ValueError, struct.error) as exc:  # mid-rebalance, or failover
            log.info("group membership not readable yet: %r", exc)
            port = None
        if port is not None:
            return port
        await asyncio.sleep(1.0)
    return None


async def _partition_owner_once(settings: Settings, topic: str, partition: int) -> int | None:
    admin = AIOKafkaAdminClient(**kafka_options(settings))
    await admin.start()
    try:
        (response,) = await admin.describe_consumer_groups([settings.worker.app_id])
        for group in response.to_object()["groups"]:
            for member in group["members"]:
                meta = ConsumerProtocolMemberMetadata.decode(member["member_metadata"])
                assignment = ConsumerProtocolMemberAssignment.decode(member["member_assignment"])
                owned = any(t == topic and partition in parts for t, parts in assignment.assignment)
                if owned:
                    url = json.loads(meta.user_data).get("url", "")
                    found = re.search(r":(\d+)/?$", url)
                    return int(found.group(1)) if found else None
        return None
    finally:
        await admin.close()


async def group_coordinator(settings: Settings) -> int:
    """Node id of the leader of ``__consumer_offsets`` (one partition: the coordinator)."""
    return await partition_leader(settings, "__consumer_offsets", 0)


def cluster_settings(cluster: LocalCluster, state_dir: Path, **overrides: Any) -> Settings:
    """Isolated settings (own topics, group, web port) replicated across the cluster:
    factor 3 and min ISR 2 on three nodes (fewer on a smaller cluster)."""
    fields: dict[str, Any] = {
        "broker_nodes": len(cluster.nodes),
        "replication_factor": min(3, len(cluster.nodes)),
        "min_insync_replicas": min(2, len(cluster.nodes)),
    }
    return isolated_settings(cluster, state_dir, **(fields | overrides))  # type: ignore[arg-type]


# --- the run -----------------------------------------------------------------------------


class ClusterFaultRun(FaultRun):
    """:class:`FaultRun` on a :class:`LocalCluster` with ``plan.workers`` workers."""

    def __init__(self, plan: ClusterPlan, cluster: LocalCluster, settings: Settings,
                 workdir: Path) -> None:  # fmt: skip
        super().__init__(plan, cluster, settings, workdir)  # type: ignore[arg-type]
        self.plan: ClusterPlan = plan
        self.cluster = cluster
        self.marks: list[FaultMark] = []
        self.send_started: dict[str, float] = {}
        self.stream_end = 1e18  # wall clock when the steady stream (and its faults) ended

    def _mark(self, event: str, detail: str) -> FaultMark:
        mark = FaultMark(event, time.time(), detail)
        self.marks.append(mark)
        self.flog.note(f"{event}: {detail}")
        return mark

    def _dedup_leader(self) -> int:
        return asyncio.run(partition_leader(self.settings, self.settings.topics.normalized))

    def _fault(self, event: str) -> list[Any]:
        if event not in ("leader-kill", "broker-down", "owner-kill"):
            copies = super()._fault(event)
            if event == "kill":  # struck when the base driver's lock let it: its copies say
                at = next((c.crashed_at for c in copies if c.crashed_at), time.time())
                self.marks.append(FaultMark("kill", at, "random worker, restarted"))
            return copies
        with self._fault_lock:
            self._check_alive()
            copies = self._node_fault(event)
            time.sleep(max(0.0, self.marks[-1].at + self.plan.settle - time.time()))
            return copies

    def _node_fault(self, event: str) -> list[Any]:
        """One node or owner fault (the caller holds the fault lock)."""
        if event == "leader-kill":
            leader = self._dedup_leader()
            self._mark(event, f"SIGKILL node {leader}, leader of the dedup partition")
            self.cluster.kill_node(leader)
            time.sleep(5.0)  # down long enough for the controller to move leadership
            self.cluster.start_node(leader)
            took = asyncio.run(wait_in_sync(self.settings))
            new = self._dedup_leader()
            self.flog.note(f"node {leader} back; all in sync {took:.0f}s later; "
                           f"dedup partition led by node {new}")  # fmt: skip
            return []
        if event == "broker-down":
            node = asyncio.run(group_coordinator(self.settings))
            self._mark(event, f"stop node {node} (group coordinator) for good")
            self.cluster.stop_node(node)
            return []
        # owner-kill
        port = asyncio.run(partition_owner(self.settings, self.settings.topics.normalized))
        victim = next((w for w in self.workers.running if w.settings.worker.web_port == port), None)
        if victim is None:
            self.flog.note(f"owner-kill: no running worker owns the dedup partition ({port})")
            return []
        originals = self._originals_for_copies(time.monotonic())
        self._crashes += 1
        crashed_at = time.time()
        self._mark(event, f"SIGKILL worker pid {victim.proc.pid}, owner of the dedup "
                          f"partition, of {len(self.workers.running)}")  # fmt: skip
        self.workers.kill(victim)
        deadline = time.monotonic() + 120.0
        while time.monotonic() < deadline:
            moved = asyncio.run(partition_owner(self.settings, self.settings.topics.normalized))
            if moved not in (None, port):
                self.flog.note(f"dedup partition moved to the worker on port {moved}")
                break
            time.sleep(1.0)
        return crash_copies(originals, f"c{self._crashes}", crashed_at=crashed_at)

    def _wait_group_settled(self, timeout: float = 120.0) -> None:
        """Each join rebalances the group: the earlier workers are ready again only after
        their own recovery, so wait until all of them answer ready at once."""
        deadline = time.monotonic() + timeout
        while not all(w.ready() for w in self.workers.running):
            if time.monotonic() > deadline:
                raise TimeoutError("the workers' group did not settle")
            time.sleep(0.5)

    async def replay(self, corpus: list[Any]) -> None:
        await super().replay(corpus)
        self.stream_end = time.time()

    async def _send(self, producer: Any, story: Any) -> None:
        self.send_started.setdefault(story.story_id, time.time())
        await super()._send(producer, story)

    async def run(self) -> RunResult:  # type: ignore[override]
        """Start the extra workers, then the base run (which starts the first one)."""
        extra = self.plan.workers - 1

        def more_workers() -> None:
            for _ in range(extra):
                other = self.settings.replace(web_port=free_port())
                self.workers.start(other)

        original_start = self.workers.start

        def start_first(settings: Settings | None = None) -> Any:
            # The base run starts one worker before replaying; join the others then.
            self.workers.start = original_start  # type: ignore[method-assign]
            worker = original_start(settings)
            more_workers()
            self._wait_group_settled()
            self.flog.note(f"{len(self.workers.running)} workers ready")
            return worker

        if extra:
            self.workers.start = start_first  # type: ignore[method-assign]
        return await super().run()


def measure_recovery(
    marks: list[FaultMark], stamps: list[float], until: float = 1e18
) -> list[FaultMark]:
    """Fill each mark's recovery from ``stamps`` (sorted output times, epoch seconds):
    the window of a fault ends at the next fault, after ``RECOVERY_WINDOW``, or at
    ``until`` (the end of the steady stream: the SIGTERM burst that follows is no
    recovery)."""
    marks = sorted(marks, key=lambda m: m.at)
    for i, mark in enumerate(marks):
        nxt = marks[i + 1].at if i + 1 < len(marks) else until
        end = min(mark.at + RECOVERY_WINDOW, nxt, until)
        after = [t for t in stamps if mark.at <= t <= end]
        if not after:
            continue
        mark.first_output_s = after[0] - mark.at
        gaps = [(b - a, b) for a, b in zip([mark.at, *after], after, strict=False)]
        mark.longest_stall_s = max(gaps)[0]
        stalls = [b for gap, b in gaps if gap >= STALL_SECONDS]
        mark.steady_s = (stalls[-1] if stalls else after[0]) - mark.at
    return marks


async def recovery(run: ClusterFaultRun, settings: Settings) -> ClusterResult:
    """Each fault's recovery times from the output records' timestamps, and the output
    latency (p50) of the stories sent before the first fault, for comparison."""
    data = await read_topics(settings, settings.topics.outputs, 120.0)
    first_out: dict[str, float] = {}
    for recs in data.values():
        for r in recs:
            if r.key is not None:
                first_out[r.key] = min(first_out.get(r.key, 1e18), r.timestamp_ms / 1000)
    marks = measure_recovery(run.marks, sorted(first_out.values()), run.stream_end)
    first_fault = marks[0].at if marks else 1e18
    lat = sorted(first_out[s] - t for s, t in run.send_started.items()
                 if t < first_fault and s in first_out)  # fmt: skip
    return ClusterResult(marks=marks, baseline_p50_s=lat[len(lat) // 2] if lat else None)


def recovery_rows(result: ClusterResult) -> list[tuple[str, str]]:
    """One row per fault: first output after it, and when output flowed steadily again."""
    base = result.baseline_p50_s
    rows = [("output latency before the faults (p50)", f"{base:.1f} s" if base else "-")]
    for m in result.marks:
        if m.first_output_s is None:
            rows.append((f"{m.event}", f"{m.detail}: no output within {RECOVERY_WINDOW:.0f} s"))
            continue
        rows.append((
            f"{m.event} ({m.detail})",
            f"first output +{m.first_output_s:.1f} s; flows again +{m.steady_s:.1f} s "
            f"(longest stall {m.longest_stall_s:.1f} s)",
        ))  # fmt: skip
    return rows
