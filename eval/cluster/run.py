"""Evaluate same-event clustering on real news (ECB+) and on our own set.

    .venv/bin/python -m eval.cluster.run              # the shipped model; CV; PR curve
    .venv/bin/python -m eval.cluster.run --quick      # the shipped model only

Each set is streamed through the pipeline's own stages (``pipeline.ingest`` then
``pipeline.dedup``: normalize + dedup, no Kafka) in its file order, and scored with
pairwise and BCubed precision/recall/F1 over the unflagged articles (ECB+'s excerpts
under 500 characters are streamed like any story, so they shape the clusters, but are
not scored, as the set's README measures; an article that normalize turns into a dead
letter is scored as a singleton). Beside it: a single-pass TF-IDF cosine baseline on the
same normalized stream, at its best threshold on the set (an optimistic baseline).

Figures printed:
* the shipped model (``stream/core/dedup/events.py``), trained on all of ECB+ + eval/dedup;
* cross-validation by topic: ECB+ topics split in two halves (odd/even topic number),
  a model trained on one half (plus eval/dedup) scored on the other half streamed
  alone, and the reverse; the honest figure is the pooled pair counts of both halves
  (``--folds N``: N folds by topic number mod N, a second split to check a gain on);
* the precision/recall curve over the join threshold (shipped weights), the table the
  threshold was chosen from.
"""

from __future__ import annotations

import argparse

from rich.console import Console
from rich.table import Table

from eval.cluster.data import Item, ecbplus, own
from eval.cluster.stream import Model, cluster, normalized, scores, tfidf_baseline
from eval.cluster.train import train
from eval.cluster.unrelated import unrelated_pairs
from stream.core.dedup import events

BASELINE_THRESHOLDS = (0.1, 0.15, 0.2, 0.25, 0.3, 0.4)
CURVE = (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95)


def evaluate(
    items: list[Item], model: Model | None = None, check: bool = False
) -> tuple[dict, list[str]]:
    """Scores of one streamed set; dead letters count as singletons. ``check``: also
    count the pairs in one cluster that share no name and almost no vocabulary."""
    stream, dead = normalized(items)
    pred, stage = cluster(stream, model)
    ordered = [i for i, _ in stream] + dead
    result = scores(ordered, pred + [d.story_id for d in dead])
    result["merges"] = stage.events.merges_total
    result["dead"] = len(dead)
    if check:
        result["unrelated"] = unrelated_pairs(stream, pred, stage)
    return result, pred


def baseline(items: list[Item]) -> tuple[float, dict]:
    """The TF-IDF baseline at its best pairwise-F1 threshold on ``items``."""
    stream, dead = normalized(items)
    ordered = [i for i, _ in stream] + dead
    best = None
    for th in BASELINE_THRESHOLDS:
        pred = tfidf_baseline(stream, th) + [d.story_id for d in dead]
        res = scores(ordered, pred)
        if best is None or res["F1"] > best[1]["F1"]:
            best = (th, res)
    assert best is not None
    return best


def topic_number(item: Item) -> int:
    return int(item.topic.rsplit("t", 1)[-1])


def cross_validated(items: list[Item], folds: int = 2) -> dict:
    """Train on the other folds' topics, score one fold streamed alone, for each fold
    (fold = topic number mod ``folds``; 2: odd/even halves); pooled pair counts."""
    tp = pp = gp = 0
    per_half = []
    for k in range(folds):
        model = train([i for i in items if topic_number(i) % folds != k])
        res, _ = evaluate([i for i in items if topic_number(i) % folds == k], model)
        per_half.append((res, model))
        tp += res["tp"]
        pp += res["pred_pairs"]
        gp += res["gold_pairs"]
    p, r = tp / pp, tp / gp
    return {"P": p, "R": r, "F1": 2 * p * r / (p + r), "halves": per_half}


def row(table: Table, name: str, res: dict) -> None:
    table.add_row(
        name,
        *(f"{res[k]:.3f}" for k in ("P", "R", "F1")),
        *(f"{res[k]:.3f}" if k in res else "" for k in ("B3 P", "B3 R", "B3 F1")),
        str(res.get("clusters", "")),
        str(res.get("merges", "")),
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="shipped model only")
    ap.add_argument("--folds", type=int, default=2, help="CV folds by topic (default 2)")
    args = ap.parse_args()
    console = Console(width=150)
    ecb, ours = ecbplus(), own()

    table = Table(title="same-event clustering, pairwise and BCubed (unflagged articles)")
    for col in ("set / clusterer", "P", "R", "F1", "B3 P", "B3 R", "B3 F1", "clusters", "merges"):
        table.add_column(col, justify="left" if col.startswith("set") else "right")
    checks = []
    for name, items in (("ECB+", ecb), ("eval/dedup (ours)", ours)):
        res, _ = evaluate(items, check=True)
        row(table, f"{name}: wirestream (shipped model)", res)
        checks.append((name, res["unrelated"]))
        th, base = baseline(items)
        row(table, f"{name}: single-pass TF-IDF, best threshold {th}", base)
    if not args.quick:
        cv = cross_validated(ecb, args.folds)
        row(table, f"ECB+: wirestream, cross-validated by topic ({args.folds} folds)", cv)
    console.print(table)
    for name, (checked, unrelated, same) in checks:
        console.print(
            f"{name}: story pairs in one cluster sharing no name and terms cosine < "
            f"{events.MIN_TERMS}: {unrelated} of {checked} ({same} of them one gold event)"
        )
    if args.quick:
        return
    for k, (res, model) in enumerate(cv["halves"]):
        console.print(
            f"CV fold {k}: P {res['P']:.3f} R {res['R']:.3f} F1 {res['F1']:.3f} "
            f"(weights {model.weights}, bias {model.bias})"
        )

    curve = Table(title="ECB+ precision/recall over the join threshold (shipped weights)")
    for col in ("P_JOIN", "P", "R", "F1", "B3 F1", "clusters"):
        curve.add_column(col, justify="right")
    shipped = Model()
    for th in CURVE:
        res, _ = evaluate(ecb, Model(shipped.weights, shipped.bias, th, max(th, shipped.p_merge)))
        curve.add_row(
            f"{th:.2f}", *(f"{res[k]:.3f}" for k in ("P", "R", "F1", "B3 F1")), str(res["clusters"])
        )
    console.print(curve)


if __name__ == "__main__":
    main()
