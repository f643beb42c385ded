"""Measure candidate inputs of the event model before building them: ECB+ held out by topic.

    .venv/bin/python -m eval.cluster.variants                       # shipped inputs only
    .venv/bin/python -m eval.cluster.variants best_terms            # + one input
    .venv/bin/python -m eval.cluster.variants their_lead_top3 --folds 3
    .venv/bin/python -m eval.cluster.variants their_lead_top3 --lead-weight name
    .venv/bin/python -m eval.cluster.variants --unit-pairs    # unit conflicts, pairwise
    .venv/bin/python -m eval.cluster.variants date_apart --dates text [--fixed -1.1]

Each name adds one input to the logistic model; the model is trained and scored exactly
as ``eval.cluster.run``'s cross-validation does (``eval.cluster.train``: teacher-forced
and on-policy pairs, size-weighted), with the stage's Python reference core
(``PyEventCore``) computing the shipped inputs and these beside them. Nothing here
changes the shipped clusterer: the patches are undone on exit. The rows of
docs/dedup.md "Tried, not kept" (prec9) were measured with it.

Two inputs need more than the stored profile, and the probe adds them to the Python
profile here (a real change would put them in ``profile.py`` and ``profile.rs``):
* lead names (kind 6): the names among the story's lead words (headline, else its first
  words), weight 1 (``--lead-weight name``: the name's own profile weight);
* figure units: which unit (``people``, ``billion``...) each figure of salient.py has;
* with ``--dates``, calendar dates (kind 7, in place of the subject names): month and day
  written in the article (``body``), or its headline and article (``text``;
  ``eval/cluster/dates.py``), ``published`` adds
  the month and day of ``published_at`` (normalize lifts a dateline's date out of the
  body into it). ``--fixed W`` holds the added inputs' weight at W (not fitted).
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cached_property

import numpy as np

from eval.cluster import stream as es
from eval.cluster import train as tr
from eval.cluster.data import ECBPLUS, ecbplus
from eval.cluster.dates import calendar_dates
from eval.cluster.run import cross_validated
from stream.core.dedup import event_features as ef
from stream.core.dedup import events
from stream.core.dedup import profile as prof
from stream.core.dedup.fingerprint import clean, tokenize
from stream.core.dedup.salient import features as salient_features
from stream.core.dedup.stage import DedupStage

KIND_LEAD_NAME = 6
KIND_SUBJECT = 7  # the names a story repeats most (tf >= 2, up to 2; ties: heavier name)
KIND_DATE = 7  # with --dates, instead of subjects: calendar dates written in the text
FIGURE_UNIT: dict[int, str] = {}  # figure tid -> its unit (filled by the patched build)


def _kind(a: ef.Aggregate, kind: int) -> tuple[np.ndarray, np.ndarray]:
    sel = (a.idents & 7) == kind
    return a.idents[sel], a.weights[sel]


def _cosine(a: ef.Aggregate, b: ef.Aggregate, kind: int) -> float:
    ia, wa = _kind(a, kind)
    ib, wb = _kind(b, kind)
    _, i, j = np.intersect1d(ia, ib, assume_unique=True, return_indices=True)
    return prof.cosine(float((wa[i] * wb[j]).sum()), a.norms[kind], b.norms[kind])


def _top(idents: np.ndarray, weights: np.ndarray, n: int) -> np.ndarray:
    return idents[np.lexsort((idents, -weights))[:n]]


def _share(these: np.ndarray, found_in: np.ndarray) -> float:
    return float(np.isin(these, found_in).mean()) if these.size else 0.0


class Pair:
    """One (story, candidate cluster) pair and everything an input may look at."""

    def __init__(self, core: events.PyEventCore, story: ef.Aggregate, cluster: str, x: np.ndarray):
        self.core, self.story, self.cluster, self.x = core, story, cluster, x

    @cached_property
    def agg(self) -> ef.Aggregate:
        return self.core._aggregate_of(self.cluster)

    @cached_property
    def profiles(self) -> list[np.ndarray]:
        return [self.core._profiles[k] for k in self.core._members[self.cluster]]

    @cached_property
    def singles(self) -> list[ef.Aggregate]:
        return [ef.aggregate([p]) for p in self.profiles]

    def member_share(self, idents: np.ndarray) -> list[float]:
        """For each ident, the share of members that carry it."""
        return [
            sum(bool(np.isin(i, m.idents)) for m in self.singles) / len(self.singles)
            for i in idents
        ]

    def against(self, cluster: ef.Aggregate) -> np.ndarray:
        """The shipped inputs against another aggregate (a part of the cluster)."""
        return ef.features(self.story, cluster)

    @cached_property
    def consensus(self) -> np.ndarray:
        """Inputs against the idents that at least half the members carry."""
        ids = np.concatenate([prof.split(p)[0] for p in self.profiles])
        uniq, count = np.unique(ids, return_counts=True)
        keep = np.isin(self.agg.idents, uniq[2 * count >= len(self.profiles)])
        idents, weights = self.agg.idents[keep], self.agg.weights[keep]
        norms = np.bincount(idents & 7, weights=weights.astype(float) ** 2, minlength=8)
        return self.against(ef.Aggregate(idents, weights, norms, self.agg.members))

    @cached_property
    def leave_best_out(self) -> np.ndarray:
        """Inputs against the cluster without its member closest to the story (by names,
        then terms): evidence that more than one member supports the join."""
        if len(self.profiles) < 2:
            return self.x
        best = max(
            range(len(self.singles)),
            key=lambda i: (
                _cosine(self.story, self.singles[i], 1),
                _cosine(self.story, self.singles[i], 0),
            ),
        )
        return self.against(ef.aggregate([p for i, p in enumerate(self.profiles) if i != best]))

    def lead_top(self, n: int) -> float:
        """Share of the cluster's ``n`` most-led names (names in most members' leads)
        that the story's lead names too."""
        ids, w = _kind(self.agg, KIND_LEAD_NAME)
        mine = _kind(self.story, KIND_LEAD_NAME)[0] >> 3
        return _share(_top(ids, w, n) >> 3, mine)

    def dates(self, top: bool = False) -> tuple[int, bool]:
        """(dates in common, both name dates); ``top``: only the cluster's dates that
        the most members name (all of a singleton's)."""
        mine, (theirs, w) = _kind(self.story, KIND_DATE)[0], _kind(self.agg, KIND_DATE)
        if top and w.size:
            theirs = theirs[w == w.max()]
        return int(np.isin(mine, theirs).sum()), bool(mine.size and theirs.size)

    def unit_counts(self) -> tuple[int, int]:
        """Units both have figures with: (none of the story's values in the cluster, some)."""
        theirs = {int(i) >> 3 for i in _kind(self.agg, prof.KIND_NUM)[0]}
        units = {FIGURE_UNIT[f] for f in theirs if f in FIGURE_UNIT}
        mine: dict[str, list[int]] = {}
        for i in _kind(self.story, prof.KIND_NUM)[0]:
            if int(i) >> 3 in FIGURE_UNIT:
                mine.setdefault(FIGURE_UNIT[int(i) >> 3], []).append(int(i) >> 3)
        hits = [any(f in theirs for f in fs) for u, fs in mine.items() if u in units]
        return hits.count(False), hits.count(True)


def _story_top(p: Pair, kind: int, n: int) -> np.ndarray:
    return _top(*_kind(p.story, kind), n)


def _cover(p: Pair, kind: int) -> float:
    ids, w = _kind(p.story, kind)
    return float(w[np.isin(ids, p.agg.idents)].sum() / w.sum()) if w.sum() else 0.0


def _members_led(p: Pair) -> float:
    """Share of members whose heaviest name the story has."""
    tops = [_top(*_kind(m, 1), 1) for m in p.singles]
    return sum(bool(t.size and np.isin(t[0], p.story.idents)) for t in tops) / len(tops)


def _would_join(p: Pair) -> list[float]:
    return [
        events.probability(ef.features(p.story, m), 0.0, SHIPPED[0], SHIPPED[1]) for m in p.singles
    ]


SHIPPED = (tuple(events.WEIGHTS), events.BIAS)
INPUTS: dict[str, Callable[[Pair], float]] = {
    # member-level evidence beside the aggregate
    "best_terms": lambda p: max(_cosine(p.story, m, 0) for m in p.singles),
    "best_names": lambda p: max(_cosine(p.story, m, 1) for m in p.singles),
    "mean_terms": lambda p: float(np.mean([_cosine(p.story, m, 0) for m in p.singles])),
    "mean_names": lambda p: float(np.mean([_cosine(p.story, m, 1) for m in p.singles])),
    "member_top_names": lambda p: float(np.mean(p.member_share(_story_top(p, 1, 3)) or [0.0])),
    "member_top_names_min": lambda p: min(p.member_share(_story_top(p, 1, 3)) or [0.0]),
    "member_join": lambda p: float(np.mean([q >= events.P_JOIN for q in _would_join(p)])),
    "member_p": lambda p: max(_would_join(p)),
    "member_their_top": _members_led,
    "loo_terms": lambda p: p.leave_best_out[0],
    "loo_names": lambda p: p.leave_best_out[1],
    "loo_cover": lambda p: p.leave_best_out[2],
    "loo_top_names": lambda p: p.leave_best_out[9],
    # the cluster's coherence: its members against their own aggregate; its consensus
    "coherence": lambda p: (
        float(np.mean([_cosine(m, p.agg, 0) for m in p.singles])) if len(p.singles) > 1 else 1.0
    ),
    "core_terms": lambda p: p.consensus[0],
    "core_names": lambda p: p.consensus[1],
    "core_cover": lambda p: p.consensus[2],
    "core_top_names": lambda p: p.consensus[9],
    "core_their_top": lambda p: p.consensus[15],
    # more overlaps of the aggregate
    "term_cover": lambda p: _cover(p, 0),
    "top_terms4": lambda p: _share(_story_top(p, 0, 4), p.agg.idents),
    "top_terms16": lambda p: _share(_story_top(p, 0, 16), p.agg.idents),
    "top_name1": lambda p: _share(_story_top(p, 1, 1), p.agg.idents),
    "top_tn": lambda p: p.x[8] * p.x[9],
    "lead_miss": lambda p: math.log1p(float((~np.isin(_kind(p.story, 2)[0], p.agg.idents)).sum())),
    "names_miss": lambda p: math.log1p(float((~np.isin(_kind(p.story, 1)[0], p.agg.idents)).sum())),
    # conflicts: figures of one unit with other values
    "unit_conflict": lambda p: math.log1p(p.unit_counts()[0]),
    "unit_conflict01": lambda p: float(p.unit_counts()[0] > 0),
    "unit_agree": lambda p: math.log1p(p.unit_counts()[1]),
    # the subject as the leads name it
    "lead_names": lambda p: _share(_kind(p.story, 6)[0] >> 3, _kind(p.agg, 6)[0] >> 3),
    "lead_names_any": lambda p: _share(_kind(p.story, 6)[0] >> 3, _kind(p.agg, 1)[0] >> 3),
    "their_lead_names": lambda p: _share(_top(*_kind(p.agg, 6), 3) >> 3, _kind(p.story, 1)[0] >> 3),
    "their_lead_top1": lambda p: p.lead_top(1),
    "their_lead_top2": lambda p: p.lead_top(2),
    "their_lead_top3": lambda p: p.lead_top(3),
    "their_lead_top4": lambda p: p.lead_top(4),
    "their_lead_top5": lambda p: p.lead_top(5),
    # a singleton's lead names are not yet a cluster's subject: no evidence either way
    "their_lead_top3_multi": lambda p: p.lead_top(3) if p.agg.members > 1 else 1.0,
    "their_lead_cover": lambda p: _weighted_share(_kind(p.agg, 6), _kind(p.story, 6)[0]),
    "their_lead_cover_any": lambda p: _weighted_share(_kind(p.agg, 6), _kind(p.story, 1)[0]),
    "their_lead_major": lambda p: _share(
        _kind(p.agg, 6)[0][2 * _kind(p.agg, 6)[1] >= p.agg.members] >> 3, _kind(p.story, 6)[0] >> 3
    ),
    "no_lead_names": lambda p: float(not _kind(p.story, 6)[0].size or not _kind(p.agg, 6)[0].size),
    # a side without names: its name inputs are missing, not zero
    "no_names": lambda p: float(not _kind(p.story, 1)[0].size or not _kind(p.agg, 1)[0].size),
    # a one-story cluster: its own intercept (log size is 0 there, whatever else it shows)
    "singleton": lambda p: float(p.agg.members == 1),
    # calendar dates (--dates), like years: both name dates, one in common / none
    "date_shared": lambda p: float(p.dates()[0] > 0),
    "date_apart": lambda p: float(p.dates()[0] == 0 and p.dates()[1]),
    "date_any": lambda p: float(p.dates()[1]),
    # against the cluster's most-named dates only (a wrong member's dates do not count)
    "date_top_shared": lambda p: float(p.dates(top=True)[0] > 0),
    "date_top_apart": lambda p: float(p.dates(top=True)[0] == 0 and p.dates(top=True)[1]),
}
INPUTS["subject_in"] = lambda p: (
    _share(_kind(p.story, KIND_SUBJECT)[0] >> 3, _kind(p.agg, 1)[0] >> 3)
    if _kind(p.story, KIND_SUBJECT)[0].size
    else 1.0
)
INPUTS["their_subject"] = lambda p: (
    _share(_top(*_kind(p.agg, KIND_SUBJECT), 2) >> 3, _kind(p.story, 1)[0] >> 3)
    if _kind(p.agg, KIND_SUBJECT)[0].size
    else 1.0
)
# Inputs over the candidate list (this cluster's shipped input minus the best other's).
MARGINS = {"margin_terms": 0, "margin_names": 1, "margin_cover": 2}


def _weighted_share(cluster: tuple[np.ndarray, np.ndarray], story: np.ndarray) -> float:
    ids, w = cluster
    return float(w[np.isin(ids >> 3, story >> 3)].sum() / w.sum()) if w.sum() else 0.0


def value(name: str, pair: Pair) -> float:
    """One input; ``prod:i:j`` is the product of shipped inputs i and j."""
    if name.startswith("prod:"):
        _, i, j = name.split(":")
        return float(pair.x[int(i)] * pair.x[int(j)])
    if name in MARGINS:
        return 0.0  # filled over the candidate list
    return float(INPUTS[name](pair))


_PUBLISHED: list = [None]  # with --dates published: the deciding story's published_at


def _decide(original: Callable) -> Callable:
    def decide(self, story):  # type: ignore[no-untyped-def]
        _PUBLISHED[0] = story.published_at
        return original(self, story)

    return decide


def _profile_build(lead_weight: str, dates: str) -> Callable:
    original = prof.build

    def build(headline: str | None, body: str, salient: np.ndarray, df: prof.DocFreq):
        profile, df_ids = original(headline, body, salient, df)
        article = "\n".join(prof.article_lines(body))
        names = prof.name_counts(article)
        source = headline or article
        lead = [
            w
            for w in prof._TOKEN.findall(source[: prof.MAX_TEXT_CHARS].lower())
            if w not in prof.STOP
        ]
        lead = lead if headline else lead[: prof.LEAD_TERMS]
        tids = sorted({prof.tid("N" + w) for w in lead if w in names})
        idents, weights = prof.split(profile)
        name_w = {
            int(i) >> 3: int(w) for i, w in zip(idents, weights, strict=True) if int(i) & 7 == 1
        }
        entries = [
            ((t << 3 | KIND_LEAD_NAME) << 7) | (name_w.get(t, 1) if lead_weight == "name" else 1)
            for t in tids
        ]
        counts = sorted(
            (
                (c, name_w.get(prof.tid("N" + n), 0), prof.tid("N" + n))
                for n, c in names.items()
                if c >= 2
            ),
            reverse=True,
        )
        if dates:
            text = article if dates == "body" or not headline else headline + "\n" + article
            found = calendar_dates(text)
            if dates == "published" and _PUBLISHED[0] is not None:
                found.append(_PUBLISHED[0].month * 32 + _PUBLISHED[0].day)
            entries += [((d << 3 | KIND_DATE) << 7) | 1 for d in sorted(set(found))]
        else:
            entries += [((t << 3 | KIND_SUBJECT) << 7) | 1 for _, _, t in counts[:2]]
        cleaned = clean(article)
        for f in salient_features(*tokenize(cleaned), cleaned):
            if f.startswith("n:") and " " in f:
                h = (zlib.crc32(f.encode("utf-8", "surrogatepass")) & ~3) | 2
                FIGURE_UNIT[h >> (32 - prof.TID_BITS)] = f.split(" ")[1]
        return np.unique(np.concatenate([profile, np.array(entries, dtype=np.uint32)])), df_ids

    return build


def _candidates(extra: list[str]) -> Callable:
    def candidates(self: events.PyEventCore, profile, t, weights, bias, min_terms, half_life_hours):
        story = ef.aggregate([profile])
        rows = []
        for cluster in self._ranked(profile):
            x = ef.features(story, self._aggregate_of(cluster))
            pair = Pair(self, story, cluster, x)
            rows.append(
                [
                    (t - self._newest[cluster]) / 3600.0,
                    cluster,
                    np.concatenate([x, [value(n, pair) for n in extra]]),
                ]
            )
        for name, j in MARGINS.items():
            if name in extra:
                col = len(ef.FEATURES) + extra.index(name)
                for r in rows:
                    others = [o[2][j] for o in rows if o is not r]
                    r[2][col] = r[2][j] - (max(others) if others else 0.0)
        scored = [
            (events.probability(x, gap, weights, bias), self._oldest[c], c, x) for gap, c, x in rows
        ]
        scored.sort(key=lambda r: (-r[0], r[1]))
        feats = np.array([r[3] for r in scored]).reshape(len(scored), len(events.FEATURES))
        return [r[2] for r in scored], [r[0] for r in scored], [r[1] for r in scored], feats

    return candidates


# What ``installed`` replaces, restored on exit (and the aggregate's per-kind limits).
_PATCHED = (
    (events, "native_core"),
    (events, "FEATURES"),
    (events, "WEIGHTS"),
    (es.Model.__init__, "__defaults__"),
    (events.PyEventCore, "candidates"),
    (prof, "NATIVE"),
    (prof, "build"),
    (DedupStage, "decide"),
    (tr, "fit"),
)


def _fit_fixed(fixed: float, n_extra: int) -> Callable:
    """``train.fit`` with the extra inputs' weight held at ``fixed`` (an offset in the
    log-odds, not fitted): the shipped inputs are fitted around it."""
    original = tr.fit

    def fit(x, y, l2=tr.L2, steps=50, sample_weight=None):  # type: ignore[no-untyped-def]
        off = x[:, -n_extra:].sum(axis=1) * fixed
        w, b = original(x[:, :-n_extra], y, l2, steps, sample_weight, offset=off)
        return np.concatenate([w, [fixed] * n_extra]), b

    return fit


@contextmanager
def installed(
    extra: list[str],
    lead_weight: str = "one",
    dates: str = "",
    date_keep: int = 8,
    fixed: float | None = None,
) -> Iterator[None]:
    """The Python reference core with ``extra`` inputs after the shipped ones."""
    saved = [getattr(owner, name) for owner, name in _PATCHED]
    keep = ef.AGG_KEEP.copy()
    weights = tuple(events.WEIGHTS) + (0.0,) * len(extra)
    events.native_core = lambda: None
    events.FEATURES = ef.FEATURES + tuple(extra)
    events.WEIGHTS = weights
    es.Model.__init__.__defaults__ = (weights, events.BIAS, events.P_JOIN, events.P_MERGE)
    events.PyEventCore.candidates = _candidates(extra)
    prof.NATIVE = None  # the profile in Python, with the probe's additions
    prof.build = _profile_build(lead_weight, dates)
    DedupStage.decide = _decide(DedupStage.decide)  # type: ignore[method-assign]
    if fixed is not None:
        tr.fit = _fit_fixed(fixed, len(extra))
    ef.AGG_KEEP[[KIND_LEAD_NAME, KIND_SUBJECT]] = 32
    if dates:
        ef.AGG_KEEP[KIND_DATE] = date_keep
    try:
        yield
    finally:
        for (owner, name), value in zip(_PATCHED, saved, strict=True):
            setattr(owner, name, value)
        ef.AGG_KEEP[:] = keep


def unit_pairs() -> None:
    """Within-topic ECB+ article pairs: how often two reports give figures in one unit
    with no value in common, for pairs of one event and of two events."""
    figures: dict[str, tuple[str, str, dict[str, set[str]]]] = {}
    for line in ECBPLUS.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        cleaned = clean("\n".join(prof.article_lines(row["body"])))
        by_unit: dict[str, set[str]] = {}
        for f in salient_features(*tokenize(cleaned), cleaned):
            if f.startswith("n:") and " " in f:
                number, unit = f[2:].split(" ")
                by_unit.setdefault(unit, set()).add(number)
        figures[row["id"]] = (row["topic"], row["event"], by_unit)
    counts = {True: [0, 0], False: [0, 0]}  # one event? -> [pairs, with a conflict]
    topics: dict[str, list[str]] = {}
    for key, (topic, _, _) in figures.items():
        topics.setdefault(topic, []).append(key)
    for keys in topics.values():
        for a, b in itertools.combinations(keys, 2):
            (_, ea, ua), (_, eb, ub) = figures[a], figures[b]
            conflict = any(not ua[u] & ub[u] for u in ua.keys() & ub.keys())
            counts[ea == eb][0] += 1
            counts[ea == eb][1] += conflict
    for same, (n, c) in counts.items():
        print(f"{'one event' if same else 'two events'}: {n} pairs, unit conflict {c / n:.3f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("inputs", nargs="?", default="", help="comma-separated input names")
    ap.add_argument("--folds", type=int, default=2, help="CV folds by topic (default 2)")
    ap.add_argument("--lead-weight", choices=("one", "name"), default="one")
    ap.add_argument("--unit-pairs", action="store_true", help="unit conflicts over pairs")
    ap.add_argument(
        "--dates",
        choices=("", "body", "text", "published"),
        default="",
        help="calendar dates as profile kind 7: written in the article / also its headline / "
        "also the month and day of published_at",
    )
    ap.add_argument("--date-keep", type=int, default=8, help="dates a cluster aggregate keeps")
    ap.add_argument("--fixed", type=float, help="hold the added inputs' weight at this value")
    args = ap.parse_args()
    if args.unit_pairs:
        unit_pairs()
        return
    extra = [n for n in args.inputs.split(",") if n]
    unknown = [
        n for n in extra if n not in INPUTS and n not in MARGINS and not n.startswith("prod:")
    ]
    if unknown:
        raise SystemExit(f"unknown inputs {unknown}; known: {', '.join([*INPUTS, *MARGINS])}")
    with installed(extra, args.lead_weight, args.dates, args.date_keep, args.fixed):
        cv = cross_validated(ecbplus(), args.folds)
    print(f"{extra} ({args.folds} folds): P {cv['P']:.3f} R {cv['R']:.3f} F1 {cv['F1']:.3f}")
    for k, (res, model) in enumerate(cv["halves"]):
        extra_w = model.weights[len(ef.FEATURES) :]
        print(f"  fold {k}: P {res['P']:.3f} R {res['R']:.3f} F1 {res['F1']:.3f} weights {extra_w}")


if __name__ == "__main__":
    main()
