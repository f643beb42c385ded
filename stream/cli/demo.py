"""``make run``: broker, worker, seed replay and live output in one terminal.

Starts only what is not already running and, on Ctrl-C, stops exactly what it started.
"""

from __future__ import annotations

import asyncio
import signal
import time
from collections import Counter
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
            settings.topic_clusters,
            keep,
            from_beginning=True,
            idle_timeout=10,
            stop_when=complete,
            since=since,
        )
    )
    console.rule(f"[bold]{settings.topic_clusters}")
    for cluster, _ in clusters_of.most_common():
        if cluster in latest:
            console.print(render_record(latest[cluster]))
        else:
            console.print(f"[yellow]no record of cluster {cluster} yet[/yellow]")


def run_demo(settings: Settings, path: Path, console: Console, *, once: bool = False) -> int:
    signal.signal(signal.SIGTERM, _interrupt)  # `kill` stops it as cleanly as Ctrl-C
    broker = LocalBroker.from_settings(settings)
    started_broker = False
    log_path = settings.state_dir / "logs" / "worker.log"
    worker = WorkerProcess(settings, log_path)
    started_worker = False
    try:
        if not broker.status().reachable:
            with console.status(
                "starting Apache Kafka (KRaft) on "
                f"{broker.bootstrap} (first run downloads the jars)…"
            ):
                started_broker = True  # set first: Ctrl-C during start must still stop it
                try:
                    broker.start()
                except BrokerError as exc:
                    console.print(f"[red]broker did not come up:[/red] {exc}")
                    return 1
        console.print(f"[green]✓[/green] broker at {broker.bootstrap}")
        asyncio.run(ensure_topics(settings))
        if worker.ready():
            console.print("[green]✓[/green] a worker is already running; using it")
        else:
            worker.start()
            started_worker = True
            with console.status(f"starting the worker (log: {log_path})…"):
                try:
                    worker.wait_ready(180)
                except WorkerNotReady:
                    console.print(f"[red]worker not ready; see {log_path}[/red]")
                    return 1
            console.print(
                f"[green]✓[/green] worker ready (metrics at "
                f"http://127.0.0.1:{settings.web_port}/metrics)"
            )

        payloads = list(iter_payloads(path))
        # Only this run's outputs count: a broker kept from an earlier run still holds
        # that run's records for the same story ids (1 s of slack for the ms timestamps).
        replay_started = time.time() - 1.0
        with Progress(
            TextColumn("[bold]replay"), BarColumn(), MofNCompleteColumn(), console=console
        ) as progress:
            task = progress.add_task("replay", total=len(payloads))
            summary = asyncio.run(
                replay(payloads, settings, on_sent=lambda n: progress.advance(task, n))
            )
        console.print(f"[green]✓[/green] replayed {summary.sent} stories to {settings.topic_raw}")
        console.print(f"[green]✓[/green] dashboard at http://127.0.0.1:{settings.web_port}/")

        console.rule(f"[bold]{settings.topic_enriched}")
        expected = {key.decode() for key in map(story_key, payloads) if key}
        arrived: set[str] = set()

        clusters_of: Counter[str] = Counter()  # this run's stories per cluster

        def show(key: str | None, value: object) -> None:
            if key in expected and key not in arrived:
                arrived.add(key)
                console.print(render_record(value))
                cluster = isinstance(value, dict) and (value.get("dedup") or {}).get("cluster_id")
                if cluster:
                    clusters_of[cluster] += 1

        asyncio.run(
            tail(
                settings,
                settings.topic_enriched,
                show,
                from_beginning=True,
                idle_timeout=60,
                stop_when=lambda: arrived >= expected,
                since=replay_started,
            )
        )
        time.sleep(1.0)  # let the last metrics land
        try:
            figures = summarize(fetch_metrics(f"http://127.0.0.1:{settings.web_port}/metrics"))
            console.print(metrics_table(figures, "dedup and pipeline metrics"))
        except OSError as exc:
            console.print(f"[yellow]metrics unavailable: {exc}[/yellow]")
        console.print(
            f"{len(arrived)} of {len(expected)} stories arrived on {settings.topic_enriched}."
        )
        _show_clusters(settings, console, clusters_of, replay_started)
        if once:
            return 0 if arrived >= expected else 1
        console.rule(
            "[bold]live — replay more with `wirestream replay` in another terminal; Ctrl-C stops"
        )
        asyncio.run(
            tail(settings, settings.topic_enriched, lambda _k, v: console.print(render_record(v)))
        )
        return 0
    except KeyboardInterrupt:
        console.print("\nstopping…")
        return 0
    finally:
        if started_worker:
            worker.terminate()
            console.print("[green]✓[/green] worker stopped")
        if started_broker:
            broker.stop()
            console.print("[green]✓[/green] broker stopped")
