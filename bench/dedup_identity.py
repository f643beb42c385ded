"""Every dedup verdict on fixed streams, as one digest: the check that a speed change
left the stage's decisions byte-identical.

    .venv/bin/python bench/dedup_identity.py --out /tmp/before.jsonl
    # ... change the code, rebuild native/ ...
    .venv/bin/python bench/dedup_identity.py --out /tmp/after.jsonl --against /tmp/before.jsonl

Streams: ECB+ (read from ../shared/eval), the own cluster set (``eval.cluster.data.own``)
and eval/dedup (as ``eval.dedup.run`` feeds it), each once straight through and once
with a rebuild from the store half-way (a fresh stage on the same store, as after a
restart), plus 3,000 benchmark stories (``bench_dedup.Corpus``). Each line is one
decision: the set, the story and its whole ``DedupInfo`` (verdict, cluster,
duplicate_of, similarity, merged_from); the last line of each stream also holds the
clusterer's aliases (merges). ``--records`` adds each stored record, for changes that
must keep the store format too.
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from identitylib import compare, write_rows  # noqa: E402

from schemas import NormalizedStory, RawStory  # noqa: E402
from stream.core.dedup import DedupStage  # noqa: E402
from stream.core.normalize import normalize  # noqa: E402


def ecb_stories() -> list[NormalizedStory]:
    from eval.cluster.data import ecbplus
    from eval.cluster.stream import normalized

    return [story for _, story in normalized(ecbplus())[0]]


def own_stories() -> list[NormalizedStory]:
    from eval.cluster.data import own
    from eval.cluster.stream import normalized

    return [story for _, story in normalized(own())[0]]


def eval_dedup_stories() -> list[NormalizedStory]:
    from eval.dedup.generate import items

    return [
        normalize(
            RawStory(
                story_id=item["story_id"],
                body=item["body"],
                headline=item.get("headline"),
                published_at=item["published_at"],
            )
        )
        for item in items()
    ]


def bench_stories(count: int = 3_000) -> list[NormalizedStory]:
    from bench_dedup import Corpus

    corpus = Corpus()
    return [corpus.story(i) for i in range(count)]


def decisions(
    name: str, stories: list[NormalizedStory], rebuild_at: int | None, with_records: bool
) -> Iterator[dict[str, Any]]:
    """One row per decision; a fresh stage over the same store at ``rebuild_at``."""
    store: dict[str, Any] = {}
    stage = DedupStage(store)
    for n, story in enumerate(stories):
        if n == rebuild_at:
            stage = DedupStage(store)  # rebuilt from the store on its first decision
        info = stage.decide(story)
        row: dict[str, Any] = {"set": name, "id": story.story_id, "info": info.model_dump()}
        if with_records:
            row["rec"] = store.get(story.story_id)
        if n == len(stories) - 1:
            row["alias"] = sorted(stage.events.alias.items())
        yield row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--against", type=Path, help="an earlier --out to compare with")
    parser.add_argument("--records", action="store_true", help="also the stored records")
    args = parser.parse_args()
    streams = [
        ("ecbplus", ecb_stories()),
        ("own", own_stories()),
        ("eval_dedup", eval_dedup_stories()),
    ]
    runs = [(n, s, None) for n, s in streams] + [
        (n + "+rebuild", s, len(s) // 2) for n, s in streams
    ]
    runs.append(("bench", bench_stories(), 1_500))
    rows = (
        row
        for name, stories, rebuild_at in runs
        for row in decisions(name, stories, rebuild_at, args.records)
    )
    count, digest = write_rows(
        args.out, rows, lambda row: json.dumps(row, sort_keys=True, default=str)
    )
    print(f"{count} decisions, sha256 {digest}")
    if args.against is not None:
        compare(args.out, args.against)


if __name__ == "__main__":
    main()
