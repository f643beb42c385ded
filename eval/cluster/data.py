"""Streams for the clustering evaluation: ECB+ (read from ../shared/eval, never copied)
and our own eval/dedup set, as ``(story_id, event, topic, scored, payload)`` rows.

``scored`` is False for ECB+ articles flagged ``excerpt_lt_500_chars``: they are
streamed like any other story (they join and shape clusters) but left out of the
pairwise and BCubed scores, as the set's README measures.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from eval.shared_sets import shared_eval_dir

ECBPLUS = Path(os.environ.get("WIRESTREAM_ECBPLUS") or shared_eval_dir() / "clusters_ecbplus.jsonl")
# The one delivery time of an undated set (ECB+ has no dates).
DELIVERED = "2026-01-05T12:00:00+00:00"


@dataclass(frozen=True, slots=True)
class Item:
    story_id: str
    event: str
    topic: str
    scored: bool
    payload: str  # RawStory JSON, what the replayer would publish


def ecbplus(path: Path = ECBPLUS) -> list[Item]:
    """ECB+ in ``id`` order (the README's stream order)."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    out = []
    for row in rows:
        raw = {
            "story_id": row["id"],
            "body": row["body"],
            "headline": row.get("title") or None,
            "source": row.get("source"),
            "received_at": DELIVERED,
        }
        out.append(Item(row["id"], row["event"], row["topic"], not row["flags"], json.dumps(raw)))
    return out


def own() -> list[Item]:
    """eval/dedup (our texts): every story scored; its events are its topics."""
    from eval.dedup.generate import items

    out = []
    for item in items():
        raw = {
            "story_id": item["story_id"],
            "body": item["body"],
            "headline": item.get("headline"),
            "published_at": str(item["published_at"]) if item.get("published_at") else None,
        }
        out.append(Item(item["story_id"], item["event"], item["event"], True, json.dumps(raw)))
    return out
