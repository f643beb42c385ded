"""Evaluate entity and quote extraction against the hand-annotated gold set.

Usage: ``.venv/bin/python eval/extract/run.py [--full] [--verbose]``

Why a gold file with bodies: the eval must not depend on the normalizer (another
stage, rewritten concurrently), so every body annotated here is stored in
``gold.json`` as it was annotated (seeds with outlet chrome stripped by hand).

Metrics
* quotes: a predicted ``kind="full"`` matches a gold quote when the texts agree after
  normalizing marks/space/case (or a difflib ratio >= 0.9); one-to-one, greedy. Gold
  fragments predicted as full quotes count as false positives like anything unmatched.
* speaker accuracy: of matched quotes, speaker (or, for a description such as "the
  judge", the name it is linked to: ``speaker_canonical``) equal to gold (accent- and
  case-insensitive, leading "the" ignored); "end-to-end" divides by all gold quotes.
* entity recall: gold canonicals present among the predicted canonicals (exact after
  casefolding); label accuracy over the recalled ones.
* alias accuracy: each annotated alias mention resolves to the annotated canonical.
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from collections import defaultdict
from difflib import SequenceMatcher
from pathlib import Path

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from eval.extract.keys import report as keys_report  # noqa: E402
from stream.core.extract.canonical import surface_name  # noqa: E402
from stream.core.extract.entities import build_index  # noqa: E402
from stream.core.extract.nlp import load_model, pipe_docs  # noqa: E402
from stream.core.extract.stage import extract_from_doc  # noqa: E402

GOLD = Path(__file__).with_name("gold.json")


def norm_text(s: str) -> str:
    s = s.translate(str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"}))
    s = " ".join(s.replace('"', " ").split())
    return s.strip(" ,.;:!?").casefold()


def norm_speaker(s: str | None) -> str:
    if not s:
        return ""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c)).casefold().strip()
    return s[4:] if s.startswith("the ") else s


def speaker_ok(gold: str | None, pred: object) -> bool:
    """The speaker as written, or the name a description is linked to (``the judge``
    with canonical ``Anne Walsh``): the gold names the person either way."""
    want = norm_speaker(gold)
    return want in {norm_speaker(pred.speaker), norm_speaker(pred.speaker_canonical)}


def match_quotes(gold: list[dict], pred: list) -> list[tuple[dict, object]]:
    pairs = []
    used: set[int] = set()
    for g in gold:
        gt = norm_text(g["text"])
        best, best_i = 0.0, -1
        for i, p in enumerate(pred):
            if i in used:
                continue
            pt = norm_text(p.text)
            r = 1.0 if pt == gt else SequenceMatcher(None, gt, pt).ratio()
            if r > best:
                best, best_i = r, i
        if best >= 0.9:
            used.add(best_i)
            pairs.append((g, pred[best_i]))
    return pairs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--full", action="store_true", help="run the full spaCy pipeline")
    ap.add_argument("--verbose", action="store_true", help="print every miss")
    args = ap.parse_args()
    gold = json.loads(GOLD.read_text())["docs"]
    nlp = load_model("auto")
    docs = list(pipe_docs(nlp, [d["body"] for d in gold], full=args.full))
    console = Console(width=150)
    stats: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for d, doc in zip(gold, docs, strict=True):
        ex = extract_from_doc(d["body"], doc)
        full = [q for q in ex.quotes if q.kind == "full"]
        pairs = match_quotes(d["quotes"], full)
        matched_pred = {id(p) for _, p in pairs}
        ok_spk = [g for g, p in pairs if speaker_ok(g["speaker"], p)]
        pred_canon = {e.canonical.casefold(): e for e in ex.entities}
        ent_hit = [e for e in d["entities"] if e["canonical"].casefold() in pred_canon]
        label_ok = [e for e in ent_hit if pred_canon[e["canonical"].casefold()].label == e["label"]]
        index = build_index(doc, d["body"])
        alias_ok = 0
        for a in d["aliases"]:
            hits = [m for m in index.mentions if surface_name(m.text) == a["mention"]]
            if hits and all(m.canonical == a["canonical"] for m in hits):
                alias_ok += 1
            elif args.verbose:
                got = sorted({m.canonical for m in hits}) or "no mention"
                console.print(f"[yellow]{d['id']}[/] alias {a['mention']!r} -> {got}")
        leaks = [p for p in full if norm_text(p.text) in {norm_text(f) for f in d["fragments"]}]
        for key in (d["domain"], "all"):
            s = stats[key]
            s["docs"] += 1
            s["gold_q"] += len(d["quotes"])
            s["pred_q"] += len(full)
            s["tp"] += len(pairs)
            s["spk"] += len(ok_spk)
            s["gold_e"] += len(d["entities"])
            s["hit_e"] += len(ent_hit)
            s["label_ok"] += len(label_ok)
            s["alias"] += len(d["aliases"])
            s["alias_ok"] += alias_ok
            s["leaks"] += len(leaks)
        if args.verbose:
            got = {id(g) for g, _ in pairs}
            for g in d["quotes"]:
                if id(g) not in got:
                    console.print(f"[red]{d['id']}[/] missed quote {g['text'][:70]!r}")
            for p in full:
                if id(p) not in matched_pred:
                    console.print(f"[red]{d['id']}[/] extra quote {p.text[:70]!r} ({p.speaker})")
            for g, p in pairs:
                if not speaker_ok(g["speaker"], p):
                    console.print(
                        f"[magenta]{d['id']}[/] speaker {p.speaker!r} != {g['speaker']!r}"
                        f" for {g['text'][:50]!r}"
                    )
            for e in d["entities"]:
                c = e["canonical"].casefold()
                if c not in pred_canon:
                    console.print(f"[blue]{d['id']}[/] missed entity {e['canonical']!r}")
                elif pred_canon[c].label != e["label"]:
                    console.print(
                        f"[blue]{d['id']}[/] label {e['canonical']!r}: "
                        f"{pred_canon[c].label} != {e['label']}"
                    )

    table = Table(title=f"extract eval ({'full pipeline' if args.full else 'fast NER path'})")
    for col in (
        "set",
        "docs",
        "gold q",
        "P",
        "R",
        "F1",
        "speaker acc",
        "spk e2e",
        "frag leaks",
        "entity R",
        "label acc",
        "alias acc",
    ):
        table.add_column(col, justify="right" if col != "set" else "left")
    order = ["all", *sorted(k for k in stats if k != "all")]
    for key in order:
        s = stats[key]
        p = s["tp"] / s["pred_q"] if s["pred_q"] else 0.0
        r = s["tp"] / s["gold_q"] if s["gold_q"] else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        table.add_row(
            key,
            str(s["docs"]),
            str(s["gold_q"]),
            f"{p:.3f}",
            f"{r:.3f}",
            f"{f1:.3f}",
            f"{s['spk'] / s['tp']:.3f}" if s["tp"] else "-",
            f"{s['spk'] / s['gold_q']:.3f}" if s["gold_q"] else "-",
            str(s["leaks"]),
            f"{s['hit_e'] / s['gold_e']:.3f}" if s["gold_e"] else "-",
            f"{s['label_ok'] / s['hit_e']:.3f}" if s["hit_e"] else "-",
            f"{s['alias_ok'] / s['alias']:.3f}" if s["alias"] else "-",
        )
    console.print(table)
    # Entity keys across the seeds (eval/extract/keys.py): one event, five outlets.
    for which, agree, total in keys_report(args.full):
        name = "entity key" if which == "after" else "per-story canonical (no memory)"
        console.print(
            f"cross-story agreement on the seeds, {name}: {agree}/{total} = {agree / total:.3f}"
        )


if __name__ == "__main__":
    main()
