"""Prometheus metrics of the pipeline (served by the worker at ``/metrics``).

One ``Metrics`` object per process owns its own registry, so tests can build several.
The drivers record outcomes; the pipeline core knows nothing about metrics.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from typing import Protocol

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.core import HistogramMetricFamily
from prometheus_client.registry import Collector

from schemas import DeadLetter, DedupInfo, DuplicateRecord, EnrichedStory, StoryCluster

CLUSTER_SIZE_BUCKETS = (1, 2, 3, 5, 10, 20, 50, 100, 500)
SIMILARITY_BUCKETS = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99, 1.0)
LATENCY_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5)
OUTPUT_LATENCY_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 900)
"""Publish -> output is seconds to minutes (NLP batches, backlog), not stage milliseconds."""

_DETAIL = re.compile(r"\s*[(:;].*$", re.DOTALL)
_NUMBER = re.compile(r"(?<![\w-])\d[\d,._]*")


def reason_label(error: str) -> str:
    """A bounded label for a dead letter's sentence: its clause before any detail.

    Our own messages put the variable part after a colon or in brackets ("the payload
    is not valid JSON (Expecting value)"); numbers become ``N``. Together with the cap
    in ``Metrics`` this keeps one series per kind of failure, not per payload.
    """
    head = _NUMBER.sub("N", _DETAIL.sub("", error or "")).strip()
    return " ".join(head.split())[:80] or "unknown"


class Metrics:
    """The service's metrics; names are ``wirestream_*``."""

    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        self.registry = registry or CollectorRegistry()
        r = self.registry
        self.stories_in = Counter(
            "wirestream_stories_in", "Stories read from wire.raw", ["source"], registry=r
        )
        self.verdicts = Counter(
            "wirestream_verdicts", "Dedup verdicts given", ["verdict"], registry=r
        )
        self.duplicates = Counter(
            "wirestream_duplicates", "Stories suppressed as duplicates", ["kind"], registry=r
        )
        self.dead_letters = Counter(
            "wirestream_dead_letters", "Payloads sent to wire.deadletter", ["stage"], registry=r
        )
        self.enriched = Counter(
            "wirestream_enriched", "Stories published to wire.enriched", registry=r
        )
        self.dedup_ratio = Gauge(
            "wirestream_dedup_ratio", "Share of deduplicated stories suppressed", registry=r
        )
        self.open_clusters = Gauge(
            "wirestream_open_clusters", "Story clusters inside the dedup window", registry=r
        )
        self.index_size = Gauge(
            "wirestream_index_size", "Stories held in the dedup index", registry=r
        )
        self.similarity = Histogram(
            "wirestream_similarity",
            "Similarity of a story to its best match in the index",
            buckets=SIMILARITY_BUCKETS,
            registry=r,
        )
        self.stage_seconds = Histogram(
            "wirestream_stage_seconds",
            "Time spent in a pipeline stage per story",
            ["stage"],
            buckets=LATENCY_BUCKETS,
            registry=r,
        )
        self.consumer_lag = Gauge(
            "wirestream_consumer_lag",
            "Messages behind the end of the partition, per topic",
            ["topic"],
            registry=r,
        )
        self.dead_letter_reasons = Counter(
            "wirestream_dead_letter_reasons",
            "Payloads sent to wire.deadletter, by stage and kind of reason",
            ["stage", "reason"],
            registry=r,
        )
        self.output_latency = Histogram(
            "wirestream_output_latency_seconds",
            "Time from a story's publish (received_at) to its output record",
            ["topic"],
            buckets=OUTPUT_LATENCY_BUCKETS,
            registry=r,
        )
        self.clusters_open = Gauge(
            "wirestream_clusters_open",
            "Story clusters on wire.clusters inside the window, not merged away",
            registry=r,
        )
        self.cluster_singletons = Gauge(
            "wirestream_cluster_singletons", "Open story clusters of one story", registry=r
        )
        self.cluster_merges = Counter(
            "wirestream_cluster_merges", "Story clusters merged into another one", registry=r
        )
        self.cluster_sizes = ClusterSizes()
        r.register(self.cluster_sizes)
        self._deduped = 0
        self._reasons: set[tuple[str, str]] = set()
        self._suppressed = 0
        self._sources: set[str] = set()

    MAX_SOURCES = 100
    MAX_REASONS = 40
    """Distinct ``source`` labels kept; the outlet is read from story text, so without a
    cap one odd feed could create a series per story."""

    def record_in(self, source: str | None) -> None:
        label = (source or "unknown")[:64]
        if label not in self._sources:
            if len(self._sources) >= self.MAX_SOURCES:
                label = "other"
            else:
                self._sources.add(label)
        self.stories_in.labels(source=label).inc()

    def record_verdict(self, info: DedupInfo, index_size: int, open_clusters: int) -> None:
        self.verdicts.labels(verdict=info.verdict).inc()
        if info.similarity is not None:
            self.similarity.observe(info.similarity)
        self._deduped += 1
        if info.verdict.endswith("_duplicate"):
            self._suppressed += 1
        self.dedup_ratio.set(self._suppressed / self._deduped)
        self.index_size.set(index_size)
        self.open_clusters.set(open_clusters)

    def record_clusters(self, book: ClusterFigures, merges: int = 0) -> None:
        """After the cluster book counted a verdict: its figures, and new merges."""
        self.clusters_open.set(book.open_clusters)
        self.cluster_singletons.set(book.singletons)
        self.cluster_sizes.sizes = book.sizes
        if merges:
            self.cluster_merges.inc(merges)

    def record_output(
        self,
        record: EnrichedStory | DuplicateRecord | DeadLetter | StoryCluster,
        now: datetime | None = None,
    ) -> None:
        if isinstance(record, StoryCluster):
            return  # counted by record_clusters
        if isinstance(record, EnrichedStory):
            self.enriched.inc()
            self._record_latency("enriched", record.received_at, now)
        elif isinstance(record, DuplicateRecord):
            self.duplicates.labels(kind=record.kind).inc()
        else:
            self.dead_letters.labels(stage=record.stage).inc()
            self._record_reason(record.stage, reason_label(record.error))
            self._record_latency("deadletter", record.received_at, now)

    def _record_reason(self, stage: str, reason: str) -> None:
        if (stage, reason) not in self._reasons:
            if len(self._reasons) >= self.MAX_REASONS:
                reason = "other"
            else:
                self._reasons.add((stage, reason))
        self.dead_letter_reasons.labels(stage=stage, reason=reason).inc()

    def _record_latency(self, topic: str, since: datetime | None, now: datetime | None) -> None:
        """Seconds since ``received_at`` (the replayer's stamp or the Kafka timestamp).

        A story whose feed gave it a received_at in the future (clock skew) is not
        counted rather than counted as zero.
        """
        if since is None:
            return
        if since.tzinfo is None:
            since = since.replace(tzinfo=UTC)
        seconds = ((now or datetime.now(UTC)) - since).total_seconds()
        if seconds >= 0:
            self.output_latency.labels(topic=topic).observe(seconds)

    def render(self) -> bytes:
        """Prometheus text exposition format."""
        return generate_latest(self.registry)


class ClusterFigures(Protocol):
    """What ``record_clusters`` reads (``stream.core.clusters.ClusterBook`` has it)."""

    @property
    def open_clusters(self) -> int: ...
    @property
    def singletons(self) -> int: ...
    @property
    def sizes(self) -> dict[int, int]: ...


class ClusterSizes(Collector):
    """``wirestream_cluster_size``: a histogram of the open clusters' story counts.

    A snapshot at each scrape, not a running tally: a cluster grows and leaves the
    window, so observing every change would count one cluster many times and never
    forget it.
    """

    def __init__(self) -> None:
        self.sizes: Mapping[int, int] = {}

    def collect(self) -> Iterator[HistogramMetricFamily]:
        sizes = dict(self.sizes)
        buckets = [
            (str(float(le)), sum(n for size, n in sizes.items() if size <= le))
            for le in CLUSTER_SIZE_BUCKETS
        ]
        buckets.append(("+Inf", sum(sizes.values())))
        yield HistogramMetricFamily(
            "wirestream_cluster_size",
            "Stories per open story cluster (snapshot)",
            buckets=buckets,
            sum_value=sum(size * n for size, n in sizes.items()),
        )
