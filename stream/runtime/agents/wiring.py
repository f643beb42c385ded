"""What the agents share: the app, the tables with the stages over them, and ``publish``."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import faust

from schemas import DeadLetter, DeadLetterCode, Stage, StoryCluster, StoryToEnrich, utcnow
from stream.core.clusters import ClusterBook
from stream.core.dedup import DedupStage
from stream.core.emit import emit
from stream.core.extract import Enricher
from stream.core.extract.aliases import AliasMemory
from stream.core.normalize import DEFAULT_TUNING, NormalizeTuning
from stream.core.normalize import warm_up as normalize_warm_up
from stream.core.pipeline import (
    Output,
    OutputRecord,
    cluster_book,
    dead_letter,
    dedup_stage,
    enrich,
)
from stream.errors import StageError
from stream.runtime.metrics import Metrics
from stream.runtime.topics import Topics
from stream.runtime.web import DashboardState
from stream.settings import Settings

log = logging.getLogger(__name__)

__all__ = ["Tables", "Wiring", "declare_tables", "kafka_time"]


@dataclass(frozen=True)
class Tables:
    """The worker's global state: changelog-backed faust Tables of one partition each,
    so every story meets every other one (dedup verdicts, cluster book, entity aliases)."""

    dedup: Any
    clusters: Any
    aliases: Any


def declare_tables(app: faust.App, settings: Settings) -> Tables:
    def table(name: str) -> Any:
        # Replicated like the app topics (faust takes the factor from the app).
        configs = {"min.insync.replicas": str(settings.topics.min_insync_replicas)}
        return app.Table(
            name,
            default=None,
            partitions=1,
            key_type=str,
            extra_topic_configs=configs,
            options=settings.worker.table_options,  # bounded RocksDB memory per table
        )

    return Tables(
        dedup=table("dedup-state"),  # stream.core.dedup
        clusters=table("cluster-book"),  # stream.core.clusters
        aliases=table("entity-aliases"),  # stream.core.extract.aliases
    )


def kafka_time(event: faust.EventT) -> datetime | None:
    """The Kafka timestamp: stable across re-deliveries, unlike the wall clock."""
    ts = getattr(event.message, "timestamp", None)
    return datetime.fromtimestamp(ts, tz=UTC) if ts else None


@dataclass
class Wiring:
    """What the agents share; kept on one object so tests can reach it."""

    app: faust.App
    settings: Settings
    topics: Topics
    metrics: Metrics
    tables: Tables
    enricher_factory: Callable[[], Enricher]
    dashboard: DashboardState = field(default_factory=DashboardState)
    normalize_tuning: NormalizeTuning = DEFAULT_TUNING
    _enricher: Enricher | None = field(default=None, repr=False)
    _stage: DedupStage | None = field(default=None, repr=False)
    _book: ClusterBook | None = field(default=None, repr=False)
    _aliases: AliasMemory | None = field(default=None, repr=False)
    _channels: dict[str, faust.TopicT] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._channels = self.topics.by_name(self.settings)

    @property
    def enricher(self) -> Enricher:
        if self._enricher is None:  # load the NLP model once per worker (see warm_up)
            self._enricher = self.enricher_factory()
        return self._enricher

    @property
    def stage(self) -> DedupStage:
        if self._stage is None:
            # len(Table) walks every RocksDB key: counted on the first decision only; the
            # index is rebuilt on every recovery (rebuild_on_recovery).
            self._stage = dedup_stage(self.tables.dedup, self.settings, len_check_every=None)
        return self._stage

    @property
    def book(self) -> ClusterBook:
        if self._book is None:  # built on first use: after the table's recovery
            self._book = cluster_book(self.tables.clusters, self.settings)
        return self._book

    @property
    def aliases(self) -> AliasMemory:
        """The entity alias memory, next to the dedup state (both global, one partition)."""
        if self._aliases is None:
            self._aliases = AliasMemory(self.tables.aliases)
        return self._aliases

    def rebuild_on_recovery(self) -> None:
        """Derived state (the LSH index, the book's eviction heap and counts, the alias
        memory's LRU order) is rebuilt from its table after every recovery."""

        async def rebuild_index() -> None:
            self.stage.rebuild()

        async def rebuild_book() -> None:
            self.book.rebuild()

        async def rebuild_aliases() -> None:
            self.aliases.rebuild()

        self.tables.dedup.on_recover(rebuild_index)
        self.tables.clusters.on_recover(rebuild_book)
        self.tables.aliases.on_recover(rebuild_aliases)

    async def publish(self, record: Output) -> None:
        """Send one output record, keyed by story_id (cluster_id on wire.clusters):
        idempotent downstream.

        ``emit`` routes it and cuts a record over the topics' message limit down first,
        as the offline driver does, so the broker never refuses it and the agent keeps
        running.
        """
        out = emit(record, self.settings)
        await self._channels[out.topic].send(key=out.key_bytes(), value=out.value_bytes())
        self.metrics.record_output(out.record)
        self.observe(out.record)

    async def forward(self, channel: faust.TopicT, story_id: str, record: Any) -> None:
        """Send an internal record (``wire.normalized``, ``wire.to-enrich``) to the next
        stage, keyed by story_id so its partition is the story's."""
        await channel.send(
            key=story_id.encode("utf-8"), value=record.model_dump_json().encode("utf-8")
        )

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
