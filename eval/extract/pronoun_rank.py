"""A learned he/she antecedent ranker over the rules' candidates (an experiment; the
extractor keeps the rules: see ``docs/extract.md``, "A learned pronoun ranker").

The he/she walk (``Resolver.resolve_pronoun``) stops at the first candidate its rules
accept. ``pronoun_candidates`` walks the same sentences (up to eight back, with the
rules' own ``_sentence_candidates``) to the end and keeps every distinct person it
meets, with the flags the rules read, plus the speakers of the quotes just before and
the rules' own pick, as a feature vector each (``FEATURES``).
``eval/extract/train_pronouns.py`` fits a conditional logit over these vectors (one
softmax per pronoun) on the PolNeAR dev split; ``choose`` takes the best-scored
candidate (``WEIGHTS``: the fitted models).

Features (one row per distinct candidate; its nearest mention in the walk gives the
flags):

* ``rule``: the rules' pick (walk, then latest speaker, then most-named person);
* ``lead``: the subject of a leading clause of the pronoun's own sentence, or the
  subject a cataphor points at (the rules' first try);
* ``walked``: met in the walk (else only a quote's speaker or the rules' pick);
* ``dist``: sentences back to its nearest mention (8 when not walked);
* ``rank``: its place among its sentence's candidates (0 first, capped at 4);
* ``subject``, ``cue`` (the speaker of the sentence's reporting verb), ``other`` (any
  other person of the sentence), ``weak`` (after a preposition or as a modifier),
  ``owner`` (a possessive: ``Lund's``);
* ``chained``: a he/she of the pronoun's gender lies between it and the pronoun;
* ``bound``: a subject whose sentence has an object pronoun of that gender (``put it
  to her``), which it cannot be;
* ``g_match``/``g_opp``: its gender (``StoryIndex.gender``) is the pronoun's / the other;
* ``person``: NER tagged its mention PERSON, or it is a name NER missed;
* ``named``: log(1 + how often the story named it before the pronoun);
* ``recent``: the speaker of the latest attributed quote within two paragraphs whose
  gender does not clash; ``quoted``: a speaker of any quote in those paragraphs;
* ``para``: paragraphs back to its nearest mention (capped at 3);
* ``order``: log(1 + its place in the walk's order of all candidates);
* ``rule_gunk``: the rules' pick and of no known gender; ``rule_thing``: the rules' pick
  and no PERSON (corrections the rules most need);
* ``share``: its share of the story's person mentions before the pronoun;
* ``lede``: named in the story's first paragraph (the story's topic);
* ``prev_ref``: what the rules resolve the previous he/she of the same gender (outside
  quotes, within the walk) to: a chain of pronouns keeps its referent;
* ``para_named``: log(1 + how often the pronoun's paragraph named it before it);
* ``repeats``: log(1 + how many of the walked sentences name it).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

from stream.core.extract.speaker_lexicon import PRONOUNS_F, PRONOUNS_M
from stream.core.extract.speaker_story import Candidate
from stream.core.extract.speakers import Attributor

FEATURES = (
    "rule",
    "lead",
    "walked",
    "dist",
    "rank",
    "subject",
    "cue",
    "other",
    "weak",
    "owner",
    "chained",
    "bound",
    "g_match",
    "g_opp",
    "person",
    "named",
    "recent",
    "quoted",
    "para",
    "order",
    "rule_gunk",
    "rule_thing",
    "share",
    "lede",
    "prev_ref",
    "para_named",
    "repeats",
)
#: The features that read the rules' pick (left out of the ``free`` model).
RULE_FEATURES = frozenset({"rule", "rule_gunk", "rule_thing"})
_F = {name: i for i, name in enumerate(FEATURES)}
#: Sentences the walk reads back, as the rules do.
WALK = 8


@dataclass
class Ranked:
    """One candidate referent and its features (``FEATURES`` order)."""

    candidate: Candidate
    x: list[float] = field(default_factory=lambda: [0.0] * len(FEATURES))

    @property
    def key(self) -> str:
        return self.candidate.canonical or self.candidate.display.casefold()


def score(x: list[float], weights: tuple[float, ...]) -> float:
    """The model's score of one candidate (a dot product; softmax is monotone)."""
    return sum(w * v for w, v in zip(weights, x, strict=True))


def _walk_sentences(a: Attributor, s: int, limit: int) -> tuple[list[Candidate], bool]:
    """``_sentence_candidates`` remembered per story: the sentences before a pronoun
    are walked again for every later pronoun."""
    memo = a.__dict__.setdefault("_rank_memo", {})
    got = memo.get((s, limit))
    if got is None:
        got = memo[(s, limit)] = a._sentence_candidates(s, limit)
    return got


_HE_SHE = re.compile(r"\b(?:he|she)\b", re.IGNORECASE)


def _previous_pronoun(a: Attributor, low: str, start: int, pos: int) -> int | None:
    """Where the last he/she of the same word outside quotes before ``pos`` (from
    ``start``, the walk's first sentence) is, or None."""
    found = None
    for pm in _HE_SHE.finditer(a.text, max(start, pos - 3_000), pos):
        if pm.group(0).lower() == low and not a._inside_quote(pm.start()):
            found = pm.start()
    return found


def rules_pick(a: Attributor, pronoun: str, pos: int) -> Candidate | None:
    """What the extractor answers for a he/she at ``pos``: the walk, then the latest
    speaker of that gender, then the story's most-named person of that gender (the
    order of ``ChunkReader._speaker_of_chunk``)."""
    c = a.resolve_pronoun(pronoun, pos)
    if c is not None:
        return c
    recent = a._recent_speaker(pronoun, pos)
    if recent is not None:
        return Candidate(recent.canonical or "", recent.speaker or "", None)
    return a._salient_person(pronoun, pos)


def pronoun_candidates(
    a: Attributor, pronoun: str, pos: int, rule: Candidate | None
) -> list[Ranked]:
    """Every distinct referent of the he/she at ``pos``, nearest mention first, with
    its features; ``rule`` is what the rules answered."""
    low = pronoun.lower()
    want = "f" if low in PRONOUNS_F else "m" if low in PRONOUNS_M else None
    out: dict[str, Ranked] = {}
    para = a.seg.paragraph_of(pos)

    def add(c: Candidate) -> Ranked:
        r = Ranked(c)
        got = out.get(r.key)
        if got is not None:
            return got
        out[r.key] = r
        r.x[_F["dist"]] = WALK
        r.x[_F["para"]] = 3
        r.x[_F["order"]] = math.log1p(len(out) - 1)
        g = a.gender.get(c.canonical) if c.canonical else None
        r.x[_F["g_match"]] = float(g is not None and g == want)
        r.x[_F["g_opp"]] = float(g is not None and want is not None and g != want)
        r.x[_F["person"]] = float(c.mention is None or c.mention.label == "PERSON")
        return r

    s = a.seg.sentence_start(pos)
    lead = a._lead_clause_subject(s, pos, want) or a._cataphor(s, pos, want)
    if lead is not None:
        r = add(lead)
        r.x[_F["lead"]] = 1.0
        r.x[_F["walked"]] = 1.0
        r.x[_F["dist"]] = 0.0
        r.x[_F["subject"]] = 1.0
        r.x[_F["para"]] = 0.0
    limit = pos
    chained = False
    p_start = a.seg.paragraphs[para][0] if a.seg.paragraphs else 0
    for d in range(WALK):
        cands, bound = _walk_sentences(a, s, limit)
        bound = bound and want is not None and a._object_gender(s, limit) == want
        p_back = min(3, para - a.seg.paragraph_of(s))
        for k, c in enumerate(cands):
            if c.pronoun:
                if want is None or c.display in (PRONOUNS_F if want == "f" else PRONOUNS_M):
                    chained = True
                continue
            if not c.canonical and not c.display:
                continue
            new = (c.canonical or c.display.casefold()) not in out
            r = add(c)
            r.x[_F["repeats"]] += 1.0
            if not new:
                continue
            x = r.x
            x[_F["walked"]] = 1.0
            x[_F["dist"]] = float(d)
            x[_F["rank"]] = float(min(k, 4))
            x[_F["subject"]] = float(c.subject)
            x[_F["cue"]] = float(not (c.subject or c.other))
            x[_F["other"]] = float(c.other and not c.weak)
            x[_F["weak"]] = float(c.weak)
            x[_F["owner"]] = float(c.mention is not None and c.mention.possessive)
            x[_F["chained"]] = float(chained)
            x[_F["bound"]] = float(c.subject and bound)
            x[_F["para"]] = float(p_back)
        if s == 0:
            break
        limit = s
        s = a.seg.sentence_start(s - 1)
    prev = _previous_pronoun(a, low, s, pos)
    if prev is not None:
        ref = rules_pick(a, low, prev)
        if ref is not None and (ref.canonical or ref.display):
            add(ref).x[_F["prev_ref"]] = 1.0
    # the speakers of the quotes just before: the latest one whose gender does not
    # clash is what the rules fall back on
    seen_recent = False
    for back, q, att in a._earlier(pos):
        if back > 2:
            break
        if att is None or not att.canonical or q.kind != "full":
            continue
        if a.index.label.get(att.canonical, "PERSON") != "PERSON":
            continue
        r = add(Candidate(att.canonical, att.speaker or att.canonical, None))
        r.x[_F["quoted"]] = 1.0
        if not seen_recent and a.gender.get(att.canonical, want) == want:
            seen_recent = True
            r.x[_F["recent"]] = 1.0
    if rule is not None and (rule.canonical or rule.display):
        add(rule).x[_F["rule"]] = 1.0
    if out:
        counts = Counter(m.canonical for m in a.persons if m.start < pos)
        total = max(1, sum(counts.values()))
        lede_end = a.seg.paragraphs[0][1] if a.seg.paragraphs else 0
        lede = {m.canonical for m in a.persons if m.start < min(pos, lede_end)}
        in_para = Counter(m.canonical for m in a.persons if p_start <= m.start < pos)
        for r in out.values():
            x = r.x
            n = counts.get(r.candidate.canonical, 0)
            x[_F["named"]] = math.log1p(n)
            x[_F["share"]] = n / total
            x[_F["lede"]] = float(r.candidate.canonical in lede)
            x[_F["para_named"]] = math.log1p(in_para.get(r.candidate.canonical, 0))
            x[_F["repeats"]] = math.log1p(x[_F["repeats"]])
            x[_F["rule_gunk"]] = x[_F["rule"]] * (1.0 - x[_F["g_match"]])
            x[_F["rule_thing"]] = x[_F["rule"]] * (1.0 - x[_F["person"]])
    return list(out.values())


#: Weights per model (``FEATURES`` order), fitted on all of PolNeAR dev by
#: ``train_pronouns.py``: ``correction`` reads the rules' pick, ``free`` does not.
WEIGHTS = {
    "correction": (
        0.819,  # rule
        -0.031,  # lead
        -0.014,  # walked
        -0.192,  # dist
        -0.190,  # rank
        0.362,  # subject
        -0.061,  # cue
        -0.237,  # other
        -0.078,  # weak
        -0.062,  # owner
        0.105,  # chained
        -0.007,  # bound
        0.526,  # g_match
        -0.207,  # g_opp
        0.092,  # person
        -0.059,  # named
        0.288,  # recent
        0.200,  # quoted
        -0.398,  # para
        -0.390,  # order
        0.127,  # rule_gunk
        -0.032,  # rule_thing
        -0.032,  # share
        -0.029,  # lede
        0.232,  # prev_ref
        0.231,  # para_named
        -0.140,  # repeats
    ),
    "free": (
        0.000,  # rule
        -0.074,  # lead
        -0.058,  # walked
        -0.146,  # dist
        -0.215,  # rank
        0.594,  # subject
        -0.052,  # cue
        -0.365,  # other
        -0.236,  # weak
        -0.006,  # owner
        0.192,  # chained
        -0.052,  # bound
        0.748,  # g_match
        -0.505,  # g_opp
        0.203,  # person
        -0.135,  # named
        0.498,  # recent
        0.197,  # quoted
        -0.605,  # para
        -0.771,  # order
        0.000,  # rule_gunk
        0.000,  # rule_thing
        -0.058,  # share
        -0.053,  # lede
        0.386,  # prev_ref
        0.418,  # para_named
        -0.273,  # repeats
    ),
}


def choose(
    a: Attributor, pronoun: str, pos: int, rule: Candidate | None, weights: tuple[float, ...]
) -> Candidate | None:
    """The best-scored candidate of the he/she at ``pos`` (the first of equals), or the
    rules' pick when the walk met nobody."""
    ranked = pronoun_candidates(a, pronoun, pos, rule)
    if not ranked:
        return rule
    return max(ranked, key=lambda r: score(r.x, weights)).candidate
