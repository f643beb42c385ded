"""Compiled ``story_names`` (the names shown) vs the Python reference on real news.

    .venv/bin/python -m eval.cluster.names_parity

Every ECB+ story and PolNeAR text (read from ../shared/eval, never copied; a PolNeAR
text's first line is its headline) and every eval/dedup story, normalized as the
pipeline does, must get identical names from both paths; stories the
compiled code declines are counted (Python computes theirs). Exits 1 on any difference.
"""

from __future__ import annotations

import json
import sys

from eval.cluster.data import ecbplus, own
from eval.shared_sets import shared_eval_dir
from schemas import RawStory
from stream.core.clusters import names
from stream.core.dedup import fingerprint
from stream.core.normalize import normalize
from stream.errors import EmptyStory


def check(label: str, payloads: list[str]) -> int:
    """Print one summary line; the number of stories whose names differ."""
    native = fingerprint.NATIVE
    assert native is not None, "wirestream_native is not built (make install)"
    compiled = declined = differ = with_names = empty = 0
    for payload in payloads:
        try:
            story = normalize(RawStory.model_validate_json(payload))
        except EmptyStory:  # a dead letter in the pipeline: no cluster, no names
            empty += 1
            continue
        got = native.story_names(
            story.headline,
            story.body,
            limit=names.STORY_NAMES,
            lead_chars=names.LEAD_CHARS,
            name_chars=names.NAME_CHARS,
            min_word_chars=names.MIN_WORD_CHARS,
        )
        if got is None:
            declined += 1
            continue
        compiled += 1
        want = names.reference_story_names(story)
        with_names += bool(want)
        if got != want:
            differ += 1
            print(f"  {story.story_id}: compiled {got} != python {want}")
    print(
        f"{label}: {len(payloads)} stories, {compiled} compiled ({with_names} with names), "
        f"{declined} declined to Python, {differ} differ ({empty} empty: dead letters)"
    )
    return differ


def polnear() -> list[str]:
    """PolNeAR's texts as RawStory payloads (first line the headline)."""
    path = shared_eval_dir() / "quotes_polnear_train.jsonl"
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        headline, _, body = row["text"].partition("\n")
        out.append(json.dumps({"story_id": row["id"], "headline": headline, "body": body}))
    return out


def main() -> None:
    differ = check("ECB+", [it.payload for it in ecbplus()])
    differ += check("PolNeAR", polnear())
    differ += check("eval/dedup", [it.payload for it in own()])
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
