"""The stage's compiled fast path (``wirestream_native.FastPath``) against the same
stage with it turned off: same verdicts, same stored records, through a rebuild."""

from __future__ import annotations

from typing import Any

import pytest

from schemas import NormalizedStory
from stream.core.dedup import DedupStage
from stream.core.dedup import stage as stage_mod

pytest.importorskip("wirestream_native")


class NoFastPath(DedupStage):
    """The stage as before the fast path: every story through ``_classify``."""

    def _reset(self) -> None:
        super()._reset()
        self._fast = None


def _run(stage: DedupStage, stories: list[NormalizedStory], rebuild_at: int) -> list[Any]:
    out: list[Any] = []
    for n, story in enumerate(stories):
        if n == rebuild_at:  # a restart: a fresh stage on the same store
            stage = type(stage)(stage.store, window_hours=stage.window_hours)
        out.append(stage.decide(story))
    return out


def test_fast_path_decides_and_records_as_the_python_path(eval_stories):
    fast = DedupStage({})
    assert fast._fast is not None
    slow = NoFastPath({})
    half = len(eval_stories) // 2
    got = _run(fast, eval_stories, half)
    expected = _run(slow, eval_stories, half)
    assert got == expected
    assert {info.verdict for info in got} >= {
        "unique",
        "same_story",
        "near_duplicate",
        "exact_duplicate",
    }
    # Redeliveries and updates go through the Python path, new stories through both.
    assert fast.store == slow.store


def test_fast_path_forgets_as_the_python_path_when_stories_leave_the_window(eval_stories):
    """A half-hour window over the set's ~4.5 hours: stories the fast path indexed are
    evicted (their DF counts, band slots and aliases taken back) as the Python path's."""
    fast = DedupStage({}, window_hours=0.5)
    slow = NoFastPath({}, window_hours=0.5)
    half = len(eval_stories) // 2
    got = _run(fast, eval_stories, half)
    assert got == _run(slow, eval_stories, half)
    assert fast.store == slow.store
    whole = DedupStage({})
    _run(whole, eval_stories, -1)
    assert len(fast.store) < len(whole.store)  # eviction happened


def _resolved(stage: DedupStage, stories: list[NormalizedStory], monkeypatch: Any) -> list[str]:
    resolved: list[str] = []
    track = stage_mod.DedupStage._track_front

    def watched(self: DedupStage, key: str, rec: dict[str, Any]) -> None:
        resolved.append(key)
        track(self, key, rec)

    monkeypatch.setattr(stage_mod.DedupStage, "_track_front", watched)
    for story in stories:
        stage.decide(story)
    return resolved


def test_fast_path_resolves_stories_with_no_candidate(eval_stories, monkeypatch):
    # The evaluation set is mostly copies and follow-ups: ~1 story in 9 has no candidate.
    assert len(_resolved(DedupStage({}), eval_stories, monkeypatch)) > len(eval_stories) // 10


def test_a_teacher_or_a_replaced_core_turns_the_fast_path_off(eval_stories, monkeypatch):
    taught = DedupStage({})
    taught.events.teacher = lambda key, found: None
    assert _resolved(taught, eval_stories, monkeypatch) == []
    wrapped = DedupStage({})
    wrapped.events.core = type("Wrapped", (), {"__getattr__": lambda s, n: getattr(core, n)})()
    core = wrapped._fast_core
    assert _resolved(wrapped, eval_stories[:40], monkeypatch) == []


def test_the_model_is_read_at_every_call(eval_stories, monkeypatch):
    """Swapped weights and thresholds (as the evaluation and tests do) reach the fast
    path: the same verdicts as the Python path under the same swap, and other verdicts
    than with the shipped model."""
    from stream.core.dedup import events

    shipped = [info.cluster_id for info in _run(DedupStage({}), eval_stories, -1)]
    weights = list(events.WEIGHTS)
    weights[0] = 6.0  # the terms cosine counts for much more: more joins
    monkeypatch.setattr(events, "WEIGHTS", weights)
    monkeypatch.setattr(events, "P_JOIN", 0.3)
    fast = _run(DedupStage({}), eval_stories, -1)
    assert fast == _run(NoFastPath({}), eval_stories, -1)
    assert [info.cluster_id for info in fast] != shipped

    def changed_half_way(stage: DedupStage) -> list[Any]:
        weights[0] = 6.0
        half = len(eval_stories) // 2
        out = [stage.decide(s) for s in eval_stories[:half]]
        weights[0] = 0.114  # the list changed in place: read again by the same stage
        return out + [stage.decide(s) for s in eval_stories[half:]]

    changed = changed_half_way(DedupStage({}))
    assert changed == changed_half_way(NoFastPath({}))
    weights[0] = 6.0
    assert changed != _run(DedupStage({}), eval_stories, -1)  # the change was read


def test_a_replaced_assign_turns_the_fast_path_off(eval_stories, monkeypatch):
    """An evaluation that replaces ``EventClusters.assign`` (eval/cluster/merges.py)
    must see every story: the fast path would decide without calling it."""
    from stream.core.dedup import events

    calls: list[str] = []
    assign = events.EventClusters.assign

    def watched(self: Any, key: str, *args: Any, **kw: Any) -> Any:
        calls.append(key)
        return assign(self, key, *args, **kw)

    monkeypatch.setattr(events.EventClusters, "assign", watched)
    stage = DedupStage({})
    assert _resolved(stage, eval_stories[:60], monkeypatch) == []
    assert calls


def test_the_stage_decides_from_another_thread(eval_stories):
    """A stage built on one thread and run from an executor's (a driver may do so):
    the compiled fast path is not tied to the thread that made it."""
    from concurrent.futures import ThreadPoolExecutor

    stage = DedupStage({})
    assert stage._fast is not None
    with ThreadPoolExecutor(1) as pool:
        got = list(pool.map(stage.decide, eval_stories[:40]))
    slow = NoFastPath({})
    assert got == [slow.decide(s) for s in eval_stories[:40]]


def test_a_band_index_of_another_shape_is_refused():
    """The fast path hands the fingerprint's near values to the band index unchecked,
    so the two must agree on their number when it is built (48 here: 16 bands x 3)."""
    from wirestream_native import BandIndex, FastPath

    stage = DedupStage({})
    index, events = stage._index, stage.events
    parts = (stage_mod.fpr.NATIVE, stage_mod.prof.NATIVE)
    limits = ((1, 1, 1, 0.5), (1, 1, 1))
    assert FastPath(*parts, index.backend, events.core, events.df.counts, *limits)
    with pytest.raises(ValueError, match="gives 48 near values, the band index takes 24"):
        FastPath(*parts, BandIndex(8, 3), events.core, events.df.counts, *limits)
