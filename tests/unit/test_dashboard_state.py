"""The dashboard's memory and figures, without a worker (the browser test has one)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from schemas import DedupInfo, DuplicateRecord, NormalizedStory, StoryCluster
from stream.core.pipeline import ingest
from stream.runtime.metrics import Metrics, reason_label
from stream.runtime.web.routes import STATIC, static_bytes
from stream.runtime.web.state import DashboardState, buckets, quantile, read_registry
from stream.runtime.web.summary import summary
from stream.settings import Settings

T0 = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)


def _story(sid: str, source: str, minutes: int = 0) -> NormalizedStory:
    return NormalizedStory(
        story_id=sid,
        source=source,
        headline=f"headline {sid}",
        body="text",
        received_at=T0 + timedelta(minutes=minutes),
    )


def test_reasons_are_the_sentence_without_its_details_and_capped():
    assert reason_label("the payload is not valid JSON (Expecting value)") == (
        "the payload is not valid JSON"
    )
    assert reason_label("the payload is not valid UTF-8 (byte 3)") == (
        "the payload is not valid UTF-8"
    )
    assert reason_label("the body is 1,000,001 bytes, over the limit of 1,000,000 bytes") == (
        "the body is N bytes, over the limit of N bytes"
    )
    assert reason_label("the story does not match the RawStory contract: body: Field required") == (
        "the story does not match the RawStory contract"
    )
    metrics = Metrics()
    settings = Settings()
    for i in range(Metrics.MAX_REASONS + 5):
        letter = ingest(b"{broken", settings)
        letter.error = f"failure kind {chr(65 + i % 26)}{i // 26}"
        metrics.record_output(letter)
    reasons = read_registry(metrics.registry)["wirestream_dead_letter_reasons_total"]
    assert len(reasons) == Metrics.MAX_REASONS + 1
    assert {labels["reason"]: v for labels, v in reasons}["other"] == 5


def test_output_latency_counts_from_received_at_and_skips_future_stamps():
    metrics = Metrics()
    letter = ingest(b"{broken", Settings(), received_at=T0)
    metrics.record_output(letter, now=T0 + timedelta(seconds=3))
    future = ingest(b"{broken", Settings(), received_at=T0 + timedelta(hours=1))
    metrics.record_output(future, now=T0)
    samples = read_registry(metrics.registry)
    assert sum(v for _, v in samples["wirestream_output_latency_seconds_count"]) == 1
    assert sum(v for _, v in samples["wirestream_output_latency_seconds_sum"]) == 3.0


def test_quantile_interpolates_like_prometheus():
    cumulative = [(1.0, 0.0), (2.0, 10.0), (4.0, 20.0), (float("inf"), 20.0)]
    assert quantile(cumulative, 0.5) == 2.0
    assert quantile(cumulative, 0.25) == 1.5
    assert quantile(cumulative, 0.75) == 3.0
    assert quantile([(1.0, 0.0), (float("inf"), 0.0)], 0.5) is None


def test_cluster_book_records_feed_the_view_and_a_merge_closes_the_absorbed_cluster():
    from stream.core.clusters import ClusterBook

    book, state = ClusterBook({}, window_hours=72.0), DashboardState()

    def feed(story: NormalizedStory, info: DedupInfo) -> None:
        for record in book.apply(story, info, story.received_at.timestamp()):
            state.observe_cluster(record)

    for i, outlet in enumerate(["Reuters", "AP", "Reuters"]):
        verdict = "unique" if i == 0 else "same_story"
        feed(_story(f"s{i}", outlet, i), DedupInfo(verdict=verdict, cluster_id="s0"))
    feed(_story("s1", "AP", 1), DedupInfo(verdict="same_story", cluster_id="s0"))  # re-delivery
    copy = DedupInfo(verdict="exact_duplicate", cluster_id="s0", duplicate_of="s1")
    feed(_story("s1~r2", "AP", 9), copy)
    record = state.cluster("s0")
    assert (record.story_count, record.published_count, record.duplicate_count) == (4, 3, 1)
    assert sorted(record.outlets) == ["AP", "Reuters"]  # two stories each
    assert record.members[-1].duplicate_of == "s1"
    feed(_story("x0", "BBC", 2), DedupInfo(verdict="unique", cluster_id="x0"))
    assert set(state.clusters) == {"s0", "x0"}
    feed(
        _story("x1", "BBC", 3), DedupInfo(verdict="same_story", cluster_id="s0", merged_from=["x0"])
    )
    assert list(state.clusters) == ["s0"]
    assert state.cluster("s0").story_count == 6
    assert state.cluster("s0").merged_from == ["x0"]


def test_cluster_view_is_bounded_ordered_and_closes_merged_clusters():
    state = DashboardState(max_clusters=3)
    for i in range(5):
        state.observe_cluster(
            StoryCluster(cluster_id=f"c{i}", story_count=i + 1, last_seen=T0 + timedelta(i))
        )
    assert list(state.clusters) == ["c2", "c3", "c4"]
    state.observe_cluster(StoryCluster(cluster_id="c9", story_count=4, last_seen=T0))
    assert [c["cluster_id"] for c in state.cluster_list()] == ["c4", "c3", "c9"]
    state.observe_cluster(StoryCluster(cluster_id="c4", story_count=5, merged_into="c3"))
    assert "c4" not in state.clusters and state.cluster_detail("c4") is None
    assert state.cluster_detail("c3")["story_count"] == 4


def test_dead_letters_ring_keeps_the_latest_with_reasons():
    state = DashboardState(max_dead_letters=3)
    for i in range(5):
        state.observe_dead_letter(ingest(f'{{"story_id": "b{i}"'.encode(), Settings()))
    binary = ingest(b"\xff\xfe", Settings())
    state.observe_dead_letter(binary)
    assert len(state.dead_letters) == 3
    latest = state.dead_letters[0]
    assert latest["stage"] == "decode" and "UTF-8" in latest["error"]
    assert latest["payload_preview"] == ""  # binary is never shown as text
    assert state.dead_letters[1]["payload_preview"] == '{"story_id": "b4"'


def test_history_series_gives_rates_and_survives_a_counter_reset():
    metrics = Metrics()
    state = DashboardState(sample_seconds=5)
    state.sample(read_registry(metrics.registry), now=100.0)
    for _ in range(10):
        metrics.record_in("AP")
        metrics.record_verdict(DedupInfo(verdict="unique"), index_size=1, open_clusters=1)
    state.sample(read_registry(metrics.registry), now=105.0)
    state.sample(read_registry(Metrics().registry), now=110.0)  # a restart: all zero
    series = state.series()
    assert series["t"] == [105.0, 110.0]
    assert series["in_per_s"] == [2.0, 0.0]
    assert series["verdicts"]["unique"] == [10.0, 0.0]


def test_summary_figures_and_similarity_bars():
    metrics = Metrics()
    state = DashboardState()
    metrics.record_in("AP")
    metrics.record_verdict(DedupInfo(verdict="unique"), index_size=1, open_clusters=1)
    metrics.record_verdict(
        DedupInfo(verdict="near_duplicate", similarity=0.93), index_size=1, open_clusters=1
    )
    metrics.record_output(
        DuplicateRecord(story_id="b", duplicate_of="a", kind="near", similarity=0.93)
    )
    figures = summary(read_registry(metrics.registry), state)
    assert figures["kpis"]["duplicates"] == 1 and figures["kpis"]["dedup_ratio"] == 0.5
    assert figures["duplicates_by_kind"] == [{"name": "near", "value": 1.0}]
    bars = {bar["name"]: bar["value"] for bar in figures["similarity"]}
    assert bars["≤ 0.95"] == 1 and sum(bars.values()) == 1
    assert buckets(read_registry(metrics.registry), "wirestream_similarity")[-1][1] == 1


def test_every_static_file_ships_and_the_page_uses_only_those():
    for relative, _ in STATIC.values():
        assert static_bytes(relative)
    page = static_bytes("index.html").decode()
    used = set(re.findall(r'"/static/([^"]+)"', page))
    assert used and used <= STATIC.keys()
    assert "http://" not in page and "https://" not in page  # no CDN at run time


def test_a_failing_view_update_never_reaches_the_agent(monkeypatch, caplog):
    from types import SimpleNamespace

    from stream.runtime.agents import Wiring

    state = DashboardState()

    def broken(_record):
        raise ValueError("boom")

    monkeypatch.setattr(state, "observe_cluster", broken)
    wiring = SimpleNamespace(dashboard=state)
    Wiring.observe(wiring, StoryCluster(cluster_id="c0", story_count=1))
    assert state.clusters == {} and "dashboard view not updated" in caplog.text


def test_static_files_are_package_data():
    import tomllib
    from fnmatch import fnmatch
    from pathlib import Path

    pyproject = tomllib.loads((Path(__file__).parents[2] / "pyproject.toml").read_text())
    globs = pyproject["tool"]["setuptools"]["package-data"]["stream"]
    for relative in ["index.html", *(rel for rel, _ in STATIC.values())]:
        assert any(fnmatch(f"runtime/web/static/{relative}", glob) for glob in globs), relative
