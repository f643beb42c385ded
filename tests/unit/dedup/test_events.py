"""Same-event clusters (stream/core/dedup/events.py): merges, rebuilds, contained copies.

All texts are written here for the tests (no evaluation data in the repo).
"""

from __future__ import annotations

import json

import numpy as np
import pytest
from conftest import story

from stream.core.dedup import DedupStage, events
from stream.core.dedup import profile as prof
from stream.core.dedup.events import EventClusters

# A long story (~3,500 characters) about an invented event.
LONG = [
    "A fire tore through the Harwick textile mill in the river town of Olstead late on "
    "Tuesday, destroying the main weaving hall and forcing 140 night-shift workers out "
    "into the rain, the regional fire service said.",
    "Fire chief Ronan Delacourt said the blaze started in a dye storage room shortly "
    "after 11 p.m. and spread along the timber roof within twenty minutes.",
    "Eleven engines and 64 firefighters fought the flames for more than six hours "
    "before the fire was declared under control at dawn on Wednesday.",
    "Three workers were taken to Olstead General Hospital with smoke inhalation and "
    "one firefighter was treated for a burned hand; all four were expected to recover.",
    "The mill, built in 1891, is the largest employer in Olstead and had reopened its "
    "second line only last spring after a two-year refurbishment.",
    "Owner Marisol Tennant told reporters at the gate that the company would keep "
    "paying every worker while engineers assessed the damage to the looms.",
    "Residents living downwind were told to keep windows closed as a column of grey "
    "smoke drifted across the valley and over the neighbouring village of Brisk.",
    "Police closed the river bridge and the old mill road for most of the morning, "
    "sending commuters on a detour through the hills.",
    "Investigators from the fire service began sifting through the dye room on "
    "Wednesday afternoon, and Delacourt said it was too early to rule anything out.",
    "Union representative Abel Okafor said the workers had raised concerns about the "
    "ventilation in the dye store twice this year, a claim the company disputed.",
    "Tennant said inspections in March had found no faults and that the sprinkler "
    "system in the weaving hall had worked as designed until the roof gave way.",
    "The town council called an emergency meeting for Thursday evening to discuss "
    "support for families who depend on the mill's wages.",
    "Local shops collected blankets and food for the night-shift workers, many of "
    "whom had left their coats and phones inside when the alarm sounded.",
    "The regional environment agency said it was testing water in the river below "
    "the mill after firefighting runoff carried dye into the current.",
    "Anglers reported dead fish near the weir by mid-morning, and the agency advised "
    "people to keep dogs out of the water until the results were known.",
    "Insurance assessors were expected on site by Friday, and the company said it "
    "hoped to restart the undamaged finishing line within a fortnight.",
    "Delacourt praised the night-shift supervisors for a calm evacuation that got "
    "every worker out of the building in under four minutes.",
    "The mill last suffered a serious fire in 1974, when a boiler explosion damaged "
    "the east wing and closed the site for most of a year.",
    "Historians in Olstead said the weaving hall's cast-iron columns, some of the "
    "oldest of their kind in the region, appeared to have survived the heat.",
    "A fundraising page set up by the union had collected more than 38,000 euros by "
    "Wednesday night to help workers through the weeks ahead.",
    "Tennant said the company intended to rebuild the hall on the same site, adding "
    "that the mill had been part of Olstead for more than a century.",
]
LONG_TEXT = "\n\n".join(LONG)
# A 1,000-character agency brief made of five of its sentences, almost word for word.
BRIEF_TEXT = "\n\n".join([LONG[0], LONG[1], LONG[2], LONG[3], LONG[5]])
# Long descriptive captions (prose, so the chrome filter keeps them in the article).
CAPTIONS = [
    "In this photograph released by the regional fire service, firefighters on two "
    "ladders spray water onto the collapsing timber roof of the weaving hall at dawn.",
    "Night-shift workers, some still wearing their aprons, wait in the rain outside the "
    "main gate of the mill while engines block the road behind them.",
    "A column of grey smoke rises over the valley on Wednesday morning, seen from a "
    "hillside farm above the village of Brisk in a picture sent by a reader.",
    "Owner Marisol Tennant, centre, speaks to reporters at the gate of the mill as "
    "insurance assessors and engineers walk past the damaged hall behind her.",
    "Volunteers sort donated blankets, coats and tinned food at a shop on the high "
    "street for the families of the workers who lost their belongings in the blaze.",
    "The cast-iron columns of the weaving hall stand among the charred beams after the "
    "fire, in a photograph taken by the town's historical society on Wednesday.",
    "Environment agency staff take water samples from the river below the weir, where "
    "anglers reported dead fish after runoff carried dye into the current.",
]
UNRELATED = (
    "The Olstead rowing club won the regional eights final on Saturday by two lengths, "
    "its first title in a decade, after a close race against the university crew.\n\n"
    "Coach Petra Lindqvist said the crew had trained on the river through the winter "
    "and deserved the win. The club will now race at the national regatta in July, "
    "where it last reached the final in 2009."
)


def test_brief_wholly_inside_a_longer_story_is_a_copy() -> None:
    stage = DedupStage({})
    full = stage.decide(story("full", LONG_TEXT))
    assert len(BRIEF_TEXT) < 0.35 * len(LONG_TEXT)
    brief = stage.decide(story("brief", BRIEF_TEXT, minutes=30))
    assert full.verdict == "unique"
    assert (brief.verdict, brief.duplicate_of, brief.cluster_id) == (
        "near_duplicate",
        "full",
        "full",
    )


def test_brief_with_a_changed_figure_is_news_not_a_copy() -> None:
    stage = DedupStage({})
    stage.decide(story("full", LONG_TEXT))
    changed = BRIEF_TEXT.replace("140 night-shift", "160 night-shift").replace(
        "Three workers", "Five workers"
    )
    brief = stage.decide(story("brief", changed, minutes=30))
    assert (brief.verdict, brief.cluster_id) == ("same_story", "full")


def test_copy_with_photo_captions_and_agency_tag_is_a_copy() -> None:
    stage = DedupStage({})
    stage.decide(story("orig", LONG_TEXT))
    parts = []
    for i, sentence in enumerate(LONG):
        parts.append(sentence)
        if i % 3 == 1:
            parts.append(CAPTIONS[(i // 3) % len(CAPTIONS)])
    captioned = "\n\n".join(parts) + "\n\n(Reporting by Olstead Wire staff; editing by the desk)"
    copy = stage.decide(story("captioned", captioned, minutes=45))
    assert (copy.verdict, copy.duplicate_of) == ("near_duplicate", "orig")


def test_unrelated_story_sharing_a_place_name_is_not_clustered() -> None:
    stage = DedupStage({})
    stage.decide(story("fire", LONG_TEXT))
    other = stage.decide(story("rowing", UNRELATED, minutes=10))
    assert (other.verdict, other.cluster_id) == ("unique", "rowing")


def _rewrite(k: int) -> str:
    """Another outlet's short take on the mill fire (different words, same facts)."""
    return (
        f"Fire destroyed the weaving hall of the Harwick textile mill in Olstead overnight, "
        f"fire chief Ronan Delacourt said, after a blaze that began in a dye store. "
        f"Owner Marisol Tennant said the 140 night-shift workers would keep being paid. "
        f"Three workers were treated in hospital for smoke inhalation (version {k})."
    )


def test_merge_is_recorded_and_replayed_after_a_rebuild(monkeypatch: pytest.MonkeyPatch) -> None:
    store: dict = {}
    stage = DedupStage(store)
    a = stage.decide(story("a", LONG_TEXT))
    monkeypatch.setattr(events, "P_JOIN", 1.01)  # nothing may join: a second cluster
    b = stage.decide(story("b", _rewrite(1), minutes=5))
    monkeypatch.setattr(events, "P_JOIN", 0.4)
    monkeypatch.setattr(events, "P_MERGE", 0.4)
    bridge = (
        "Engineers at the Harwick mill in Olstead began checking the looms on Wednesday "
        "after the overnight fire in the weaving hall. Marisol Tennant, who owns the "
        "mill, said the 140 night-shift workers would be paid, and Ronan Delacourt of "
        "the fire service said the blaze had started in the dye store. Three workers "
        "had smoke inhalation; investigators were sifting through the dye room."
    )
    c = stage.decide(story("c", bridge, minutes=10))
    assert (a.cluster_id, b.cluster_id) == ("a", "b")
    assert (c.verdict, c.cluster_id, c.merged_from) == ("same_story", "a", ["b"])
    assert stage.events.alias == {"b": "a"}
    assert store["c"]["j"] == ["b"]  # the merge is in the store, on c's record
    # A later copy of an absorbed cluster's story resolves to the survivor.
    again = stage.decide(story("b2", _rewrite(1), minutes=12))
    assert (again.verdict, again.cluster_id) == ("exact_duplicate", "a")

    fresh = DedupStage(json.loads(json.dumps(store)))
    fresh.rebuild()
    assert fresh.events.alias == stage.events.alias
    assert stage.events.core.members("a") == fresh.events.core.members("a")
    assert len(stage.events.core.members("a")) == 3
    probe = prof.build(None, _rewrite(3), np.zeros(0, dtype=np.uint32), stage.events.df)[0]
    mine = stage.events.core.candidates(probe, 0.0, events.WEIGHTS, events.BIAS, 0.1, 24.0)
    theirs = fresh.events.core.candidates(probe, 0.0, events.WEIGHTS, events.BIAS, 0.1, 24.0)
    assert mine[:3] == theirs[:3] and mine[0][0] == "a"
    assert np.array_equal(mine[3], theirs[3])  # the aggregates score alike, bit for bit
    late = story("d", _rewrite(3) + " The council meets on Thursday.", minutes=20)
    assert fresh.decide(late) == stage.decide(late)


def test_aggregate_is_independent_of_member_order() -> None:
    df = prof.DocFreq()
    profiles = [
        prof.build(None, text, np.zeros(0, dtype=np.uint32), df)[0]
        for text in (LONG_TEXT, BRIEF_TEXT, UNRELATED, _rewrite(1))
    ]
    one = events.aggregate(profiles)
    other = events.aggregate(profiles[::-1])
    assert np.array_equal(one.idents, other.idents)
    assert np.array_equal(one.weights, other.weights)
    assert np.array_equal(one.norms, other.norms)


def test_document_frequencies_follow_the_window() -> None:
    clusters = EventClusters()
    df_before = clusters.df.counts.copy()
    profile, df_ids = prof.build(None, LONG_TEXT, np.zeros(0, dtype=np.uint32), clusters.df)
    clusters.add("x", "x", 0, 0.0, profile, df_ids, [], np.zeros(48, dtype=np.uint32))
    assert clusters.df.docs == 1 and clusters.df.counts.sum() == df_ids.size
    clusters.discard("x", df_ids)
    assert clusters.df.docs == 0 and np.array_equal(clusters.df.counts, df_before)
    assert len(clusters) == 0


def test_cluster_side_features_see_what_the_story_lacks() -> None:
    """``their_top_names``: the share of the cluster's heaviest names the story has. A
    story of the other twin event (same place, another person) lacks the cluster's
    subject, which the story-side shares cannot show when the cluster covers the
    story's own names."""
    df = prof.DocFreq()
    empty = np.zeros(0, dtype=np.uint32)

    def build(text: str) -> np.ndarray:
        return prof.build(None, text, empty, df)[0]

    cluster = events.aggregate([build(LONG_TEXT), build(_rewrite(1))])
    same = events.features(events.aggregate([build(_rewrite(2))]), cluster)
    other_text = LONG_TEXT.replace("Ronan Delacourt", "Mirela Vantongeren").replace(
        "Delacourt", "Vantongeren"
    )
    other = events.features(events.aggregate([build(other_text)]), cluster)
    names = events.FEATURES.index("their_top_names")
    terms = events.FEATURES.index("their_top_terms")
    assert 0.0 <= other[names] < same[names] <= 1.0
    assert 0.0 <= same[terms] <= 1.0


@pytest.mark.parametrize("p_join", [0.5, 0.3])
def test_one_call_assign_decides_as_the_watched_candidates(
    monkeypatch: pytest.MonkeyPatch, p_join: float
) -> None:
    """``assign`` runs the join/merge rule in the core in one call, unless ``candidates``
    is watched (the trainer replaces it): both ways give the same verdicts and merges."""
    monkeypatch.setattr(events, "P_JOIN", p_join)
    monkeypatch.setattr(events, "P_MERGE", 0.45)
    texts = [LONG_TEXT, UNRELATED, BRIEF_TEXT, *(_rewrite(k) for k in range(4)), *CAPTIONS]

    calls: dict[str, int] = {"assign": 0, "candidates": 0}

    class Counted:
        """The core behind a proxy that counts the calls of each path."""

        def __init__(self, core: object) -> None:
            self._core = core

        def __getattr__(self, name: str) -> object:
            if name in calls:
                calls[name] += 1
            return getattr(self._core, name)

        def __len__(self) -> int:
            return len(self._core)  # type: ignore[arg-type]

    def run() -> tuple[list, dict]:
        stage = DedupStage({})
        stage.events.core = Counted(stage.events.core)
        infos = [stage.decide(story(f"s{i}", t, minutes=i)) for i, t in enumerate(texts)]
        return infos, dict(stage.events.alias)

    fast = run()
    assert calls["assign"] > 0 and calls["candidates"] == 0  # one call per decision
    calls.update(assign=0, candidates=0)
    seen: list[int] = []
    original = EventClusters.candidates

    def watched(self: EventClusters, profile: np.ndarray, t: float) -> list:
        found = original(self, profile, t)
        seen.append(len(found))
        return found

    monkeypatch.setattr(EventClusters, "candidates", watched)
    assert run() == fast
    assert calls["candidates"] > 0 and calls["assign"] == 0
    assert seen and any(seen)  # the watched path ran, with candidates to rule on
    assert any(info.verdict == "same_story" for info in fast[0])


def test_a_compiled_core_older_than_the_source_is_not_used(monkeypatch: pytest.MonkeyPatch) -> None:
    """A stale ``wirestream_native`` (an ``EventCore`` without ``assign``) would fail every
    decision; the clusterer takes the Python core instead."""
    import types

    class OldEventCore:  # the constructor of an older build, no ``assign``
        def __init__(self, **_: object) -> None: ...

    monkeypatch.setitem(
        __import__("sys").modules,
        "wirestream_native",
        types.SimpleNamespace(EventCore=OldEventCore),
    )
    assert events.native_core() is None
    assert isinstance(events.new_core(), events.PyEventCore)


def test_exclude_must_be_ids_not_one_string() -> None:
    clusters = EventClusters()
    profile = np.zeros(0, dtype=np.uint32)
    with pytest.raises(TypeError):
        clusters.assign("s1", profile, 0.0, exclude="c1")  # type: ignore[arg-type]
    assert clusters.assign("s1", profile, 0.0, exclude={"c1"})[0] is None
