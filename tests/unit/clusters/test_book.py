"""ClusterBook: dedup verdicts -> wire.clusters records, without Kafka."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from schemas import DedupInfo, NormalizedStory, StoryCluster
from stream.core.clusters import ClusterBook
from stream.core.clusters import summary as summary_mod
from stream.core.clusters.fit import fit_cluster
from stream.core.clusters.names import story_names
from stream.core.dedup import DedupStage, event_time

SEEDS = Path(__file__).resolve().parents[3] / "seeds"
T0 = datetime(2025, 8, 9, 6, 0, tzinfo=UTC).timestamp()
HOUR = 3600.0


def story(
    sid: str,
    *,
    source: str | None = "Outlet A",
    headline: str | None = None,
    body: str = "Officials in Lisbon said the bridge would reopen on Monday.",
) -> NormalizedStory:
    return NormalizedStory(story_id=sid, source=source, headline=headline or sid, body=body)


def info(verdict: str = "unique", cluster: str = "c1", **kw: object) -> DedupInfo:
    return DedupInfo(verdict=verdict, cluster_id=cluster, **kw)  # type: ignore[arg-type]


def dumps(records: list[StoryCluster]) -> list[str]:
    return [r.model_dump_json() for r in records]


def test_a_new_cluster_then_a_join():
    book = ClusterBook({})
    (first,) = book.apply(story("c1", headline="Bridge to reopen"), info(), T0)
    assert first.cluster_id == "c1" and first.story_count == 1 and first.published_count == 1
    assert first.headline == "Bridge to reopen"
    assert [m.story_id for m in first.members] == ["c1"]
    assert first.first_seen == first.last_seen == datetime.fromtimestamp(T0, UTC)
    assert book.open_clusters == 1 and book.singletons == 1

    joined = story("s2", source="Outlet B", headline="Lisbon bridge reopens Monday")
    (second,) = book.apply(joined, info("same_story"), T0 + 60)
    assert second.story_count == 2 and second.published_count == 2
    assert second.headline == "Bridge to reopen"  # the earliest published story's
    assert [m.story_id for m in second.members] == ["c1", "s2"]
    assert [m.verdict for m in second.members] == ["unique", "same_story"]
    assert set(second.outlets) == {"Outlet A", "Outlet B"}
    assert second.last_seen == datetime.fromtimestamp(T0 + 60, UTC)
    assert book.singletons == 0 and book.sizes == {2: 1}


def test_copies_count_as_duplicates_and_outlets_rank_by_stories():
    book = ClusterBook({})
    book.apply(story("c1", source="Wire"), info(), T0)
    book.apply(story("d1", source="Paper"), info("exact_duplicate", duplicate_of="c1"), T0 + 1)
    (rec,) = book.apply(
        story("d2", source="Paper"), info("near_duplicate", duplicate_of="c1"), T0 + 2
    )
    assert (rec.story_count, rec.published_count, rec.duplicate_count) == (3, 1, 2)
    assert rec.outlets == ["Paper", "Wire"]
    assert [m.duplicate_of for m in rec.members] == [None, "c1", "c1"]


def test_headline_is_the_earliest_published_story_even_if_it_arrives_late():
    book = ClusterBook({})
    book.apply(story("c1", headline="Later headline"), info(), T0 + 100)
    copy = story("d1", headline="A copy's headline")
    book.apply(copy, info("exact_duplicate", duplicate_of="c1"), T0)  # copies never name it
    (rec,) = book.apply(story("s2", headline="Earlier headline"), info("same_story"), T0 + 50)
    assert rec.headline == "Earlier headline"
    assert [m.story_id for m in rec.members] == ["d1", "s2", "c1"]  # by event time


def test_redelivery_counts_a_member_once_and_re_emits_the_same_record():
    book = ClusterBook({})
    book.apply(story("c1"), info(), T0)
    once = book.apply(story("s2"), info("same_story"), T0 + 5)
    again = book.apply(story("s2"), info("same_story"), T0 + 5)
    assert dumps(again) == dumps(once)
    assert again[0].story_count == 2
    # And the first story re-delivered after others: counted once, current record.
    (first_again,) = book.apply(story("c1"), info(), T0)
    assert first_again.story_count == 2


def test_an_update_keeps_the_count_and_takes_the_new_headline():
    book = ClusterBook({})
    book.apply(story("c1", headline="Toll rises to 10"), info(), T0)
    book.apply(story("s2"), info("same_story"), T0 + 5)
    (rec,) = book.apply(story("c1", headline="Toll rises to 12"), info("update"), T0 + 10)
    assert rec.story_count == 2 and rec.headline == "Toll rises to 12"
    assert rec.members[0].verdict == "update" and rec.members[0].headline == "Toll rises to 12"
    assert rec.last_seen == datetime.fromtimestamp(T0 + 10, UTC)


def test_merge_emits_the_absorbed_record_and_a_survivor_counting_both():
    book = ClusterBook({})
    book.apply(story("a1", source="A"), info(cluster="A"), T0)
    book.apply(story("a2", source="A"), info("same_story", cluster="A"), T0 + 1)
    book.apply(story("b1", source="B"), info(cluster="B"), T0 + 2)
    joiner = story("j1", source="C")
    records = book.apply(joiner, info("same_story", cluster="A", merged_from=["B"]), T0 + 3)
    absorbed, survivor = records
    assert absorbed.cluster_id == "B" and absorbed.merged_into == "A"
    assert absorbed.story_count == 1  # its last state, as it was
    assert survivor.cluster_id == "A" and survivor.merged_from == ["B"]
    assert survivor.story_count == 4 and survivor.published_count == 4
    assert [m.story_id for m in survivor.members] == ["a1", "a2", "b1", "j1"]
    assert survivor.outlets == ["A", "B", "C"]
    assert book.open_clusters == 1 and book.merges_total == 1
    # Re-delivered: the same two records, nothing counted twice.
    again = book.apply(joiner, info("same_story", cluster="A", merged_from=["B"]), T0 + 3)
    assert dumps(again) == dumps(records) and book.merges_total == 1
    # A re-delivered story of the absorbed cluster counts in the survivor, once.
    (current,) = book.apply(story("b1", source="B"), info(cluster="B"), T0 + 2)
    assert current.cluster_id == "A" and current.story_count == 4
    # A verdict naming the absorbed cluster lands in the survivor.
    (later,) = book.apply(story("k1", source="D"), info("same_story", cluster="B"), T0 + 4)
    assert later.cluster_id == "A" and later.story_count == 5


def test_clusters_leave_with_their_last_story():
    book = ClusterBook({}, window_hours=1.0)
    book.apply(story("old"), info(cluster="old"), T0)
    book.apply(story("live"), info(cluster="live"), T0 + 0.5 * HOUR)
    book.apply(story("live2"), info("same_story", cluster="live"), T0 + 1.2 * HOUR)
    assert book.record("old") is None  # its only story left the window
    assert book.record("live") is not None  # its last story is still inside
    assert book.open_clusters == 1
    assert not any(k.endswith(":old") for k in book.store)
    book.apply(story("new"), info(cluster="new"), T0 + 2.4 * HOUR)
    assert book.record("live") is None and book.open_clusters == 1
    assert sorted(book.store) == ["c:new", "s:new"]


def test_lists_are_capped_and_counts_stay_whole():
    book = ClusterBook({})
    n = summary_mod.MAX_MEMBERS + 30
    for i in range(n):
        body = f"Minister Person{i:03d} Example met the mayor, Ana Costa, in Lisbon."
        src = f"Outlet {i:03d}"
        verdict = "unique" if i == 0 else "same_story"
        (rec,) = book.apply(story(f"s{i:03d}", source=src, body=body), info(verdict), T0 + i)
    assert rec.story_count == n and len(rec.members) == summary_mod.MAX_MEMBERS
    assert rec.members_truncated
    assert [m.story_id for m in rec.members][:2] == ["s000", "s001"]  # the first ones
    assert len(rec.names) == summary_mod.MAX_NAMES
    assert len(rec.outlets) == summary_mod.MAX_OUTLETS
    assert len(json.loads(book.store["c:c1"])["k"]) <= summary_mod.NAME_KEEP
    assert rec.names[0] == "Ana Costa"  # named by every member: the most shared first
    assert len(rec.model_dump_json()) < 30_000


def test_names_come_from_the_dedup_features():
    s = story(
        "n1",
        headline="Quake hits Turkey",
        body="Rescuers in Kahramanmaraş searched for survivors, said Recep Tayyip Erdoğan "
        "on Monday. The U.S. embassy was visited by Recep Tayyip Erdoğan on Tuesday.",
    )
    names = story_names(s)
    assert names[0] == "Recep Tayyip Erdoğan"  # mentioned twice
    assert "Kahramanmaraş" in names
    assert not any(len(n) < 3 for n in names) and "U S" not in names


def test_rebuild_from_the_store_gives_the_same_records():
    store: dict = {}
    book = ClusterBook(store, window_hours=1.0)
    steps = [
        (story("a1"), info(cluster="A"), T0),
        (story("b1"), info(cluster="B"), T0 + 10),
        (story("a2"), info("same_story", cluster="A"), T0 + 20),
        (story("x1"), info(cluster="X"), T0 + 30),
    ]
    for s, i, t in steps:
        book.apply(s, i, t)
    # A restarted worker: the store came back through JSON (the Table's changelog).
    restored = json.loads(json.dumps(store))
    twin = ClusterBook(restored, window_hours=1.0)
    assert (twin.open_clusters, twin.sizes) == (book.open_clusters, book.sizes)
    more = [
        (story("j1"), info("same_story", cluster="A", merged_from=["B"]), T0 + 40),
        (story("late"), info(cluster="L"), T0 + 1.1 * HOUR),
    ]
    for s, i, t in more:
        assert dumps(twin.apply(s, i, t)) == dumps(book.apply(s, i, t))
    assert restored == store
    assert book.record("X") is None and twin.record("X") is None  # evicted alike


def test_seeds_through_the_real_dedup_stage_form_one_cluster():
    stage, book = DedupStage({}), ClusterBook({})
    paths = sorted(SEEDS.glob("*.txt"))
    stories = [
        NormalizedStory(
            story_id=p.stem,
            body=p.read_text(encoding="utf-8"),
            received_at=datetime.fromtimestamp(T0 + i * 60, UTC),
        )
        for i, p in enumerate(paths)
    ]
    for s in stories:
        (rec,) = book.apply(s, stage.decide(s), event_time(s))
    assert rec.story_count == 5 and rec.cluster_id == paths[0].stem
    # The same texts under new ids: five exact duplicates in the same cluster.
    for s in stories:
        copy = s.model_copy(update={"story_id": s.story_id + "-copy"})
        (rec,) = book.apply(copy, stage.decide(copy), event_time(copy))
    assert (rec.story_count, rec.published_count, rec.duplicate_count) == (10, 5, 5)


def test_an_oversized_record_is_cut_not_lost():
    book = ClusterBook({})
    for i in range(20):
        book.apply(story(f"s{i}", headline="H" * 290), info(), T0 + i)
    rec = book.record("c1")
    assert rec is not None
    budget = len(rec.model_dump_json()) // 3
    fitted = fit_cluster(rec, budget)
    assert len(fitted.model_dump_json().encode()) <= budget
    assert fitted.story_count == 20 and fitted.members_truncated
    assert 0 < len(fitted.members) < len(rec.members)
    assert fit_cluster(rec, 10_000_000) is rec


def test_a_crash_between_the_mark_and_the_count_is_repaired_on_redelivery():
    store: dict = {}
    book = ClusterBook(store)
    book.apply(story("a1"), info(cluster="A"), T0)
    before = dict(store)
    (counted,) = book.apply(story("a2"), info("same_story", cluster="A"), T0 + 5)
    assert counted.story_count == 2
    # The worker died after the mark reached the changelog, before the cluster did.
    crashed = dict(store) | {"c:A": before["c:A"]}
    assert "s:a2" in crashed
    restarted = ClusterBook(crashed)
    (again,) = restarted.apply(story("a2"), info("same_story", cluster="A"), T0 + 5)
    assert again.model_dump_json() == counted.model_dump_json()  # counted once, not 1 or 3
    # Both writes made it: the re-delivery changes nothing.
    whole = ClusterBook(dict(store))
    (same,) = whole.apply(story("a2"), info("same_story", cluster="A"), T0 + 5)
    assert same.story_count == 2
