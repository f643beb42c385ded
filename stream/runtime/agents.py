"""Thin faust agents: decode -> pipeline core -> send. No logic of their own.

Topology (see README):

  wire.raw (N) -normalize-> wire.normalized (1) -dedup-> wire.to-enrich (N) -enrich-> wire.enriched
                 |                                |                          |
                 +-> wire.deadletter              +-> wire.duplicates        +-> wire.deadletter
                                                  +-> wire.clusters (compacted, key cluster_id)

Each agent runs with concurrency 1 (faust #606: concurrency > 1 can commit past an
in-flight message). Offsets are acked only after the outputs of a message were sent,
so a crash re-processes rather than loses; outputs are keyed by story_id and the dedup
stage answers a re-delivery with the same verdict, so re-processing is idempotent.

An agent body does nothing before its ``async for``: work between joining the group and
the first iteration widens a rebalance window in which faust acks events it skipped as
stale (``stream.runtime.faust_fixes``; docs/reliability.md, "Agent start-up"). Warm-ups belong
in ``Wiring.warm_up``, which the worker runs before it joins the group.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from time import perf_counter
from typing import Any

import faust
from pydantic import ValidationError

from schemas import (
    DeadLetter,
    DeadLetterCode,
    DuplicateRecord,
    NormalizedStory,
    Stage,
    StoryCluster,
    StoryToEnrich,
    utcnow,
)
from stream.core.clusters import ClusterBook
from stream.core.dedup import DedupStage
from stream.core.emit import emit
from stream.core.extract import Enricher
from stream.core.extract.aliases import AliasMemory
from stream.core.normalize import warm_up as normalize_warm_up
from stream.core.pipeline import (
    Output,
    OutputRecord,
    clusters,
    dead_letter,
    dedup,
    enrich,
    ingest,
)
from stream.errors import StageError
from stream.runtime.lag import update_lag
from stream.runtime.metrics import Metrics
from stream.runtime.topics import Topics, build_topics
from stream.runtime.web import DashboardState
from stream.runtime.web.routes import install as install_dashboard
from stream.settings import Settings

log = logging.getLogger(__name__)

#: How often the consumer-lag gauge is refreshed (one end-offsets request per tick).
LAG_INTERVAL_SECONDS = 2.0


@dataclass
class Wiring:
    """What the agents share; kept on one object so tests can reach it."""

    app: faust.App
    settings: Settings
    topics: Topics
    metrics: Metrics
    table: Any
    alias_table: Any
    enricher_factory: Callable[[], Enricher]
    dashboard: DashboardState = field(default_factory=DashboardState)
    cluster_table: Any = None
    _enricher: Enricher | None = field(default=None, repr=False)
    _stage: DedupStage | None = field(default=None, repr=False)
    _book: ClusterBook | None = field(default=None, repr=False)
    _aliases: AliasMemory | None = field(default=None, repr=False)
    _channels: dict[str, faust.TopicT] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._channels = self.topics.by_name(self.settings)

    @property
    def enricher(self) -> Enricher:
        if self._enricher is None:  # load the NLP model once per worker, on first use
            self._enricher = self.enricher_factory()
        return self._enricher

    @property
    def stage(self) -> DedupStage:
        if self._stage is None:
            # len(Table) walks every RocksDB key: counted on the first decision only; the
            # index is rebuilt on every recovery (_rebuild_index below).
            self._stage = DedupStage(
                self.table,
                window_hours=self.settings.dedup_window_hours,
                len_check_every=None,
            )
        return self._stage

    @property
    def book(self) -> ClusterBook:
        if self._book is None:  # built on first use: after the table's recovery
            self._book = ClusterBook(
                self.cluster_table, window_hours=self.settings.dedup_window_hours
            )
        return self._book

    @property
    def aliases(self) -> AliasMemory:
        """The entity alias memory, next to the dedup state (both global, one partition)."""
        if self._aliases is None:
            self._aliases = AliasMemory(self.alias_table)
        return self._aliases

    async def publish(self, record: Output) -> None:
        """Send one output record, keyed by story_id (cluster_id on wire.clusters):
        idempotent downstream.

        ``emit`` routes it and cuts a record over the topics' message limit down first,
        as the offline driver does, so the broker never refuses it and the agent keeps
        running.
        """
        out = emit(record, self.settings)
        await self._channels[out.topic].send(key=out.key_bytes(), value=out.value_bytes())
        record = out.record
        self.metrics.record_output(record)
        self.observe(record)

    def observe(self, record: Output) -> None:
        """Feed the dashboard's view; a failure there never reaches the agent."""
        try:
            if isinstance(record, DeadLetter):
                self.dashboard.observe_dead_letter(record)
            elif isinstance(record, StoryCluster):
                self.dashboard.observe_cluster(record)
        except Exception:
            log.exception("dashboard view not updated for %s", type(record).__name__)

    def warm_up(self) -> None:
        """Load what the first stories would wait for (the NLP model, normalization's
        language and date data) before the worker joins its consumer group, so no agent
        does work between joining and its first iteration."""
        normalize_warm_up()
        _ = self.enricher

    def enrich_batch(self, batch: list[StoryToEnrich]) -> list[OutputRecord]:
        """NLP over one micro-batch (run in an executor thread by the enrich agent)."""
        return enrich(batch, self.enricher)

    async def reject(
        self, code: DeadLetterCode, stage: Stage, message: str, payload: bytes | None
    ) -> None:
        """Dead-letter an internal record this agent cannot handle, and carry on."""
        err = StageError(message, code=code, stage=stage)
        await self.publish(dead_letter(err, payload or b"", utcnow()))


def _event_time(event: faust.EventT) -> datetime | None:
    """The Kafka timestamp: stable across re-deliveries, unlike the wall clock."""
    ts = getattr(event.message, "timestamp", None)
    return datetime.fromtimestamp(ts, tz=UTC) if ts else None


def wire_agents(
    app: faust.App,
    settings: Settings,
    *,
    enricher_factory: Callable[[], Enricher] | None = None,
    metrics: Metrics | None = None,
    topics: Topics | None = None,
) -> Wiring:
    """Declare topics, the dedup table, the agents and the web pages on ``app``.

    ``topics``: the channels to bind (default: the Kafka topics of ``settings``);
    ``stream.testing`` passes in-memory faust channels.
    """
    topics = topics or build_topics(app, settings)
    table = app.Table(
        "dedup-state",
        default=None,
        partitions=1,
        key_type=str,
        # Replicated like the app topics (faust takes the factor from the app).
        extra_topic_configs={"min.insync.replicas": str(settings.min_insync_replicas)},
    )
    # wire.clusters bookkeeping (stream.core.clusters), beside the dedup state: one partition.
    cluster_table = app.Table(
        "cluster-book",
        default=None,
        partitions=1,
        key_type=str,
        extra_topic_configs={"min.insync.replicas": str(settings.min_insync_replicas)},
    )
    # Cross-story entity keys (stream/core/extract/aliases.py): global, so one partition too.
    # entity alias memory (stream.core.extract.aliases), global like the dedup state
    alias_table = app.Table(
        "entity-aliases",
        default=None,
        partitions=1,
        key_type=str,
        extra_topic_configs={"min.insync.replicas": str(settings.min_insync_replicas)},
    )
    wiring = Wiring(
        app=app,
        settings=settings,
        topics=topics,
        metrics=metrics or Metrics(),
        table=table,
        alias_table=alias_table,
        enricher_factory=enricher_factory or (lambda: Enricher(settings.spacy_model)),
        cluster_table=cluster_table,
    )

    @table.on_recover
    async def _rebuild_index() -> None:
        """The LSH index is derived from the table: rebuild it after recovery."""
        wiring.stage.rebuild()

    @cluster_table.on_recover
    async def _rebuild_book() -> None:
        """The book's eviction heap and counts are derived from its table."""
        wiring.book.rebuild()

    @alias_table.on_recover
    async def _rebuild_aliases() -> None:
        """The alias memory's LRU order is derived from its table: rebuild it too."""
        wiring.aliases.rebuild()

    @app.agent(topics.raw, name="normalize", concurrency=1)
    async def normalize_agent(stream: faust.StreamT) -> None:
        async for event in stream.events():
            payload = event.value if event.value is not None else b""
            started = perf_counter()
            result = ingest(payload, settings, received_at=_event_time(event))
            wiring.metrics.stage_seconds.labels(stage="normalize").observe(perf_counter() - started)
            if isinstance(result, DeadLetter):
                message = event.message  # where the untouched original can be re-read
                result.source_topic = message.topic
                result.source_partition = message.partition
                result.source_offset = message.offset
                await wiring.publish(result)
                continue
            wiring.metrics.record_in(result.source)
            await topics.normalized.send(
                key=result.story_id.encode("utf-8"),
                value=result.model_dump_json().encode("utf-8"),
            )

    @app.agent(topics.normalized, name="dedup", concurrency=1)
    async def dedup_agent(stream: faust.StreamT) -> None:
        async for payload in stream:
            started = perf_counter()
            try:
                story = NormalizedStory.model_validate_json(payload or b"")
            except ValidationError as exc:
                msg = f"invalid record on the dedup topic: {exc}"
                await wiring.reject(DeadLetterCode.DEDUP_INVALID_RECORD, "dedup", msg, payload)
                continue
            try:
                info, decided = dedup(story, wiring.stage, wiring.aliases)
            except Exception as exc:  # one story must not stop global dedup for all
                msg = f"dedup failed: {type(exc).__name__}: {exc}"
                await wiring.reject(DeadLetterCode.DEDUP_FAILED, "dedup", msg, payload)
                continue
            wiring.metrics.stage_seconds.labels(stage="dedup").observe(perf_counter() - started)
            wiring.metrics.record_verdict(
                info,
                index_size=wiring.stage.index_size,
                open_clusters=wiring.stage.open_clusters,
            )
            merges = wiring.book.merges_total
            for cluster in clusters(story, info, wiring.book):
                await wiring.publish(cluster)
            wiring.metrics.record_clusters(wiring.book, merges=wiring.book.merges_total - merges)
            if isinstance(decided, DuplicateRecord):
                await wiring.publish(decided)
            else:
                await topics.to_enrich.send(
                    key=story.story_id.encode("utf-8"),
                    value=decided.model_dump_json().encode("utf-8"),
                )

    @app.agent(topics.to_enrich, name="enrich", concurrency=1)
    async def enrich_agent(stream: faust.StreamT) -> None:
        # Nothing before the loop: the model is loaded before the worker joins the group
        # (Wiring.warm_up); see docs/reliability.md, "Agent start-up".
        loop = asyncio.get_running_loop()
        async for values in stream.take(
            settings.enrich_batch_size, within=settings.enrich_batch_seconds
        ):
            batch: list[StoryToEnrich] = []
            for payload in values:
                try:
                    batch.append(StoryToEnrich.model_validate_json(payload or b""))
                except ValidationError as exc:
                    msg = f"invalid record on the enrich topic: {exc}"
                    await wiring.reject(
                        DeadLetterCode.ENRICH_INVALID_RECORD, "enrich", msg, payload
                    )
            if not batch:
                continue
            started = perf_counter()
            # NLP is CPU-bound: run it off the event loop so heartbeats keep flowing.
            outputs = await loop.run_in_executor(None, wiring.enrich_batch, batch)
            per_story = (perf_counter() - started) / len(batch)
            for record in outputs:
                wiring.metrics.stage_seconds.labels(stage="enrich").observe(per_story)
                await wiring.publish(record)

    lag_topics = (settings.topic_raw, settings.topic_normalized, settings.topic_to_enrich)

    @app.timer(LAG_INTERVAL_SECONDS)
    async def _consumer_lag() -> None:
        """wirestream_consumer_lag: the backlog Kafka holds while enrichment catches up."""
        with contextlib.suppress(Exception):  # mid-rebalance or broker away: next tick
            await update_lag(app, wiring.metrics, lag_topics)

    @app.page("/metrics")
    async def metrics_page(web: Any, request: Any) -> Any:
        return web.bytes(wiring.metrics.render(), content_type="text/plain")

    @app.page("/ready")
    async def ready_page(web: Any, request: Any) -> Any:
        """200 once the worker has partitions assigned and is not rebalancing."""
        assigned = app.consumer.assignment() if app.consumer else set()
        ready = bool(assigned) and not app.rebalancing
        return web.json({"ready": ready, "assigned": len(assigned)}, status=200 if ready else 503)

    install_dashboard(app, wiring.dashboard, wiring.metrics)  # / and /api/*
    return wiring
