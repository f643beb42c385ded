"""``make run``: broker, worker, seed replay and live output in one terminal.

Starts only what is not already running and, on Ctrl-C, stops exactly what it started.
"""

from __future__ import annotations

import asyncio
import signal
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from stream.cli.metrics_view import fetch_metrics, summarize
from stream.cli.render import metrics_table, render_record
from stream.core.sources import iter_payloads, story_key
from stream.kafka.admin import ensure_topics
from stream.kafka.replay import replay
from stream.kafka.tail import tail
from stream.local.broker import BrokerError, LocalBroker
from stream.local.supervise import WorkerNotReady, WorkerProcess
from stream.settings import Settings


def _interrupt(_signum: int, _frame: object) -> None:
    raise KeyboardInterrupt


def _show_clusters(
    settings: Settings, console: Console, clusters_of: Counter[str], since: float
) -> None:
    """The latest wire.clusters record of each cluster the replayed stories joined.

    The dedup agent publishes a cluster's record before its story reaches NLP, so by the
    time the stories arrived on wire.enriched their clusters' records are on the topic.
    """
    latest: dict[str, dict[str, Any]] = {}

    def keep(key: str | None, value: object) -> None:
        if key in clusters_of and isinstance(value, dict):
            latest[key] = value

    def complete() -> bool:
        return all(latest.get(c, {}).get("story_count", 0) >= n for c, n in clusters_of.items())

    if not clusters_of:
        return
    asyncio.run(
        tail(
            settings,
            settings.topics.clusters,
            keep,
            from_beginning=True,
            idle_timeout=10,
            stop_when=complete,
            since=since,
        )
    )
    console.rule(f"[bold]{settings.topics.clusters}")
    for cluster, _ in clusters_of.most_common():
        if cluster in latest:
            console.print(render_record(latest[cluster]))
        else:
            console.print(f"[yellow]no record of cluster {cluster} yet[/yellow]")


class _Stop(Exception):
    """A step could not bring its part up; the message says what to look at."""


@dataclass
class _Demo:
    """The demo's steps, in order; it remembers what it started so that it stops exactly
    that."""

    settings: Settings
    console: Console
    broker: LocalBroker
    worker: WorkerProcess
    started_broker: bool = False
    started_worker: bool = False

    @property
    def web(self) -> str:
        return f"http://127.0.0.1:{self.settings.worker.web_port}"

    def ensure_broker(self) -> None:
        if not self.broker.status().reachable:
            with self.console.status(
                f"starting Apache Kafka (KRaft) on {self.broker.bootstrap} "
                "(first run downloads the jars)…"
            ):
                self.started_broker = True  # set first: Ctrl-C during start must still stop it
                try:
                    self.broker.start()
                except BrokerError as exc:
                    raise _Stop(f"broker did not come up: {exc}") from None
        self.console.print(f"[green]✓[/green] broker at {self.broker.bootstrap}")
        asyncio.run(ensure_topics(self.settings))

    def ensure_worker(self) -> None:
        if self.worker.ready():
            self.console.print("[green]✓[/green] a worker is already running; using it")
            return
        self.worker.start()
        self.started_worker = True
        with self.console.status(f"starting the worker (log: {self.worker.log_path})…"):
            try:
                self.worker.wait_ready(180)
            except WorkerNotReady:
                raise _Stop(f"worker not ready; see {self.worker.log_path}") from None
        self.console.print(f"[green]✓[/green] worker ready (metrics at {self.web}/metrics)")

    def replay(self, payloads: list[bytes]) -> None:
        with Progress(
            TextColumn("[bold]replay"), BarColumn(), MofNCompleteColumn(), console=self.console
        ) as progress:
            task = progress.add_task("replay", total=len(payloads))
            summary = asyncio.run(
                replay(payloads, self.settings, on_sent=lambda n: progress.advance(task, n))
            )
        topic = self.settings.topics.raw
        self.console.print(f"[green]✓[/green] replayed {summary.sent} stories to {topic}")
        self.console.print(f"[green]✓[/green] dashboard at {self.web}/")

    def show_enriched(self, expected: set[str], since: float) -> _Arrivals:
        """Print each of this run's stories as it arrives on wire.enriched."""
        self.console.rule(f"[bold]{self.settings.topics.enriched}")
        arrivals = _Arrivals(expected)

        def show(key: str | None, value: object) -> None:
            if arrivals.add(key, value):
                self.console.print(render_record(value))

        asyncio.run(
            tail(
                self.settings,
                self.settings.topics.enriched,
                show,
                from_beginning=True,
                idle_timeout=60,
                stop_when=arrivals.complete,
                since=since,
            )
        )
        return arrivals

    def show_metrics(self) -> None:
        time.sleep(1.0)  # let the last metrics land
        try:
            figures = summarize(fetch_metrics(f"{self.web}/metrics"))
            self.console.print(metrics_table(figures, "dedup and pipeline metrics"))
        except OSError as exc:
            self.console.print(f"[yellow]metrics unavailable: {exc}[/yellow]")

    def follow(self) -> None:
        """Print wire.enriched live until Ctrl-C."""
        self.console.rule(
            "[bold]live — replay more with `wirestream replay` in another terminal; Ctrl-C stops"
        )
        asyncio.run(
            tail(
                self.settings,
                self.settings.topics.enriched,
                lambda _k, v: self.console.print(render_record(v)),
            )
        )

    def stop(self) -> None:
        """Stop what this demo started, and nothing else."""
        if self.started_worker:
            self.worker.terminate()
            self.console.print("[green]✓[/green] worker stopped")
        if self.started_broker:
            self.broker.stop()
            self.console.print("[green]✓[/green] broker stopped")


@dataclass
class _Arrivals:
    """This run's stories seen on wire.enriched, and how many joined each cluster."""

    expected: set[str]
    arrived: set[str] = field(default_factory=set)
    clusters_of: Counter[str] = field(default_factory=Counter)

    def add(self, key: str | None, value: object) -> bool:
        """Count a record; False for another run's story or a re-delivery."""
        if key not in self.expected or key in self.arrived:
            return False
        self.arrived.add(key)
        cluster = isinstance(value, dict) and (value.get("dedup") or {}).get("cluster_id")
        if cluster:
            self.clusters_of[cluster] += 1
        return True

    def complete(self) -> bool:
        return self.arrived >= self.expected


def run_demo(settings: Settings, path: Path, console: Console, *, once: bool = False) -> int:
    """Broker and worker (if not running), replay ``path``, print what comes out; with
    ``once``, exit 0 when every story arrived, else follow wire.enriched until Ctrl-C."""
    signal.signal(signal.SIGTERM, _interrupt)  # `kill` stops it as cleanly as Ctrl-C
    log_path = settings.local.state_dir / "logs" / "worker.log"
    demo = _Demo(
        settings, console, LocalBroker.from_settings(settings), WorkerProcess(settings, log_path)
    )
    try:
        demo.ensure_broker()
        demo.ensure_worker()
        payloads = list(iter_payloads(path))
        # Only this run's outputs count: a broker kept from an earlier run still holds
        # that run's records for the same story ids (1 s of slack for the ms timestamps).
        since = time.time() - 1.0
        demo.replay(payloads)
        arrivals = demo.show_enriched({k.decode() for k in map(story_key, payloads) if k}, since)
        demo.show_metrics()
        console.print(
            f"{len(arrivals.arrived)} of {len(arrivals.expected)} stories arrived on "
            f"{settings.topics.enriched}."
        )
        _show_clusters(settings, console, arrivals.clusters_of, since)
        if once:
            return 0 if arrivals.complete() else 1
        demo.follow()
        return 0
    except _Stop as exc:
        console.print(f"[red]{exc}[/red]")
        return 1
    except KeyboardInterrupt:
        console.print("\nstopping…")
        return 0
    finally:
        demo.stop()
