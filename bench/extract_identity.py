"""Every enrichment output on real news, as one digest: the check that a speed change left
the extract stage's output byte-identical.

    .venv/bin/python bench/extract_identity.py --out /tmp/before.jsonl
    # ... change the code ...
    .venv/bin/python bench/extract_identity.py --out /tmp/after.jsonl --against /tmp/before.jsonl

Texts: PolNeAR and ECB+ (read from ../shared/eval), the bench's gold bodies
(``eval/extract/gold.json``) and a few pathological bodies. Each text goes through the
model as ``Enricher`` runs it (NER only), then the rules twice: without hints, and with
the hints an ``AliasMemory`` gives it when the set is streamed in file order (ECB+ with
its events as clusters), so the entity keys are covered too. Each line is one story's
whole ``Extraction`` (entities and quotes, every field).

``--docs-cache DIR`` keeps the NER docs between runs (for changes to the rules only: a
change to the model call must be checked without it). ``--full`` runs the full pipeline
instead of the fast path.
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse
import hashlib
import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from identitylib import compare, write_rows  # noqa: E402

from eval.shared_sets import shared_eval_dir  # noqa: E402
from stream.core.extract.aliases import AliasMemory  # noqa: E402
from stream.core.extract.nlp import load_model, pipe_docs  # noqa: E402
from stream.core.extract.stage import extract_from_doc  # noqa: E402

#: (story id, body, cluster) per text.
Item = tuple[str, str, str | None]


def polnear() -> list[Item]:
    path = shared_eval_dir() / "quotes_polnear_train.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return [(r["id"], r["text"], None) for r in rows]


def ecbplus() -> list[Item]:
    path = shared_eval_dir() / "clusters_ecbplus.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return [(r["id"], r["body"], r["event"]) for r in rows]


def gold() -> list[Item]:
    docs = json.loads((ROOT / "eval/extract/gold.json").read_text(encoding="utf-8"))["docs"]
    return [(f"gold-{n}", d["body"], None) for n, d in enumerate(docs)]


def pathological() -> list[Item]:
    """Bodies that stress the rules' edge cases (empty, huge runs, lists, odd quotes)."""
    names = ", ".join(f"Party{i} Front" for i in range(300))
    lines = "\n".join(f"Line {i} by Ann Lee of Acme Corp said “x.”" for i in range(200))
    return [
        ("empty", "", None),
        ("space", "   \n\n  ", None),
        ("run", "Mr. Smith said " + "x" * 5_000 + ' "yes," he said.', None),
        ("lists", f"The groups {names} and other groups met.", None),
        ("quotes", '"' * 400 + " said Anna Kelly. " + "“" * 300, None),
        ("dateline", "WASHINGTON, D.C. (AP) — Sen. Jo Ray said “no.” D.C. U.S. a.m. " * 50, None),
        ("caps", "THE NEW YORK TIMES SAID “OK,” SAID JOHN DOE OF THE U.N. " * 40, None),
        ("lines", lines, None),
    ]


def docs_for(texts: list[str], cache: Path | None, full: bool) -> list:
    nlp = load_model("auto", ner_only=not full)
    if cache is None:
        return list(pipe_docs(nlp, texts, full=full))
    from spacy.tokens import DocBin

    digest = hashlib.sha1(("full" if full else "fast").encode() + "\x00".join(texts).encode())
    path = cache / f"extract-identity-{digest.hexdigest()[:16]}.spacy"
    if path.exists():
        return list(DocBin().from_disk(path).get_docs(nlp.vocab))
    docs = list(pipe_docs(nlp, texts, full=full))
    cache.mkdir(parents=True, exist_ok=True)
    DocBin(docs=docs, store_user_data=False).to_disk(path)
    return docs


def rows(name: str, items: list[Item], docs: list) -> Iterator[dict[str, Any]]:
    """Without hints, then with the stream's hints (one alias memory per set)."""
    memory = AliasMemory({})
    for (story_id, body, cluster), doc in zip(items, docs, strict=True):
        plain = extract_from_doc(body, doc)
        hints = memory.hints(story_id, body, cluster)
        hinted = extract_from_doc(body, doc, hints=hints)
        yield {
            "set": name,
            "id": story_id,
            "entities": [e.model_dump() for e in plain.entities],
            "quotes": [q.model_dump() for q in plain.quotes],
            "hinted_keys": [e.key for e in hinted.entities],
            "hinted_same": hinted.quotes == plain.quotes
            and [e.model_copy(update={"key": ""}) for e in hinted.entities]
            == [e.model_copy(update={"key": ""}) for e in plain.entities],
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--against", type=Path, help="an earlier --out to compare with")
    parser.add_argument("--docs-cache", type=Path, help="keep NER docs here (rules changes)")
    parser.add_argument("--full", action="store_true", help="the full pipeline's docs")
    args = parser.parse_args()
    sets = [
        ("polnear", polnear()),
        ("ecbplus", ecbplus()),
        ("gold", gold()),
        ("pathological", pathological()),
    ]
    texts = [body for _, items in sets for _, body, _ in items]
    t0 = time.process_time()
    docs = docs_for(texts, args.docs_cache, args.full)
    t1 = time.process_time()
    offsets = [0]
    for _, items in sets:
        offsets.append(offsets[-1] + len(items))
    all_rows = (
        row
        for (name, items), start in zip(sets, offsets, strict=False)
        for row in rows(name, items, docs[start : start + len(items)])
    )
    count, digest = write_rows(
        args.out, all_rows, lambda row: json.dumps(row, sort_keys=True, ensure_ascii=False)
    )
    t2 = time.process_time()
    print(
        f"{count} stories, sha256 {digest} "
        f"(CPU: NER {t1 - t0:.1f} s, rules x2 + hints {t2 - t1:.1f} s)"
    )
    if args.against is not None:
        compare(args.out, args.against)


if __name__ == "__main__":
    main()
