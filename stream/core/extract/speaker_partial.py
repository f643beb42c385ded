"""Readings of a quoted fragment added in part10: the agent of a passive naming verb
(``The plan has been called "a shambles" by Ana Lund``: Lund's words, not the plan's).
Split from ``speakers.py``, which calls them in its order of attempts."""

from __future__ import annotations

import re

from stream.core.extract.quotes import QuoteSpan, reads_as_title
from stream.core.extract.speaker_lexicon import CALENDAR_WORDS, MAX_LOOK
from stream.core.extract.speaker_patterns import NAMING_PARTICIPLES, mask_abbrev, norm_cue
from stream.core.extract.speaker_resolve import Attribution
from stream.core.extract.speaker_story import with_speaker
from stream.core.extract.speaker_subject import SubjectReader

#: A naming verb in the passive ending right before the opening mark, an article or
#: ``as`` between (``was branded as a "``, ``has been called "``; the second of two
#: coordinated passives: ``was praised by Lund and called "``, ``was delayed or labeled
#: "``). Every quantifier
#: is possessive or bounded: no backtracking over long windows.
_PASSIVE_BEFORE = re.compile(
    r"(?:\b(?:is|are|was|were|be|been|being)[ \t]++(?:[a-z]{1,20}+[ \t]++)?|,[ \t]*+"
    r"|\b(?:and|or)[ \t]++)"
    rf"(?P<cue>{NAMING_PARTICIPLES}|described[ \t]++as"
    r"|characteri[sz]ed[ \t]++as|referred[ \t]++to[ \t]++as)"
    r"(?:[ \t]++(?:as|an?|the))?+(?:[ \t]++(?:an?|the))?+[ \t]*+\Z"
)
#: A plural or collective noun as a one-word lowercase agent or namer (``critics``,
#: ``colleagues``, ``fishermen``, ``police``, ``staff``): "by far", "by mistake", "by
#: then" name nobody.
AGENT_NOUN = re.compile(r"\b(?:[a-z]{1,30}(?:[^\Wsu]s|men|people)|police|staff)\Z")
#: A date right after ``by`` (``by Tuesday``, ``by March``): a deadline, no agent.
_CALENDAR = re.compile(CALENDAR_WORDS + r"|(?:the[ \t]++)?(?:end|time)\b")
#: The agent right after the closing mark (``" by Ana Lund``), up to the end of its
#: phrase: a comma, a stop or a mark.
_BY_AGENT = re.compile(r",?[ \t]++by[ \t]++(?P<agent>[^,.;:!?\"“”()\n—–]{1,80}+)")


#: A thing and the naming participle after it, no auxiliary (``a man branded "``, ``an
#: app dubbed "``): a reduced passive relative, whose agent may follow the marks. Only
#: after "a"/"an" (``quotes.TITLE_INTRO``'s shape): "the mayor called" is active.
_REDUCED_BEFORE = re.compile(
    rf"\b(?i:an?)[ \t]++(?:[\w’'-]++[ \t]++){{0,2}}?(?P<cue>{NAMING_PARTICIPLES})[ \t]*+\Z"
)
#: An auxiliary and a participle ending the words before ``and``/``or`` in their clause
#: (``was opened in 1932 and called "``): the naming verb after is a passive too.
_PASSIVE_LEAD = re.compile(
    r"\b(?:is|are|was|were|be|been|being)[ \t]+(?:[a-z]{1,20}[ \t]+)?[a-z]{2,20}(?:ed|en)\b"
    r"[^,;:.!?\"“”]*+\Z"
)


def _passive_before(r: SubjectReader, q: QuoteSpan, s0: int) -> re.Match[str] | None:
    """``_PASSIVE_BEFORE`` over the words right before the opening mark."""
    w0 = max(s0, q.open_mark - 60)
    return _PASSIVE_BEFORE.search(r.text, w0, q.open_mark)


def passive_naming(r: SubjectReader, q: QuoteSpan, s0: int) -> bool:
    """A passive naming verb right before the fragment, with its auxiliary (``The ship
    was named "``, ``was opened in 1932 and called "``): its subject is the thing
    named, never the one naming it. Not after a bare comma: ``X, for one, called "``
    is X naming it."""
    m = _passive_before(r, q, s0)
    if m is None or m.group().startswith(","):
        return False
    if not m.group().startswith(("and", "or")):
        return True
    w0 = max(s0, m.start() - 80)
    return _PASSIVE_LEAD.search(r.text[w0 : m.start()]) is not None


def passive_agent(r: SubjectReader, q: QuoteSpan, s0: int) -> Attribution | None:
    """The speaker of a fragment a passive naming verb introduces, when its agent
    follows the marks (``has been dubbed "the quiet fixer" by colleagues``): the
    agent, who names it so. None when the passive has no ``by`` agent there."""
    before = _passive_before(r, q, s0)
    reduced = before is None
    if reduced:
        before = _REDUCED_BEFORE.search(r.text, max(s0, q.open_mark - 60), q.open_mark)
    if before is None:
        return None
    # (an abbreviation's dot is no stop: "by Sen. Maria Okafor", "by U.S. officials")
    c1 = q.close_mark + 1
    after = _BY_AGENT.match(mask_abbrev(r.text[c1 : c1 + 100]))
    if after is None:
        return None
    a0, a1 = c1 + after.start("agent"), c1 + after.end("agent")
    att = with_speaker(r._speaker_of_chunk(a0, a1, norm_cue(before.group("cue"))))
    if att is None:
        return None
    agent = r.text[a0:a1].rstrip()
    if _CALENDAR.match(agent) or (
        agent[:1].islower() and " " not in agent and not AGENT_NOUN.search(agent)
    ):
        return None  # "by Tuesday", "by far": a time or a manner, no one who names it
    if reduced and not AGENT_NOUN.search(agent):
        if not att.canonical:
            return None  # 'a song called "Hope" by the river': a place; a name or a group
        if reads_as_title(q.text):
            return None  # 'a song called "Hope" by Tom Okafor': a work and its author
    return att


#: What lies between a verb's object and the opening mark in ``<verb> <object> as "``.
_AS_TAIL = re.compile(r"[ \t]++as[ \t]*+")
#: What lies between the subject and the object: the verb alone, an auxiliary, an
#: adverb or a particle around it (``have long portrayed``, ``summed up``), no second
#: verb (``The ruling that prosecutors sought painted``: not the prosecutors').
_VERB_ONLY = re.compile(
    r"[ \t]++(?:(?:has|have|had|was|were|is|are|will|would|could|did|does|do)[ \t]++)?+"
    r"(?:(?:[a-z]{1,20}+ly|long|also|later|then|again|further|still|once)[ \t]++)?+"
    r"[a-z]{2,20}+(?:[ \t]++(?:up|down|out|off))?+[ \t]++"
)


def object_as(
    r: SubjectReader, q: QuoteSpan, s0: int, att: Attribution | None
) -> Attribution | None:
    """The clause's subject when the clause-subject reading ``att`` is the object of
    ``<verb> <object> as "...``: the object is the one characterised, never the one
    speaking (``Prosecutors portrayed Daniel Weiss as "..."`` is the prosecutors'
    phrase). ``att`` unchanged when it is no such object or no finite verb with a
    subject before it is found in its clause piece."""
    if att is None or att.start is None or att.end is None or att.start <= s0:
        return att
    if not _AS_TAIL.fullmatch(r.text, att.end, q.open_mark):
        return att
    h0 = max(s0, att.start - MAX_LOOK)  # bounded: one sentence may be huge
    subject = r._verb_subject(h0, r.text[h0 : att.start], None)
    if subject is None or subject.end is None:
        return att
    return subject if _VERB_ONLY.fullmatch(r.text, subject.end, att.start) else att
