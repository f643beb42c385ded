"""The band index finds exactly what banded LSH finds, across merges and slot reuse.

Both backends run: the compiled ``wirestream_native.BandIndex`` (what the worker uses)
and ``PyBandIndex`` (the numpy reference); the randomized test holds them equal.
"""

from __future__ import annotations

import random

import numpy as np
import pytest

from stream.core.dedup import bands
from stream.core.dedup import index as pyindex
from stream.core.dedup.index import (
    EVENT_BUCKET_CAP,
    EVENT_MAX_VERIFY,
    NEAR_BANDS,
    LshIndex,
    PyBandIndex,
    native_band_index,
)

NEAR_LEN = NEAR_BANDS[0] * NEAR_BANDS[1]
EVENT_LEN = pyindex.EVENT_BANDS[0]


def _native() -> type:
    backend = native_band_index()
    assert backend is not None, "wirestream_native is not built (make install)"
    return backend


def _lsh(backend: type, cap: int = EVENT_BUCKET_CAP, verify: int = EVENT_MAX_VERIFY) -> LshIndex:
    def make(near_bands: int, near_rows: int, event_bands: int, *_: int) -> object:
        return backend(near_bands, near_rows, event_bands, cap, verify)

    return LshIndex(backend=make)


BACKENDS = [pytest.param("native", id="native"), pytest.param("python", id="python")]


def _backend(name: str) -> type:
    return _native() if name == "native" else PyBandIndex


def _near_bands_equal(a: np.ndarray, b: np.ndarray) -> bool:
    rows = NEAR_BANDS[1]
    return any(np.array_equal(a[i : i + rows], b[i : i + rows]) for i in range(0, a.size, rows))


def test_the_worker_uses_the_compiled_index():
    assert type(LshIndex()._bands) is _native()


def test_keys_are_bit_identical():
    rng = np.random.default_rng(1)
    index = _native()()
    for _ in range(200):
        near = rng.integers(0, 2**32, NEAR_LEN, dtype=np.uint64).astype(np.uint32)
        event = rng.integers(0, 2**32, EVENT_LEN, dtype=np.uint64).astype(np.uint32)
        assert index.near_keys(near) == pyindex.near_keys(near).tolist()
        assert index.event_keys(event) == pyindex.event_keys(event).tolist()


def _features(rng: random.Random) -> np.ndarray:
    """A small typed feature set from a small pool, so stories share many features."""
    return np.unique(np.array([rng.randrange(64) for _ in range(rng.randrange(30))], np.uint32))


def _zipf_choices(rng: random.Random, pool: int, k: int) -> list[int]:
    """Values 0..pool-1, the low ones much more often (shared features)."""
    return [min(pool - 1, int(rng.paretovariate(1.0)) - 1) for _ in range(k)]


# (seed, stories keyed, steps, MERGE_EVERY for the Python tables, bucket cap, max verify)
CASES = [
    (1, 40, 600, 5, EVENT_BUCKET_CAP, EVENT_MAX_VERIFY),
    (2, 300, 1500, 64, 12, 4),
    (3, 3000, 6000, 1000, 40, EVENT_MAX_VERIFY),
    (4, 5000, 7000, 36 * 300, EVENT_BUCKET_CAP, EVENT_MAX_VERIFY),
    (5, 2500, 5000, 10**9, 25, 3),
]


@pytest.mark.parametrize(("seed", "keys", "steps", "merge_every", "cap", "verify"), CASES)
def test_native_and_python_find_the_same_candidates(
    monkeypatch, seed, keys, steps, merge_every, cap, verify
):
    monkeypatch.setattr(bands, "MERGE_EVERY", merge_every)
    rng = random.Random(seed)
    ref = _lsh(PyBandIndex, cap, verify)
    rust = _lsh(_native(), cap, verify)
    near_pool = 3 if keys < 1000 else 5  # few values per row: bands collide often
    event_pool = 40 if keys < 1000 else 400
    signatures: list[tuple[np.ndarray, np.ndarray | None]] = []

    def check(near: np.ndarray, event: np.ndarray | None) -> None:
        assert sorted(rust.near_candidates(near)) == sorted(ref.near_candidates(near))
        assert sorted(rust.event_candidates(event)) == sorted(ref.event_candidates(event))
        probe = _features(rng)
        assert sorted(rust.event_evidence(event, probe)) == sorted(ref.event_evidence(event, probe))

    for step in range(steps):
        key = f"s{rng.randrange(keys)}"
        roll = rng.random()
        if roll < 0.25:
            ref.discard(key)
            rust.discard(key)
        else:
            near = np.array([rng.randrange(near_pool) for _ in range(NEAR_LEN)], np.uint32)
            event = None
            if roll > 0.3:  # 1 in 14 stories without an event signature
                event = np.array(_zipf_choices(rng, event_pool, EVENT_LEN), np.uint32)
            # seq = step: unique, so (hits, seq) ranks fully (no tie falls to slot order)
            features = _features(rng)
            ref.add(key, step, near, event, features)
            rust.add(key, step, near, event, features)
            signatures.append((near, event))
            check(near, event)
        if rng.random() < 0.01:
            rust.merge()  # Rust merges at other moments than Python: must not matter
        assert len(rust) == len(ref) == len(rust._bands)
        if step % 7 == 0 or steps <= 1500:
            probe_near = np.array([rng.randrange(near_pool) for _ in range(NEAR_LEN)], np.uint32)
            probe_event = np.array(_zipf_choices(rng, event_pool, EVENT_LEN), np.uint32)
            check(probe_near, probe_event)
            if signatures:
                check(*signatures[rng.randrange(len(signatures))])  # often a discarded one


@pytest.mark.parametrize("name", BACKENDS)
def test_event_buckets_over_the_cap_are_skipped(name):
    index = _lsh(_backend(name))
    common = np.zeros(20, dtype=np.uint32)
    for i in range(EVENT_BUCKET_CAP + 1):
        index.add(f"s{i}", i, np.full(48, i, dtype=np.uint32), common)
    assert index.event_candidates(common) == []
    index.discard("s0")  # back under the cap: the bucket counts again
    assert len(index.event_candidates(common)) == 16
    assert index.event_candidates(common)[0] == "s1"  # ties: earliest first
    assert index.event_candidates(common) == [f"s{i}" for i in range(1, 17)]
    index.merge()  # same after the dead entry is purged
    assert index.event_candidates(common) == [f"s{i}" for i in range(1, 17)]
    index.add("s0", EVENT_BUCKET_CAP + 1, np.full(48, 0, dtype=np.uint32), common)
    assert index.event_candidates(common) == []  # over again (a reused slot)


@pytest.mark.parametrize("name", BACKENDS)
def test_capped_band_is_skipped_but_others_count(name):
    index = _lsh(_backend(name), cap=3)
    base = np.arange(20, dtype=np.uint32) + 1000
    for i in range(4):  # band 0 shared by 4 > cap stories
        event = np.arange(20, dtype=np.uint32) + 100 * (i + 1)
        event[0] = 7
        index.add(f"crowd{i}", i, np.full(48, i, dtype=np.uint32), event)
    twin = base.copy()
    twin[0] = 7
    index.add("twin", 10, np.full(48, 99, dtype=np.uint32), twin)
    query = base.copy()
    query[0] = 7
    # band 0 now holds 5 live stories > 3: skipped, only "twin" matches through bands 1..19
    assert index.event_candidates(query) == ["twin"]
    for i in range(2):
        index.discard(f"crowd{i}")
    assert sorted(index.event_candidates(query)) == ["crowd2", "crowd3", "twin"]


def _brute_event(live, query, cap, verify):
    counts = {}
    for band in range(EVENT_LEN):
        bucket = [k for k, (_, e, _) in live.items() if e is not None and e[band] == query[band]]
        if len(bucket) > cap:
            continue
        for k in bucket:
            counts[k] = counts.get(k, 0) + 1
    ranked = sorted(counts, key=lambda k: (-counts[k], live[k][2]))
    return sorted(ranked[:verify])


@pytest.mark.parametrize("name", BACKENDS)
@pytest.mark.parametrize(("seed", "merge_every"), [(1, 5), (2, 64), (3, 10**9)])
def test_candidates_match_brute_force_through_merges_and_slot_reuse(
    monkeypatch, name, seed, merge_every
):
    monkeypatch.setattr(bands, "MERGE_EVERY", merge_every)  # the Python tables' merges
    rng = random.Random(seed)
    cap, verify = 30, 5
    index = _lsh(_backend(name), cap, verify)
    live: dict[str, tuple[np.ndarray, np.ndarray | None, int]] = {}
    pool = np.arange(4, dtype=np.uint32)
    for step in range(1500):
        key = f"s{rng.randrange(500)}"
        if rng.random() < 0.2:
            index.discard(key)
            live.pop(key, None)
            continue
        near = np.array(rng.choices(pool, k=48), dtype=np.uint32)
        event = np.array(_zipf_choices(rng, 60, 20), dtype=np.uint32)
        if rng.random() < 0.1:
            event = None
        index.add(key, step, near, event)
        live[key] = (near, event, step)
        if step % 97 == 0:
            index.merge()  # merge and purge now, then reuse the freed slots
        if step % 5:
            continue
        probe = np.array(rng.choices(pool, k=48), dtype=np.uint32)
        expected = sorted(k for k, (n, _, _) in live.items() if _near_bands_equal(n, probe))
        assert sorted(index.near_candidates(probe)) == expected
        query = np.array(_zipf_choices(rng, 60, 20), dtype=np.uint32)
        assert sorted(index.event_candidates(query)) == _brute_event(live, query, cap, verify)
        assert len(index) == len(live)


def test_huge_buckets_stay_cheap():
    index = _native()()
    near = np.zeros(48, dtype=np.uint32)
    event = np.zeros(20, dtype=np.uint32)
    slots = [index.add(i, near, event) for i in range(20_000)]  # one key per band for all
    assert index.near_candidates(near) == sorted(slots)
    assert index.event_candidates(event) == []  # every band over the cap
    for s in slots[:-EVENT_BUCKET_CAP]:
        index.discard(s)
    assert index.event_candidates(event) == sorted(slots[-EVENT_BUCKET_CAP:][:16])
    index.merge()
    assert index.near_candidates(near) == sorted(slots[-EVENT_BUCKET_CAP:])
    assert len(index) == EVENT_BUCKET_CAP


def test_native_rejects_bad_inputs_and_keeps_nothing():
    index = _native()()
    near = np.arange(96, dtype=np.uint32)[::2]  # not contiguous
    slot = index.add(3, near, None)
    assert index.near_candidates(near.copy()) == [slot]
    assert index.event_candidates(np.zeros(20, dtype=np.uint32)) == []  # no event: never
    assert index.event_candidates(None) == []
    with pytest.raises(ValueError):
        index.add(4, np.zeros(47, dtype=np.uint32), None)
    with pytest.raises(ValueError):
        index.add(4, near, np.zeros(19, dtype=np.uint32))
    with pytest.raises(TypeError):
        index.add(4, near.astype(np.int64), None)
    assert len(index) == 1  # failed adds left nothing behind
    index.discard(slot)
    index.discard(slot)  # twice, or an unknown slot: no-op
    index.discard(12345)
    assert len(index) == 0 and index.near_candidates(near) == []
    assert index.nbytes > 0


def test_evidence_equals_compare():
    from stream.core.dedup import cluster

    rng = np.random.default_rng(5)
    b = np.unique(rng.integers(0, 400, 120).astype(np.uint32))
    for a in [np.unique(rng.integers(0, 400, k).astype(np.uint32)) for k in (0, 1, 30, 200)]:
        counts = cluster.shared_by_kind(a, b)
        got = cluster.evidence(counts, cluster.name_words(a), a.size, cluster.name_words(b), b.size)
        assert got == cluster.compare(a, b)
