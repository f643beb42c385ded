"""Train the same-event model: a logistic regression over (story, cluster) pairs.

    .venv/bin/python -m eval.cluster.train            # on all of ECB+ and eval/dedup

Pairs come from streaming a set through the dedup stage with a teacher: each story is
scored against its candidate clusters exactly as at run time (same candidate index,
same aggregates, same stream-learned IDF), labelled by whether the candidate is its
true event, and then filed in its true event's cluster, so the clusters the model sees
in training are the clusters it should see at run time. The fit is plain Newton steps
on the L2-regularised log-loss (a dozen lines of numpy; no new dependency for a
six-feature model). Prints the numbers to paste into ``stream/core/dedup/events.py``.
"""

from __future__ import annotations

import sys
from collections import Counter, defaultdict

import numpy as np

from eval.cluster.data import Item, ecbplus, own
from eval.cluster.stream import Model, cluster, normalized
from schemas import NormalizedStory
from stream.core.dedup import events

L2 = 1e-4
ROUNDS = 2


def pairs(stream: list[tuple[Item, NormalizedStory]]) -> tuple[np.ndarray, np.ndarray]:
    """Features and labels of every (story, candidate cluster) pair, teacher-forced."""
    event_of = {item.story_id: item.event for item, _ in stream}
    first: dict[str, str] = {}  # event -> its first story (the cluster's id)
    xs: list[np.ndarray] = []
    ys: list[int] = []

    def teacher(sid: str, found: list[events.Candidate]) -> str | None:
        event = event_of[sid]
        for cand in found:
            xs.append(cand.features)
            ys.append(int(cand.cluster == first.get(event)))
        return first.get(event)

    # Stories decided by the near-duplicate test never reach the teacher; record where
    # every story went so its event's cluster is known.
    preds, _ = cluster(
        stream, teacher=teacher, on_story=lambda sid, cid: first.setdefault(event_of[sid], cid)
    )
    del preds
    return np.array(xs), np.array(ys)


def on_policy_pairs(
    stream: list[tuple[Item, NormalizedStory]], model: Model
) -> tuple[np.ndarray, np.ndarray]:
    """Pairs as ``model`` meets them: the stream clustered by the model itself, each
    candidate labelled by whether most of its stories so far report the story's event.
    Teacher-forced pairs alone are gold clusters; at run time the model also meets the
    small, split clusters its own mistakes make, and must be calibrated on those too."""
    event_of = {item.story_id: item.event for item, _ in stream}
    members: dict[str, Counter[str]] = defaultdict(Counter)
    xs: list[np.ndarray] = []
    ys: list[int] = []
    original = events.EventClusters.candidates

    def spy(self: events.EventClusters, profile: np.ndarray, t: float) -> list:
        found = original(self, profile, t)
        event = event_of[current[0]]
        for cand in found:
            votes = Counter()
            for cid, n in members.items():
                if self.resolve(cid) == cand.cluster:
                    votes.update(n)
            xs.append(cand.features)
            ys.append(int(bool(votes) and votes.most_common(1)[0][0] == event))
        return found

    current = [""]
    events.EventClusters.candidates = spy  # type: ignore[method-assign]
    try:
        # the spy needs the story id before the stage runs: wrap the stream
        def record(sid: str, cid: str) -> None:
            members[cid][event_of[sid]] += 1

        wrapped = _Announcing(stream, current)
        cluster(wrapped, model, on_story=record)  # type: ignore[arg-type]
    finally:
        events.EventClusters.candidates = original  # type: ignore[method-assign]
    return np.array(xs).reshape(-1, len(events.FEATURES)), np.array(ys)


class _Announcing(list):
    """A stream that tells ``current`` which story is being decided."""

    def __init__(self, stream: list, current: list[str]) -> None:
        super().__init__(stream)
        self._current = current

    def __iter__(self):  # type: ignore[override]
        for item, story in super().__iter__():
            self._current[0] = story.story_id
            yield item, story


def fit(
    x: np.ndarray,
    y: np.ndarray,
    l2: float = L2,
    steps: int = 50,
    sample_weight: np.ndarray | None = None,
    offset: np.ndarray | None = None,
) -> tuple[np.ndarray, float]:
    """Weighted logistic regression by Newton's method: ``(weights, bias)``.
    ``offset``: a fixed part of each pair's log-odds, not fitted (eval.cluster.variants
    ``--fixed``)."""
    a = np.hstack([x, np.ones((len(x), 1))])
    sw = np.ones(len(x)) if sample_weight is None else sample_weight
    off = np.zeros(len(x)) if offset is None else offset
    w = np.zeros(a.shape[1])
    reg = l2 * sw.sum() * np.eye(a.shape[1])
    reg[-1, -1] = 0.0
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-(a @ w + off)))
        grad = a.T @ (sw * (p - y)) + reg @ w
        hess = (a * (sw * p * (1 - p))[:, None]).T @ a + reg
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w[:-1], float(w[-1])


def pair_weights(x: np.ndarray) -> np.ndarray:
    """Each (story, cluster) pair weighted by the cluster's size: joining a cluster of n
    stories makes (or, missed, loses) n story pairs, so the log-loss weighs what the
    pairwise figures count; unweighted, a wrong join into a big cluster of the other
    twin event cost no more than one into a singleton."""
    return np.exp(x[:, events.FEATURES.index("size")])


def train(items: list[Item]) -> Model:
    """A model trained on ``items`` streamed alone, plus our own set streamed alone.

    First on teacher-forced pairs, then ``ROUNDS`` times on the pairs the model met
    when clustering the sets itself (added to the earlier ones); pairs weighted by
    ``pair_weights``.
    """
    streams = [normalized(part)[0] for part in (items, own())]
    xs, ys = [], []
    for stream in streams:
        x, y = pairs(stream)
        xs.append(x)
        ys.append(y)
    model = None
    for _ in range(ROUNDS):
        w, b = fit(np.vstack(xs), np.concatenate(ys), sample_weight=pair_weights(np.vstack(xs)))
        model = Model(weights=tuple(round(float(v), 3) for v in w), bias=round(b, 3))
        for stream in streams:
            x, y = on_policy_pairs(stream, model)
            xs.append(x)
            ys.append(y)
    w, b = fit(np.vstack(xs), np.concatenate(ys), sample_weight=pair_weights(np.vstack(xs)))
    return Model(weights=tuple(round(float(v), 3) for v in w), bias=round(b, 3))


def main() -> None:
    model = train(ecbplus())
    print("FEATURES =", events.FEATURES)
    print("WEIGHTS =", model.weights)
    print("BIAS =", model.bias)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
