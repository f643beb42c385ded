"""Who said it: attribution of each quotation, pronoun resolution, descriptions.

Everything here is a bounded look around each quote (a few hundred characters) plus
``bisect`` over the story's entity mentions, so the cost per quote is constant and a
story with 10,000 quote marks stays linear.

Order of attempts for one quote (the first that yields a speaker wins):

1. the text right after the closing mark: ``,” Attorney General Ilse Marek stated.``,
   ``," said Okafor``, ``,” she said``, ``— that was the message from X``;
2. the text right before the opening mark, in the same sentence:
   ``Ana Lund, a ministry spokesperson, said in an email that “``,
   ``Tom Okafor ... underscored the change of course: “``, ``with one asking “``
   (a quote that ends its own sentence tries this before 1: it is more often
   introduced than followed by its attribution);
3. the previous quote when this one continues it (split quote ``“A,” she said. “B.”``,
   or a quote-only paragraph after a quoted paragraph);
4. the sentence before (wire style: ``Mr Smith says the plan will fail. "It is ..."``).

A pronoun speaker walks back sentence by sentence: each sentence's subject first (after
a leading clause such as ``Asked about X,``), then its other persons nearest first. A
person of known opposite gender is skipped; a same-gender pronoun subject chains to the
sentence before; an object pronoun of that gender (``put it to her``) rules out its own
sentence's subject (binding: "her" is not the one putting it). Gender comes from
honorifics (Mr/Ms), gendered role nouns next to the name (spokeswoman, chairman) and the
he/she that follow a sentence naming exactly one person -- no list of first names.
Definite descriptions resolve by their noun (``the judge`` -> the person titled so,
``the aide`` -> ``one senior Republican aide``, ``the club`` -> nearest ORG). Unnamed
speakers keep their description (``a White House rep``); a bare ``one``/``another``
borrows the group named just before (``among X users`` -> ``one X user``). A quoted
fragment (``kind="partial"``) takes the speaker of its own sentence (``_partial``),
and none when it is a title (announced, or a work NER names as one, in a clause with
no speech verb).
"""

from __future__ import annotations

import re

from schemas import Quote
from stream.core.extract.entities import EntityIndex
from stream.core.extract.quotes import QuoteSpan, quote_view
from stream.core.extract.segment import Segments
from stream.core.extract.speaker_before import AND_BEFORE_CUE, BeforeReader
from stream.core.extract.speaker_continuation import (
    according,
    inherit,
    second_voice,
    shared_subject,
    split_second_half,
)
from stream.core.extract.speaker_fragments import (
    which_head,
    which_says_unresolved,
    who_head,
    work_title,
)
from stream.core.extract.speaker_lexicon import (
    DETERMINER,
    LEAD_PREPOSITION,
    MAX_LOOK,
    OWN_SUBJECT,
    SPLIT_TAIL_END,
    SUBORDINATOR_LEAD,
)
from stream.core.extract.speaker_partial import object_as, passive_agent, passive_naming
from stream.core.extract.speaker_patterns import (
    NAMING_PARTICIPLES,
    NAMING_TAIL,
    NAMING_VERB,
    PARTICIPLE,
    find_cues,
    last_clause_start,
    mask_abbrev,
    norm_cue,
)
from stream.core.extract.speaker_resolve import Attribution
from stream.core.extract.speaker_sentence import (
    asked_of,
    byline,
    continued_fragment,
    sentence_attribution,
    subordinate_subject,
)

#: A thing named, then a relative clause with no relative pronoun and its own subject
#: (``in a move the mayor called "``, ``a decision he called "``): the naming verb's
#: subject starts after the noun. A determiner or a pronoun only: a capital word may
#: be a name modifying the noun (``a former Lund aide called``); no preposition between
#: (``the head of the agency called``).
ZERO_RELATIVE = re.compile(
    r"\b(?:a|an|the)\s++(?:(?!(?:of|for|at|in|on|with|from|to|by|about|and|or)\s)"
    r"[a-z][\w’'-]*+\s++){1,3}?"
    r"(?=(?:the|his|her|its|their|he|she|they)\s)"
)


#: Verbs that name rather than say (``a report called``): a title's announcement.
_NAMING_CUES = re.compile(rf"(?:{NAMING_PARTICIPLES})$")
#: A relative clause opened after the last comma before a fragment (``The singer,
#: whose fans called it "``): the fragment is the clause's.
_IN_RELATIVE = re.compile(r",[ \t]*+(?:who|whom|whose|which)\b[^,;:\"“”\n]*+$")
#: After such a fragment's closing mark, what may stand before a verb that has no
#: subject of its own (``," later said nothing``): the main clause's verb.
_VERB_LEAD = re.compile(
    r"[ \t\u00a0,—–-]*+(?:(?:[a-z]++ly|also|then|later|once|again|never|still)[ \t]++)*+"
)
#: Punctuation that ends a stretch of words before a cue.
_STOP = re.compile(r"[,.;:!?\"“”()\n]")
#: Auxiliaries and adverbs between a subject and its verb (``The mayor has also``).
_CUE_NEXT = re.compile(r"[ \t]++(?:(?:has|have|had|also|then|later|once|again)[ \t]++)*+")


def _namer(att: Attribution, q: QuoteSpan) -> bool:
    """``att`` is the agent after a naming participle (``a man branded "a traitor" by
    his rivals``): the one who names it so, not a title's reader."""
    return (
        att.start is not None
        and att.start > q.close_mark
        and att.cue is not None
        and _NAMING_CUES.match(att.cue) is not None
    )


class Attributor(BeforeReader):
    """Attribution for all quotes of one story: the order of attempts per quote."""

    #: starts of every mention, inside quotes too (``_work_title``), built when needed
    _all_starts: list[int] | None = None

    def _partial(self, k: int) -> Attribution | None:
        """A quoted fragment takes the speaker of its own sentence, if it names one:
        a cue before it in the sentence (``Wirt says the mayor has "..."``), or
        right after it (``"rigged," Wirt said``). Not after it when a cue introduces
        it or it sits in a leading subordinate clause (``After the judge said
        "Enough," the defendant shouted``): the words after are the main clause's."""
        q = self.spans[k]
        s0 = self.seg.sentence_start(q.open_mark)
        s1 = self.seg.sentence_end(q.close_mark)
        own = self._introduced(k, s0)
        n0 = max(s0, q.open_mark - 140)
        # a fragment in a relative clause: the words after its closing comma are the main
        # clause's ('The singer, whose fans called it "...," wrote online'), never an
        # inverted speaker ("online"), unless they are a subject and its cue ('the
        # policy, which "...," Lund said'): the fragment's closing attribution
        relative = _IN_RELATIVE.search(self.text[n0 : q.open_mark]) is not None
        relative = relative and not self._subject_then_cue(q.close_mark + 1)
        # (endswith, not `in`: "" is `in` every string)
        if not own and not relative and q.text.rstrip().endswith((",", "?", "!")):
            # '... — "why would anyone wait?" asked Lund': punctuation inside the
            # closing mark hands over to the attribution right after it
            att = self._after_in_paragraph(q)
            if att is not None and att.speaker is not None:
                return att
        if (agent := passive_agent(self, q, s0)) is not None:
            # 'the plan has been called "a shambles" by Lund': the agent names it so
            return agent
        if (shared := shared_subject(self, self._done, k)) is not None:
            # 'which Trump had called a "disaster" and promised to "rip up"': Trump's
            return shared
        # 'The ship was named "Hope"': no agent, and the subject is the thing named, not
        # the one naming it: only a speech cue or attribution elsewhere may give a speaker
        passive = passive_naming(self, q, s0)
        # from the white space before the sentence: NAMING_VERB's ``^`` never matches at
        # a search position, so 'She has called it "..."' read "has" as the subject
        v0 = n0 - 1 if n0 == s0 and n0 > 0 and self.text[n0 - 1].isspace() else n0
        naming = NAMING_TAIL.search(self.text, n0, q.open_mark) and NAMING_VERB.search(
            self.text, v0, q.open_mark
        )
        if (
            naming
            and not passive
            and naming.group("spk").strip()
            and not LEAD_PREPOSITION.match(naming.group("spk").strip())  # "Among calls for"
        ):
            if relative and (who := who_head(self, s0, n0, q.open_mark, named=True)):
                # 'Lund criticized Okafor, who called it "..."': the name right before
                # the relative "who" names it so, not the main clause's subject
                return who
            # 'X, for one, called it "..."': the one who names it so; after a dash, only
            # its own clause ('X said — although the inspectors called it "..."')
            at = naming.start("spk") + 1 + max(naming.group("spk").rfind(d) for d in "—–")
            zero = list(ZERO_RELATIVE.finditer(self.text, at, naming.end("spk")))
            if zero:
                at = zero[-1].end()  # "in a move the mayor called": the mayor
            lead = SUBORDINATOR_LEAD.match(self.text, at) if at > naming.start("spk") else None
            att = self._speaker_of_chunk(
                lead.end() if lead else at, naming.end("spk"), norm_cue(naming.group("cue"))
            )
            if att is not None and att.speaker is not None:
                return att
        if relative and (which := which_head(self, s0, n0, q.open_mark)):
            # 'Lund criticized Nordbank, which called it "..."': the organization
            return which
        # 'Lund rejected the bid, which described the site as "...': the bid's words,
        # no one's here: not the sentence's subject either
        thing = relative and which_says_unresolved(self, n0, q.open_mark)
        att = self._before(q, s0, max_tail=MAX_LOOK)
        if (att is None or att.speaker is None) and not own and not relative:
            att = self._after(q, s1) or att
        if att is None or att.speaker is None:
            # '"best pieces" in storage, said X.': the sentence's closing attribution
            # (not for a quote a cue introduced), an opening "According to X,"
            att = sentence_attribution(self, q, s0, closing=not own) or att
        if att is None or att.speaker is None:
            # inside a subordinate clause: its own subject ("after Y published "Title"")
            att = subordinate_subject(self, q, s0) or att
        if (att is None or att.speaker is None) and not passive and not thing:
            # no speech cue: the sentence's own subject ("She called it "a welcome
            # change"", "Okafor praised him for "showing up"")
            # ('Prosecutors portrayed Weiss as "..."': the subject, not the object)
            att = object_as(self, q, s0, self._clause_subject(s0, q.open_mark, None)) or att
        if (att is None or att.speaker is None) and relative:
            # 'The mayor, who called the plan "a disaster," said nothing': the one the
            # relative "who" stands for, described before its comma
            att = who_head(self, s0, n0, q.open_mark) or att
        if (att is None or att.speaker is None) and not passive and not thing:
            # the subject of the last finite verb before it ("The senator likes "...",
            # while the governor loves "..."")
            h0 = max(s0, q.open_mark - MAX_LOOK)  # bounded: one sentence may be huge
            att = self._verb_subject(h0, self.text[h0 : q.open_mark], None) or att
        return att

    def _split_tail(self, k: int) -> Attribution | None:
        """The second half of a split sentence (``"As I see it," she said, "no one
        ..."``): a fragment right after a full quote, with only that quote's attribution
        clause between them, is the same voice."""
        if k == 0:
            return None
        prev = self._done.get(k - 1)
        if prev is None or prev.speaker is None:
            return None
        if self.spans[k - 1].kind != "full" and prev.cue is None:
            return None  # a fragment whose speaker came without a speech verb
        between = self.text[self.spans[k - 1].close_mark + 1 : self.spans[k].open_mark]
        if (
            len(between) > 120
            or re.search(r"[.!?]\s|\n", between)
            or not SPLIT_TAIL_END.search(between)
            or not find_cues(between)
        ):
            return None
        q = self.spans[k]
        if q.text.rstrip().endswith((",", "?", "!")):
            # its own attribution right after it ('"...," Lund said, "this day,"
            # Okafor added'): the second voice's words, not the rest of the first's
            own = self._after_in_paragraph(q)
            if own is not None and own.speaker is not None:
                return None
        if prev.start is not None and prev.start < self.spans[k - 1].open_mark:
            # the quote before was introduced ahead of it ('He said, "..." - at which
            # point the crowd chanted "..."'): a clause between with its own subject is
            # a new voice, not the rest of a split sentence ('," and added, "')
            lead = between[: find_cues(between)[0].start()].strip(" ,—–-")
            if OWN_SUBJECT.search(lead):
                return None
        return prev

    def _after_in_paragraph(self, q: QuoteSpan) -> Attribution | None:
        """The attribution right after ``q``'s closing mark, within its paragraph."""
        paras = self.seg.paragraphs or [(0, len(self.text))]
        return self._after(q, paras[self.seg.paragraph_of(q.close_mark)][1])

    def _recent_subject(self, q: QuoteSpan, p0: int, s0: int) -> Attribution | None:
        """A quote-only paragraph after a paragraph about someone quoted just before
        (``"...," Ames notes.`` / ``Ames is hopeful, because ...`` / ``"..."``):
        the subject of that last sentence speaks again when that subject is the named
        speaker of one of the last two paragraphs' quotes."""
        paras = self.seg.paragraphs
        para = self.seg.paragraph_of(q.open_mark)
        if not paras or q.open_mark > paras[para][0] + 1 or self.seg.paragraph_of(p0) != para - 1:
            return None
        if find_cues(self.text[q.close_mark + 1 : paras[para][1]]):
            return None  # the quote has an attribution of its own, unread
        subject = self._clause_subject(p0, s0, None)
        if (
            subject is None
            or not subject.canonical
            or subject.pronoun
            or subject.start is None
            or self.text[p0 : subject.start].strip()
        ):
            return None  # no named subject opening the sentence
        for back, _q, att in self._earlier(q.open_mark):
            if back > 2:
                break
            if att is not None and att.canonical == subject.canonical and not att.pronoun:
                return Attribution(
                    subject.speaker, subject.canonical, None, False, subject.start, subject.end
                )
        return None

    def _sentence_before(self, q: QuoteSpan) -> Attribution | None:
        s0 = self.seg.sentence_start(q.open_mark)
        if s0 == 0:
            return None
        p0 = self.seg.sentence_start(s0 - 1)
        if self._inside_quote(p0) or any(ch in self.text[p0:s0] for ch in '"“”'):
            return None
        sentence = mask_abbrev(self.text[p0:s0])
        cm = next(iter(find_cues(sentence)), None)
        if sentence.rstrip().endswith(":") and (not cm or PARTICIPLE.match(cm.group("cue"))):
            # an introduction ("X issued the following statement:", "She went on to
            # say:"): its subject speaks the quote that follows
            return self._clause_subject(p0, s0, None)
        if not cm or PARTICIPLE.match(cm.group("cue")):
            return self._recent_subject(q, p0, s0)
        head = sentence[: cm.start()]
        cue = norm_cue(cm.group("cue"))
        if AND_BEFORE_CUE.search(head):
            # "Ostrowski looked surprised and mentioned that ...": the cue is a second
            # verb of the sentence's subject
            return self._clause_subject(p0, p0 + cm.start(), cue) or self._subject_phrase(
                p0, head, cue
            )
        cs = last_clause_start(head)
        return self._speaker_of_chunk(p0 + cs, p0 + cm.start(), cue)

    def _subject_then_cue(self, at: int) -> bool:
        """The words at ``at`` are a subject and its cue with no punctuation between
        (``Ana Lund said``, ``fire officials said``): an attribution of its own, not a
        verb continuing a main clause (``wrote online``, ``later said nothing``, ``had
        been dismissed last week, the police said``)."""
        lead = _VERB_LEAD.match(self.text, at)  # matches, maybe empty
        at = lead.end() if lead else at
        window = self.text[at : at + 120]
        cue = next(iter(find_cues(window)), None)
        if cue is None or window[: cue.start()].strip() in ("", "and", "or", "but", "and then"):
            return False  # ('" and promised to': the clause's second verb, no subject)
        return not _STOP.search(window, 0, cue.start())

    def _work_title(self, q: QuoteSpan) -> bool:
        """``work_title`` over this story's mentions (their starts built once)."""
        if self._all_starts is None:
            self._all_starts = [m.start for m in self.index.mentions]
        return work_title(self.text, self.index.mentions, self._all_starts, q)

    def _authored(self, att: Attribution, q: QuoteSpan) -> bool:
        """``att`` is a description right before its own finite speech or writing verb,
        before the title (``The mayor wrote in a post titled``, ``the council posted``):
        the author of the work it titles. Not a naming verb ("a report called" is the
        title's own announcement) and not a clause ("The group released a report")."""
        if (
            att.speaker is None
            or att.cue is None
            or att.pronoun
            or att.end is None
            or att.end > q.open_mark
            or PARTICIPLE.match(att.cue)
            or _NAMING_CUES.match(att.cue)
            or DETERMINER.match(att.speaker) is None
        ):
            return False
        # the cue right after the description, at most auxiliaries between
        gap = _CUE_NEXT.match(self.text, att.end)
        at = gap.end() if gap else -1
        return at >= 0 and self.text[at : at + len(att.cue)].lower() == att.cue

    def attribute(self) -> list[Attribution | None]:
        """One attribution (or None) per quote span, in order."""
        out: list[Attribution | None] = []
        n = len(self.spans)
        paras = self.seg.paragraphs or [(0, len(self.text))]
        for k, q in enumerate(self.spans):
            if q.kind != "full":
                # a fragment's sentence is weaker evidence: it never relabels an entity
                promoted = set(self.promoted)
                att = self._split_tail(k) or self._partial(k)
                if att is None or att.speaker is None:
                    att = continued_fragment(self, k) or att
                if (
                    att is not None
                    and not att.canonical
                    and (
                        (q.title and not self._authored(att, q) and not _namer(att, q))
                        or (att.cue is None and self._work_title(q))
                    )
                ):
                    # 'a story titled "..."' is said by no one: only the author or
                    # publisher of the work is its source, named ('X released a memo
                    # titled') or described as the subject of a speech or writing verb
                    # ('The mayor wrote in a post titled'), never the words of a clause
                    # with no such verb ("The paper ran a story"); the same for a work NER
                    # names as one in a clause with no speech verb ('The band played
                    # "Born in the USA"'; 'According to X, the jackets read "..."' and
                    # 'X, who said her favorite is "Veep"' stay X's, as PolNeAR reads)
                    att = None
                self._done[k] = att
                self.promoted = promoted
                out.append(att)
                continue
            para = self.seg.paragraph_of(q.open_mark)
            p_start = paras[para][0]
            p_end = paras[self.seg.paragraph_of(q.close_mark)][1]
            nxt = self.spans[k + 1].open_mark if k + 1 < n else len(self.text)
            # the previous full quote bounds the look back (a title or scare quote in the
            # same sentence does not: "As X, author of "Title," put it, "...")
            prv_full = next(
                (
                    self.spans[j].close_mark + 1
                    for j in range(k - 1, max(-1, k - 4), -1)
                    if self.spans[j].kind == "full"
                ),
                None,
            )
            prv = prv_full if prv_full is not None else self.spans[k - 1].close_mark + 1 if k else 0
            sent_start = self.seg.sentence_start(q.open_mark)
            if asked_of(self, q):
                self._done[k] = None  # "X was asked, "...?"": not X's words
                out.append(None)
                continue
            # A quote that ends its sentence ("... done.") is introduced before it more
            # often than attributed after it; one that ends with a comma is the reverse.
            floor = max(prv, p_start, sent_start)
            introduced = self._introduced(k, floor)
            before_first = introduced or q.text.rstrip()[-1:] in ".!?…"
            # '"A?" Lund asked, "B?" Okafor shouted': the second half's own voice
            att = second_voice(self, self._done, k, self._after_in_paragraph)
            steps = ("before", "after") if before_first else ("after", "before")
            for step in () if att is not None else steps:
                if step == "after" and introduced and att is not None:
                    break  # a quote a cue introduces has nothing to do with the words after
                if step == "after":
                    found = self._after(q, min(nxt, p_end), before_first)
                    if (
                        found is not None
                        and according(found)
                        and split_second_half(self, self._done, k)
                    ):
                        # '"A," the minister said, "B," according to the transcript':
                        # the report's source, not a second voice
                        found = None
                    att = found or att
                else:
                    att = self._before(q, floor) or att
                    wide = max(prv_full or 0, p_start, sent_start)
                    if (att is None or att.speaker is None) and wide < floor:
                        # the fragment before bounds the look, but its cue has no subject
                        # after it ('Lund, whom critics called "a fraud," said: "'): the
                        # sentence's subject before the fragment
                        att = self._before(q, wide) or att
                if att is not None and att.speaker is not None:
                    break
            if att is None or att.speaker is None:
                att = sentence_attribution(self, q, max(prv, p_start)) or att
            if att is None or att.speaker is None:
                att = byline(self, q, p_end) or att
            if (att is None or att.speaker is None) and k > 0:
                att = inherit(self, self._done, k, para, p_start) or att
            if att is None or att.speaker is None:
                att = self._sentence_before(q) or att
            self._done[k] = att
            out.append(att)
        return out


def attribute_quotes(
    text: str, seg: Segments, index: EntityIndex, spans: list[QuoteSpan]
) -> list[Quote]:
    """``Quote`` records for the spans: speakers for full quotes and for fragments."""
    attributor = Attributor(quote_view(text), seg, index, spans)
    results = attributor.attribute()
    # A he/she antecedent is a person, whatever NER said about it.
    for canon in attributor.promoted:
        index.label[canon] = "PERSON"
        for m in index.mentions:
            if m.canonical == canon:
                m.label = "PERSON"
    return [
        Quote(
            text=q.text,
            speaker=a.speaker if a else None,
            speaker_canonical=a.canonical if a else None,
            **_mention_fields(text, a),
            cue=a.cue if a else None,
            start=q.start,
            end=q.end,
            kind=q.kind,  # type: ignore[arg-type]
        )
        for q, a in zip(spans, results, strict=True)
    ]


def _mention_fields(text: str, a: Attribution | None) -> dict[str, str | int | None]:
    """``speaker_mention``/``speaker_start``/``speaker_end``: the attribution's words as
    the text writes them, for a quote that has a speaker (else all None)."""
    if a is None or a.speaker is None or a.start is None or a.end is None:
        return {"speaker_mention": None, "speaker_start": None, "speaker_end": None}
    return {
        "speaker_mention": text[a.start : a.end],
        "speaker_start": a.start,
        "speaker_end": a.end,
    }
