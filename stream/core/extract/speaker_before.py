"""Who said it, read before the opening mark (step 2 of the order in ``speakers.py``):
the last cue of the sentence and the words before it (``Ana Lund, a ministry
spokesperson, said in an email that "``, ``with one asking "``), and whether that cue
introduces the quote (``the judge said "``), which then belongs to its subject and not
to the clause after it."""

from __future__ import annotations

import re

from stream.core.extract.quotes import QuoteSpan
from stream.core.extract.speaker_after import AfterReader
from stream.core.extract.speaker_lexicon import (
    AFTER_DASH_NAME,
    AUX_ONLY,
    DASH_CLAUSE,
    DASH_LABEL,
    FROM_SOURCE,
    LAST_SEGMENT,
    LEAD_JUNK,
    MAX_LOOK,
    PIECE_BREAK,
    REPORTED_CLAUSE,
    SUBJECT_NP,
    SUBORDINATOR_ALT,
    SUBORDINATOR_LEAD,
    VERB_SUBJECT,
)
from stream.core.extract.speaker_patterns import (
    IN_WORDS,
    NEW_CLAUSE_AFTER,
    PARTICIPLE,
    according_aside,
    find_cues,
    last_clause_start,
    mask_abbrev,
    norm_cue,
)
from stream.core.extract.speaker_resolve import Attribution
from stream.core.extract.speaker_sentence import (
    coordination_across,
    parenthetical_name,
    spk_cue_closing,
)
from stream.core.extract.speaker_story import with_speaker

#: A reported clause's "that" ending the text between a cue and the quote.
_THAT_END = re.compile(r"\bthat\s*,?\s*$")
#: "... and" right before a cue: the cue is a second verb of the sentence's subject.
AND_BEFORE_CUE = re.compile(r"\w\s+and\s+(?:then\s+|also\s+|later\s+)?$")
#: What may stand between a reporting verb and the quote it introduces: nothing, a
#: comma or colon, or a short object or adverbial ending on one (``said, "``, ``told
#: reporters: "``, ``said in a statement, "``). Every run is read once (``*+``).
_INTRODUCING_TAIL = re.compile(r"\s*+(?:[,:]\s*+|(?:[\w’'-]++\s++){0,4}[\w’'-]++\s*+[,:]\s*+)?")
#: How far before a quote the verb that introduces it may start: the tail above is
#: at most five words.
_INTRODUCING_REACH = 120
#: The rest of a word the introducing window's start cut into (nothing when the
#: window starts at a word start): one word read once, bounded by the quote's mark.
_CUT_WORD = re.compile(r"(?<=[\w’'-])[\w’'-]*+")
#: A wh-word a few words before a cue: the cue is in an indirect question (``asked
#: what she told the court``), which introduces no quote. (Words run once: ``++``.)
_WH_BEFORE_CUE = re.compile(r"\b(?:what|whether|how|why)[ \t]++(?:[\w’'-]++[ \t]++){0,3}$", re.I)
#: A subordinator before a cue with no punctuation between: the cue is in a subordinate
#: clause (``After Lund said no, "``), whose comma closes the clause, not an
#: introduction. ("as", "if" too: ``As the judge read the verdict, "``.)
_SUBORDINATE_CUE = re.compile(rf"\b(?i:{SUBORDINATOR_ALT}|as|if)\b[^,;:.!?\"“”]*+$")
#: Cues never inverted: their subject comes before them ("told" takes its hearer after).
_NOT_INVERTED = frozenset({"told", "tells"})
#: A closing quote mark, then a dash or a conjunction opening a new clause with words
#: of its own ('"..." — and the crowd answered', '"...," but the mayor said'): the
#: clause of a cue after it starts there, not at the sentence's subject.
_CLAUSE_AFTER_QUOTE = re.compile(
    r"[\"”]\s*+,?\s*+(?:(?:[—–]|--?)\s*+(?:(?:and|but|then|while)\s++)?|(?:and|but|then|while)\s++)(?=\w)"
)
#: A relative pronoun: the words before a cue after it are no clause's subject alone
#: ("after the fire in which she said").
_RELATIVE_WORD = re.compile(r"\b(?:who|whom|whose|which|where|that)\b", re.IGNORECASE)
#: A relative clause whose own subject is right at the cue (``a statement in which she
#: said``, ``the letter that the mayor wrote``): the cue is that subject's, not the
#: main clause's (``The paper said X released a statement in which she said "``).
_RELATIVE_SUBJECT = re.compile(
    r"\b(?:which|whom|where|that)\s++(?P<spk>[^\s,;:]++(?:\s++[^\s,;:]++){0,4}?)\s*+$",
    re.IGNORECASE,
)
#: A quote closed on its own punctuation (``No,"``, ``done."``): a statement of its own.
_CLOSED_QUOTE = re.compile(r"[,.!?][\"”]")
#: The subject of a cue inverted inside commas ('The trouble, says Dana Wirt, a
#: historian, is that "..."'): a name or a described phrase, then its comma; no
#: "that" in it ('X, said Tuesday that Y, the mayor, was "..."': a clause, X's).
_INVERTED_ASIDE = re.compile(
    r"[ \t]*+(?P<spk>(?:[A-Z]|(?:the|a|an)[ \t])(?:(?!\bthat\b)[^,\"“”\n]){0,79}+),"
)


class BeforeReader(AfterReader):
    """The attribution before a quote, and whether a cue introduces it (the base of
    ``Attributor``)."""

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
        lead = head.rstrip()
        # (one comma only, the aside's: 'X, the group's strategist, said the group ...'
        # and 'The Academy, which ..., said Jackman ...' are the usual order)
        aside = _INVERTED_ASIDE.match(tail) if lead.find(",") == len(lead) - 1 else None
        if (
            aside
            and cue not in _NOT_INVERTED
            and cue != "according to"  # its own reading below: a source, then a clause
            and not PARTICIPLE.match(cm.group("cue"))
        ):
            # a cue inverted inside commas ('The paradox, says X, is that "..."'): the
            # name after it speaks, not the phrase before (the subject of "is")
            a0 = start + cm.end() + aside.start("spk")
            att = self._speaker_of_chunk(a0, a0 + len(aside["spk"]), cue)
            if att is not None and att.speaker is not None:
                return att
        new = NEW_CLAUSE_AFTER.match(tail) if cue == "according to" else None
        if new is not None:
            # "X fell, according to the poll, and Y blamed "...": Y's clause
            at = cm.end() + new.end()
            return self._verb_subject(start + at, window[at:], None)
        if cue == "according to" or (
            # "told" takes its hearer after it: ', told reporters, "' has no subject here
            cue not in _NOT_INVERTED and not LEAD_JUNK.sub("", head.strip(" ,—–-\n")).strip(" ,")
        ):
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
        clause_start = last_clause_start(head)
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
        rel = _RELATIVE_SUBJECT.search(head, clause_start)
        if (
            rel is not None
            and SUBJECT_NP.match(rel.group("spk"))
            # a lowercase verb ("that the United States" is a name), whose clause runs
            # on to the quote ("which some have argued was ..., was an "insult"" closes)
            and cm.group("cue")[:1].islower()
            and "," not in tail.rstrip(" ,:")
        ):
            # "in which she said": the relative clause's own subject
            clause_start = rel.start("spk")
        if (
            clause_start
            and AUX_ONLY.fullmatch(LEAD_JUNK.sub("", head[clause_start:].strip(" ,")).strip())
        ) or AND_BEFORE_CUE.search(head):
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
        joint = (
            coordination_across(self, start, start + cm.start(), start + clause_start, cue)
            if clause_start and head[:clause_start].rstrip().endswith(("and", "&"))
            else None
        )
        if joint is not None:
            return joint  # "Lisa Grant, 52, and her neighbor Tom Reed, 60, said"
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
            # from a word start: a cut word is no cue ("retold" read as "told"); the
            # word ends at any separator (a tab, a line break, a dash), not only a space
            cut = _CUT_WORD.match(self.text, start, q.open_mark)
            start = cut.end() if cut else start
        window = mask_abbrev(self.text[start : q.open_mark])
        cues = [c for c in find_cues(window) if not self._inside_quote(start + c.start())]
        if (
            not cues
            or PARTICIPLE.match(cues[-1].group("cue"))  # "Recalling "...," the statement"
            or not _INTRODUCING_TAIL.fullmatch(window, cues[-1].end())
            or REPORTED_CLAUSE.match(window, cues[-1].end())  # "said it would fail, ""
            # an indirect question: 'Asked what she told the court, "Only the facts,"
            # Lund answered' (the answer is the main clause's)
            or _WH_BEFORE_CUE.search(window, 0, cues[-1].start())
        ):
            return False
        set_off = (
            window.rstrip().endswith((",", ":"))
            and q.text[:1].isupper()
            # 'When Lund testified, "...," Okafor said': the comma ends the clause
            and not _SUBORDINATE_CUE.search(window, 0, cues[-1].start())
        )
        s1 = self.seg.sentence_end(q.close_mark)
        rest = mask_abbrev(self.text[q.close_mark + 1 : min(s1, q.close_mark + 1 + MAX_LOOK)])
        if not set_off and spk_cue_closing(rest) is not None:
            # 'Nothing he said "will help," the senator said.': the closer's. A statement
            # the cue sets off by a comma or a colon stays the cue's: 'Lund said, "We
            # will rebuild," Okafor recalled' is Okafor recalling what Lund said
            return False
        prev = self._done.get(k - 1) if k else None
        # (the previous quote's speaker counts only inside this quote's own sentence or
        # clause: '"...," said Kim. Ruiz said, "...," Becker recalled' is Becker's)
        return not (
            prev is not None
            and prev.start is not None
            and max(floor, self.spans[k - 1].close_mark) < prev.start < q.open_mark
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
            s0 = last_clause_start(before)
            att = self._speaker_of_chunk(start + s0, start + len(before), cue)
            if att is None or att.speaker is None:
                # "Alongside X, even a top strategist said": the last comma piece
                pieces = [m.end() for m in PIECE_BREAK.finditer(before.rstrip(" ,"))]
                if pieces:
                    att = self._speaker_of_chunk(start + pieces[-1], start + len(before), cue)
            return with_speaker(att)
        last = LAST_SEGMENT.search(before)
        s0 = last_clause_start(before) if last is None else last.start(1)
        return self._speaker_of_chunk(start + s0, start + len(before), cue)
