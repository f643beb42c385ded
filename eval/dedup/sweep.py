"""Measurements behind the thresholds: each copy / rewrite / negative against the story
it derives from (or collides with), with the raw similarity figures dedup computes.

    .venv/bin/python -m eval.dedup.sweep
"""

from __future__ import annotations

from collections import defaultdict

from rich.console import Console
from rich.table import Table

from eval.dedup.generate import items
from schemas import RawStory
from stream.core.dedup import cluster, facts
from stream.core.dedup.fingerprint import Fingerprint, fingerprint, jaccard
from stream.core.normalize import normalize


def pair_stats(a: Fingerprint, b: Fingerprint) -> tuple[float, float, int, int, str]:
    j = jaccard(a.near, b.near)
    shared = j * (a.shingles + b.shingles) / (1 + j)
    containment = shared / max(1, min(a.shingles, b.shingles))
    conflicting, shared_ctx = facts.conflicts(a.facts, b.facts)
    p, w, n, q = cluster.shared_by_kind(a.event_set, b.event_set)
    evidence = f"p{p} w{w} n{n} q{q}"
    return j, containment, conflicting, shared_ctx, evidence


def shingle_sizes(data: list[dict]) -> None:
    """Copies' worst vs negatives' best near-duplicate figures for 3/4/5-word shingles."""
    from stream.core.dedup import fingerprint as fp_mod

    negatives = ("same_entity_other", "template", "rewrite", "seed")
    table = Table(title="shingle size: worst copy vs best non-copy (vs its nearest original)")
    for col in (
        "words",
        "copy min jaccard",
        "copy min containment",
        "non-copy max jaccard",
        "non-copy max containment",
    ):
        table.add_column(col, justify="right")
    default = fp_mod.SHINGLE
    try:
        for k in (3, 4, 5):
            fp_mod.SHINGLE = k
            fps = {
                it["story_id"]: fingerprint(
                    normalize(RawStory(story_id=it["story_id"], body=it["body"]))
                )
                for it in data
            }
            originals = [it["story_id"] for it in data if it["kind"] in ("original", "seed")]
            copies = [
                pair_stats(fps[it["original"]], fps[it["story_id"]])
                for it in data
                if it["expect"] == "duplicate" and "original" in it
            ]
            others = []
            for it in data:
                if it["kind"] in negatives:
                    stats = [
                        pair_stats(fps[o], fps[it["story_id"]])
                        for o in originals
                        if o != it["story_id"]
                    ]
                    others.append(max(stats, key=lambda v: v[1]))
            table.add_row(
                str(k),
                f"{min(c[0] for c in copies):.2f}",
                f"{min(c[1] for c in copies):.2f}",
                f"{max(o[0] for o in others):.2f}",
                f"{max(o[1] for o in others):.2f}",
            )
    finally:
        fp_mod.SHINGLE = default
    Console(width=220).print(table)


def main() -> None:
    data = items()
    shingle_sizes(data)
    fps = {
        it["story_id"]: fingerprint(normalize(RawStory(story_id=it["story_id"], body=it["body"])))
        for it in data
    }
    rows: dict[str, list] = defaultdict(list)
    for it in data:
        if "original" in it:
            rows[it["kind"]].append(pair_stats(fps[it["original"]], fps[it["story_id"]]))
    # Negatives: template instances against each other, same-entity stories, seeds.
    for group in ("earnings", "match"):
        ids = [k for k in fps if k.startswith(group) and k[-1].isdigit()]
        for x in ids[1:]:
            rows[f"NEG {group} template"].append(pair_stats(fps[ids[0]], fps[x]))
    for it in data:
        if it["kind"] == "same_entity_other":
            base = it["story_id"].removesuffix("_other")
            rows["NEG same entity"].append(pair_stats(fps[base], fps[it["story_id"]]))
    seeds = [k for k in fps if k.startswith("seed") and k[4:].isdigit()]
    for x in seeds[1:]:
        rows["seeds vs seed0"].append(pair_stats(fps[seeds[0]], fps[x]))
    table = Table(title="pair figures: min / median / max")
    for col in ("kind", "n", "jaccard", "containment", "fact conflicts (shared ctx)", "event"):
        table.add_column(col)
    for kind, vals in sorted(rows.items()):

        def spread(i: int, vals: list = vals) -> str:
            xs = sorted(v[i] for v in vals)
            return f"{xs[0]:.2f} / {xs[len(xs) // 2]:.2f} / {xs[-1]:.2f}"

        conf = ", ".join(f"{v[2]}({v[3]})" for v in vals[:8])
        ev = "; ".join(v[4] for v in vals[:3])
        table.add_row(kind, str(len(vals)), spread(0), spread(1), conf, ev)
    Console(width=220).print(table)


if __name__ == "__main__":
    main()
