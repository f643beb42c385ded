"""``wirestream``: the command line. Parses options and calls the drivers; no logic."""

from __future__ import annotations

import asyncio
import contextlib
import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from stream.settings import PROJECT_ROOT, Settings, get_settings

app = typer.Typer(
    help="Streaming ingestion of news wire stories on Kafka.",
    no_args_is_help=True,
    add_completion=False,
    # A crash report must not print local variables: client options hold the password.
    pretty_exceptions_show_locals=False,
)
broker_app = typer.Typer(help="The embedded local Apache Kafka broker (KRaft).")
app.add_typer(broker_app, name="broker")
console = Console()
err_console = Console(stderr=True)

DEFAULT_SEEDS = PROJECT_ROOT / "seeds"


# --- broker -----------------------------------------------------------------------


def _local_broker(settings: Settings):  # -> LocalBroker (imported lazily: java only here)
    from stream.local.broker import LocalBroker

    return LocalBroker.from_settings(settings)


NodesOption = Annotated[
    int | None,
    typer.Option(help="nodes of a local KRaft cluster (default: WIRESTREAM_BROKER_NODES)"),
]


def _local_cluster(settings: Settings, nodes: int | None):  # -> LocalCluster or None
    """The cluster when more than one node is asked for; None for the single broker."""
    nodes = nodes or settings.local.nodes
    if nodes < 2:
        return None
    from stream.local.cluster import LocalCluster

    return LocalCluster.from_settings(settings, nodes)


@broker_app.command("start")
def broker_start(nodes: NodesOption = None) -> None:
    """Start the local broker (downloads the Kafka jars with Maven on first use)."""
    from stream.local.broker import BrokerError

    settings = get_settings()
    try:
        cluster = _local_cluster(settings, nodes)
        if cluster is not None:
            statuses = cluster.start()
            console.print(
                f"cluster of {len(statuses)} nodes answers at {cluster.bootstrap}; for the "
                f"clients: WIRESTREAM_BROKER_NODES={len(statuses)} "
                f"WIRESTREAM_REPLICATION_FACTOR={min(3, len(statuses))} "
                f"WIRESTREAM_MIN_INSYNC_REPLICAS={min(2, len(statuses))}"
            )
            raise typer.Exit(0)
        status = _local_broker(settings).start()
    except BrokerError as exc:
        err_console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from None
    console.print(
        f"broker {'answers' if status.reachable else 'is NOT answering'} at "
        f"{status.bootstrap} (pid {status.pid}, Kafka {status.version})"
    )
    raise typer.Exit(0 if status.reachable else 1)


@broker_app.command("stop")
def broker_stop(nodes: NodesOption = None) -> None:
    """Stop the broker that ``broker start`` started (by its recorded pid)."""
    settings = get_settings()
    cluster = _local_cluster(settings, nodes)
    if cluster is not None:
        was = cluster.running()
        cluster.stop()
        console.print(f"stopped nodes {was}" if was else "no node of ours was running")
        return
    stopped = _local_broker(settings).stop()
    console.print("broker stopped" if stopped else "no broker of ours was running")


@broker_app.command("status")
def broker_status(nodes: NodesOption = None) -> None:
    """Say whether the local broker runs and answers."""
    settings = get_settings()
    cluster = _local_cluster(settings, nodes)
    statuses = cluster.status() if cluster is not None else [_local_broker(settings).status()]
    for status in statuses:
        console.print(
            f"running={status.running} reachable={status.reachable} pid={status.pid} "
            f"bootstrap={status.bootstrap} version={status.version} {status.detail}"
        )
    raise typer.Exit(0 if all(s.reachable for s in statuses) else 3)


# --- worker -----------------------------------------------------------------------


@app.command()
def worker(loglevel: Annotated[str, typer.Option(help="faust log level")] = "info") -> None:
    """Run the stream processors (faust worker) until SIGTERM or Ctrl-C."""
    from stream.runtime.worker import run_worker

    run_worker(get_settings(), loglevel=loglevel)


# --- replay -----------------------------------------------------------------------


@app.command()
def replay(
    path: Annotated[Path, typer.Argument(help="folder of .txt/.jsonl files, or one file")] = (
        DEFAULT_SEEDS
    ),
    rate: Annotated[float | None, typer.Option(help="stories per second (default: max)")] = None,
    loop: Annotated[int, typer.Option("--loop", min=1, help="send the set N times")] = 1,
) -> None:
    """Publish stories to wire.raw, keyed by story_id (idempotent producer, acks=all)."""
    from stream.core.sources import iter_payloads
    from stream.kafka.admin import ensure_topics
    from stream.kafka.replay import replay as do_replay

    settings = get_settings()
    payloads = list(iter_payloads(path))
    total = len(payloads) * loop
    with Progress(
        TextColumn("[bold]replay"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    ) as progress:
        task = progress.add_task("replay", total=total)

        async def run():
            await ensure_topics(settings)
            return await do_replay(
                payloads,
                settings,
                rate=rate,
                loops=loop,
                on_sent=lambda n: progress.advance(task, n),
            )

        summary = asyncio.run(run())
    parts = ", ".join(f"p{p}: {n}" for p, n in sorted(summary.partitions.items()))
    console.print(
        f"sent {summary.sent} stories ({summary.rounds} round(s)) to {summary.topic} in "
        f"{summary.seconds:.2f}s ({summary.rate:.1f}/s); partitions {parts}"
    )


# --- offline ----------------------------------------------------------------------


@app.command()
def process(
    input: Annotated[str, typer.Argument(help="RawStory JSON lines file, '-' or a folder")],
    output: Annotated[Path | None, typer.Option("--output", "-o", help="default: stdout")] = None,
    one_process: Annotated[
        bool,
        typer.Option(
            "--one-process",
            help="run NLP in this process too (default: a forked child when there are 2+ cores;"
            " same output either way)",
        ),
    ] = False,
) -> None:
    """Run the pipeline over a file, without Kafka; print what the worker would publish."""
    from stream.core.sources import iter_payloads
    from stream.offline import process as run_offline
    from stream.offline import write_emissions

    settings = get_settings()
    try:
        payloads = iter_payloads(input)
        out = output.open("w", encoding="utf-8") if output else sys.stdout
        try:
            counts = write_emissions(
                run_offline(payloads, settings, nlp_process=False if one_process else None), out
            )
        finally:
            if output:
                out.close()
    except FileNotFoundError as exc:
        err_console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from None
    summary = ", ".join(f"{topic}: {n}" for topic, n in sorted(counts.items())) or "nothing"
    err_console.print(f"processed: {summary}")


# --- tail -------------------------------------------------------------------------


@app.command()
def tail(
    topic: Annotated[str | None, typer.Argument(help="default: the enriched topic")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="one JSON record per line")] = False,
    from_beginning: Annotated[bool, typer.Option("--from-beginning")] = False,
    max_records: Annotated[int | None, typer.Option("--max", help="stop after N")] = None,
    group: Annotated[str | None, typer.Option(help="consumer group (default: none)")] = None,
    idle_timeout: Annotated[
        float | None, typer.Option("--timeout", help="stop after N s of silence")
    ] = None,
) -> None:
    """Subscribe to an output topic and print each story readably (or as JSON)."""
    from stream.cli.render import render_record
    from stream.kafka.tail import tail as do_tail

    settings = get_settings()
    name = topic or settings.topics.enriched

    def show(key, value):
        if as_json:
            sys.stdout.write(json.dumps({"topic": name, "key": key, "value": value}) + "\n")
            sys.stdout.flush()
        else:
            console.print(render_record(value))

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(
            do_tail(
                settings,
                name,
                show,
                from_beginning=from_beginning,
                max_records=max_records,
                group=group,
                idle_timeout=idle_timeout,
            )
        )


# --- metrics ----------------------------------------------------------------------


@app.command()
def metrics(
    url: Annotated[str | None, typer.Option(help="default: the worker's /metrics")] = None,
    watch: Annotated[bool, typer.Option("--watch", help="refresh live")] = False,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    interval: Annotated[float, typer.Option(help="seconds between refreshes")] = 2.0,
) -> None:
    """A readable snapshot of a running worker's dedup and pipeline metrics."""
    import time

    from rich.live import Live

    from stream.cli.metrics_view import fetch_metrics, summarize
    from stream.cli.render import metrics_table

    settings = get_settings()
    target = url or f"http://127.0.0.1:{settings.worker.web_port}/metrics"

    def snapshot():
        return summarize(fetch_metrics(target))

    try:
        if as_json:
            console.print_json(json.dumps(snapshot()))
        elif watch:
            with Live(metrics_table(snapshot(), target), console=console) as live:
                while True:
                    time.sleep(interval)
                    live.update(metrics_table(snapshot(), target))
        else:
            console.print(metrics_table(snapshot(), target))
    except OSError as exc:
        err_console.print(f"[red]cannot read {target}: {exc}[/red] (is the worker running?)")
        raise typer.Exit(1) from None
    except KeyboardInterrupt:
        pass


# --- schemas ----------------------------------------------------------------------


@app.command()
def schemas(
    out: Annotated[Path | None, typer.Option(help="default: schemas/jsonschema")] = None,
    release: Annotated[
        str | None,
        typer.Option(
            help="also snapshot the output schemas as this release (docs/compatibility.md)"
        ),
    ] = None,
) -> None:
    """Write the JSON Schema of every topic payload and the AsyncAPI document."""
    from schemas.export import JSONSCHEMA_DIR
    from stream.cli.contracts import release as make_release
    from stream.cli.contracts import write_all
    from stream.errors import ContractError

    if release is not None:
        try:
            paths = make_release(release)
        except ContractError as exc:
            console.print(f"[red]{exc}[/red]")
            raise typer.Exit(1) from None
    else:
        paths = write_all(out or JSONSCHEMA_DIR)
    for path in paths:
        console.print(f"wrote {path}")


# --- up (make run) ----------------------------------------------------------------


@app.command()
def up(
    path: Annotated[Path, typer.Argument(help="stories to replay")] = DEFAULT_SEEDS,
    once: Annotated[bool, typer.Option(help="exit after the replay and the summary")] = False,
) -> None:
    """Broker + worker + seed replay + live output; Ctrl-C stops what it started."""
    from stream.cli.demo import run_demo

    raise typer.Exit(run_demo(get_settings(), path, console, once=once))


def main() -> None:
    """Run the CLI; a settings or connection problem is one sentence and exit code 1
    (no traceback, no retry loop), whichever command met it."""
    from stream.kafka.connection import BrokerConnectionError
    from stream.settings import SettingsError

    try:
        app()
    except (SettingsError, BrokerConnectionError) as exc:
        sys.stderr.write(f"wirestream: {exc}\n")
        sys.exit(1)


if __name__ == "__main__":
    main()
