"""Evaluate the dedup stage on eval/dedup: duplicate and same_story precision/recall,
cluster purity.

    .venv/bin/python -m eval.dedup.run            # regenerate the set, print the table
    .venv/bin/python -m eval.dedup.run --errors   # also list every wrong verdict

Stories go through ``stream.core.normalize.normalize`` then ``DedupStage.decide`` in stream
order, exactly as the pipeline calls them.
"""

from __future__ import annotations

import sys
import time
from collections import Counter, defaultdict

from rich.console import Console
from rich.table import Table

from eval.dedup.generate import items
from schemas import RawStory
from stream.core.dedup import DedupStage
from stream.core.normalize import normalize

DUPLICATE = {"exact_duplicate", "near_duplicate"}


def ratio(num: int, den: int) -> float:
    return num / den if den else 1.0


def evaluate(data: list[dict]) -> dict:
    stage = DedupStage({})
    decided: list[tuple[dict, object]] = []
    cluster_of_event: dict[str, str] = {}
    started = time.perf_counter()
    for item in data:
        raw = RawStory(
            story_id=item["story_id"],
            body=item["body"],
            headline=item.get("headline"),
            published_at=item["published_at"],
        )
        info = stage.decide(normalize(raw))
        decided.append((item, info))
        cluster_of_event.setdefault(item["event"], info.cluster_id)
    elapsed = time.perf_counter() - started

    tp = fp = fn = 0
    s_tp = s_fp = s_fn = 0
    errors: list[str] = []
    clusters: dict[str, Counter] = defaultdict(Counter)
    for item, info in decided:
        clusters[info.cluster_id][item["event"]] += 1
        truth_dup = item["expect"] == "duplicate"
        pred_dup = info.verdict in DUPLICATE
        tp += truth_dup and pred_dup
        fp += pred_dup and not truth_dup
        fn += truth_dup and not pred_dup
        truth_same = item["expect"] == "same_story"
        pred_same = info.verdict == "same_story"
        right_cluster = info.cluster_id == cluster_of_event[item["event"]]
        s_tp += truth_same and pred_same and right_cluster
        s_fp += pred_same and not (truth_same and right_cluster)
        s_fn += truth_same and not (pred_same and right_cluster)
        ok = (pred_dup == truth_dup) and (not truth_same or (pred_same and right_cluster))
        ok = ok and (item["expect"] != "unique" or info.verdict == "unique")
        if not ok:
            errors.append(
                f"{item['story_id']:28} {item['kind']:18} expect={item['expect']:10} "
                f"got={info.verdict} cluster={info.cluster_id} sim={info.similarity}"
            )
    majority = sum(c.most_common(1)[0][1] for c in clusters.values())
    mixed = sum(1 for c in clusters.values() if len(c) > 1)
    events_split = Counter()
    for c in clusters.values():
        for event in c:
            events_split[event] += 1
    return {
        "n": len(data),
        "seconds": elapsed,
        "dup": (tp, fp, fn),
        "same": (s_tp, s_fp, s_fn),
        "purity": ratio(majority, len(data)),
        "mixed_clusters": mixed,
        "clusters": len(clusters),
        "events": len({item["event"] for item in data}),
        "split_events": sum(1 for v in events_split.values() if v > 1),
        "errors": errors,
        "by_kind": _by_kind(decided),
    }


def _by_kind(decided: list[tuple[dict, object]]) -> dict[str, Counter]:
    out: dict[str, Counter] = defaultdict(Counter)
    for item, info in decided:
        out[item["kind"]][info.verdict] += 1
    return out


def main() -> None:
    res = evaluate(items())
    console = Console()
    table = Table(title=f"dedup eval: {res['n']} stories, {res['events']} events")
    for col in ("metric", "precision", "recall", "tp", "fp", "fn"):
        table.add_column(col, justify="right" if col != "metric" else "left")
    for name, (tp, fp, fn) in (
        ("duplicates (exact+near)", res["dup"]),
        ("same_story (right cluster)", res["same"]),
    ):
        table.add_row(
            name,
            f"{ratio(tp, tp + fp):.3f}",
            f"{ratio(tp, tp + fn):.3f}",
            str(tp),
            str(fp),
            str(fn),
        )
    console.print(table)
    summary = Table(title="clusters")
    for col in ("cluster purity", "clusters", "mixed clusters", "events split", "stories/s"):
        summary.add_column(col, justify="right")
    summary.add_row(
        f"{res['purity']:.3f}",
        str(res["clusters"]),
        str(res["mixed_clusters"]),
        str(res["split_events"]),
        f"{res['n'] / res['seconds']:.0f}",
    )
    console.print(summary)
    kinds = Table(title="verdicts by variant kind")
    kinds.add_column("kind")
    verdicts = ["unique", "same_story", "update", "exact_duplicate", "near_duplicate"]
    for v in verdicts:
        kinds.add_column(v, justify="right")
    for kind, counts in sorted(res["by_kind"].items()):
        kinds.add_row(kind, *(str(counts.get(v, "")) for v in verdicts))
    console.print(kinds)
    if "--errors" in sys.argv:
        for line in res["errors"]:
            console.print(line, markup=False)


if __name__ == "__main__":
    main()
