"""Metrics: what the worker records, and the snapshot `wirestream metrics` shows."""

from __future__ import annotations

from rich.console import Console

from schemas import DedupInfo
from stream.cli.metrics_view import summarize
from stream.cli.render import render_record
from stream.runtime.metrics import Metrics


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


def _book_with_clusters():
    from schemas import NormalizedStory
    from stream.core.clusters import ClusterBook

    book = ClusterBook({})
    for sid, cluster, verdict, merged in (
        ("a1", "A", "unique", []),
        ("a2", "A", "same_story", []),
        ("b1", "B", "unique", []),
        ("c1", "C", "unique", []),
        ("a3", "A", "same_story", ["C"]),
    ):
        story = NormalizedStory(story_id=sid, body="Some text about it.")
        book.apply(story, DedupInfo(verdict=verdict, cluster_id=cluster, merged_from=merged), 0.0)
    return book


def test_cluster_figures_reach_the_snapshot():
    metrics = Metrics()
    book = _book_with_clusters()
    metrics.record_clusters(book, merges=book.merges_total)
    figures = summarize(metrics.render().decode())
    # A holds a1, a2, a3 and C's c1; B is a singleton.
    assert figures["story clusters open"] == 2 and figures["singleton clusters"] == 1
    assert figures["cluster merges"] == 1
    assert figures["mean cluster size"] == 2.5
    text = metrics.render().decode()
    assert 'wirestream_cluster_size_bucket{le="1.0"} 1.0' in text
    assert 'wirestream_cluster_size_bucket{le="3.0"} 1.0' in text  # A has 4
    assert 'wirestream_cluster_size_bucket{le="5.0"} 2.0' in text
    assert 'wirestream_cluster_size_bucket{le="+Inf"} 2.0' in text


def test_metrics_pass_promtool(tmp_path):
    """The exposition, cluster histogram included, is valid for Prometheus's own linter."""
    import shutil
    import subprocess

    promtool = shutil.which("promtool")
    assert promtool, "promtool is needed (apt-get install prometheus)"
    metrics = Metrics()
    metrics.record_clusters(_book_with_clusters(), merges=1)
    result = subprocess.run(
        [promtool, "check", "metrics"], input=metrics.render(), capture_output=True, check=False
    )
    # promtool lints names too; only a parse error or a histogram fault is ours to fix.
    out = (result.stdout + result.stderr).decode()
    assert "error" not in out.lower(), out
    assert "wirestream_cluster_size" not in out, out


def test_a_cluster_record_renders_readably():
    console = Console(record=True, width=120)
    value = {
        "cluster_id": "[c1]",
        "headline": "Bridge reopens",
        "story_count": 12,
        "published_count": 9,
        "duplicate_count": 3,
        "outlets": ["Wire", "Paper"],
        "names": ["Ana Costa", "Lisbon Port Authority"],
        "members": [
            {"story_id": "s1", "source": "Wire", "headline": "Bridge reopens", "verdict": "unique"}
        ],
        "merged_from": ["c9"],
        "first_seen": "2025-08-09T06:00:00Z",
        "last_seen": "2025-08-09T07:00:00Z",
    }
    console.print(render_record(value))
    text = console.export_text()
    assert "cluster [c1]" in text and "12 stories" in text and "9 published" in text
    assert "3 copies" in text and "Ana Costa" in text and "Wire, Paper" in text
    assert "merged from: c9" in text and "11 more" in text
