"""What the dashboard costs the worker when its bounds are full.

Usage: ``.venv/bin/python bench/bench_dashboard.py [--members 10]``

Fills a ``DashboardState`` to its bounds through the same feeds the worker uses (the
interim cluster feed with ``--members`` stories per cluster, an hour of 5 s samples, the
dead-letter ring), then prints the Python heap it holds (tracemalloc), the time and size
of one ``/api/summary`` and ``/api/history`` answer, and the per-verdict cost of the
cluster feed. Reference, measured in the same run: one Prometheus scrape of the same
registry (``Metrics.render``), so a poll's cost reads as a multiple of a scrape's.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import tracemalloc
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from schemas import DedupInfo, NormalizedStory  # noqa: E402
from stream.metrics import Metrics  # noqa: E402
from stream.pipeline import ingest  # noqa: E402
from stream.settings import Settings  # noqa: E402
from stream.web.interim import observe_verdict  # noqa: E402
from stream.web.state import DashboardState, read_registry  # noqa: E402
from stream.web.summary import summary  # noqa: E402

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def per_call_ms(fn: Callable[[], object], n: int) -> float:
    started = time.perf_counter()
    for _ in range(n):
        fn()
    return (time.perf_counter() - started) / n * 1000


def story(i: int) -> NormalizedStory:
    return NormalizedStory(
        story_id=f"story-{i:07d}",
        source=f"outlet {i % 30}",
        headline=f"A headline of ordinary length for story number {i}",
        body="x",
        received_at=T0 + timedelta(seconds=i),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=10, help="stories per cluster")
    args = parser.parse_args()
    letters = [ingest(b'{"story_id": "bad", ' + b"x" * 5000, Settings()) for _ in range(60)]
    metrics, state = Metrics(), DashboardState()
    tracemalloc.start()
    stories = (state.max_clusters + 100) * args.members
    for i in range(stories):
        cid = f"story-{i - i % args.members:07d}"
        observe_verdict(state, story(i), DedupInfo(verdict="same_story", cluster_id=cid))
    for i in range(state.history.maxlen or 0):
        metrics.record_in(f"outlet {i % 30}")
        metrics.record_verdict(DedupInfo(verdict="unique", similarity=0.4), 1, 1)
        state.sample(read_registry(metrics.registry), now=i * state.sample_seconds)
    for letter in letters:
        state.observe_dead_letter(letter)
    heap, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    def poll_summary() -> str:
        return json.dumps(summary(read_registry(metrics.registry), state))

    def poll_history() -> str:
        return json.dumps(state.series())

    scrape = per_call_ms(metrics.render, 200)
    answers = {"/api/summary": poll_summary, "/api/history": poll_history}
    print(
        f"held: {len(state.clusters)} clusters of {args.members} stories, "
        f"{len(state.history)} samples, {len(state.dead_letters)} dead letters"
    )
    print(f"heap (state + registry): {heap / 1e6:.1f} MB")
    print(f"reference, one /metrics scrape: {scrape:.2f} ms")
    for path, fn in answers.items():
        ms = per_call_ms(fn, 50)
        print(f"{path}: {ms:.2f} ms ({ms / scrape:.1f}x a scrape), {len(fn()) / 1e3:.1f} kB")
    cid = f"story-{(stories - 1) - (stories - 1) % args.members:07d}"
    again = story(stories - 1)
    info = DedupInfo(verdict="same_story", cluster_id=cid)
    feed = per_call_ms(lambda: observe_verdict(state, again, info), 2000)
    print(f"interim cluster feed, one verdict: {feed * 1000:.0f} µs")
    record = state.cluster(cid)
    assert record is not None
    real = per_call_ms(lambda: state.observe_cluster(record), 2000)
    print(f"observe_cluster (the wire.clusters feed), one record: {real * 1000:.0f} µs")


if __name__ == "__main__":
    main()
