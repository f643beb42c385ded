"""Stream a set through the pipeline's normalize and dedup stages (no Kafka), score the
clusters, and the single-pass TF-IDF baseline on the same normalized stream."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from eval.cluster.data import Item
from schemas import DeadLetter, NormalizedStory
from stream.core import pipeline
from stream.core.dedup import DedupStage, events
from stream.core.dedup.profile import terms
from stream.settings import Settings


def normalized(items: list[Item]) -> tuple[list[tuple[Item, NormalizedStory]], list[Item]]:
    """Stage 1 exactly as the pipeline runs it (``pipeline.ingest``): the stories, and
    the items that became dead letters (scored as singletons: the pipeline drops them)."""
    settings = Settings()
    out, dead = [], []
    for item in items:
        story = pipeline.ingest(item.payload, settings)
        if isinstance(story, DeadLetter):
            dead.append(item)
        else:
            out.append((item, story))
    return out, dead


@dataclass
class Model:
    weights: tuple[float, ...] = events.WEIGHTS
    bias: float = events.BIAS
    p_join: float = events.P_JOIN
    p_merge: float = events.P_MERGE

    def install(self) -> None:
        """Point the clusterer at these numbers (evaluation only)."""
        events.WEIGHTS, events.BIAS = tuple(self.weights), self.bias
        events.P_JOIN, events.P_MERGE = self.p_join, self.p_merge


def cluster(
    stream: list[tuple[Item, NormalizedStory]],
    model: Model | None = None,
    teacher: Callable[[str, list[events.Candidate]], str | None] | None = None,
    on_story: Callable[[str, str], object] | None = None,
) -> tuple[list[str], DedupStage]:
    """Stage 2 (``pipeline.dedup``) over the stream; the final cluster of each story
    (merges resolved: a story whose cluster was later absorbed counts in the survivor)."""
    saved = Model()
    (model or saved).install()
    try:
        stage = DedupStage({})
        stage.events.teacher = teacher
        got = []
        for _, story in stream:
            cid = pipeline.dedup(story, stage)[0].cluster_id or ""
            got.append(cid)
            if on_story is not None:
                on_story(story.story_id, cid)
    finally:
        saved.install()
    return [_final(stage, c) for c in got], stage


def _final(stage: DedupStage, cluster: str) -> str:
    seen = set()
    while cluster in stage.events.alias and cluster not in seen:
        seen.add(cluster)
        cluster = stage.events.alias[cluster]
    return cluster


def scores(items: Iterable[Item], predicted: Iterable[str]) -> dict[str, float]:
    """Pairwise P/R/F1 and BCubed P/R/F1 over the scored items."""
    gold, pred = [], []
    for item, p in zip(items, predicted, strict=True):
        if item.scored:
            gold.append(item.event)
            pred.append(p)
    pairs = lambda labels: sum(n * (n - 1) // 2 for n in Counter(labels).values())  # noqa: E731
    tp = pairs(list(zip(gold, pred, strict=True)))
    p_pairs, g_pairs = pairs(pred), pairs(gold)
    prec = tp / p_pairs if p_pairs else 1.0
    rec = tp / g_pairs if g_pairs else 1.0
    joint = Counter(zip(gold, pred, strict=True))
    g_size, p_size = Counter(gold), Counter(pred)
    bp = sum(joint[(g, p)] / p_size[p] for g, p in zip(gold, pred, strict=True)) / len(gold)
    br = sum(joint[(g, p)] / g_size[g] for g, p in zip(gold, pred, strict=True)) / len(gold)
    return {
        "tp": tp,
        "pred_pairs": p_pairs,
        "gold_pairs": g_pairs,
        "P": prec,
        "R": rec,
        "F1": _f1(prec, rec),
        "B3 P": bp,
        "B3 R": br,
        "B3 F1": _f1(bp, br),
        "clusters": len(set(pred)),
    }


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def tfidf_baseline(stream: list[tuple[Item, NormalizedStory]], threshold: float) -> list[str]:
    """Single-pass TF-IDF cosine: each story joins the cluster whose centroid it is most
    similar to (IDF from the stories so far), if at least ``threshold``; else a new one."""
    df: Counter[str] = Counter()
    centroids: dict[str, Counter[str]] = {}
    out = []
    for docs, (_, story) in enumerate(stream):
        tf = Counter(terms(f"{story.headline or ''} {story.body}"))
        vec = {
            w: (1 + math.log(c)) * (math.log((docs + 1) / (df[w] + 1)) + 1) for w, c in tf.items()
        }
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        vec = {w: v / norm for w, v in vec.items()}
        best, best_sim = None, threshold
        for cid, cen in centroids.items():
            cn = math.sqrt(sum(v * v for v in cen.values())) or 1.0
            sim = sum(v * cen.get(w, 0.0) for w, v in vec.items()) / cn
            if sim >= best_sim:
                best, best_sim = cid, sim
        cid = best or story.story_id
        centroids.setdefault(cid, Counter()).update(vec)
        out.append(cid)
        df.update(tf.keys())
    return out


def by_topic(items: list[Item]) -> dict[str, list[Item]]:
    out: dict[str, list[Item]] = defaultdict(list)
    for item in items:
        out[item.topic].append(item)
    return out
