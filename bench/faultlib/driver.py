"""The fault driver: replay stories at a fixed rate while killing workers and the broker.

Like the driver of Kafka's exactly-once system tests: a producer at a fixed rate, and a
fault schedule fired at chosen points of the stream, concurrently with the sending:

* ``kill``: SIGKILL a worker (no commit, no goodbye to the group) and restart it; once
  it is ready again, exact copies of stories sent well before the kill go out under new
  ids, so the verifier can check the dedup memory survived;
* ``broker``: stop the broker (clean SIGTERM) and start it again on the same data dir
  and ports; workers must reconnect by themselves, the producer retries with backoff;
* ``second-up`` / ``second-kill``: a second worker joins the group (same app id, other
  web port) and later one of the two is SIGKILLed and not restarted;
* at the end, ``graceful``: a burst, then SIGTERM mid-batch; the worker must exit
  within a bound, and its successor re-emits (almost) nothing.

The producer is our own loop, not ``stream.kafka.replay``: it must outlive a broker restart,
so each story is sent with ``send_and_wait`` under a deadline and re-sent on failure. A
re-send of a story whose first attempt did land makes the same bytes appear twice on
``wire.raw``: an at-least-once duplicate the pipeline must absorb like any other.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from aiokafka import AIOKafkaProducer
from aiokafka.errors import KafkaError

from stream.kafka.admin import ensure_topics
from stream.kafka.replay import wire_producer
from stream.local.broker import LocalBroker, free_port
from stream.settings import Settings

from .corpus import Story, _payload, build_corpus, crash_copies, synthetic_body
from .verify import Verification, read_topics, verify

log = logging.getLogger("faults")

#: Seconds a worker gets to become ready (spaCy load + group join on a busy machine).
READY_TIMEOUT = 240.0
#: Bound on a graceful stop (SIGTERM to exit); beyond it the driver SIGKILLs and says so.
GRACEFUL_TIMEOUT = 60.0
#: Copies of earlier stories sent after each crash.
COPIES_PER_CRASH = 5
#: Copies are taken from stories sent at least this long before the kill, so their
#: verdict was (with every reasonable lag) decided before the crash.
COPY_MIN_AGE = 5.0


@dataclass
class FaultPlan:
    """What to inject and when (points are fractions of the corpus sent)."""

    stories: int = 2000
    rate: float = 12.0
    kills: int = 5
    broker_restart: bool = True
    two_workers: bool = True
    graceful_stop: bool = True
    burst: int = 48
    seed: int = 606
    words: int = 180
    drain_timeout: float = 600.0
    offline_check: bool = True

    def schedule(self) -> list[tuple[float, str]]:
        """(fraction of the stream, event) pairs, sorted; random but reproducible."""
        rng = random.Random(self.seed)
        events: list[tuple[float, str]] = []
        if self.two_workers:
            events += [(0.15, "second-up"), (0.35, "second-kill")]
        if self.broker_restart:
            events.append((0.6, "broker"))
        # Kills land in equal slices of [0.1, 0.95], at a random point of each slice,
        # away from the other events so every fault gets its own recovery.
        taken = [f for f, _ in events]
        for k in range(self.kills):
            lo = 0.1 + 0.85 * k / self.kills
            hi = 0.1 + 0.85 * (k + 1) / self.kills
            for _ in range(50):
                point = rng.uniform(lo, hi)
                if all(abs(point - t) > 0.04 for t in taken):
                    break
            taken.append(point)
            events.append((point, "kill"))
        return sorted(events)


@dataclass
class FaultLog:
    """What the driver did, for the summary."""

    events: list[str] = field(default_factory=list)
    producer_retries: int = 0
    sent: int = 0
    send_seconds: float = 0.0
    graceful_exit_code: int | None = None
    graceful_seconds: float | None = None
    graceful_reemissions: int | None = None
    drained_seconds: float = 0.0
    unexpected_exits: int = 0

    def note(self, text: str) -> None:
        stamp = datetime.now(UTC).strftime("%H:%M:%S")
        self.events.append(f"{stamp} {text}")
        log.info(text)


class Workers:
    """The worker processes of one run (same settings = same consumer group)."""

    def __init__(self, settings: Settings, logdir: Path) -> None:
        from stream.local.supervise import WorkerProcess

        self._cls = WorkerProcess
        self.settings = settings
        self.logdir = logdir
        self.running: list[Any] = []
        self._n = 0

    def start(self, settings: Settings | None = None) -> Any:
        self._n += 1
        worker = self._cls(settings or self.settings, self.logdir / f"worker-{self._n}.log")
        worker.start()
        self.running.append(worker)
        worker.wait_ready(READY_TIMEOUT)
        return worker

    def kill(self, worker: Any) -> None:
        worker.kill()
        self.running.remove(worker)

    def reap(self) -> list[Any]:
        """Workers that exited on their own (a crash we did not cause); forgotten here."""
        dead = [w for w in self.running if w.proc is not None and w.proc.poll() is not None]
        for worker in dead:
            self.running.remove(worker)
        return dead

    def stop_all(self) -> None:
        for worker in list(self.running):
            worker.terminate(GRACEFUL_TIMEOUT)
            self.running.remove(worker)


class ResilientProducer:
    """Idempotent producer that survives a broker restart: retries each story until sent."""

    def __init__(self, settings: Settings, flog: FaultLog) -> None:
        self.settings = settings
        self.flog = flog
        self._producer: AIOKafkaProducer | None = None

    async def _ensure(self) -> AIOKafkaProducer:
        if self._producer is None:
            producer = wire_producer(self.settings, linger_ms=2, request_timeout_ms=10_000)
            try:
                await asyncio.wait_for(producer.start(), 15.0)
            except BaseException:
                with contextlib.suppress(Exception):
                    await producer.stop()
                raise
            self._producer = producer
        return self._producer

    async def send(self, story: Story, deadline: float = 300.0) -> None:
        """Send one story, retrying with backoff for up to ``deadline`` seconds."""
        end = time.monotonic() + deadline
        backoff = 0.2
        while True:
            try:
                producer = await self._ensure()
                await asyncio.wait_for(
                    producer.send_and_wait(
                        self.settings.topics.raw,
                        value=story.payload,
                        key=story.story_id.encode("utf-8"),
                    ),
                    15.0,
                )
                return
            except (KafkaError, TimeoutError, OSError) as exc:
                self.flog.producer_retries += 1
                await self.close()
                if time.monotonic() > end:
                    raise RuntimeError(f"could not send {story.story_id}: {exc!r}") from exc
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 3.0)

    async def close(self) -> None:
        producer, self._producer = self._producer, None
        if producer is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(producer.stop(), 15.0)


@dataclass
class RunResult:
    verification: Verification
    flog: FaultLog
    sent: list[Story]


class FaultRun:
    """One run of the driver against ``broker`` with ``settings`` (topics already unique)."""

    def __init__(self, plan: FaultPlan, broker: LocalBroker, settings: Settings, workdir: Path):
        self.plan = plan
        self.broker = broker
        self.settings = settings
        self.workdir = workdir
        self.flog = FaultLog()
        self.workers = Workers(settings, workdir / "logs")
        self.rng = random.Random(plan.seed + 1)
        self.sent: list[Story] = []
        self.sent_at: list[float] = []
        self.extra: deque[Story] = deque()
        self._fault_lock = threading.Lock()
        self._crashes = 0

    # --- faults (run in a thread, one at a time) ----------------------------------------

    def _originals_for_copies(self, before: float) -> list[Story]:
        pool = [
            s
            for s, at in zip(self.sent, self.sent_at, strict=True)
            if at < before - COPY_MIN_AGE and s.kind in ("seed", "own", "exact-copy")
        ]
        return self.rng.sample(pool, min(COPIES_PER_CRASH, len(pool)))

    def _fault(self, event: str) -> list[Story]:
        with self._fault_lock:
            self._check_alive()
            if event == "kill":
                victim = self.rng.choice(self.workers.running)
                at = time.monotonic()
                originals = self._originals_for_copies(at)
                self._crashes += 1
                crashed_at = time.time()
                self.workers.kill(victim)
                self.flog.note(f"SIGKILL worker pid {victim.proc.pid} (crash {self._crashes})")
                worker = self.workers.start(victim.settings)
                self.flog.note(f"restarted worker pid {worker.proc.pid}; ready")
                return crash_copies(originals, f"c{self._crashes}", crashed_at=crashed_at)
            if event == "broker":
                self.flog.note("broker stop")
                self.broker.stop(timeout=30.0)
                time.sleep(2.0)
                self.broker.start(timeout=180.0)
                self.flog.note("broker started again")
                return []
            if event == "second-up":
                other = self.settings.replace(web_port=free_port())
                worker = self.workers.start(other)
                self.flog.note(f"second worker pid {worker.proc.pid} joined; ready")
                return []
            if event == "second-kill":
                if len(self.workers.running) > 1:
                    victim = self.rng.choice(self.workers.running)
                    self.workers.kill(victim)
                    self.flog.note(f"SIGKILL one of two workers, pid {victim.proc.pid}")
                return []
            raise ValueError(event)

    def _check_alive(self) -> None:
        """A worker that died by itself is a finding: log it, count it, replace it."""
        for dead in self.workers.reap():
            self.flog.unexpected_exits += 1
            self.flog.note(
                f"worker pid {dead.proc.pid} exited on its own (code {dead.proc.returncode}); "
                f"log tail:\n{dead.log_tail(15)}"
            )
            if not self.workers.running:
                self.workers.start(dead.settings)

    async def _run_fault(self, event: str) -> None:
        copies = await asyncio.to_thread(self._fault, event)
        self.extra.extend(copies)

    # --- the stream ---------------------------------------------------------------------

    async def _send(self, producer: ResilientProducer, story: Story) -> None:
        await producer.send(story)
        self.sent.append(story)
        self.sent_at.append(time.monotonic())

    async def replay(self, corpus: list[Story]) -> None:
        """Send ``corpus`` at the plan's rate, firing faults at their points."""
        producer = ResilientProducer(self.settings, self.flog)
        schedule = deque((max(1, int(f * len(corpus))), e) for f, e in self.plan.schedule())
        tasks: list[asyncio.Task[None]] = []
        started = time.monotonic()
        slot = 0
        try:
            for i, story in enumerate(corpus):
                while schedule and schedule[0][0] <= i:
                    _, event = schedule.popleft()
                    tasks.append(asyncio.create_task(self._run_fault(event)))
                for item in [story, *self._take_extra()]:
                    due = started + slot / self.plan.rate
                    slot += 1
                    await asyncio.sleep(max(0.0, due - time.monotonic()))
                    await self._send(producer, item)
            for task in tasks:
                await task
            for item in self._take_extra():
                await self._send(producer, item)
        finally:
            for task in tasks:
                task.cancel()
            await producer.close()
        self.flog.send_seconds = time.monotonic() - started

    def _take_extra(self) -> list[Story]:
        items = list(self.extra)
        self.extra.clear()
        return items

    async def graceful_stop(self) -> None:
        """A burst, then SIGTERM once enrichment is under way; the successor drains it."""
        rng = random.Random(self.plan.seed + 2)
        burst: list[Story] = []
        now = datetime.now(UTC)
        for i in range(self.plan.burst):
            headline, body = synthetic_body(rng, self.plan.words)
            sid = f"term-{self.plan.seed}-{i:03d}"
            burst.append(Story(sid, _payload(sid, body, now, headline=headline), "own"))
        producer = ResilientProducer(self.settings, self.flog)
        try:
            for story in burst:
                await self._send(producer, story)
        finally:
            await producer.close()
        # Wait until the burst is being enriched, then pull the plug gently.
        wanted = {s.story_id for s in burst}
        deadline = time.monotonic() + 120.0
        while time.monotonic() < deadline:
            data = await read_topics(self.settings, (self.settings.topics.enriched,), 60.0)
            done = {r.key for r in data[self.settings.topics.enriched]} & wanted
            if done:
                break
            await asyncio.sleep(0.3)
        ends = await _end_counts(self.settings)
        (worker, *others) = self.workers.running
        t0 = time.monotonic()
        code = await asyncio.to_thread(worker.terminate, GRACEFUL_TIMEOUT)
        self.flog.graceful_seconds = time.monotonic() - t0
        self.flog.graceful_exit_code = code
        self.workers.running.remove(worker)
        self.flog.note(
            f"SIGTERM worker pid {worker.proc.pid}: exit code {code} after "
            f"{self.flog.graceful_seconds:.1f}s ({len(done)}/{len(wanted)} of the burst out)"
        )
        for other in others:
            await asyncio.to_thread(self.workers.kill, other)
        successor = await asyncio.to_thread(self.workers.start)
        self.flog.note(f"successor worker pid {successor.proc.pid}; ready")
        self._graceful_marks = ends

    async def drain(self, timeout: float) -> None:
        """Wait until every sent story has an output, or ``timeout`` passes."""
        started = time.monotonic()
        want = {s.story_id for s in self.sent}
        while time.monotonic() - started < timeout:
            data = await read_topics(self.settings, self.settings.topics.outputs, 120.0)
            have = {r.key for recs in data.values() for r in recs}
            missing = want - have
            if not missing:
                break
            with self._fault_lock:
                self._check_alive()
            await asyncio.sleep(2.0)
        self.flog.drained_seconds = time.monotonic() - started
        if getattr(self, "_graceful_marks", None) is not None:
            self.flog.graceful_reemissions = await _reemitted_after(
                self.settings, self._graceful_marks
            )

    async def run(self) -> RunResult:
        """Topics, first worker, the faulty replay, the graceful stop, drain, verify."""
        await ensure_topics(self.settings)
        corpus = build_corpus(self.plan.stories, seed=self.plan.seed, words=self.plan.words)
        try:
            await asyncio.to_thread(self.workers.start)
            self.flog.note(f"worker ready; replaying {len(corpus)} stories at {self.plan.rate}/s")
            await self.replay(corpus)
            self.flog.note(f"replay done: {len(self.sent)} sent")
            if self.plan.graceful_stop:
                await self.graceful_stop()
            await self.drain(self.plan.drain_timeout)
            self.flog.note(f"drained after {self.flog.drained_seconds:.0f}s")
        finally:
            await asyncio.to_thread(self.workers.stop_all)
        self.flog.sent = len(self.sent)
        verification = await verify(self.settings, self.sent, offline=self.plan.offline_check)
        return RunResult(verification, self.flog, self.sent)


async def _end_counts(settings: Settings) -> dict[str, dict[int, int]]:
    """Per output topic and partition, how many records there are now."""
    data = await read_topics(settings, settings.topics.outputs, 60.0)
    marks: dict[str, dict[int, int]] = {}
    for topic, recs in data.items():
        for r in recs:
            marks.setdefault(topic, {})[r.partition] = r.offset + 1
    return marks


async def _reemitted_after(settings: Settings, marks: dict[str, dict[int, int]]) -> int:
    """Records written after ``marks`` for a story that already had one before them."""
    data = await read_topics(settings, settings.topics.outputs, 60.0)
    count = 0
    for topic, recs in data.items():
        ends = marks.get(topic, {})
        before = {r.key for r in recs if r.offset < ends.get(r.partition, 0)}
        count += sum(1 for r in recs if r.offset >= ends.get(r.partition, 0) and r.key in before)
    return count


def summary_rows(result: RunResult, plan: FaultPlan) -> list[tuple[str, str]]:
    """Verifier rows plus what the driver did."""
    f = result.flog
    rows = [
        ("plan", f"{plan.stories} stories at {plan.rate}/s, {plan.kills} SIGKILLs, "
                 f"broker restart: {'yes' if plan.broker_restart else 'no'}, "
                 f"two workers: {'yes' if plan.two_workers else 'no'}"),
        *result.verification.rows(),
        ("producer retries (broker away)", f"{f.producer_retries}"),
        ("workers that died on their own", f"{f.unexpected_exits}"),
        ("SIGTERM: exit code / seconds",
         f"{f.graceful_exit_code} / {f.graceful_seconds:.1f}" if f.graceful_seconds else "-"),
        ("re-emissions after SIGTERM", f"{f.graceful_reemissions}"),
        ("replay seconds / drain seconds", f"{f.send_seconds:.0f} / {f.drained_seconds:.0f}"),
    ]  # fmt: skip
    return rows


def format_table(rows: list[tuple[str, str]]) -> str:
    width = max(len(k) for k, _ in rows)
    return "\n".join(f"{k.ljust(width)}  {v}" for k, v in rows)


def run_in_loop(coro_factory: Callable[[], Any]) -> Any:
    """``asyncio.run`` for callers that are not async (the script, pytest)."""
    return asyncio.run(coro_factory())
