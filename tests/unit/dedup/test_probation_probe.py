"""The probation probe (eval/cluster/probation.py): a story that joined under the
probe's probability is a member but not part of its cluster's aggregate, and the
clusterer is restored on exit.

All texts are written here for the tests (no evaluation data in the repo).
"""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np

from eval.cluster import probation
from schemas import NormalizedStory
from stream.core.dedup import DedupStage, events
from stream.core.dedup.event_features import Aggregate, aggregate

TEXTS = (
    (
        "Harwick mill fire",
        "A fire tore through the Harwick textile mill in Olstead on Monday night. Fire chief "
        "Dana Morrow said 40 firefighters fought the blaze for six hours. The Harwick mill "
        "employed 300 people; Morrow said nobody was hurt.",
    ),
    (
        "Fire guts Harwick mill in Olstead",
        "Firefighters led by chief Dana Morrow spent six hours on the blaze at the Harwick "
        "mill in Olstead. The mill, which employed 300 people, was gutted, Morrow said.",
    ),
)


def _stories() -> list[NormalizedStory]:
    when = datetime(2025, 3, 4, 9, tzinfo=UTC)
    return [
        NormalizedStory(
            story_id=f"s{n}",
            source="test",
            headline=headline,
            body=body,
            received_at=when,
            language="en",
        )
        for n, (headline, body) in enumerate(TEXTS)
    ]


def _state() -> tuple:
    core = events.PyEventCore
    return (events.native_core, core.assign, core.add, core._aggregate_of)


def _aggregates_equal(a: Aggregate, b: Aggregate) -> bool:
    return np.array_equal(a.idents, b.idents) and np.array_equal(a.weights, b.weights)


def test_a_member_under_the_probability_is_left_out_of_the_aggregate() -> None:
    before = _state()
    with probation.installed(1.0):
        stage = DedupStage({})
        first, second = (stage.decide(s) for s in _stories())
        core = stage.events.core
        assert second.cluster_id == first.cluster_id
        assert core.members(first.cluster_id) == ["s0", "s1"]
        founder_only = aggregate([core._profiles["s0"]])
        both = aggregate([core._profiles["s0"], core._profiles["s1"]])
        got = core._aggregate_of(first.cluster_id)
        assert _aggregates_equal(got, founder_only)
        assert not _aggregates_equal(got, both)
    with probation.installed(0.0):  # every member counts: the shipped aggregate
        stage = DedupStage({})
        first, _ = (stage.decide(s) for s in _stories())
        core = stage.events.core
        both = aggregate([core._profiles["s0"], core._profiles["s1"]])
        assert _aggregates_equal(core._aggregate_of(first.cluster_id), both)
    assert _state() == before
