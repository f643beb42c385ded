"""The dashboard's live figures, read from the worker's own metrics registry."""

from __future__ import annotations

import time
from typing import Any

from stream.runtime.web.state import DashboardState, Samples, buckets, by_label, quantile, total


def _ranked(values: dict[str, float]) -> list[dict[str, Any]]:
    return [
        {"name": name, "value": value}
        for name, value in sorted(values.items(), key=lambda kv: (-kv[1], kv[0]))
    ]


def _histogram_bars(cumulative: list[tuple[float, float]]) -> list[dict[str, Any]]:
    """Cumulative buckets -> one bar per bucket, labelled by its upper bound."""
    bars = []
    previous_le, previous = 0.0, 0.0
    for le, count in cumulative:
        if le == float("inf"):
            if count - previous:
                bars.append({"name": f"> {previous_le:g}", "value": count - previous})
            break
        bars.append({"name": f"≤ {le:g}", "value": count - previous})
        previous_le, previous = le, count
    return bars


def summary(samples: Samples, state: DashboardState, cluster_limit: int = 50) -> dict[str, Any]:
    """Everything the page shows except the hour of history (``state.series``)."""
    latency = buckets(samples, "wirestream_output_latency_seconds")
    reasons = [
        {"stage": labels.get("stage", ""), "reason": labels.get("reason", ""), "count": value}
        for labels, value in samples.get("wirestream_dead_letter_reasons_total", [])
    ]
    reasons.sort(key=lambda r: -r["count"])
    recent = list(state.history)[-13:]  # about the last minute
    span = recent[-1].t - recent[0].t if len(recent) > 1 else 0.0
    return {
        "generated_at": time.time(),
        "kpis": {
            "stories_in": total(samples, "wirestream_stories_in_total"),
            "published": total(samples, "wirestream_enriched_total"),
            "duplicates": total(samples, "wirestream_duplicates_total"),
            "dedup_ratio": total(samples, "wirestream_dedup_ratio"),
            "dead_letters": total(samples, "wirestream_dead_letters_total"),
            "open_clusters": total(samples, "wirestream_open_clusters"),
            "index_size": total(samples, "wirestream_index_size"),
            "latency_p50": quantile(latency, 0.5),
            "latency_p95": quantile(latency, 0.95),
            "in_per_s": (
                max(0.0, recent[-1].stories_in - recent[0].stories_in) / span if span else None
            ),
        },
        "outlets": _ranked(by_label(samples, "wirestream_stories_in_total", "source")),
        "verdicts": _ranked(by_label(samples, "wirestream_verdicts_total", "verdict")),
        "duplicates_by_kind": _ranked(by_label(samples, "wirestream_duplicates_total", "kind")),
        "similarity": _histogram_bars(buckets(samples, "wirestream_similarity")),
        "lag": _ranked(by_label(samples, "wirestream_consumer_lag", "topic")),
        "dead_letter_reasons": reasons,
        "dead_letters": list(state.dead_letters),
        "clusters": state.cluster_list(cluster_limit),
        "clusters_held": len(state.clusters),
    }
