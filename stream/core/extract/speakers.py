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
borrows the group named just before (``among X users`` -> ``one X user``). Fragments
are never attributed.
"""

from __future__ import annotations

import re

from schemas import Quote
from stream.core.extract.entities import EntityIndex
from stream.core.extract.quotes import QuoteSpan, introduces_title, quote_view
from stream.core.extract.segment import Segments
from stream.core.extract.speaker_after import AfterReader
from stream.core.extract.speaker_continuation import inherit
from stream.core.extract.speaker_lexicon import (
    AFTER_DASH_NAME,
    AUX_ONLY,
    DASH_CLAUSE,
    DASH_LABEL,
    FROM_SOURCE,
    LAST_SEGMENT,
    LEAD_JUNK,
    LEAD_PREPOSITION,
    MAX_LOOK,
    OWN_SUBJECT,
    PIECE_BREAK,
    REPORTED_CLAUSE,
    SPLIT_TAIL_END,
    SUBJECT_NP,
    SUBORDINATOR_LEAD,
    VERB_SUBJECT,
)
from stream.core.extract.speaker_patterns import (
    CLAUSE_BREAK,
    IN_WORDS,
    NAMING_TAIL,
    NAMING_VERB,
    NEW_CLAUSE_AFTER,
    PARTICIPLE,
    according_aside,
    find_cues,
    mask_abbrev,
    norm_cue,
)
from stream.core.extract.speaker_resolve import Attribution
from stream.core.extract.speaker_sentence import (
    asked_of,
    byline,
    continued_fragment,
    parenthetical_name,
    sentence_attribution,
    spk_cue_closing,
    subordinate_subject,
)
from stream.core.extract.speaker_story import with_speaker

#: A reported clause's "that" ending the text between a cue and the quote.
_THAT_END = re.compile(r"\bthat\s*,?\s*$")
#: "... and" right before a cue: the cue is a second verb of the sentence's subject.
_AND_BEFORE_CUE = re.compile(r"\w\s+and\s+(?:then\s+|also\s+|later\s+)?$")
#: What may stand between a reporting verb and the quote it introduces: nothing, a
#: comma or colon, or a short object or adverbial ending on one (``said, "``, ``told
#: reporters: "``, ``said in a statement, "``). Every run is read once (``*+``).
_INTRODUCING_TAIL = re.compile(r"\s*+(?:[,:]\s*+|(?:[\w’'-]++\s++){0,4}[\w’'-]++\s*+[,:]\s*+)?")
#: How far before a quote the verb that introduces it may start: the tail above is
#: at most five words.
_INTRODUCING_REACH = 120
#: A closing quote mark, then a dash or a conjunction opening a new clause with words
#: of its own ('"..." — and the crowd answered', '"...," but the mayor said'): the
#: clause of a cue after it starts there, not at the sentence's subject.
_CLAUSE_AFTER_QUOTE = re.compile(
    r"[\"”]\s*+,?\s*+(?:(?:[—–]|--?)\s*+(?:(?:and|but|then|while)\s++)?|(?:and|but|then|while)\s++)(?=\w)"
)
#: A relative pronoun: the words before a cue after it are no clause's subject alone
#: ("after the fire in which she said").
_RELATIVE_WORD = re.compile(r"\b(?:who|whom|whose|which|where|that)\b", re.IGNORECASE)
#: A quote closed on its own punctuation (``No,"``, ``done."``): a statement of its own.
_CLOSED_QUOTE = re.compile(r"[,.!?][\"”]")


class Attributor(AfterReader):
    """Attribution for all quotes of one story: the order of attempts per quote."""

    def _before(self, q: QuoteSpan, floor: int, max_tail: int = 70) -> Attribution | None:
        start = max(floor, q.open_mark - MAX_LOOK)
        window = mask_abbrev(self.text[start : q.open_mark])
        words = IN_WORDS.search(window)
        if words:
            # "in X's words", "in the words of X", "to quote X": X is quoted
            g = next(n for n in ("of", "own", "quote") if words.group(n))
            att = self._speaker_of_chunk(start + words.start(g), start + words.end(g), None)
            if att is not None and att.speaker is not None:
                return att
        cues = [c for c in find_cues(window) if not self._inside_quote(start + c.start())]
        if according_aside(window, cues):
            # "X told the council, according to two aides, that ...": the earlier cue's
            # subject speaks; the source set off by commas only vouches for it
            cues.pop()
        if not cues:
            if window.rstrip().endswith(":"):
                dash = DASH_LABEL.search(window)
                if dash:
                    # "... for the county contests - Dana Wirt: "": a dash sets off the
                    # name that labels the quote
                    att = self._speaker_of_chunk(start + dash.start(1), start + dash.end(1), None)
                    if att is not None and att.speaker is not None:
                        return att
                src = FROM_SOURCE.search(window)
                if src:
                    # "From the report:", "More from Smith's blog post:": the source
                    att = self._speaker_of_chunk(
                        start + src.start("spk"), start + src.end("spk"), None
                    )
                    if att is not None and att.speaker is not None:
                        return att
                # "She then turned to the crowd again:" -> its subject
                return (
                    self._speaker_of_chunk(start, q.open_mark, None)
                    or self._clause_subject(start, q.open_mark, None)
                    or self._verb_subject(start, window.rstrip()[:-1], None)
                )
            return None
        cm = cues[-1]
        tail = window[cm.end() :]
        cue = norm_cue(cm.group("cue"))
        head = window[: cm.start()]
        closed = [m.end() for m in _CLOSED_QUOTE.finditer(tail)]
        if closed:
            # 'said "No," the council voted "': the cue had its own quote, and a clause
            # with its own subject and verb follows it
            verb = VERB_SUBJECT.match(tail, closed[-1])
            if verb is not None and SUBJECT_NP.match(verb.group("spk")):
                return None
        if re.search(r"[.!?]\s", tail) or (
            len(tail) > max_tail
            # a long object before "that" still governs the quote ("kept reminding the
            # bakers at the market hall on Mill Street, in Halden, that "...")
            and not _THAT_END.search(tail)
            # so does a long clause that introduces it with a colon ("X said that if
            # ..., a deal was possible: "...")
            and not tail.rstrip().endswith(":")
            # a cue set off by commas: the rest of the sentence is what was said
            # ("X is so reckless, the mayor said, that if ..., "...")
            and not tail.startswith(",")
        ):
            return None
        relative = self.relative_speaker(start + cm.start(), cue)
        if relative is not None:
            return relative  # "Gov. X, who called it "...""
        new = NEW_CLAUSE_AFTER.match(tail) if cue == "according to" else None
        if new is not None:
            # "X fell, according to the poll, and Y blamed "...": Y's clause
            at = cm.end() + new.end()
            return self._verb_subject(start + at, window[at:], None)
        if cue == "according to" or not LEAD_JUNK.sub("", head.strip(" ,—–-\n")).strip(" ,"):
            # inverted: 'Said Dana Wirt, who worked with him, "..."'; "according to"
            # always names its source after it ("Other gaps, according to the poll,")
            name = re.match(r"\s*(?P<spk>[^,\"“”]{1,80})", tail)
            if name:
                return self._speaker_of_chunk(
                    start + cm.end() + name.start("spk"), start + cm.end() + name.end("spk"), cue
                )
        if PARTICIPLE.match(cm.group("cue")):
            # "with one asking": the participle's own subject comes right after "with"
            with_m = re.search(r"\bwith\s+(?P<spk>(?:[\w-]+\s+){0,3}?[\w-]+)\s*$", head)
            if with_m:
                att = self._speaker_of_chunk(
                    start + with_m.start("spk"), start + with_m.end("spk"), cue
                )
                if att:
                    return att
            said = self._cue_before_participle(start, head, cue)
            if said is not None:
                return said
            subject = self._clause_subject(start, start + cm.start(), cue)
            if subject is not None:
                return subject
            # the subject of the main clause: the start of the sentence, else the noun
            # phrase before the last finite verb
            subject = self._subject_phrase(start, head, cue)
            if subject is not None and subject.speaker is not None:
                return subject
            return self._verb_subject(start, head, cue) or subject
        breaks = list(CLAUSE_BREAK.finditer(head))
        clause_start = breaks[-1].end() if breaks else 0
        after_quote = [
            m.end()
            for m in _CLAUSE_AFTER_QUOTE.finditer(head, clause_start)
            if SUBJECT_NP.match(head[m.end() :].strip())
        ]
        if after_quote:
            clause_start = after_quote[-1]  # '"..." — and the crowd answered "'
        subs = [
            m.end()
            for m in SUBORDINATOR_LEAD.finditer(head, clause_start)
            if SUBJECT_NP.match(head[m.end() :].strip())
            and not PIECE_BREAK.search(head, m.end())
            and not _RELATIVE_WORD.search(head, m.end())
        ]
        if subs:
            # "After the judge said "", "X left before the crowd chanted "": the
            # subordinate clause the cue is in has its own subject
            clause_start = subs[-1]
        if (
            clause_start
            and AUX_ONLY.fullmatch(LEAD_JUNK.sub("", head[clause_start:].strip(" ,")).strip())
        ) or _AND_BEFORE_CUE.search(head):
            # a second verb of the same subject: "The president noted X, and added: ";
            # "A spokesman for X declined to comment but said that "; "Experts doubt it
            # but have speculated that "; "Wirt said the
            # decision was taken by Y and said, ""
            return self._clause_subject(start, start + cm.start(), cue) or self._subject_phrase(
                start, head, cue
            )
        inner = parenthetical_name(self, start, head, tail, cue)
        if inner is not None:
            return inner  # "X, Wirt said, had kept "a ledger for every loaf""
        aside = AFTER_DASH_NAME.search(head)
        if aside:
            # "As X tried to ... — especially where Y is concerned — Z answered":
            # the name after the last dash, right at the cue, is its subject
            att = self._speaker_of_chunk(start + aside.start(1), start + aside.end(1), cue)
            if att is not None and att.speaker is not None:
                return att
        att = self._speaker_of_chunk(start + clause_start, start + cm.start(), cue)
        if att is None and clause_start:
            att = self._speaker_of_chunk(start, start + cm.start(), cue)
        if att is None:
            # a clause set off by a dash after a quote ('He said, "..." - at which point
            # the crowd chanted "..."'): its own words before the cue
            dash = DASH_CLAUSE.search(head)
            if dash:
                att = self._speaker_of_chunk(start + dash.start("p"), start + cm.start(), cue)
        if att is None:
            # a long sentence whose last comma-separated piece names the speaker
            # ("... sites and prices, Okafor responded, "...")
            last = LAST_SEGMENT.search(head)
            if last:
                att = self._speaker_of_chunk(start + last.start(1), start + cm.start(), cue)
        return att

    def _introduced(self, k: int, floor: int) -> bool:
        """Quote ``k`` follows a reporting verb that introduces it (``the judge said
        "``, ``told reporters, "``): its speaker is that verb's, and the words after its
        closing mark (``," the defendant shouted``, ``— and the crowd answered``) are
        another clause's. Not when that verb attributed the quote before it (``"A,"
        Lund said, "B," Okafor replied``) or a reported clause stands between."""
        q = self.spans[k]
        start = max(floor, q.open_mark - _INTRODUCING_REACH)
        if start > floor:
            # from a word start: a cut word is no cue ("retold" read as "told")
            space = self.text.find(" ", start, q.open_mark)
            start = space if space >= 0 else q.open_mark
        window = mask_abbrev(self.text[start : q.open_mark])
        cues = [c for c in find_cues(window) if not self._inside_quote(start + c.start())]
        if (
            not cues
            or PARTICIPLE.match(cues[-1].group("cue"))  # "Recalling "...," the statement"
            or not _INTRODUCING_TAIL.fullmatch(window, cues[-1].end())
            or REPORTED_CLAUSE.match(window, cues[-1].end())  # "said it would fail, ""
        ):
            return False
        s1 = self.seg.sentence_end(q.close_mark)
        rest = mask_abbrev(self.text[q.close_mark + 1 : min(s1, q.close_mark + 1 + MAX_LOOK)])
        if spk_cue_closing(rest) is not None:
            return False  # 'Nothing he said "will help," the senator said.': the closer's
        prev = self._done.get(k - 1) if k else None
        return not (
            prev is not None
            and prev.start is not None
            and self.spans[k - 1].close_mark < prev.start < q.open_mark
        )

    def _cue_before_participle(self, start: int, head: str, cue: str | None) -> Attribution | None:
        """``..., Okafor said, adding "``: a participle right after another reporting verb
        continues that verb's speaker (the last comma piece before it), not the subject
        of the sentence it closes."""
        prior = [c for c in find_cues(head) if not PARTICIPLE.match(c.group("cue"))]
        if not prior:
            return None
        before = head[: prior[-1].start()]
        if head[prior[-1].end() :].strip(" ,"):
            # "X said the plan will fail, adding": the participle shares the subject of
            # the reporting verb whose clause it closes
            breaks = list(CLAUSE_BREAK.finditer(before))
            s0 = breaks[-1].end() if breaks else 0
            att = self._speaker_of_chunk(start + s0, start + len(before), cue)
            if att is None or att.speaker is None:
                # "Alongside X, even a top strategist said": the last comma piece
                pieces = [m.end() for m in PIECE_BREAK.finditer(before.rstrip(" ,"))]
                if pieces:
                    att = self._speaker_of_chunk(start + pieces[-1], start + len(before), cue)
            return with_speaker(att)
        last = LAST_SEGMENT.search(before)
        if last is None:
            breaks = list(CLAUSE_BREAK.finditer(before))
            s0 = breaks[-1].end() if breaks else 0
        else:
            s0 = last.start(1)
        return self._speaker_of_chunk(start + s0, start + len(before), cue)

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
        if not own and q.text.rstrip().endswith((",", "?", "!")):  # ("" is `in` every string)
            # '... — "why would anyone wait?" asked Lund': punctuation inside the
            # closing mark hands over to the attribution right after it
            paras = self.seg.paragraphs or [(0, len(self.text))]
            att = self._after(q, paras[self.seg.paragraph_of(q.close_mark)][1])
            if att is not None and att.speaker is not None:
                return att
        n0 = max(s0, q.open_mark - 140)
        naming = NAMING_TAIL.search(self.text, n0, q.open_mark) and NAMING_VERB.search(
            self.text, n0, q.open_mark
        )
        if (
            naming
            and naming.group("spk").strip()
            and not LEAD_PREPOSITION.match(naming.group("spk").strip())  # "Among calls for"
        ):
            # 'X, for one, called it "..."': the one who names it so; after a dash, only
            # its own clause ('X said — although the inspectors called it "..."')
            at = naming.start("spk") + 1 + max(naming.group("spk").rfind(d) for d in "—–")
            lead = SUBORDINATOR_LEAD.match(self.text, at) if at > naming.start("spk") else None
            att = self._speaker_of_chunk(
                lead.end() if lead else at, naming.end("spk"), norm_cue(naming.group("cue"))
            )
            if att is not None and att.speaker is not None:
                return att
        att = self._before(q, s0, max_tail=MAX_LOOK)
        if (att is None or att.speaker is None) and not own:
            att = self._after(q, s1) or att
        if att is None or att.speaker is None:
            # '"best pieces" in storage, said X.': the sentence's closing attribution
            # (not for a quote a cue introduced), an opening "According to X,"
            att = sentence_attribution(self, q, s0, closing=not own) or att
        if att is None or att.speaker is None:
            # inside a subordinate clause: its own subject ("after Y published "Title"")
            att = subordinate_subject(self, q, s0) or att
        if att is None or att.speaker is None:
            # no speech cue: the sentence's own subject ("She called it "a welcome
            # change"", "Okafor praised him for "showing up"")
            att = self._clause_subject(s0, q.open_mark, None) or att
        if att is None or att.speaker is None:
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
        if prev.start is not None and prev.start < self.spans[k - 1].open_mark:
            # the quote before was introduced ahead of it ('He said, "..." - at which
            # point the crowd chanted "..."'): a clause between with its own subject is
            # a new voice, not the rest of a split sentence ('," and added, "')
            lead = between[: find_cues(between)[0].start()].strip(" ,—–-")
            if OWN_SUBJECT.search(lead):
                return None
        return prev

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
        if _AND_BEFORE_CUE.search(head):
            # "Ostrowski looked surprised and mentioned that ...": the cue is a second
            # verb of the sentence's subject
            return self._clause_subject(p0, p0 + cm.start(), cue) or self._subject_phrase(
                p0, head, cue
            )
        breaks = list(CLAUSE_BREAK.finditer(head))
        cs = breaks[-1].end() if breaks else 0
        return self._speaker_of_chunk(p0 + cs, p0 + cm.start(), cue)

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
                    and introduces_title(self.text, q.open_mark)
                ):
                    # 'a story titled "..."' is said by no one: only a named author or
                    # publisher of the work is its source ('X released a memo titled'),
                    # never the words of the clause ("The paper ran a story")
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
            prv = next(
                (
                    self.spans[j].close_mark + 1
                    for j in range(k - 1, max(-1, k - 4), -1)
                    if self.spans[j].kind == "full"
                ),
                self.spans[k - 1].close_mark + 1 if k > 0 else 0,
            )
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
            att = None
            for step in ("before", "after") if before_first else ("after", "before"):
                if step == "after" and introduced and att is not None:
                    break  # a quote a cue introduces has nothing to do with the words after
                if step == "after":
                    att = self._after(q, min(nxt, p_end), before_first) or att
                else:
                    att = self._before(q, floor) or att
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
