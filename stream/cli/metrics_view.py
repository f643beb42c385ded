"""Read a running worker's ``/metrics`` and reduce it to the figures people watch."""

from __future__ import annotations

import urllib.request

from prometheus_client.parser import text_string_to_metric_families

Figures = dict[str, float | dict[str, float]]


def fetch_metrics(url: str, timeout: float = 3.0) -> str:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.read().decode("utf-8")


def summarize(text: str) -> Figures:
    """Prometheus text -> ``{figure: value or {label: value}}`` in a fixed order."""
    samples: dict[str, list[tuple[dict[str, str], float]]] = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            samples.setdefault(sample.name, []).append((sample.labels, sample.value))

    def total(name: str) -> float:
        return sum(v for _, v in samples.get(name, []))

    def by(name: str, label: str) -> dict[str, float]:
        return {labels.get(label, ""): v for labels, v in samples.get(name, [])}

    figures: Figures = {
        "stories in": total("wirestream_stories_in_total"),
        "stories in by source": by("wirestream_stories_in_total", "source"),
        "verdicts": by("wirestream_verdicts_total", "verdict"),
        "duplicates": by("wirestream_duplicates_total", "kind"),
        "dedup ratio": total("wirestream_dedup_ratio"),
        "open clusters": total("wirestream_open_clusters"),
        "story clusters open": total("wirestream_clusters_open"),
        "singleton clusters": total("wirestream_cluster_singletons"),
        "cluster merges": total("wirestream_cluster_merges_total"),
        "index size": total("wirestream_index_size"),
        "enriched": total("wirestream_enriched_total"),
        "dead letters": by("wirestream_dead_letters_total", "stage"),
    }
    clustered = total("wirestream_cluster_size_count")
    if clustered:
        figures["mean cluster size"] = total("wirestream_cluster_size_sum") / clustered
    sim_n = total("wirestream_similarity_count")
    if sim_n:
        figures["mean similarity"] = total("wirestream_similarity_sum") / sim_n
    counts = by("wirestream_stage_seconds_count", "stage")
    sums = by("wirestream_stage_seconds_sum", "stage")
    figures["mean stage ms"] = {
        stage: 1000 * sums.get(stage, 0.0) / n for stage, n in counts.items() if n
    }
    lag = by("wirestream_consumer_lag", "topic")
    if lag:
        figures["consumer lag"] = lag
    return figures
