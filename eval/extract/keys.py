"""Cross-story agreement of entity keys on the seeds (one event, five outlets).

Usage: ``.venv/bin/python eval/extract/keys.py`` (also printed by ``run.py``).

The seeds' gold bodies are streamed in file order through the real dedup stage (for
their cluster ids) and the alias memory (``stream/core/extract/aliases.py``), exactly as
``wirestream process`` does, starting from an empty memory. For every real-world entity
that two or more seeds name (gold ``cross_story.same`` joins gold canonicals that differ,
e.g. ``Wirt`` and ``Dana Wirt``), every pair of stories naming it counts as agreeing
when both stories gave it the same key. A gold entity a story did not find counts as
disagreeing. ``before`` is the same figure for the per-story canonical (label + folded
canonical, no stream memory): what a consumer could key on before entity keys.
"""

from __future__ import annotations

import itertools
import json
import sys
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from schemas import NormalizedStory  # noqa: E402
from stream.core.dedup import DedupStage  # noqa: E402
from stream.core.extract.aliases import AliasMemory, entity_key  # noqa: E402
from stream.core.extract.entities import build_index  # noqa: E402
from stream.core.extract.nlp import load_model, pipe_docs  # noqa: E402

GOLD = Path(__file__).with_name("gold.json")


def pair_agreement(keys_by_entity: dict[str, dict[str, str | None]]) -> tuple[int, int]:
    """(agreeing pairs, pairs) over stories that name the same gold entity."""
    agree = total = 0
    for per_story in keys_by_entity.values():
        for a, b in itertools.combinations(sorted(per_story), 2):
            total += 1
            ka, kb = per_story[a], per_story[b]
            agree += int(ka is not None and ka == kb)
    return agree, total


def stream_hints(docs: Sequence[dict]) -> list[dict[str, str]]:
    """The hints each seed gets when the seeds arrive in order on an empty stream."""
    stage = DedupStage({})
    memory = AliasMemory({})
    out = []
    for d in docs:
        story = NormalizedStory(story_id=d["id"], body=d["body"], language="en")
        info = stage.decide(story)
        out.append(memory.hints(d["id"], d["body"], info.cluster_id))
    return out


def seed_keys(full: bool = False) -> dict[str, dict[str, dict[str, str | None]]]:
    """``{"after"|"before": {gold entity: {story: key or None}}}`` on the seeds."""
    gold = json.loads(GOLD.read_text())
    spec = gold["cross_story"]
    docs = [d for d in gold["docs"] if d["id"] in set(spec["docs"])]
    group_of: dict[str, str] = {}
    for names in spec["same"]:
        for name in names:
            group_of[name.casefold()] = names[-1].casefold()
    nlp = load_model("auto")
    hints = stream_hints(docs)
    result: dict[str, dict[str, dict[str, str | None]]] = {
        "after": defaultdict(dict),
        "before": defaultdict(dict),
    }
    parsed = pipe_docs(nlp, [d["body"] for d in docs], full=full)
    for d, doc, h in zip(docs, parsed, hints, strict=True):
        index = build_index(doc, d["body"])
        for g in d["entities"]:
            canon = g["canonical"].casefold()
            entity = group_of.get(canon, canon)
            found = [c for c in index.label if c.casefold() == canon]
            if not found:
                result["after"][entity][d["id"]] = None
                result["before"][entity][d["id"]] = None
                continue
            label = index.label[found[0]]
            result["after"][entity][d["id"]] = entity_key(found[0], label, h)
            result["before"][entity][d["id"]] = f"{label}:{found[0].casefold()}"
    return result


def report(full: bool = False) -> list[tuple[str, int, int]]:
    """Rows ``(which, agreeing pairs, pairs)`` for the canonical (before) and the key."""
    keys = seed_keys(full)
    return [(which, *pair_agreement(keys[which])) for which in ("before", "after")]


def main() -> None:
    keys = seed_keys("--full" in sys.argv)
    for which, label in (("before", "per-story canonical"), ("after", "entity key")):
        agree, total = pair_agreement(keys[which])
        print(f"cross-story agreement, {label}: {agree}/{total} = {agree / total:.3f}")
    if "--verbose" in sys.argv:
        for entity, per_story in sorted(keys["after"].items()):
            if len(set(per_story.values())) > 1 and len(per_story) > 1:
                print(f"  {entity}: {per_story}")


if __name__ == "__main__":
    main()
