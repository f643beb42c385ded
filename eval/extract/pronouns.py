"""He/she resolution on every PolNeAR attribution, not only direct quotes.

Usage: ``.venv/bin/python eval/extract/pronouns.py [--split dev|heldout|all] [--cache DIR]``

``eval/extract/polnear.py`` judges pronoun speakers on the ~400 direct quotes of a split
whose gold mention is he/she. The pronoun rules can be checked on many more cases:
every attribution of the corpus (direct, mixed and indirect reported speech) whose
annotated source is a bare ``he``/``she`` outside quotation marks. For each, the
extractor's own resolution runs at the pronoun's place, exactly as when a quote is
attributed to that pronoun (the backward walk, then the latest speaker of that gender,
then the story's most-named person of that gender, after the story's quotes were
attributed), and its answer is compared with CoreNLP's automatic referent
(``speaker_name_corenlp``, ~1 in 10 wrong: an agreement rate, not an accuracy).
Pronouns CoreNLP leaves open are counted apart. Same split as ``polnear.py``.

``--ranker correction|free`` answers with the learned ranker of
``eval/extract/pronoun_rank.py`` instead (an experiment the extractor does not run; see
``docs/extract.md``): the best-scored of the rules' candidates.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from eval.extract.polnear import DATA, _docs, load_split, same_speaker  # noqa: E402
from eval.extract.pronoun_rank import WEIGHTS, choose, rules_pick  # noqa: E402
from stream.core.extract.entities import build_index  # noqa: E402
from stream.core.extract.nlp import load_model  # noqa: E402
from stream.core.extract.quotes import find_quote_spans, quote_view  # noqa: E402
from stream.core.extract.segment import segment  # noqa: E402
from stream.core.extract.speakers import Attributor  # noqa: E402


def resolve(attributor: Attributor, pronoun: str, pos: int) -> tuple[str | None, str | None]:
    """(speaker, canonical) the extractor gives a he/she at ``pos``: the same order of
    attempts as ``ChunkReader._speaker_of_chunk`` (``rules_pick``)."""
    c = rules_pick(attributor, pronoun, pos)
    return (c.display, c.canonical or None) if c is not None else (None, None)


def he_she_sources(
    articles: list[dict], docs: list
) -> Iterator[tuple[dict, dict, Attributor, str, int]]:
    """(article, gold attribution, its story's attributor, pronoun, offset) for every
    attribution whose source is a bare he/she outside quotes, after the story's quotes
    were attributed."""
    for art, doc in zip(articles, docs, strict=True):
        text = art["text"]
        index = build_index(doc, text)
        seg = segment(text)
        attributor = Attributor(quote_view(text), seg, index, find_quote_spans(text, seg))
        attributor.attribute()
        for g in art["quotes"]:
            pronoun = (g["speaker"] or "").strip().lower()
            pos = g["speaker_start"]
            if pronoun in ("he", "she") and pos is not None and not attributor._inside_quote(pos):
                yield art, g, attributor, pronoun, pos


def ranked(
    attributor: Attributor, pronoun: str, pos: int, model: str
) -> tuple[str | None, str | None]:
    """(speaker, canonical) the learned ranker ``model`` gives a he/she at ``pos``."""
    rule = rules_pick(attributor, pronoun, pos)
    c = choose(attributor, pronoun, pos, rule, WEIGHTS[model])
    return (c.display, c.canonical or None) if c is not None else (None, None)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--split", choices=("dev", "heldout", "all"), default="dev")
    ap.add_argument("--cache", type=Path, help="keep the NER docs here (DocBin) between runs")
    ap.add_argument("--dump", type=Path, help="one line per pronoun: id, offset, ours, CoreNLP")
    ap.add_argument(
        "--ranker",
        choices=("rules", *WEIGHTS),
        default="rules",
        help="answer with the extractor's rules (default) or a learned ranker",
    )
    args = ap.parse_args()
    articles = load_split(args.data, args.split)
    docs = _docs(load_model("auto"), [a["text"] for a in articles], args.cache)
    c: Counter[str] = Counter()
    dump: list[str] = []
    for art, g, attributor, pronoun, pos in he_she_sources(articles, docs):
        if args.ranker == "rules":
            speaker, canonical = resolve(attributor, pronoun, pos)
        else:
            speaker, canonical = ranked(attributor, pronoun, pos, args.ranker)
        hint = g["speaker_name_corenlp"]
        if not hint:
            c["open"] += 1
            c["open_answered"] += speaker is not None
            continue
        ok = same_speaker(speaker, hint) or same_speaker(canonical, hint)
        c["n"] += 1
        c["agree"] += ok
        c[f"n_{g['kind']}"] += 1
        c[f"agree_{g['kind']}"] += ok
        dump.append(f"{art['id'][8:]}\t{pos}\t{int(ok)}\t{speaker}\t{hint}")
    if args.dump:
        args.dump.write_text("\n".join(dump) + "\n", encoding="utf-8")

    def ratio(a: int, b: int) -> str:
        return f"{a / b:.3f} ({a}/{b})" if b else "-"

    print(
        f"PolNeAR {args.split}: {len(articles)} articles, he/she sources outside quotes"
        f" ({args.ranker})"
    )
    print(f"  agreement with CoreNLP's referent, all kinds   {ratio(c['agree'], c['n'])}")
    for kind in ("direct", "mixed", "indirect"):
        print(f"    {kind:<9}{ratio(c[f'agree_{kind}'], c[f'n_{kind}']):>41}")
    print(f"  CoreNLP open: {c['open']} (we name someone for {c['open_answered']})")


if __name__ == "__main__":
    main()
