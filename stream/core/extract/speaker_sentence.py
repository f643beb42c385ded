"""Attributions that belong to the whole sentence, not to the words next to the quote.

News English often places the attribution away from the quote marks, and it then covers
the whole sentence (or the next one):

* a closing attribution after the reporter's own words: ``"This will be hard" for the
  mayor, said Okafor.``, ``It kept its "best pieces" in storage, Wirt said.``;
* ``According to X,`` opening the sentence, or set off by commas inside it;
* a cue set off by commas mid-sentence: ``X, Wirt said, had been ...`` (Wirt speaks);
* a past-tense verb and a comma right before the quote (``Wirt cracked, "..."``);
* a fragment in the sentence right after an attributed quote, naming nobody
  (``"...," Wirt said. Instead, "a lesson for the whole league."``);
* a fragment inside a subordinate clause (``X left after Y published "Title"``) is
  that clause's subject's;
* a question put to someone (``X was asked, "...?"``) is not theirs;
* a transcript label (``WIRT: "..."``) or an owner's ``response:`` before the quote;
* a signature line after the quote, in its paragraph or the next (``— Jane Doe``).

Each look is bounded (``MAX_LOOK`` characters, one sentence), so a pathological body
stays linear."""

from __future__ import annotations

import bisect
import re
from typing import TYPE_CHECKING

from stream.core.extract.quotes import QuoteSpan
from stream.core.extract.speaker_coordination import (
    TOGETHER,
    coordinated,
    described_list,
    untagged_names,
)
from stream.core.extract.speaker_lexicon import (
    AUX_ONLY,
    BYLINE,
    LAST_SEGMENT,
    MAX_LOOK,
    PASSIVE,
    REPORTED_CLAUSE,
    SILENCE,
    SUBJECT_NP,
    SUBORDINATE_ASIDE,
    SUBORDINATE_CLAUSE,
    VERB_SUBJECT,
)
from stream.core.extract.speaker_patterns import (
    AFTER_CUE_SPK,
    AFTER_SPK_CUE,
    find_cues,
    mask_abbrev,
    norm_cue,
)
from stream.core.extract.speaker_resolve import Attribution
from stream.core.extract.speaker_story import looks_like_personal_name, with_speaker

if TYPE_CHECKING:
    from stream.core.extract.speaker_chunk import ChunkReader

#: Longest stretch between an attributed quote and a fragment that continues it.
MAX_CONTINUED = 250
#: The only lead-ins a continued fragment may have: nothing, or a connective that
#: carries the speaker's point on ("Instead, it "..."", "But "...""), with at most an
#: it/this/that for subject. A lead with a subject or a verb of its own ("Fans were",
#: "Critics see it as", "police arrested") is the reporter's sentence.
_CONTINUING_LEAD = re.compile(
    r"\s*(?:(?:instead|but|rather|yet|still)\b,?\s*(?:(?:it|this|that)\s+)?)?",
    re.IGNORECASE,
)


def _open_mark(span: QuoteSpan) -> int:
    """The sort key of ``r.spans`` (by opening mark), for ``bisect``."""
    return span.open_mark


#: A comma (or a dash) that may open the attribution piece closing a sentence.
_PIECE = re.compile(r",|\s[—–-]\s|[—–]")
#: "According to X," opening a sentence: X is the source of all of it.
_OPENING_SOURCE = re.compile(
    r"\s*(?:(?:but|and|yet|still|also),?\s+)?according\s+to\s+(?P<spk>[^,;:\"“”\n]{1,80}),",
    re.IGNORECASE,
)
#: The window before a quote ending in a past-tense verb and a comma ("Wirt cracked,
#: "..."): a verb the cue lists do not know, whose subject speaks.
_PAST_VERB_COMMA = re.compile(r"(?-i:\s[a-z]+ed|\s(?:spoke|shot|threw|wrote|put)),\s*$")
#: A question put to the subject ("X was asked, "...?""): the subject answers, the
#: question is someone else's (an interviewer the text often does not name).
_ASKED_OF = re.compile(
    r"\b(?:was|were|is|are|been|being|got|gets|get)\s+(?:[a-z]+ly\s+)?(?:asked|questioned)"
    r"\b(?P<rest>[^.!?\"“”\n]{0,60}?)[,:]?\s*$"
)
#: A paragraph that opens with a speaker's label in capitals and a colon, the quote
#: right after it (a transcript: ``WIRT: "..."``).
_LABEL = re.compile(r"\s*(?P<spk>[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,2}):\s*$")
#: ``X's response:`` right before the quote: X's words follow.
_OWNER_WORDS = re.compile(
    r"(?P<spk>[A-Z][^\s,;:.!?\"“”]*(?:\s+[A-Z][^\s,;:.!?\"“”]*){0,3})['’]s?\s+(?:\w+\s+)?"
    r"(?:response|reply|answer|retort|message|verdict|explanation|advice|reaction|words|"
    r"statement|comment|warning|promise|pledge)\s*:\s*$"
)
#: Labels of who may own a ``response:``.
_OWNERS = frozenset({"PERSON", "ORG"})
#: What may follow ``X said`` before the sentence ends: an adverbial, no clause.
_CLOSING_REST = re.compile(r"[^,;:\"“”]{0,60}")


def closing_attribution(r: ChunkReader, q: QuoteSpan) -> Attribution | None:
    """The attribution that ends the quote's sentence after some words of the reporter
    (``..." this week, said Okafor.``; ``..." in storage, Wirt said.``), when no
    full quote stands between them (fragments may: ``like "soon" and "shortly", she
    wrote.``). None when the sentence does not end so."""
    a = q.close_mark + 1
    s1 = r.seg.sentence_end(q.close_mark)
    if s1 - a > MAX_LOOK:
        return None  # bounded: one "sentence" may be a whole unpunctuated body
    tail = mask_abbrev(r.text[a:s1]).rstrip()
    if not tail or "\n" in tail:
        return None
    k = bisect.bisect_right(r.spans, q.open_mark, key=_open_mark)
    while k < len(r.spans) and r.spans[k].open_mark < s1:
        if r.spans[k].kind == "full":
            return None  # a statement of its own stands between (fragments may)
        k += 1
    for piece in _PIECE.finditer(tail):
        if not tail[: piece.start()].strip() or r._inside_quote(a + piece.start()):
            continue  # at the closing mark (the ordinary after-look), or quoted words
        rest = tail[piece.start() :]
        for m in (AFTER_CUE_SPK.match(rest), spk_cue_closing(rest)):
            if m is None:
                continue
            at = a + piece.start()
            att = r._speaker_of_chunk(
                at + m.start("spk"), at + m.end("spk"), norm_cue(m.group("cue"))
            )
            if att is not None and att.speaker is not None:
                return att
    return None


def spk_cue_closing(rest: str) -> re.Match[str] | None:
    """``, X said.`` closing the sentence: one comma piece (a later piece is nearer the
    cue), no reported clause after the verb, at most an adverbial before the end."""
    m = AFTER_SPK_CUE.match(rest)
    if (
        m is None
        or "," in m.group("spk")
        or REPORTED_CLAUSE.match(rest, m.end())
        or SILENCE.match(rest, m.end())
        or not _CLOSING_REST.fullmatch(rest, m.end(), len(rest.rstrip(".!?")))
    ):
        return None
    return m


def continued_fragment(r: ChunkReader, k: int) -> Attribution | None:
    """The speaker of fragment ``k`` when its sentence names nobody and follows, in the
    same paragraph, the sentence that attributed the quote just before it by a speech
    verb, led in by at most a connective (``"...," Wirt said. Instead, "he ..."``). None
    otherwise."""
    if k == 0:
        return None
    q, p = r.spans[k], r.spans[k - 1]
    prev = r._done.get(k - 1)
    if prev is None or prev.speaker is None or prev.cue is None:
        return None
    if r.seg.paragraph_of(p.close_mark) != r.seg.paragraph_of(q.open_mark):
        return None
    anchor = max(p.close_mark, prev.end or 0)
    if anchor >= q.open_mark or q.open_mark - anchor > MAX_CONTINUED:
        return None  # the attribution is after the fragment, or far before it
    s0 = r.seg.sentence_start(q.open_mark)
    if s0 <= anchor or r.seg.sentence_start(s0 - 1) > r.seg.sentence_start(anchor):
        return None  # same sentence (its own rules), or a sentence of the reporter's between
    lead = r.text[s0 : q.open_mark]
    if not _CONTINUING_LEAD.fullmatch(lead):
        return None  # a subject or verb of the reporter's own
    # no cue of its own: a continued fragment is no anchor for the quotes after it
    return Attribution(prev.speaker, prev.canonical, None, False, prev.start, prev.end)


def opening_source(r: ChunkReader, q: QuoteSpan) -> Attribution | None:
    """The source named by "According to X," at the start of the quote's sentence,
    whatever other verb comes later (``According to the Gazette, the men wore shirts
    that read "..."``). One set off by commas inside the sentence is the ordinary
    before-look's cue (``Other costs, according to the audit, were "..."``)."""
    s0 = r.seg.sentence_start(q.open_mark)
    if q.open_mark - s0 > MAX_LOOK:
        return None
    m = _OPENING_SOURCE.match(r.text, s0, q.open_mark)
    if m is None:
        return None
    att = r._speaker_of_chunk(m.start("spk"), m.end("spk"), "according to")
    return with_speaker(att)


def parenthetical_name(
    r: ChunkReader, start: int, head: str, tail: str, cue: str
) -> Attribution | None:
    """``Vice President X, Wirt said, had been ...``, ``X is so reckless, the mayor said,
    that ...``: a cue set off by commas inside the sentence has for subject the words
    right before it, after the comma, not the sentence's subject before that comma.
    ``Lund, an aide, said,`` keeps Lund (the appositive's comma ends the head)."""
    if not tail.lstrip(" ").startswith(","):
        return None
    last = LAST_SEGMENT.search(head)
    if last is None or AUX_ONLY.fullmatch(last.group(1)):
        # "Lund, an aide, said,": the head ends on the appositive's comma; "X, who
        # coined the word, once said,": an adverb is no subject
        return None
    seg = start + last.start(1)
    end = start + len(head.rstrip())
    if _AND_OPENS.match(last.group(1)) and (joint := coordination_across(r, start, end, seg, cue)):
        return joint  # "Ana Lund, 52, and Tom Okafor said,": the segment ends a list
    if _TOGETHER.fullmatch(last.group(1)) and (
        joint := coordination_across(r, start, end, seg, cue, before=True)
    ):
        return joint  # "Lund, D-Texas, and Okafor, R-Ohio, both said,": a list before it
    att = r._speaker_of_chunk(seg, end, cue)
    return with_speaker(att)


#: A segment that is only a word saying a list spoke together (``, both said``).
_TOGETHER = re.compile(rf"{TOGETHER}[ \t]*+")
#: A segment opening with "and"/"&": the last item of a list.
_AND_OPENS = re.compile(r"[ \t]*+(?:and|&)[ \t]")


def coordination_across(
    r: ChunkReader, s0: int, s1: int, split: int, cue: str, *, before: bool = False
) -> Attribution | None:
    """The speaker of ``[s0, s1)`` when it is a coordinated subject whose list crosses
    ``split`` (a clause or aside boundary a tag's comma made: ``Lisa Grant, 52, and her
    neighbor Tom Reed, 60,``), or with ``before`` ends before it (``split`` opens a
    ``both`` set off by the last name's tag); None otherwise."""
    whole = r._speaker_of_chunk(s0, s1, cue)
    if (
        whole is None
        or whole.start is None
        or whole.end is None
        or whole.canonical is not None
        or not whole.start < split
        or not (whole.end > split or before)
    ):
        return None
    ms = r._mentions_in(whole.start, whole.end)
    # with the names NER left untagged, as the chunk reader read them ("Ana Lund, D-Texas,
    # and Okafor" with only Okafor tagged)
    ms = sorted([*ms, *untagged_names(r.text, ms, whole.start, whole.end)], key=lambda m: m.start)
    if coordinated(r.text, ms, whole.start, whole.end):
        return whole
    # "The mayor, Ana Lund, and Tom Okafor": a description first, the list as written
    return whole if described_list(r.text, ms, whole.start, whole.end) else None


def verb_comma_subject(r: ChunkReader, q: QuoteSpan, floor: int) -> Attribution | None:
    """``During the debate, Wirt cracked, "..."``: a past-tense verb and a comma right
    before the quote introduce it like a speech verb; its subject speaks when it is a
    named person or organisation or a he/she (not ``The plan was approved, "``)."""
    s0 = max(floor, r.seg.sentence_start(q.open_mark), q.open_mark - MAX_LOOK)
    window = r.text[s0 : q.open_mark]
    if not _PAST_VERB_COMMA.search(window):
        return None
    att = r._verb_subject(s0, window.rstrip()[:-1], None)
    if att is None or not (att.canonical or att.pronoun):
        return None
    return att


def asked_of(r: ChunkReader, q: QuoteSpan) -> bool:
    """A question quoted after ``X was asked,``: X is who answers it, not who asks. Not
    when a speech verb follows "asked" (``Lund, who was asked ..., replied, "...?"``,
    ``X was asked about it and said, "...?"``): the question is then the answerer's."""
    if not q.text.rstrip().endswith("?"):
        return False
    s0 = max(r.seg.sentence_start(q.open_mark), q.open_mark - MAX_LOOK)
    m = _ASKED_OF.search(r.text, s0, q.open_mark)
    return m is not None and not find_cues(m.group("rest"))


def sentence_attribution(
    r: ChunkReader, q: QuoteSpan, floor: int, closing: bool = True
) -> Attribution | None:
    """The attributions of the whole sentence, in order: a closing ``, said X.`` (if
    ``closing``), an opening ``According to X,``, a past-tense verb and comma right
    before the quote, a transcript label or an owner's ``response:``."""
    return (
        (closing_attribution(r, q) if closing else None)
        or opening_source(r, q)
        or verb_comma_subject(r, q, floor)
        or label_or_owner(r, q)
    )


def byline(r: ChunkReader, q: QuoteSpan, p_end: int) -> Attribution | None:
    """A quote that ends its paragraph, signed by the next one: a short line that opens
    with a dash and a name (``— Jane Doe, Cleveland.``, ``-The mayor, on the radio``),
    the way quotes are laid out in boxes and round-ups; or the rest of its own
    paragraph is such a line (``"..." — Jane Doe, Cleveland``: a pull quote)."""
    m = BYLINE.match(r.text, q.close_mark + 1, p_end)
    if m is not None and m.start("spk") > q.close_mark + 1:
        att = r._speaker_of_chunk(m.start("spk"), m.end("spk"), None)
        if att is not None and att.speaker is not None:
            return att
    if r.text[q.close_mark + 1 : p_end].strip(" \t\u00a0.,"):
        return None
    paras = r.seg.paragraphs
    nxt = r.seg.paragraph_of(q.close_mark) + 1
    if not paras or nxt >= len(paras):
        return None
    n0, n1 = paras[nxt]
    m = BYLINE.match(r.text, n0, n1)
    if m is None:
        return None
    att = r._speaker_of_chunk(m.start("spk"), m.end("spk"), None)
    return with_speaker(att)


def label_or_owner(r: ChunkReader, q: QuoteSpan) -> Attribution | None:
    """``WIRT: "..."`` opening a paragraph (a transcript label: the person of the story
    with that surname, else None), or ``Wirt's response: "..."`` (a named person or
    organisation's)."""
    p0 = r.seg.paragraphs[r.seg.paragraph_of(q.open_mark)][0] if r.seg.paragraphs else 0
    lead = r.text[max(p0, q.open_mark - 60) : q.open_mark]
    m = _LABEL.fullmatch(lead) if q.open_mark - p0 <= 60 else None
    if m is not None:
        # only a person of the story bears the label's surname: "UPDATE:", "WATCH:" are
        # page furniture, not speakers
        a = q.open_mark - len(lead)
        person = r._untagged_name(m.group("spk").split()[-1].strip(".'’"))
        if not person.canonical:
            return None
        return Attribution(
            person.display, person.canonical, None, False, a + m.start("spk"), a + m.end("spk")
        )
    s0 = max(r.seg.sentence_start(q.open_mark), q.open_mark - MAX_LOOK)
    m = _OWNER_WORDS.search(r.text, s0, q.open_mark)
    if m is None or not _owner(r, m):
        return None
    att = r._speaker_of_chunk(m.start("spk"), m.end("spk"), None)
    return with_speaker(att)


def subordinate_subject(r: ChunkReader, q: QuoteSpan, s0: int) -> Attribution | None:
    """A fragment inside a subordinate clause that runs up to it has that clause's
    subject, not the sentence's ("X sent it after Y published "Title"", "She left before
    the crowd chanted "..."")."""
    b0 = max(s0, q.open_mark - 300)  # bounded: one sentence may be huge
    head = mask_abbrev(r.text[b0 : q.open_mark])
    sub = SUBORDINATE_CLAUSE.search(head)
    verb = sub and VERB_SUBJECT.match(sub.group("rest"))
    if sub and verb:
        s1, s2 = (
            b0 + sub.start("rest") + verb.start("spk"),
            b0 + sub.start("rest") + verb.end("spk"),
        )
        said = sub.group("rest")[verb.end("spk") :]
    else:
        aside = SUBORDINATE_ASIDE.search(head)
        if aside is None:
            return None
        s1, s2 = b0 + aside.start("spk"), b0 + aside.end("spk")
        said = aside.group("verb")
    if PASSIVE.match(said):
        return None  # 'after the mayor was called "a coward" by rivals': named, not naming
    if not SUBJECT_NP.match(r.text[s1:s2]):
        return None
    att = r._speaker_of_chunk(s1, s2, None)
    return with_speaker(att)


def _owner(r: ChunkReader, m: re.Match[str]) -> bool:
    """The owner of a ``response:`` is a person or organisation: tagged so, or, untagged,
    a name of two or three words ("Monday's statement:" is no one's)."""
    tagged = r._mentions_in(m.start("spk"), m.end("spk") + 2)
    if tagged:
        return any(o.label in _OWNERS for o in tagged)
    name = m.group("spk")
    return len(name.split()) >= 2 and looks_like_personal_name(name)
