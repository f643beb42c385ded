"""The model-input probe (eval/cluster/variants.py): its inputs sit after the shipped
ones, the shipped ones are unchanged, and the clusterer is restored on exit.

All texts are written here for the tests (no evaluation data in the repo).
"""

from __future__ import annotations

import numpy as np

from eval.cluster import variants
from eval.cluster.dates import calendar_dates
from stream.core.dedup import event_features as ef
from stream.core.dedup import events
from stream.core.dedup import profile as prof

FIRST = (
    "Harwick mill fire",
    "A fire tore through the Harwick textile mill in Olstead on Monday night. Fire chief "
    "Dana Morrow said 40 firefighters fought the blaze for six hours. The Harwick mill "
    "employed 300 people; Morrow said nobody was hurt.",
)
SECOND = (
    "Fire guts Harwick mill in Olstead",
    "Firefighters led by chief Dana Morrow spent six hours on the blaze at the Harwick "
    "mill in Olstead. The mill, which employed 300 people, was gutted, Morrow said.",
)


def _profile(headline: str, body: str, df: prof.DocFreq) -> np.ndarray:
    profile, ids = prof.build(headline, body, np.zeros(0, dtype=np.uint32), df)
    df.add(ids)
    return profile


def _state() -> tuple:
    return (
        events.native_core,
        events.FEATURES,
        events.WEIGHTS,
        events.PyEventCore.candidates,
        prof.NATIVE,
        prof.build,
        int(ef.AGG_KEEP[variants.KIND_LEAD_NAME]),
        int(ef.AGG_KEEP[variants.KIND_SUBJECT]),
    )


def test_probe_inputs_follow_the_shipped_ones_and_are_undone() -> None:
    before = _state()
    shipped_df = prof.DocFreq()
    plain = [_profile(*text, shipped_df) for text in (FIRST, SECOND)]
    with variants.installed(["best_names", "prod:0:1", "their_lead_top3"]):
        df = prof.DocFreq()
        first, second = (_profile(*text, df) for text in (FIRST, SECOND))
        # The probe's profile adds the lead names (kind 6) and keeps everything else.
        lead_name = (prof.tid("Nharwick") << 3 | variants.KIND_LEAD_NAME) << 7 | 1
        assert lead_name in second
        added = np.isin((second >> 7) & 7, [variants.KIND_LEAD_NAME, variants.KIND_SUBJECT])
        assert np.array_equal(second[~added], plain[1])
        # its subject: the names it repeats most
        assert (prof.tid("Nmorrow") << 3 | variants.KIND_SUBJECT) << 7 | 1 in first
        core = events.PyEventCore()
        core.add("a", "c1", 0, 0.0, first, np.zeros(48, dtype=np.uint32))
        names, _, _, feats = core.candidates(
            second, 0.0, events.WEIGHTS, events.BIAS, events.MIN_TERMS, events.HALF_LIFE_HOURS
        )
    assert names == ["c1"]
    assert feats.shape == (1, len(ef.FEATURES) + 3)
    shipped = ef.features(ef.aggregate([plain[1]]), ef.aggregate([plain[0]]))
    assert np.array_equal(feats[0, : len(ef.FEATURES)], shipped)
    # one member: the best member is the cluster itself
    assert feats[0, 16] == feats[0, 1] > 0
    assert feats[0, 17] == feats[0, 0] * feats[0, 1]
    assert 0 < feats[0, 18] <= 1  # "Harwick" leads both stories
    assert _state() == before


def test_calendar_dates_read_month_and_day_not_years_or_times() -> None:
    found = calendar_dates(
        "On Jan. 9 and on 12th of March, 2009, and March 3, 2009; Sept. 11th. "
        "Not in April 2010, not at Oct 12:30, not may 5, not Dec. 1.5 percent."
    )
    assert found == sorted({1 * 32 + 9, 3 * 32 + 12, 3 * 32 + 3, 9 * 32 + 11})
    assert calendar_dates("9 January") == [1 * 32 + 9]
    assert calendar_dates("Feb 32 and Jan 0") == []


def test_date_inputs_see_shared_and_conflicting_dates_and_are_undone() -> None:
    before = (_state(), variants.DedupStage.decide, variants.tr.fit)
    on_9 = ("Harwick mill fire", FIRST[1] + " The fire started on Jan. 9, Morrow said.")
    on_12 = ("Harwick mill fire", SECOND[1] + " It was the fire of January 12.")
    with variants.installed(["date_shared", "date_apart"], dates="text", fixed=-1.0):
        df = prof.DocFreq()
        first, second, third = (_profile(*text, df) for text in (on_9, on_9, on_12))
        kinds = (first >> 7) & 7
        assert ((first[kinds == variants.KIND_DATE] >> 10) == 1 * 32 + 9).all()
        core = events.PyEventCore()
        core.add("a", "c1", 0, 0.0, first, np.zeros(48, dtype=np.uint32))
        rows = [
            core.candidates(
                p, 0.0, events.WEIGHTS, events.BIAS, events.MIN_TERMS, events.HALF_LIFE_HOURS
            )[3][0, len(ef.FEATURES) :]
            for p in (second, third)
        ]
        assert variants.tr.fit is not before[2]
    assert rows[0].tolist() == [1.0, 0.0]  # the same day
    assert rows[1].tolist() == [0.0, 1.0]  # both dated, no day in common
    assert (_state(), variants.DedupStage.decide, variants.tr.fit) == before


def test_fixed_weight_is_held_and_the_rest_fitted_around_it() -> None:
    rng = np.random.default_rng(5)
    x = rng.random((4000, 2))
    z = -1.0 + 2.0 * x[:, 0] - 1.5 * x[:, 1]
    y = (rng.random(len(x)) < 1.0 / (1.0 + np.exp(-z))).astype(float)
    plain = variants.tr.fit(x, y)
    zero = variants.tr.fit(x, y, offset=np.zeros(len(x)))
    assert np.array_equal(plain[0], zero[0]) and plain[1] == zero[1]  # bit for bit
    w, b = variants._fit_fixed(-1.5, 1)(x, y)
    assert w[1] == -1.5
    assert abs(w[0] - 2.0) < 0.3 and abs(b + 1.0) < 0.3
