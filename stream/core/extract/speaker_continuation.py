"""Continuation: a quote with no attribution of its own continues the previous one.

Two shapes, both read the same way by readers and annotators:

* a split quote in one paragraph (``"A," Smith said. "B."``): only the previous quote's
  attribution stands between them, with no other person named before its cue;
* a paragraph that opens with a quote right after a paragraph whose last full quote was
  attributed (``..., she said.`` then a new paragraph of quote), or with a short
  lead-in that names nobody (``Then, a week later on the radio: "...``).

Partial quotes in between are skipped over (at most two): they do not change who speaks.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from stream.core.extract.quotes import QuoteSpan
from stream.core.extract.speaker_describe import TITLE_ONLY
from stream.core.extract.speaker_lexicon import MODIFIED_NOUN, PREP_BEFORE, SPLIT_TAIL_END
from stream.core.extract.speaker_patterns import find_cues, norm_cue
from stream.core.extract.speaker_resolve import Attribution, Resolver

#: Longest stretch between two halves of a split quote (one attribution clause).
MAX_BETWEEN = 250
#: Longest scene-setting lead-in before a continued quote (``Later, on the radio:``).
MAX_LEAD_IN = 80
#: A sentence or paragraph break.
_BREAK = re.compile(r"[.!?]\s|\n")
#: Longest stretch from a quote's closing mark to the name of its own attribution.
_OWN_REACH = 40
#: A pronoun or determiner-led noun phrase: a lead-in that has one names a new voice.
_SPEAKER_WORD = re.compile(r"\b(?:he|she|they|we|i|it|one|another|the\s+\w+\s*:)\b", re.I)


def inherit(
    r: Resolver, done: dict[int, Attribution | None], k: int, para: int, p_start: int
) -> Attribution | None:
    """The speaker of quote ``k`` taken from the previous full quote, or None."""
    q = r.spans[k]
    j = k - 1
    last = done.get(j)
    if not (
        # a fragment right before, in this paragraph, attributed by a speech verb
        # ("Yet, "it is hard," added Okafor. "It's ..."): its speaker continues
        last is not None
        and last.speaker is not None
        and last.cue is not None
        and r.seg.paragraph_of(r.spans[j].close_mark) == para
    ):
        while j >= 0 and r.spans[j].kind != "full" and k - j <= 2:
            j -= 1
    if j < 0 or (r.spans[j].kind != "full" and j != k - 1):
        return _after_fragment(r, done, k, para, p_start)
    p, prev = r.spans[j], done.get(j)
    if prev is None or prev.speaker is None:
        return _after_fragment(r, done, k, para, p_start)
    p_para = r.seg.paragraph_of(p.close_mark)
    if p_para == para:
        between = r.text[p.close_mark + 1 : q.open_mark]
        if len(between) > MAX_BETWEEN:
            return None
        cue = next(iter(find_cues(between)), None)
        upto = p.close_mark + 1 + (cue.start() if cue else len(between))
        named = [
            m
            for m in r._mentions_in(p.close_mark, upto)
            if m.label == "PERSON"
            and not m.possessive
            and not PREP_BEFORE.search(r.text[max(0, m.start - 25) : m.start])
            # "a Wirt campaign spokesman said": a name modifying a noun names no one
            and not MODIFIED_NOUN.match(r.text, m.end, upto)
            # the previous attribution's own names ('," A and B wrote.': no canonical)
            and not (prev.start is not None and prev.end and prev.start <= m.start < prev.end)
        ]
        if any(m.canonical != prev.canonical for m in r.head_persons(named, upto)):
            return None  # someone else is named as the next speaker
        if cue is not None and _new_subject(r, r.seg.sentence_end(upto), q.open_mark, prev):
            return None  # '"A," Lund said. Okafor disagreed. "B."': Okafor's sentence
        return _same_voice(prev)
    if p_para == para - 1 and (q.open_mark <= p_start + 1 or _bare_lead_in(r, p_start, q)):
        return _same_voice(prev)
    return _after_fragment(r, done, k, para, p_start) if j != k - 1 else None


#: What may open a sentence before its subject's name: a connective or a courtesy or
#: office title ("Then Okafor", "But Mr. Okafor", "Later, Gov. Okafor").
_SUBJECT_LEAD = re.compile(
    r"\s*(?:(?:then|but|and|yet|still|later|meanwhile|instead|however)\b,?\s*)?"
    + TITLE_ONLY.pattern,
    re.IGNORECASE,
)
#: The predicate of a turn-taking sentence (``Tom Okafor disagreed.``, ``Okafor was
#: unconvinced.``, ``Okafor shook his head.``): a verb with at most a short complement.
#: A longer one narrates (``Tom Okafor has trailed his rival since March.``) and
#: the quote after it is still the previous voice's, as a reader takes it.
_REACTION = re.compile(r"(?:,?+[ \t]++[\w’'-]++){1,4},?+[ \t]*+[.!:]?+\s*+")


def _new_subject(r: Resolver, start: int, end: int, prev: Attribution) -> bool:
    """A sentence between ``start`` and ``end`` (after the previous quote's attribution)
    opens with another named person as its subject and a short predicate (a reaction,
    ``_REACTION``): the next quote may be theirs, so it does not continue the previous
    voice."""
    s = start
    while s < end:
        first = next(iter(r._mentions_in(s, end)), None)
        if first is None:
            return False
        s0 = r.seg.sentence_start(first.start)
        if (
            s0 >= start
            and first.label == "PERSON"
            and not first.possessive
            and first.canonical != prev.canonical
            and _SUBJECT_LEAD.fullmatch(r.text, s0, first.start)
            and not MODIFIED_NOUN.match(r.text, first.end, end)
            and _REACTION.fullmatch(r.text, first.end, min(end, r.seg.sentence_end(first.start)))
        ):
            return True
        s = r.seg.sentence_end(first.start)
    return False


def _bare_lead_in(r: Resolver, p_start: int, q: QuoteSpan) -> bool:
    """The paragraph opens with a short lead-in that names nobody and ends on a colon
    (``Then, later that week on the radio:``; a name after a preposition is a place or
    an outlet): it sets the scene, the voice goes on."""
    lead = r.text[p_start : q.open_mark].strip()
    return (
        0 < len(lead) <= MAX_LEAD_IN
        and lead.endswith(":")
        and not _SPEAKER_WORD.search(lead)
        and not any(
            m.label in {"PERSON", "ORG"}
            and not PREP_BEFORE.search(r.text[max(0, m.start - 25) : m.start])
            for m in r._mentions_in(p_start, q.open_mark)
        )
    )


def _after_fragment(
    r: Resolver, done: dict[int, Attribution | None], k: int, para: int, p_start: int
) -> Attribution | None:
    """The paragraph before ends on an attributed fragment ("saying he's "made ...""):
    the quote-only paragraph after it is the same voice."""
    last = done.get(k - 1)
    if (
        k > 0
        and r.spans[k - 1].kind != "full"
        and last is not None
        and last.speaker is not None
        and r.seg.paragraph_of(r.spans[k - 1].close_mark) == para - 1
        and r.spans[k].open_mark <= p_start + 1
    ):
        return _same_voice(last)
    return None


def _same_voice(prev: Attribution) -> Attribution:
    """The previous quote's speaker, cue and attribution words (their place in the text:
    a continuation has no attribution of its own), not its pronoun flag."""
    return Attribution(prev.speaker, prev.canonical, prev.cue, False, prev.start, prev.end)


def split_second_half(r: Resolver, done: dict[int, Attribution | None], k: int) -> bool:
    """Quote ``k`` is the second half of a sentence split by the previous quote's
    attribution (``"A," the minister said, "B,"``), and its sentence goes on after it
    (it ends with a comma, "?" or "!")."""
    if k == 0:
        return False
    q, prev_q, prev = r.spans[k], r.spans[k - 1], done.get(k - 1)
    if q.text.rstrip()[-1:] not in (",", "?", "!") or prev is None or prev.speaker is None:
        return False
    if prev.start is None or prev.start <= prev_q.close_mark or (prev.end or 0) > q.open_mark:
        return False  # the previous quote's speaker is not named between them
    between = r.text[prev_q.close_mark + 1 : q.open_mark]
    # one attribution clause splitting one sentence
    return (
        len(between) <= 120 and not _BREAK.search(between) and bool(SPLIT_TAIL_END.search(between))
    )


def according(att: Attribution) -> bool:
    """An ``according to X`` attribution: X is where the words were reported (after a
    split sentence's second half, the report's source, not a second voice)."""
    return (att.cue or "").lower().startswith("according")


def second_voice(
    r: Resolver,
    done: dict[int, Attribution | None],
    k: int,
    after: Callable[[QuoteSpan], Attribution | None],
) -> Attribution | None:
    """A split sentence's second half with an attribution of its own right after it
    (``"Is this fair?" Lund asked, "or is it theft?" Okafor shouted``): that second
    voice, not the first half's attribution between them, which is the previous quote's
    (read after it). Only when quote ``k`` ends with a comma, "?" or "!" (its sentence
    goes on) and ``after`` (the attribution right after a quote) finds a speaker within
    a few words of its closing mark, in the same sentence."""
    if not split_second_half(r, done, k):
        return None
    q = r.spans[k]
    own = after(q)
    if own is None or own.speaker is None or own.start is None or own.start < q.close_mark:
        return None
    if according(own):
        return None
    gap = r.text[q.close_mark + 1 : own.start]
    return None if len(gap) > _OWN_REACH or _BREAK.search(gap) else own


#: Between a fragment's closing mark and the next one: "and" (or "or", "but") and a
#: verb with no subject of its own (``"disaster" and promised to "``), an adverb at most
#: before it; the verb is then read as a cue.
_AND_VERB = re.compile(
    r"[ \t]*+(?:and|or|but)[ \t]++(?:[a-z]{2,20}+ly[ \t]++)?+(?P<verb>[^\"“”.;:!?\n]{1,60}+)"
)


def shared_subject(r: Resolver, done: dict[int, Attribution | None], k: int) -> Attribution | None:
    """A fragment whose cue is the second verb of the previous fragment's clause
    (``which Trump had called a "disaster" and promised to "rip up"``): that fragment's
    speaker, with this cue. None unless only "and" and the cue stand between them."""
    if k == 0:
        return None
    prev = done.get(k - 1)
    if prev is None or prev.speaker is None:
        return None
    m = _AND_VERB.fullmatch(r.text, r.spans[k - 1].close_mark + 1, r.spans[k].open_mark)
    if m is None:
        return None
    cues = find_cues(m.group("verb"))
    if not cues or cues[0].start() != 0:
        return None
    cue = norm_cue(cues[0].group("cue"))
    return Attribution(prev.speaker, prev.canonical, cue, False, prev.start, prev.end)
