"""Quotes and speakers on real news: PolNeAR (``../shared/eval/quotes_polnear_train.jsonl``).

Usage: ``.venv/bin/python eval/extract/polnear.py [--split dev|heldout|all] [--verbose N]``

The data is read from the shared folder at run time (``--data``; see its README), never
copied here. Each article goes through the pipeline's own code (``pipe_docs`` NER fast
path + ``extract_from_doc``), exactly what ``Enricher`` runs.

Split: an article is ``heldout`` when the first hex digit of ``sha1(id)`` is ``c``-``f``
(about a quarter), else ``dev``. Rules are developed on ``dev``; ``heldout`` is looked at
only for the reported figure.

Span matching (character offsets; gold ``spans`` are the content pieces, marks excluded):

* a predicted quote *lies in* a gold attribution when >= 50% of its characters fall
  inside that attribution's spans (the one with the largest overlap wins);
* a gold ``direct`` attribution is *found* when >= 50% of its span characters are covered
  by predicted quotes (of either kind); recall = found / gold direct;
* precision: a predicted ``full`` quote is correct when it lies in a ``direct`` or
  ``mixed`` attribution (someone's quoted words); a ``partial`` quote is correct when it
  lies in one too; a ``partial`` quote outside every attribution (scare quote, title,
  nickname) is a correct rejection, outside the count; a ``full`` quote outside every
  attribution is a false positive. So precision = correct / (full + partial-in-gold).

Speaker accuracy over matched quotes (predicted quotes lying in a direct attribution;
mixed ones reported apart): correct when our ``speaker`` or ``speaker_canonical`` matches
the annotated mention (``speaker``) -- equal after folding case, accents, apostrophes and
a leading article, or one's words contained in the other's (``Dana Wirt`` vs
``Spokeswoman Dana Wirt``; ``Okafor`` vs ``Tom Okafor``). ``speaker_name_corenlp``
is an automatic coreference guess; the figure is printed without it (mention only) and
with it (mention or that name).

Headline (issue 11's figure, "the speaker matched by name or by the annotated
mention"): a quote is correct when

* its name matches as above (the annotated mention, or CoreNLP's name), OR
* only when the gold mention is a pronoun that CoreNLP leaves without a name (the
  referent is unknown to the gold, so no name can be checked): our attribution mention
  (``speaker_start``..``speaker_end``, the words the extractor read the speaker from, a
  continuation quote's inherited ones included) overlaps the gold source span
  (``speaker_start``..``speaker_end`` of the gold) by at least one character. Then we
  read the attribution the annotator marked; whom that pronoun means stays unchecked.

* or when the gold attribution has no source at all (``speaker`` null: a song, a
  sign, a slogan the annotator gave nobody) and we give no speaker either: the empty
  annotated mention is matched by an empty speaker (any speaker we give is wrong). The
  figure before this rule is printed beside it (``v1``).

Nothing else is relaxed: a pronoun WITH a CoreNLP name, a name and a description are
judged by name only, as before. The rows beside it:

* ``mention or CoreNLP name (old headline)``: the first bullet alone (a lower bound:
  every pronoun CoreNLP leaves open counts as wrong, whatever we answer);
* ``mention only``: the annotated mention alone, without CoreNLP's name;
* ``referent checkable``: the old headline over the quotes whose gold gives a referent
  (a name, a description, or a pronoun with a CoreNLP name);
* ``checkable, CoreNLP hint adjudicated``: the same with CoreNLP's name replaced by our
  hand reading where the two disagreed (``polnear_adjudicated.json``);
* ``gold mention a name or description``; ``mixed``; ``our hand sample`` of unresolved
  pronouns (dev).

Blind gold (``blind_ok``; ``polnear_referents.json``, see docs/extract.md): the referent
of every direct quote whose gold mention is a pronoun, read by hand from the text without
seeing any system's answer. The row ``hand referents (blind gold)`` judges a quote as the
headline does, except for a pronoun mention: there the hand referent decides (our
``speaker`` or ``speaker_canonical`` matches it), CoreNLP's name is not used; a null hand
referent (the text names nobody) falls back to the mention-place rule; a pronoun not yet
labelled falls back to the headline's rule (the coverage is printed). ``referent
checkable by hand``: the same over the quotes whose referent is known (a name or
description mention, or a pronoun with a hand referent).

Error kinds are assigned to quotes wrong by the headline.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from eval.shared_sets import shared_eval_dir  # noqa: E402
from schemas import Quote  # noqa: E402
from stream.core.extract.nlp import load_model, pipe_docs  # noqa: E402
from stream.core.extract.stage import extract_from_doc  # noqa: E402

DATA = shared_eval_dir() / "quotes_polnear_train.jsonl"
#: Our hand resolution of a sample of pronoun speakers CoreNLP leaves unresolved.
PRONOUN_GOLD = Path(__file__).with_name("polnear_pronouns.json")
#: Our hand reading of dev pronoun quotes where CoreNLP's hint and our speaker disagreed.
ADJUDICATED = Path(__file__).with_name("polnear_adjudicated.json")
#: Blind hand referents of every direct quote whose gold mention is a pronoun.
REFERENTS = Path(__file__).with_name("polnear_referents.json")
PRONOUNS = frozenset(
    [
        "he",
        "she",
        "him",
        "her",
        "his",
        "they",
        "them",
        "their",
        "we",
        "us",
        "our",
        "i",
        "me",
        "my",
        "it",
        "its",
        "you",
        "your",
        "who",
        # relative pronouns, like "who": "the group, which said" names nobody itself
        "whom",
        "which",
        "that",
    ]
)
_ART = re.compile(r"^(?:the|a|an)\s+")
#: Courtesy and office titles dropped before comparing (``Mrs. Wirt`` = ``Wirt``).
_TITLE = re.compile(
    r"\b(?:mr|mrs|ms|miss|dr|sen|senator|rep|gov|governor|president|secretary|judge|"
    r"prof|rev|gen|lt|col|sgt|capt|speaker|jr|sr|ii|iii)\b\.?\s*"
)


def split_of(article_id: str) -> str:
    """``heldout`` for about a quarter of the articles, by id hash (stable, no seed)."""
    return "heldout" if hashlib.sha1(article_id.encode()).hexdigest()[0] in "cdef" else "dev"


def load_split(path: Path, split: str) -> list[dict]:
    """The articles of one split (``all``: every article), in file order."""
    articles = [json.loads(line) for line in path.open(encoding="utf-8")]
    return articles if split == "all" else [a for a in articles if split_of(a["id"]) == split]


def norm(s: str | None) -> str:
    """Fold case, accents, curly apostrophes, possessive 's, punctuation, leading article."""
    if not s:
        return ""
    s = unicodedata.normalize("NFKD", s.replace("’", "'"))
    s = "".join(c for c in s if not unicodedata.combining(c)).casefold()
    s = re.sub(r"'s\b", "", s)
    s = re.sub(r"[^\w\s]", " ", s)
    s = _ART.sub("", " ".join(s.split()))
    return " ".join(_TITLE.sub(" ", s).split()) or s


def same_speaker(ours: str | None, gold: str | None) -> bool:
    """Equal, or one's words a contiguous part of the other's (name vs titled name);
    a gold mention is also tried without its appositive (``Mr. Hof, the former
    adviser`` -> ``Mr. Hof``; ``Mr. Lund of the Harbour Institute`` -> ``Mr. Lund``)."""
    head = re.split(r",|\s+(?:of|who|from)\s+", gold or "", maxsplit=1)[0]
    if head and head != gold and _same(ours, head):
        return True
    return _same(ours, gold)


def _same(ours: str | None, gold: str | None) -> bool:
    a, b = norm(ours), norm(gold)
    if not a or not b:
        return False
    if a == b:
        return True
    # two names of one person share the surname ("Dana Wirt" / "Harbour
    # Institute Wirt", "Tom Okafor" / "A startled Okafor")
    if (
        gold_kind_of_mention(gold) == "name"
        and (ours or "")[:1].isupper()
        and a.split()[-1] == b.split()[-1]
        and len(a.split()[-1]) > 2
    ):
        return True
    wa, wb = f" {a} ", f" {b} "
    short, long_ = (wa, wb) if len(wa) < len(wb) else (wb, wa)
    # a pronoun or one-letter word inside a description is not a match
    return short.strip() not in PRONOUNS and len(short.strip()) > 2 and short in long_


def overlap(a: tuple[int, int], spans: list[list[int]]) -> int:
    return sum(max(0, min(a[1], e) - max(a[0], s)) for s, e in spans)


def attribution_overlaps(q: Quote, g: dict) -> bool:
    """Our attribution mention and the gold source span share at least one character."""
    if q.speaker_start is None or q.speaker_end is None or g["speaker_start"] is None:
        return False
    return min(q.speaker_end, g["speaker_end"]) > max(q.speaker_start, g["speaker_start"])


def hand_referents(path: Path, rows: str) -> dict[tuple[str, int], str | None]:
    """A hand-referent file's ``rows`` keyed by (article id, gold quote start)."""
    return {
        (r["id"], r["start"]): r["referent"]
        for r in json.loads(path.read_text(encoding="utf-8"))[rows]
    }


def names(q: Quote, name: str | None) -> bool:
    """Our ``speaker`` or ``speaker_canonical`` is ``name`` (``same_speaker``)."""
    return same_speaker(q.speaker, name) or same_speaker(q.speaker_canonical, name)


def blind_ok(q: Quote, g: dict, referent: str | None, labelled: bool) -> bool:
    """Speaker right against the blind hand gold (``labelled``: ``g`` has a hand row).

    A name or description mention: the mention or CoreNLP's name, as the headline. A
    pronoun: its hand ``referent`` only (CoreNLP's guess is not gold), or, when the text
    names nobody (``referent`` null), the place of our attribution. No source at all: we
    must give no speaker either."""
    if g["speaker"] is None:
        return not q.speaker or names(q, g["speaker_name_corenlp"])
    if gold_kind_of_mention(g["speaker"]) != "pronoun":
        return names(q, g["speaker"]) or names(q, g["speaker_name_corenlp"])
    if not labelled:  # the headline's rule until the pronoun is labelled
        core = g["speaker_name_corenlp"]
        return names(q, core) if core else attribution_overlaps(q, g)
    return names(q, referent) if referent else attribution_overlaps(q, g)


def gold_kind_of_mention(mention: str) -> str:
    """pronoun / description (lowercase or determiner start) / name."""
    m = norm(mention)
    if m in PRONOUNS or mention.strip().lower() in PRONOUNS:
        return "pronoun"
    first = mention.strip()[:1]
    if first.islower() or re.match(r"^(?:the|a|an|one|his|her|their)\s", mention.strip(), re.I):
        return "description"
    return "name"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--split", choices=("dev", "heldout", "all"), default="dev")
    ap.add_argument("--limit", type=int, default=0, help="first N articles of the split")
    ap.add_argument("--verbose", type=int, default=0, help="print up to N errors per kind")
    ap.add_argument("--dump", type=Path, help="write one line per matched direct quote")
    ap.add_argument("--cache", type=Path, help="keep the NER docs here (DocBin) between runs")
    args = ap.parse_args()
    articles = load_split(args.data, args.split)
    if args.limit:
        articles = articles[: args.limit]
    nlp = load_model("auto")
    docs = _docs(nlp, [a["text"] for a in articles], args.cache)
    hand = hand_referents(PRONOUN_GOLD, "pronouns")
    adjudicated = hand_referents(ADJUDICATED, "pronouns")
    referents = hand_referents(REFERENTS, "referents")
    c: Counter[str] = Counter()
    errors: dict[str, list[str]] = {}
    dump: list[str] = []
    for art, doc in zip(articles, docs, strict=True):
        text = art["text"]
        quotes = extract_from_doc(text, doc).quotes
        gold = [g for g in art["quotes"] if g["kind"] in ("direct", "mixed")]
        direct = [g for g in gold if g["kind"] == "direct"]
        c["gold_direct"] += len(direct)
        covered: Counter[int] = Counter()
        for q in quotes:
            best, best_ov = None, 0
            for gi, g in enumerate(gold):
                ov = overlap((q.start, q.end), g["spans"])
                if ov > best_ov:
                    best, best_ov = gi, ov
            inside = best is not None and best_ov >= 0.5 * max(1, q.end - q.start)
            c[f"pred_{q.kind}"] += 1
            if not inside:
                if q.kind == "full":
                    c["fp"] += 1
                    _err(errors, "false positive", art, q, None, args.verbose)
                continue
            c["correct"] += 1
            g = gold[best]
            for s, e in g["spans"]:
                covered[id(g)] += max(0, min(q.end, e) - max(q.start, s))
            c[f"kind_{g['kind']}_{q.kind}"] += 1
            key = "d" if g["kind"] == "direct" else "m"
            c[f"{key}_n"] += 1
            mention_ok = names(q, g["speaker"])
            hint_ok = mention_ok or names(q, g["speaker_name_corenlp"])
            c[f"{key}_mention"] += mention_ok
            c[f"{key}_hint"] += hint_ok
            # a bare pronoun with no CoreNLP name has no known referent to check against
            checkable = (
                bool(g["speaker_name_corenlp"])
                or gold_kind_of_mention(g["speaker"] or "") != "pronoun"
            )
            # the issue's rule: a pronoun of unknown referent is checked by the place of
            # the attribution we read, nothing else
            issue_ok = hint_ok or (not checkable and attribution_overlaps(q, g))
            c[f"{key}_issue_v1"] += issue_ok
            # an attribution the annotator gave no source (a song, a sign, a title): the
            # annotated mention is empty, and so must our speaker be
            issue_ok = issue_ok or (g["speaker"] is None and not q.speaker)
            c[f"{key}_issue"] += issue_ok
            if key == "d":
                dump.append(
                    f"{art['id'][8:]}\t{q.start}\t{int(issue_ok)}\t{q.speaker}\t{g['speaker']}"
                    f"\t{g['speaker_name_corenlp']}\t{q.text[:50]!r}\t{g['start']}"
                    f"\t{int(hint_ok)}"
                )
            if key == "d":
                labelled = (art["id"], g["start"]) in referents
                ref = referents.get((art["id"], g["start"]))
                pronoun = gold_kind_of_mention(g["speaker"] or "") == "pronoun"
                blind = blind_ok(q, g, ref, labelled)
                c["d_blind"] += blind
                c["d_pron"] += pronoun
                c["d_pron_hand"] += pronoun and labelled
                if not pronoun or ref:
                    c["d_blind_chk"] += 1
                    c["d_blind_chk_ok"] += blind
            if key == "d" and (art["id"], g["start"]) in hand:
                ref = hand[(art["id"], g["start"])]
                c["hand_n"] += 1
                c["hand_ok"] += names(q, ref) if ref else not q.speaker
            if key == "d" and gold_kind_of_mention(g["speaker"] or "") != "pronoun":
                c["d_np"] += 1
                c["d_np_ok"] += hint_ok
            if key == "d" and checkable:
                c["d_chk"] += 1
                c["d_chk_ok"] += hint_ok
                ref = adjudicated.get((art["id"], g["start"]))
                c["d_adj_ok"] += names(q, ref) if ref else hint_ok
            if key == "m" and not hint_ok:
                _err(errors, "mixed (partial quote) speaker", art, q, g, args.verbose)
            if key == "d" and not issue_ok:
                kind = _error_kind(text, q, g) if checkable else "referent unknown"
                c["err_" + kind] += 1
                _err(errors, kind, art, q, g, args.verbose)
        for g in direct:
            total = sum(e - s for s, e in g["spans"])
            if covered[id(g)] >= 0.5 * total:
                c["found"] += 1
            else:
                _err(errors, "missed direct", art, None, g, args.verbose)
    if args.dump:
        args.dump.write_text("\n".join(dump) + "\n", encoding="utf-8")
    _report(c, args.split, len(articles))
    for kind, lines in errors.items():
        print(f"\n## {kind}")
        for line in lines:
            print(line)


def _docs(nlp, texts: list[str], cache: Path | None) -> list:
    """NER docs of the texts, from ``cache`` when it holds the same texts (dev loop only)."""
    if cache is None:
        return list(pipe_docs(nlp, texts))
    from spacy.tokens import DocBin

    digest = hashlib.sha1("\x00".join(texts).encode()).hexdigest()[:16]
    path = cache / f"polnear-{digest}.spacy"
    if path.exists():
        return list(DocBin().from_disk(path).get_docs(nlp.vocab))
    docs = list(pipe_docs(nlp, texts))
    cache.mkdir(parents=True, exist_ok=True)
    DocBin(docs=docs, store_user_data=False).to_disk(path)
    return docs


def _error_kind(text: str, q, g: dict) -> str:
    """fragment / continuation / pronoun / description / no speaker / wrong speaker."""
    if q.kind == "partial":
        return "fragment"
    p_start = text.rfind("\n\n", 0, q.start)
    p_end = text.find("\n\n", q.end)
    p_end = len(text) if p_end < 0 else p_end
    if g["speaker_start"] is not None and not p_start <= g["speaker_start"] < p_end:
        return "continuation"
    gk = gold_kind_of_mention(g["speaker"] or "")
    if gk in ("pronoun", "description"):
        return gk
    return "no speaker" if not q.speaker else "wrong speaker"


def _err(errors: dict, kind: str, art: dict, q, g: dict | None, limit: int) -> None:
    lines = errors.setdefault(kind, [])
    if len(lines) >= limit:
        return
    if q is not None:
        what = f"{q.kind} {q.text[:70]!r} ours={q.speaker!r}"
    else:
        what = f"{art['text'][g['start'] : g['start'] + 70]!r}"
    if g is not None:
        what += f" gold={g['speaker']!r} corenlp={g['speaker_name_corenlp']!r}"
    lines.append(f"{art['id'][8:60]}: {what}")
    if q is not None and limit > 0:
        t = art["text"]
        lines.append(f"    ctx: {t[max(0, q.start - 160) : q.end + 90]!r}")


def _report(c: Counter[str], split: str, n: int) -> None:
    def ratio(a: int, b: int) -> str:
        return f"{a / b:.3f} ({a}/{b})" if b else "-"

    prec_den = c["correct"] + c["fp"]  # full quotes + partial quotes inside gold
    print(f"PolNeAR {split}: {n} articles, {c['gold_direct']} gold direct quotes")
    print(f"  direct-quote recall      {ratio(c['found'], c['gold_direct'])}")
    print(f"  quote precision          {ratio(c['correct'], prec_den)}")
    print(
        f"  predicted: full {c['pred_full']}, partial {c['pred_partial']} "
        f"(in direct: full {c['kind_direct_full']} / partial {c['kind_direct_partial']}; "
        f"in mixed: full {c['kind_mixed_full']} / partial {c['kind_mixed_partial']})"
    )
    rows = (
        ("direct, HEADLINE: name, or mention place if referent unknown", "d_issue", "d_n"),
        ("direct, headline before the no-source rule (v1)", "d_issue_v1", "d_n"),
        ("direct, mention or CoreNLP name (old headline)", "d_hint", "d_n"),
        ("direct, mention only", "d_mention", "d_n"),
        ("direct, referent checkable, mention or CoreNLP", "d_chk_ok", "d_chk"),
        ("direct, checkable, CoreNLP hint adjudicated", "d_adj_ok", "d_chk"),
        ("direct, hand referents (blind gold)", "d_blind", "d_n"),
        ("direct, referent checkable by hand, blind gold", "d_blind_chk_ok", "d_blind_chk"),
        ("direct, gold mention a name or description", "d_np_ok", "d_np"),
        ("mixed (partial quotes), mention or CoreNLP", "m_hint", "m_n"),
        ("unresolved pronouns, our hand sample", "hand_ok", "hand_n"),
    )
    for label, num, den in rows:
        print(f"  speaker acc, {label:<62} {ratio(c[num], c[den])}")
    if c["d_n"] and c["hand_n"]:
        # the quotes whose referent the gold leaves unknown, at our hand sample's rate
        unknown = c["d_n"] - c["d_chk"]
        est = (c["d_adj_ok"] + unknown * c["hand_ok"] / c["hand_n"]) / c["d_n"]
        print(f"  speaker acc, all direct, estimate (adjudicated + hand-sample rate)  {est:.3f}")
    print(
        f"  blind gold: hand referents for {c['d_pron_hand']} of {c['d_pron']} matched "
        "direct quotes with a pronoun mention (the rest judged by the headline's rule)"
    )
    errs = {k[4:]: v for k, v in c.items() if k.startswith("err_")}
    print("  direct speaker errors: " + ", ".join(f"{k} {v}" for k, v in sorted(errs.items())))


if __name__ == "__main__":
    main()
