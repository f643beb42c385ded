"""The learned he/she ranker of ``eval/extract`` (an experiment the extractor does not
run): its candidates carry the flags the rules read, and the conditional logit that
``train_pronouns.py`` fits learns which flag decides. Invented sentences; mentions tagged
by hand so the test does not depend on the model of the day."""

from __future__ import annotations

import re

import numpy as np

from eval.extract.pronoun_rank import FEATURES, WEIGHTS, choose, pronoun_candidates, rules_pick
from eval.extract.train_pronouns import Case, agreement, fit
from stream.core.extract.entities import EntityIndex
from stream.core.extract.mention import Mention
from stream.core.extract.quotes import find_quote_spans, quote_view
from stream.core.extract.segment import segment
from stream.core.extract.speakers import Attributor

_F = {name: i for i, name in enumerate(FEATURES)}


def _attributor(body: str, persons: dict[str, str]) -> Attributor:
    """An attributor over ``body`` with each surface of ``persons`` tagged PERSON (its
    canonical the value), every quote attributed."""
    mentions = [
        Mention(m.start(), m.end(), surface, "PERSON", canonical)
        for surface, canonical in persons.items()
        for m in re.finditer(rf"\b{re.escape(surface)}\b", body)
    ]
    mentions.sort(key=lambda m: m.start)
    index = EntityIndex(mentions=mentions)
    for m in mentions:
        index.label[m.canonical] = "PERSON"
        index.display.setdefault(m.canonical, m.canonical)
    seg = segment(body)
    a = Attributor(quote_view(body), seg, index, find_quote_spans(body, seg))
    a.attribute()
    return a


BODY = (
    "Ms. Ruth Vale, the harbour board's chair, met Mr. Ivo Kern at the quay on Monday.\n\n"
    "Vale then toured the flooded sheds with the engineers.\n\n"
    "She said repairs would start in spring."
)


def test_candidates_carry_the_rules_flags() -> None:
    a = _attributor(BODY, {"Ruth Vale": "Ruth Vale", "Vale": "Ruth Vale", "Ivo Kern": "Ivo Kern"})
    pos = BODY.index("She said")
    ranked = {r.key: r.x for r in pronoun_candidates(a, "she", pos, rules_pick(a, "she", pos))}
    assert set(ranked) == {"Ruth Vale", "Ivo Kern"}
    vale, kern = ranked["Ruth Vale"], ranked["Ivo Kern"]
    # Vale: subject of the sentence before, a woman by her honorific, the rules' pick
    assert (vale[_F["subject"]], vale[_F["dist"]], vale[_F["g_match"]]) == (1.0, 1.0, 1.0)
    assert vale[_F["rule"]] == 1.0 and vale[_F["repeats"]] > 0
    # Kern: an object two sentences back, a man by his honorific
    assert (kern[_F["other"]], kern[_F["dist"]], kern[_F["g_opp"]]) == (1.0, 2.0, 1.0)
    assert kern[_F["rule"]] == 0.0
    for model in WEIGHTS:
        c = choose(a, "she", pos, rules_pick(a, "she", pos), WEIGHTS[model])
        assert c is not None and c.canonical == "Ruth Vale"


def test_he_gets_the_man_when_the_woman_is_the_subject() -> None:
    """The correction model keeps the rules' gender check; the free model weighs a
    clash of gender less than being the subject (``docs/extract.md``)."""
    a = _attributor(BODY, {"Ruth Vale": "Ruth Vale", "Vale": "Ruth Vale", "Ivo Kern": "Ivo Kern"})
    pos = BODY.index("She said")
    rule = rules_pick(a, "he", pos)
    assert rule is not None and rule.canonical == "Ivo Kern"
    c = choose(a, "he", pos, rule, WEIGHTS["correction"])
    assert c is not None and c.canonical == "Ivo Kern"
    c = choose(a, "he", pos, rule, WEIGHTS["free"])
    assert c is not None and c.canonical == "Ruth Vale"


def _case(x: list[list[float]], target: int, rule: int) -> Case:
    ok = np.zeros(len(x), dtype=bool)
    ok[target] = True
    return Case("a", np.array(x), ok, ok, rule == target, rule == target, True)


def test_the_fit_learns_the_deciding_feature_and_beats_a_wrong_rule() -> None:
    """Column 0 marks the rules' pick (right 2 times in 3), column 1 the true referent:
    the conditional logit weighs column 1 above column 0 and agrees everywhere."""
    rng = np.random.default_rng(7)
    cases = []
    for n in range(60):
        k = int(rng.integers(2, 5))
        target = int(rng.integers(k))
        rule = target if n % 3 else (target + 1) % k
        x = [[float(i == rule), float(i == target), float(rng.normal())] for i in range(k)]
        cases.append(_case(x, target, rule))
    w = fit(cases, [0, 1, 2], l2=1e-3)
    assert w[1] > w[0] > 0 and abs(w[2]) < w[1]
    rules_hint, _, n = agreement(cases, [0, 1, 2], None)
    model_hint, _, _ = agreement(cases, [0, 1, 2], w)
    assert (rules_hint, model_hint, n) == (40, 60, 60)
