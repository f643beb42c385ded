"""The compact band index finds exactly what banded LSH finds, across merges and reuse."""

from __future__ import annotations

import random

import numpy as np
import pytest

from stream.dedup import bands
from stream.dedup.index import EVENT_BUCKET_CAP, NEAR_BANDS, LshIndex


def _near_bands_equal(a: np.ndarray, b: np.ndarray) -> bool:
    rows = NEAR_BANDS[1]
    return any(np.array_equal(a[i : i + rows], b[i : i + rows]) for i in range(0, a.size, rows))


@pytest.mark.parametrize("merge_every", [5, 64, 10**9])
def test_candidates_match_brute_force_through_merges_and_slot_reuse(monkeypatch, merge_every):
    monkeypatch.setattr(bands, "MERGE_EVERY", merge_every)
    rng = random.Random(merge_every)
    index = LshIndex()
    live: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    # Few distinct values per row, so bands collide often.
    pool = np.arange(6, dtype=np.uint32)
    for step in range(400):
        key = f"s{rng.randrange(120)}"
        if rng.random() < 0.2:
            index.discard(key)
            live.pop(key, None)
            continue
        near = np.array(rng.choices(pool, k=48), dtype=np.uint32)
        event = np.array(rng.choices(range(40), k=20), dtype=np.uint32)
        index.add(key, step, near, event)
        live[key] = (near, event)
        probe_near = np.array(rng.choices(pool, k=48), dtype=np.uint32)
        expected = sorted(k for k, (n, _) in live.items() if _near_bands_equal(n, probe_near))
        assert sorted(index.near_candidates(probe_near)) == expected
        hits = {k: int(np.count_nonzero(e == event)) for k, (_, e) in live.items()}
        got = index.event_candidates(event)
        assert all(hits[k] > 0 for k in got) and key in got
        assert len(index) == len(live)


def test_event_buckets_over_the_cap_are_skipped():
    index = LshIndex()
    common = np.zeros(20, dtype=np.uint32)
    for i in range(EVENT_BUCKET_CAP + 1):
        index.add(f"s{i}", i, np.full(48, i, dtype=np.uint32), common)
    assert index.event_candidates(common) == []
    index.discard("s0")  # back under the cap: the bucket counts again
    assert len(index.event_candidates(common)) == 16
    assert index.event_candidates(common)[0] == "s1"  # ties: earliest first


def test_compare_many_equals_compare():
    from stream.dedup import cluster

    rng = np.random.default_rng(5)
    b = np.unique(rng.integers(0, 400, 120).astype(np.uint32))
    sets = [np.unique(rng.integers(0, 400, k).astype(np.uint32)) for k in (1, 30, 200, 5)]
    sets.append(b.copy())
    sizes = [s.size for s in sets]
    for query in (b, np.zeros(0, dtype=np.uint32), b[:7]):
        got = cluster.compare_many(np.concatenate(sets), sizes, query)
        for a, evidence in zip(sets, got, strict=True):
            full = cluster.compare(a, query)
            shared = full.phrases + full.words + full.numbers + full.quotes
            if shared < cluster.MIN_SHARED_FOR_ANY_RULE:
                assert evidence is None and not full.same_event
            else:
                assert evidence == full
