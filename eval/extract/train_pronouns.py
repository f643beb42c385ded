"""Fit the he/she antecedent ranker (``eval/extract/pronoun_rank.py``) on PolNeAR dev.

Usage: ``.venv/bin/python eval/extract/train_pronouns.py [--cache DIR] [--folds 5]``

Cases are those of ``eval/extract/pronouns.py`` on the dev split: every attribution
(direct, mixed, indirect) whose source is a bare he/she outside quotes. For each, the
extractor's own resolution runs at the pronoun (the rules' pick), and
``Ranker.pronoun_candidates`` lists every referent the walk meets with its features. The
target is CoreNLP's name (``speaker_name_corenlp``), replaced by our hand reading where
``polnear_adjudicated.json`` (dev rows only) or ``polnear_pronouns.json`` gives one; a
case trains the model only when its target matches one of its candidates.

The model is a conditional logit (one softmax over a pronoun's candidates), fitted by
plain Newton steps on the L2-regularised log-loss. Features and regularisation are
chosen by k-fold cross-validation over dev ARTICLES; per fold it prints he/she
agreement with CoreNLP (and with the adjudicated target) for the rules and for the
model. Two models: ``correction`` (the rules' pick among the features, to learn
corrections to the rules) and ``free`` (without it). Then each is fitted on all of dev
and its weights printed (``WEIGHTS`` in ``pronoun_rank.py``). Held-out is never read.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from eval.extract.polnear import (  # noqa: E402
    ADJUDICATED,
    DATA,
    PRONOUN_GOLD,
    _docs,
    load_split,
    same_speaker,
)
from eval.extract.pronoun_rank import FEATURES, RULE_FEATURES, pronoun_candidates, rules_pick  # noqa: E402
from eval.extract.pronouns import he_she_sources  # noqa: E402
from stream.core.extract.nlp import load_model  # noqa: E402
from stream.core.extract.speaker_story import Candidate  # noqa: E402

#: Regularisation strengths tried (times the number of cases).
L2S = (1e-3, 1e-2, 3e-2, 1e-1)


@dataclass
class Case:
    """One he/she source: its candidates' features and which of them match."""

    article: str
    x: np.ndarray  # candidates x features
    hint_ok: np.ndarray  # candidate matches CoreNLP's name
    target_ok: np.ndarray  # candidate matches the target (hand reading if any)
    rule_hint: bool  # the rules' answer matches CoreNLP's name
    rule_target: bool
    has_hint: bool  # CoreNLP gives a name (the agreement figures count these only)
    pos: int = 0  # where the pronoun is (for reading errors)
    names: tuple[str, ...] = ()  # the candidates as displayed


def _matches(c: Candidate, name: str | None) -> bool:
    return bool(name) and (same_speaker(c.display, name) or same_speaker(c.canonical, name))


def collect(articles: list[dict], docs: list) -> list[Case]:
    """Cases of every bare he/she source of ``articles`` (see the module docstring)."""
    hand: dict[tuple[str, int], str] = {}
    for path in (PRONOUN_GOLD, ADJUDICATED):
        for r in json.loads(path.read_text(encoding="utf-8"))["pronouns"]:
            if r.get("split", "dev") == "dev" and r["referent"]:
                hand[(r["id"], r["start"])] = r["referent"]
    cases: list[Case] = []
    for art, g, attributor, pronoun, pos in he_she_sources(articles, docs):
        hint = g["speaker_name_corenlp"]
        target = hand.get((art["id"], g["start"]), hint)
        if not target:
            continue
        rule = rules_pick(attributor, pronoun, pos)
        ranked = pronoun_candidates(attributor, pronoun, pos, rule)
        cands = [r.candidate for r in ranked]
        cases.append(
            Case(
                article=art["id"],
                x=np.array([r.x for r in ranked], dtype=float).reshape(-1, len(FEATURES)),
                hint_ok=np.array([_matches(c, hint) for c in cands], dtype=bool),
                target_ok=np.array([_matches(c, target) for c in cands], dtype=bool),
                rule_hint=rule is not None and _matches(rule, hint),
                rule_target=rule is not None and _matches(rule, target),
                has_hint=bool(hint),
                pos=pos,
                names=tuple(c.display for c in cands),
            )
        )
    return cases


def fit(cases: list[Case], cols: list[int], l2: float, steps: int = 30) -> np.ndarray:
    """Conditional logit by Newton's method over the cases whose target is a candidate:
    the target mass spread evenly over the candidates matching it."""
    train = [c for c in cases if c.target_ok.any()]
    w = np.zeros(len(cols))
    reg = l2 * len(train) * np.eye(len(cols))
    for _ in range(steps):
        grad = reg @ w
        hess = reg.copy()
        for c in train:
            x = c.x[:, cols]
            z = x @ w
            p = np.exp(z - z.max())
            p /= p.sum()
            t = c.target_ok / c.target_ok.sum()
            grad += x.T @ (p - t)
            xp = x.T @ p
            hess += (x.T * p) @ x - np.outer(xp, xp)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w


def pick(c: Case, cols: list[int], w: np.ndarray) -> int | None:
    """The model's candidate (the first of the best score), None with no candidate."""
    if not len(c.x):
        return None
    return int(np.argmax(c.x[:, cols] @ w))


def agreement(cases: list[Case], cols: list[int], w: np.ndarray | None) -> tuple[int, int, int]:
    """(agree with CoreNLP, agree with the target, cases with a CoreNLP name); ``w``
    None: the rules' answer."""
    hint = target = n = 0
    for c in cases:
        if w is None:
            h, t = c.rule_hint, c.rule_target
        else:
            k = pick(c, cols, w)
            h = k is not None and bool(c.hint_ok[k])
            t = k is not None and bool(c.target_ok[k])
        if c.has_hint:
            n += 1
            hint += h
        target += t
    return hint, target, n


def fold_of(article: str, k: int) -> int:
    return int(hashlib.sha1(article.encode()).hexdigest(), 16) % k


def cross_validate(
    cases: list[Case], cols: list[int], l2: float, k: int, verbose: bool = False
) -> tuple[int, ...]:
    """Totals over k folds by article: (rules vs CoreNLP, model vs CoreNLP, rules vs
    target, model vs target, cases the model gets right and the rules wrong, and the
    reverse, both against the target)."""
    tot = np.zeros(6, dtype=int)
    for f in range(k):
        test = [c for c in cases if fold_of(c.article, k) == f]
        train = [c for c in cases if fold_of(c.article, k) != f]
        w = fit(train, cols, l2)
        rh, rt, n = agreement(test, cols, None)
        mh, mt, _ = agreement(test, cols, w)
        picks = [pick(c, cols, w) for c in test]
        right = [p is not None and bool(c.target_ok[p]) for p, c in zip(picks, test, strict=True)]
        wins = sum(m and not c.rule_target for m, c in zip(right, test, strict=True))
        losses = sum(c.rule_target and not m for m, c in zip(right, test, strict=True))
        tot += (rh, mh, rt, mt, wins, losses)
        if verbose:
            print(
                f"  fold {f}: {n:4d} he/she with a CoreNLP name, agreement "
                f"rules {rh / n:.3f} ({rh}) model {mh / n:.3f} ({mh});  "
                f"vs the target rules {rt} model {mt} of {len(test)} "
                f"(model right, rules wrong {wins}; the reverse {losses})"
            )
    return tuple(int(v) for v in tot)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--cache", type=Path, help="NER docs (DocBin) kept between runs")
    ap.add_argument("--cases", type=Path, help="pickle the collected cases here (reuse)")
    ap.add_argument("--folds", type=int, default=5)
    args = ap.parse_args()
    if args.cases and args.cases.exists():
        cases = pickle.loads(args.cases.read_bytes())
    else:
        articles = load_split(args.data, "dev")
        docs = _docs(load_model("auto"), [a["text"] for a in articles], args.cache)
        cases = collect(articles, docs)
        if args.cases:
            args.cases.write_bytes(pickle.dumps(cases))
    n_hint = sum(c.has_hint for c in cases)
    covered = sum(c.target_ok.any() for c in cases)
    print(
        f"dev: {len(cases)} he/she with a target ({n_hint} with a CoreNLP name); "
        f"target among the candidates for {covered}"
    )
    variants = {
        "correction (the rules' pick a feature)": list(range(len(FEATURES))),
        "free (without the rules' pick)": [
            i for i, f in enumerate(FEATURES) if f not in RULE_FEATURES
        ],
    }
    for name, cols in variants.items():
        print(f"\n== {name}: choice of regularisation, {args.folds}-fold CV by article")
        print("  (agreement with CoreNLP: rules vs model; with the adjudicated target)")
        best = None
        for l2 in L2S:
            rh, mh, rt, mt, _, _ = cross_validate(cases, cols, l2, args.folds)
            print(f"  l2 {l2:g}: CoreNLP rules {rh} model {mh}; target rules {rt} model {mt}")
            if best is None or mt > best[0]:
                best = (mt, l2)
        assert best is not None
        l2 = best[1]
        print(f"  per fold at l2 {l2:g}:")
        rh, mh, rt, mt, wins, losses = cross_validate(cases, cols, l2, args.folds, True)
        print(
            f"  total: CoreNLP rules {rh}/{n_hint} ({rh / n_hint:.3f}) "
            f"model {mh}/{n_hint} ({mh / n_hint:.3f}); target rules {rt} model {mt} "
            f"of {len(cases)} (model right, rules wrong {wins}; the reverse {losses})"
        )
        w = np.zeros(len(FEATURES))
        w[cols] = fit(cases, cols, l2)
        print("  weights fitted on all of dev:")
        print("  (" + ", ".join(f"{v:.3f}" for v in w) + ")")
        for f, v in zip(FEATURES, w, strict=True):
            print(f"    {f:<11}{v:+.3f}")


if __name__ == "__main__":
    main()
