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
from stream.core.dedup.index import NEAR_BANDS, LshIndex, PyBandIndex, native_band_index

NEAR_LEN = NEAR_BANDS[0] * NEAR_BANDS[1]


def _native() -> type:
    backend = native_band_index()
    assert backend is not None, "wirestream_native is not built (make install)"
    return backend


def _lsh(backend: type) -> LshIndex:
    return LshIndex(backend=backend)


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
        assert index.near_keys(near) == pyindex.near_keys(near).tolist()


# (seed, stories keyed, steps, MERGE_EVERY for the Python tables)
CASES = [(1, 40, 600, 5), (2, 300, 1500, 64), (3, 3000, 6000, 1000), (5, 2500, 5000, 10**9)]


@pytest.mark.parametrize(("seed", "keys", "steps", "merge_every"), CASES)
def test_native_and_python_find_the_same_candidates(monkeypatch, seed, keys, steps, merge_every):
    monkeypatch.setattr(bands, "MERGE_EVERY", merge_every)
    rng = random.Random(seed)
    ref = _lsh(PyBandIndex)
    rust = _lsh(_native())
    near_pool = 3 if keys < 1000 else 5  # few values per row: bands collide often
    signatures: list[np.ndarray] = []

    def check(near: np.ndarray) -> None:
        assert sorted(rust.near_candidates(near)) == sorted(ref.near_candidates(near))

    for step in range(steps):
        key = f"s{rng.randrange(keys)}"
        if rng.random() < 0.25:
            ref.discard(key)
            rust.discard(key)
        else:
            near = np.array([rng.randrange(near_pool) for _ in range(NEAR_LEN)], np.uint32)
            ref.add(key, step, near)
            rust.add(key, step, near)
            signatures.append(near)
            check(near)
        if rng.random() < 0.01:
            rust.merge()  # Rust merges at other moments than Python: must not matter
        assert len(rust) == len(ref) == len(rust._bands)
        if step % 7 == 0 or steps <= 1500:
            check(np.array([rng.randrange(near_pool) for _ in range(NEAR_LEN)], np.uint32))
            if signatures:
                check(signatures[rng.randrange(len(signatures))])  # often a discarded one


@pytest.mark.parametrize("name", BACKENDS)
@pytest.mark.parametrize(("seed", "merge_every"), [(1, 5), (2, 64), (3, 10**9)])
def test_candidates_match_brute_force_through_merges_and_slot_reuse(
    monkeypatch, name, seed, merge_every
):
    monkeypatch.setattr(bands, "MERGE_EVERY", merge_every)  # the Python tables' merges
    rng = random.Random(seed)
    index = _lsh(_backend(name))
    live: dict[str, np.ndarray] = {}
    pool = np.arange(4, dtype=np.uint32)
    for step in range(1500):
        key = f"s{rng.randrange(500)}"
        if rng.random() < 0.2:
            index.discard(key)
            live.pop(key, None)
            continue
        near = np.array(rng.choices(pool, k=48), dtype=np.uint32)
        index.add(key, step, near)
        live[key] = near
        if step % 97 == 0:
            index.merge()  # merge and purge now, then reuse the freed slots
        if step % 5:
            continue
        probe = np.array(rng.choices(pool, k=48), dtype=np.uint32)
        expected = sorted(k for k, n in live.items() if _near_bands_equal(n, probe))
        assert sorted(index.near_candidates(probe)) == expected
        assert len(index) == len(live)


def test_huge_buckets_stay_cheap():
    index = _native()()
    near = np.zeros(48, dtype=np.uint32)
    slots = [index.add(i, near) for i in range(20_000)]  # one key per band for all
    assert index.near_candidates(near) == sorted(slots)
    for s in slots[:-500]:
        index.discard(s)
    index.merge()
    assert index.near_candidates(near) == sorted(slots[-500:])
    assert len(index) == 500


def test_native_rejects_bad_inputs_and_keeps_nothing():
    index = _native()()
    near = np.arange(96, dtype=np.uint32)[::2]  # not contiguous
    slot = index.add(3, near)
    assert index.near_candidates(near.copy()) == [slot]
    with pytest.raises(ValueError):
        index.add(4, np.zeros(47, dtype=np.uint32))
    with pytest.raises(TypeError):
        index.add(4, near.astype(np.int64))
    assert len(index) == 1  # failed adds left nothing behind
    index.discard(slot)
    index.discard(slot)  # twice, or an unknown slot: no-op
    index.discard(12345)
    assert len(index) == 0 and index.near_candidates(near) == []
    assert index.nbytes > 0
