"""Metrics: what the worker records, and the snapshot `wirestream metrics` shows."""

from __future__ import annotations

from rich.console import Console

from schemas import DedupInfo
from stream.metrics import Metrics
from stream.metrics_view import summarize
from stream.render import render_record


def test_snapshot_reduces_prometheus_text_to_dedup_figures():
    metrics = Metrics()
    metrics.record_in("Reuters")
    metrics.record_in(None)
    metrics.record_verdict(DedupInfo(verdict="unique"), index_size=1, open_clusters=1)
    metrics.record_verdict(
        DedupInfo(verdict="exact_duplicate", similarity=1.0), index_size=1, open_clusters=1
    )
    metrics.stage_seconds.labels(stage="dedup").observe(0.002)
    figures = summarize(metrics.render().decode())
    assert figures["stories in"] == 2
    assert figures["stories in by source"] == {"Reuters": 1, "unknown": 1}
    assert figures["verdicts"] == {"unique": 1, "exact_duplicate": 1}
    assert figures["dedup ratio"] == 0.5
    assert figures["index size"] == 1 and figures["open clusters"] == 1
    assert figures["mean similarity"] == 1.0
    assert figures["mean stage ms"] == {"dedup": 2.0}


def test_source_labels_are_capped():
    metrics = Metrics()
    for i in range(Metrics.MAX_SOURCES + 20):
        metrics.record_in(f"outlet {i}")
    by_source = summarize(metrics.render().decode())["stories in by source"]
    assert len(by_source) == Metrics.MAX_SOURCES + 1
    assert by_source["other"] == 20


def test_records_render_without_reading_ids_as_markup():
    console = Console(record=True, width=100)
    enriched = {
        "story_id": "[/]odd[bold]",
        "body": "b",
        "headline": "Harbour reopens",
        "dedup": {"verdict": "same_story", "cluster_id": "c1", "similarity": 0.5},
        "entities": [{"canonical": "Port Authority", "label": "ORG"}],
        "quotes": [{"text": "We are open", "speaker": "Jane Roe", "cue": "said"}],
    }
    for value in (
        enriched,
        {"story_id": "d", "duplicate_of": "o", "kind": "near", "similarity": 0.9},
        {"story_id": None, "stage": "decode", "error": "the payload is not valid JSON"},
        "not json at all",
    ):
        console.print(render_record(value))
    text = console.export_text()
    assert "[/]odd[bold]" in text and "Jane Roe" in text and "same_story" in text
    assert "duplicate d (near, sim 0.90) of o" in text
    assert "dead letter [decode]" in text
