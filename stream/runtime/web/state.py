"""What the dashboard shows that ``/metrics`` does not hold: the latest record of each
story cluster, the latest dead letters, and an hour of metric samples for the charts.

Plain Python, no faust: the worker feeds it (``observe_cluster``, ``observe_dead_letter``,
``sample``) and the web routes read it. Everything is bounded: a worker that runs for
months holds no more than one that filled its bounds in a day (a few MB at most:
clusters are kept as their JSON, see ``docs/monitoring.md``).
"""

from __future__ import annotations

import json
import time
from collections import OrderedDict, deque
from dataclasses import dataclass, field
from datetime import datetime
from itertools import pairwise
from typing import Any

from prometheus_client import CollectorRegistry

from schemas import DeadLetter, StoryCluster

Samples = dict[str, list[tuple[dict[str, str], float]]]

MAX_CLUSTERS = 300
"""Clusters kept; past this the one updated longest ago goes (the topic keeps them all)."""
MAX_DEAD_LETTERS = 50
HISTORY_SECONDS = 3600.0
SAMPLE_SECONDS = 5.0
PAYLOAD_PREVIEW_CHARS = 160


def read_registry(registry: CollectorRegistry) -> Samples:
    """``{sample name: [(labels, value), ...]}`` straight from the registry (no text)."""
    out: Samples = {}
    for family in registry.collect():
        for sample in family.samples:
            out.setdefault(sample.name, []).append((dict(sample.labels), sample.value))
    return out


def total(samples: Samples, name: str) -> float:
    return sum(v for _, v in samples.get(name, []))


def by_label(samples: Samples, name: str, label: str) -> dict[str, float]:
    out: dict[str, float] = {}
    for labels, value in samples.get(name, []):
        key = labels.get(label, "")
        out[key] = out.get(key, 0.0) + value
    return out


def buckets(samples: Samples, name: str) -> list[tuple[float, float]]:
    """Cumulative ``(le, count)`` of a histogram, summed over its other labels."""
    acc: dict[float, float] = {}
    for labels, value in samples.get(f"{name}_bucket", []):
        le = float(labels["le"])
        acc[le] = acc.get(le, 0.0) + value
    return sorted(acc.items())


def quantile(cumulative: list[tuple[float, float]], q: float) -> float | None:
    """Prometheus' ``histogram_quantile``: linear inside the bucket that holds rank q."""
    if not cumulative or cumulative[-1][1] <= 0:
        return None
    rank = q * cumulative[-1][1]
    lower_le, lower_count = 0.0, 0.0
    for le, count in cumulative:
        if count >= rank:
            if le == float("inf"):
                return lower_le  # above the last finite bound: say the bound, as Prometheus
            width = count - lower_count
            share = (rank - lower_count) / width if width else 1.0
            return lower_le + (le - lower_le) * share
        lower_le, lower_count = le, count
    return lower_le


@dataclass
class Point:
    """Cumulative figures at one moment; the charts plot differences of neighbours."""

    t: float
    stories_in: float
    outputs: float
    verdicts: dict[str, float]
    latency: list[tuple[float, float]]


def _delta_buckets(
    now: list[tuple[float, float]], before: list[tuple[float, float]]
) -> list[tuple[float, float]]:
    old = dict(before)
    return [(le, count - old.get(le, 0.0)) for le, count in now]


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


@dataclass(frozen=True, slots=True)
class ClusterEntry:
    """One cluster as the view needs it: its table row, and the record as compact JSON
    (a tenth of the memory of the pydantic object with its members)."""

    rank: tuple[int, float]
    row: dict[str, Any]
    record_json: bytes

    @classmethod
    def of(cls, c: StoryCluster) -> ClusterEntry:
        row = {
            "cluster_id": c.cluster_id,
            "headline": c.headline,
            "story_count": c.story_count,
            "published_count": c.published_count,
            "duplicate_count": c.duplicate_count,
            "outlets": c.outlets[:12],
            "first_seen": _iso(c.first_seen),
            "last_seen": _iso(c.last_seen),
        }
        last = c.last_seen.timestamp() if c.last_seen else 0.0
        return cls((c.story_count, last), row, c.model_dump_json().encode("utf-8"))


@dataclass
class DashboardState:
    """The dashboard's memory, one per worker process."""

    max_clusters: int = MAX_CLUSTERS
    max_dead_letters: int = MAX_DEAD_LETTERS
    history_seconds: float = HISTORY_SECONDS
    sample_seconds: float = SAMPLE_SECONDS
    clusters: OrderedDict[str, ClusterEntry] = field(default_factory=OrderedDict)
    dead_letters: deque[dict[str, Any]] = field(init=False)
    history: deque[Point] = field(init=False)

    def __post_init__(self) -> None:
        self.dead_letters = deque(maxlen=self.max_dead_letters)
        self.history = deque(maxlen=int(self.history_seconds / self.sample_seconds) + 1)

    # --- feeds ----------------------------------------------------------------------

    def observe_cluster(self, record: StoryCluster) -> None:
        """The latest ``wire.clusters`` record of one cluster replaces the one before.

        A record with ``merged_into`` closes its cluster: it leaves the open view.
        """
        self.clusters.pop(record.cluster_id, None)
        if record.merged_into:
            return
        self.clusters[record.cluster_id] = ClusterEntry.of(record)  # newest last
        while len(self.clusters) > self.max_clusters:
            self.clusters.popitem(last=False)

    def observe_dead_letter(self, letter: DeadLetter) -> None:
        text = letter.payload_encoding == "text"
        preview = letter.payload[:PAYLOAD_PREVIEW_CHARS] if text else ""
        self.dead_letters.appendleft(
            {
                "at": _iso(letter.received_at),
                "stage": letter.stage,
                "error": letter.error,
                "story_id": letter.story_id,
                "payload_size": letter.payload_size,
                "payload_encoding": letter.payload_encoding,
                "payload_preview": preview,
                "source": (
                    f"{letter.source_topic}[{letter.source_partition}]@{letter.source_offset}"
                    if letter.source_topic
                    else None
                ),
            }
        )

    def sample(self, samples: Samples, now: float | None = None) -> None:
        """Take one point of the hour-long history from the current metric values."""
        outputs = (
            total(samples, "wirestream_enriched_total")
            + total(samples, "wirestream_duplicates_total")
            + total(samples, "wirestream_dead_letters_total")
        )
        self.history.append(
            Point(
                t=time.time() if now is None else now,
                stories_in=total(samples, "wirestream_stories_in_total"),
                outputs=outputs,
                verdicts=by_label(samples, "wirestream_verdicts_total", "verdict"),
                latency=buckets(samples, "wirestream_output_latency_seconds"),
            )
        )

    # --- views ----------------------------------------------------------------------

    def series(self) -> dict[str, Any]:
        """Per-interval rates over the last hour, in columns (what uPlot plots)."""
        points = list(self.history)
        verdict_names = sorted({v for p in points for v in p.verdicts})
        out: dict[str, Any] = {
            "t": [],
            "in_per_s": [],
            "out_per_s": [],
            "latency_p50": [],
            "latency_p95": [],
            "verdicts": {v: [] for v in verdict_names},
        }
        for before, now in pairwise(points):
            dt = now.t - before.t
            if dt <= 0:
                continue
            out["t"].append(round(now.t, 3))
            # a counter that went down means the worker restarted: count from zero
            out["in_per_s"].append(_rate(now.stories_in, before.stories_in, dt))
            out["out_per_s"].append(_rate(now.outputs, before.outputs, dt))
            window = _delta_buckets(now.latency, before.latency)
            if any(count < 0 for _, count in window):
                window = now.latency
            out["latency_p50"].append(quantile(window, 0.5))
            out["latency_p95"].append(quantile(window, 0.95))
            for name in verdict_names:
                out["verdicts"][name].append(
                    max(0.0, now.verdicts.get(name, 0.0) - before.verdicts.get(name, 0.0))
                )
        return out

    def cluster_list(self, limit: int = 50) -> list[dict[str, Any]]:
        """Open clusters, biggest first, then freshest."""
        ranked = sorted(self.clusters.values(), key=lambda e: e.rank, reverse=True)
        return [entry.row for entry in ranked[:limit]]

    def cluster_detail(self, cluster_id: str) -> dict[str, Any] | None:
        entry = self.clusters.get(cluster_id)
        return json.loads(entry.record_json) if entry else None

    def cluster(self, cluster_id: str) -> StoryCluster | None:
        """The latest record of an open cluster, as it came in."""
        entry = self.clusters.get(cluster_id)
        return StoryCluster.model_validate_json(entry.record_json) if entry else None


def _rate(now: float, before: float, dt: float) -> float:
    return (now - before if now >= before else now) / dt
