"""End-to-end benchmark against a real broker: throughput, latency, worker memory.

    .venv/bin/python bench/bench_e2e.py                     # throughput + latency, 1, 2, 3 workers
    .venv/bin/python bench/bench_e2e.py --only throughput   # worker scaling only
    .venv/bin/python bench/bench_e2e.py --soak-minutes 30   # + worker RSS over a 30-minute soak
    .venv/bin/python bench/bench_e2e.py --only soak --soak-minutes 30 --soak-rate 5

What is measured, and how (see docs/reliability.md for the last results):

* throughput: ``--stories`` synthetic ~500-word stories (mostly unique, so spaCy runs)
  published as fast as the producer goes; stories/s = stories / (first publish -> last
  output record on any output topic). The worker's backlog sits in Kafka meanwhile, so
  this is also the backpressure check: worker RSS and consumer lag are sampled during it.
* latency: fixed rates for ``--latency-seconds`` each; per story, the output record's
  Kafka timestamp (CreateTime, stamped by the worker's producer) minus the time our
  producer sent it (same machine clock); p50 and p99.
* soak: a fixed rate for ``--soak-minutes``; the worker's VmRSS from /proc every 15 s.
  Growth is measured from the first sample after a warm-up (spaCy and the allocator
  settle in the first minutes) to the end.

Starts its own broker on free ports under a temp state dir (the jar cache is shared)
and stops it, and every worker, before exiting. Everything talks to 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # bench.faultlib
    sys.path.insert(0, str(ROOT))

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition  # noqa: E402

from bench.e2e_probe import cpu_seconds, rss_kib, scrape_lag, scrape_state, stage_seconds  # noqa: E402
from bench.e2e_report import pct, scaling, soak_line, soak_summary, table  # noqa: E402
from bench.faultlib.corpus import synthetic_body  # noqa: E402
from bench.memdiag import report as memdiag  # noqa: E402
from stream.kafka.admin import ensure_topics  # noqa: E402
from stream.kafka.connection import kafka_options  # noqa: E402
from stream.kafka.replay import wire_producer  # noqa: E402
from stream.local.broker import LocalBroker, free_port  # noqa: E402
from stream.local.supervise import WorkerProcess  # noqa: E402
from stream.settings import Settings  # noqa: E402
from stream.testing import isolated_settings  # noqa: E402

#: Bound on waiting for the outputs of one measurement, after the last publish.
DRAIN_TIMEOUT = 600.0


def make_story(rng: random.Random, sid: str, words: int) -> bytes:
    headline, body = synthetic_body(rng, words)
    # No received_at: the worker takes the Kafka timestamp, i.e. the moment of sending,
    # so the dedup window advances with the run (stories are generated ahead of time).
    data = {"story_id": sid, "headline": headline, "body": body}
    return json.dumps(data).encode("utf-8")


MEMDIAG_EVERY_S = 300.0


@dataclass
class Collector:
    """Reads the output topics from their current end; first sighting of each story."""

    settings: Settings
    seen: dict[str, tuple[str, float]] = field(default_factory=dict)  # id -> (topic, ts s)
    _consumer: AIOKafkaConsumer | None = None
    _task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        consumer = AIOKafkaConsumer(
            **kafka_options(self.settings),
            enable_auto_commit=False,
            max_partition_fetch_bytes=self.settings.limits.max_message_bytes,
        )
        await consumer.start()
        tps = [
            TopicPartition(t, p)
            for t in self.settings.topics.outputs
            for p in range(self.settings.topics.partitions)
        ]
        consumer.assign(tps)
        await consumer.seek_to_end(*tps)
        for tp in tps:  # resolve the positions now, before anything is published
            await consumer.position(tp)
        self._consumer = consumer
        self._task = asyncio.create_task(self._loop())

    async def _loop(self) -> None:
        assert self._consumer is not None
        while True:
            batches = await self._consumer.getmany(timeout_ms=200, max_records=1000)
            for messages in batches.values():
                for msg in messages:
                    key = msg.key.decode() if msg.key else None
                    if key is not None and key not in self.seen:
                        self.seen[key] = (msg.topic, msg.timestamp / 1000.0)

    async def wait_for(self, ids: set[str], timeout: float) -> bool:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if ids <= self.seen.keys():
                return True
            await asyncio.sleep(0.1)
        return False

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        if self._consumer is not None:
            await self._consumer.stop()


class Bench:
    """One broker, one topic set per scenario, workers started and stopped by us."""

    def __init__(self, args: argparse.Namespace, workdir: Path, broker: LocalBroker) -> None:
        self.args = args
        self.workdir = workdir
        self.broker = broker
        self.rng = random.Random(args.seed)
        self._n = 0
        self._mem_asked = 0  # --mem-diag snapshots asked for in the soak

    def settings(self) -> Settings:
        return isolated_settings(
            self.broker,
            self.workdir / "state",
            partitions=self.args.partitions,
            store=self.args.store,
            # Production timings, not the tests' short ones.
            session_timeout_seconds=10.0,
            heartbeat_interval_seconds=1.0,
            enrich_batch_seconds=0.2,
            dedup_window_hours=self.args.window_hours,
        )

    def stories(self, n: int, tag: str) -> list[tuple[str, bytes]]:
        out = []
        for _ in range(n):
            self._n += 1
            sid = f"{tag}-{self._n:06d}"
            out.append((sid, make_story(self.rng, sid, self.args.words)))
        return out

    async def _start_workers(self, settings: Settings, count: int) -> list[WorkerProcess]:
        workers = []
        for i in range(count):
            s = settings if i == 0 else settings.replace(web_port=free_port())
            w = WorkerProcess(
                s, self.workdir / "logs" / f"{settings.worker.app_id}-{i}.log"
            ).start()
            workers.append(w)
        for w in workers:
            await asyncio.to_thread(w.wait_ready, 240.0)
        return workers

    async def scenario(
        self, workers: int, phases: list[tuple[str, float | None, int]]
    ) -> list[dict[str, Any]]:
        """Fresh topics and workers; run (name, rate or None = max, stories) phases in turn."""
        settings = self.settings()
        await ensure_topics(settings)
        procs = await self._start_workers(settings, workers)
        collector = Collector(settings)
        await collector.start()
        producer = wire_producer(settings)
        await producer.start()
        results: list[dict[str, Any]] = []
        try:
            # Warm-up: spaCy loads on the first batch; group settles.
            warm = self.stories(self.args.warmup, "warm")
            for sid, payload in warm:
                await producer.send(settings.topics.raw, payload, key=sid.encode())
            await producer.flush()
            await collector.wait_for({sid for sid, _ in warm}, DRAIN_TIMEOUT)
            for name, rate, n in phases:
                results.append(
                    await self._phase(name, rate, n, settings, producer, collector, procs)
                )
        finally:
            await producer.stop()
            await collector.stop()
            for w in procs:
                await asyncio.to_thread(w.terminate, 60.0)
        return results

    async def _mem_snapshot(self, procs: list[WorkerProcess], t: float | None) -> None:
        """With ``--mem-diag``: the first worker's snapshot once the warm-up is over,
        every ``MEMDIAG_EVERY_S`` after it, and at the end (``t`` None)."""
        out, proc = self.args.mem_diag, procs[0].proc
        warm = self.args.soak_warmup_minutes * 60
        if out is None or proc is None or (t is not None and t < warm):
            return
        if t is not None and t < warm + MEMDIAG_EVERY_S * self._mem_asked:
            return
        self._mem_asked += 1
        await memdiag.snapshot(proc.pid, out)

    async def _phase(
        self,
        name: str,
        rate: float | None,
        n: int,
        settings: Settings,
        producer: AIOKafkaProducer,
        collector: Collector,
        procs: list[WorkerProcess],
    ) -> dict[str, Any]:
        batch = self.stories(n, name)
        sent_at: dict[str, float] = {}
        # (t, rss KiB sum, lag, the first worker's state sizes: soak only)
        samples: list[tuple[float, int, int | None, dict[str, float]]] = []
        stop_sampling = asyncio.Event()

        async def sample() -> None:
            t0 = time.monotonic()
            interval = self.args.soak_sample_seconds if name == "soak" else 1.0
            while not stop_sampling.is_set():
                rss = sum(rss_kib(w.proc.pid) or 0 for w in procs if w.proc)
                lag = await asyncio.to_thread(scrape_lag, procs[0])
                state = await asyncio.to_thread(scrape_state, procs[0]) if name == "soak" else {}
                samples.append((time.monotonic() - t0, rss, lag, state))
                if name == "soak":
                    print(soak_line(samples[-1][0], rss, state), flush=True)
                    await self._mem_snapshot(procs, samples[-1][0])
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop_sampling.wait(), interval)

        sampler = asyncio.create_task(sample())
        cpu_before = sum(cpu_seconds(w.proc.pid) for w in procs if w.proc)
        started = time.time()
        for i, (sid, payload) in enumerate(batch):
            if rate:
                await asyncio.sleep(max(0.0, started + i / rate - time.time()))
            sent_at[sid] = time.time()
            await producer.send(settings.topics.raw, payload, key=sid.encode())
        await producer.flush()
        publish_seconds = time.time() - started
        done = await collector.wait_for(set(sent_at), DRAIN_TIMEOUT)
        cpu_used = sum(cpu_seconds(w.proc.pid) for w in procs if w.proc) - cpu_before
        load = os.getloadavg()[0]
        stop_sampling.set()
        await sampler
        if name == "soak":
            await self._mem_snapshot(procs, None)
        per_stage = await asyncio.to_thread(stage_seconds, procs)
        out = {sid: collector.seen[sid] for sid in sent_at if sid in collector.seen}
        latencies = [max(0.0, out[sid][1] - sent_at[sid]) for sid in out]
        last = max((ts for _, ts in out.values()), default=started)
        topics: dict[str, int] = {}
        for topic, _ in out.values():
            short = topic.rsplit(".", 1)[-1]
            topics[short] = topics.get(short, 0) + 1
        rss = [s[1] for s in samples if s[1]]
        lags = [s[2] for s in samples if s[2] is not None]
        return {
            "phase": name,
            "workers": len(procs),
            "rate": rate,
            "stories": n,
            "complete": done,
            "outputs": topics,
            "publish_s": round(publish_seconds, 1),
            "span_s": round(last - started, 1),
            "throughput": round(len(out) / max(1e-6, last - started), 2),
            "p50_s": round(pct(latencies, 0.5), 3),
            "p99_s": round(pct(latencies, 0.99), 3),
            "max_s": round(max(latencies, default=float("nan")), 3),
            "rss_mib_first": round(rss[0] / 1024, 1) if rss else None,
            "rss_mib_max": round(max(rss) / 1024, 1) if rss else None,
            "lag_max": max(lags, default=None),
            # Worker CPU per story, and busy cores (worker CPU / wall time): at ~the
            # machine's core count the workers are CPU-bound and more of them cannot help.
            "worker_cpu_s_per_story": round(cpu_used / max(1, len(out)), 4),
            "worker_cores_busy": round(cpu_used / max(1e-6, last - started), 2),
            "loadavg_1m": round(load, 2),
            "stage_seconds": per_stage,
            "samples": samples,
        }


async def run(args: argparse.Namespace, workdir: Path, broker: LocalBroker) -> list[dict[str, Any]]:
    bench = Bench(args, workdir, broker)
    results: list[dict[str, Any]] = []
    for workers in args.workers:
        phases: list[tuple[str, float | None, int]] = []
        if args.only in (None, "throughput"):
            phases.append(("max", None, args.stories))
        if args.only in (None, "latency"):
            phases += [(f"fixed{r:g}", r, int(r * args.latency_seconds)) for r in args.rates]
        if args.only == "soak" or (args.soak_minutes and workers == args.workers[0]):
            n = int(args.soak_rate * args.soak_minutes * 60)
            phases.append(("soak", args.soak_rate, n))
        if phases:
            results += await bench.scenario(workers, phases)
            print(table(results), flush=True)
    return results


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description="wirestream end-to-end benchmark")
    p.add_argument("--stories", type=int, default=600, help="stories for the max-rate run")
    p.add_argument("--words", type=int, default=500, help="words per synthetic story")
    p.add_argument("--rates", type=float, nargs="+", default=[2.0, 5.0, 10.0])
    p.add_argument("--latency-seconds", type=float, default=60.0, help="per fixed rate")
    p.add_argument("--workers", type=int, nargs="+", default=[1, 2, 3])
    p.add_argument("--partitions", type=int, default=4)
    p.add_argument("--store", default="rocksdb://", help="faust table store of the worker")
    p.add_argument("--warmup", type=int, default=20, help="stories before measuring")
    p.add_argument("--soak-minutes", type=float, default=0.0)
    p.add_argument("--soak-rate", type=float, default=5.0)
    p.add_argument("--soak-sample-seconds", type=float, default=15.0)
    p.add_argument("--soak-warmup-minutes", type=float, default=3.0)
    p.add_argument(
        "--window-hours", type=float, default=72.0, help="dedup window (index size bound)"
    )
    p.add_argument(
        "--mem-diag",
        type=Path,
        help="soak: the worker writes memory snapshots here (objects by type, glibc heap)",
    )
    p.add_argument(
        "--tracemalloc",
        type=int,
        default=0,
        help="with --mem-diag: trace Python allocations, this many frames (costs memory)",
    )
    p.add_argument("--only", choices=("throughput", "latency", "soak"))
    p.add_argument("--seed", type=int, default=500)
    p.add_argument("--json", type=Path, help="write all results (and soak samples) here")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="wirestream-bench-"))
    defaults = Settings()
    broker = LocalBroker(
        workdir / "broker",
        port=free_port(),
        controller_port=free_port(),
        libs_dir=defaults.local.state_dir / "kafka-libs",
        message_max_bytes=defaults.limits.max_message_bytes,
        die_with_parent=True,  # started from the main thread: a killed bench leaks no JVM
    )
    if args.mem_diag:
        args.mem_diag.unlink(missing_ok=True)
        memdiag.enable(args.mem_diag, args.tracemalloc)
    try:
        broker.start(timeout=180.0)
        results = asyncio.run(run(args, workdir, broker))
    finally:
        broker.stop(timeout=30.0)
    print()
    print(table(results))
    print(scaling(results))
    for r in results:
        if r["phase"] == "soak":
            print(soak_summary(r, args.soak_warmup_minutes * 60))
    snaps = memdiag.read(args.mem_diag) if args.mem_diag else []
    if len(snaps) >= 2:
        print(f"worker memory, first snapshot after the warm-up -> last ({len(snaps)} taken):")
        print(memdiag.compare(snaps[0], snaps[-1]))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, default=str))
    ok = all(r["complete"] for r in results)
    if ok:
        shutil.rmtree(workdir, ignore_errors=True)
    else:
        print(f"some outputs never arrived; logs kept in {workdir}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
