"""Who said it: attribution of each quotation, pronoun resolution, descriptions.

Everything here is a bounded look around each quote (a few hundred characters) plus
``bisect`` over the story's entity mentions, so the cost per quote is constant and a
story with 10,000 quote marks stays linear.

Order of attempts for one quote (the first that yields a speaker wins):

1. the text right after the closing mark: ``,” Attorney General Pam Bondi stated.``,
   ``," said Rubio``, ``,” she said``, ``— that was the message from X``;
2. the text right before the opening mark, in the same sentence:
   ``Anna Kelly, a White House spokesperson, said in an email that “``,
   ``Marco Rubio ... underscored the strategic shift: “``, ``with one asking “``
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
from collections import Counter

from schemas import Quote
from stream.core.extract.canonical import fold_accents, strip_titles
from stream.core.extract.entities import EntityIndex
from stream.core.extract.mention import Mention
from stream.core.extract.quotes import QuoteSpan, quote_view
from stream.core.extract.segment import Segments
from stream.core.extract.speaker_continuation import inherit
from stream.core.extract.speaker_lexicon import (
    AMONG,
    APPOSITIVE_NAME,
    BARE_GROUP,
    CAP_STOP,
    CLAUSE_PRONOUN,
    DEFINITE,
    DESCRIPTION_SUBJECT,
    DETERMINER,
    LAST_SEGMENT,
    LEAD_ADVERBIAL,
    LEAD_JUNK,
    MAX_LOOK,
    MODIFIED_NOUN,
    NAME_SUBJECT,
    NOT_A_SPEAKER,
    OWNER_BEFORE_NAME,
    OWNER_DESCRIPTION,
    PLURAL_ROLE,
    PREP_BEFORE,
    RELATIVE_CLAUSE,
    REPORTED_CLAUSE,
    SPLIT_TAIL_END,
    SUBJECT_PHRASE,
    TRAILING_ADVERB,
    TRAILING_ADVERB_LC,
)
from stream.core.extract.speaker_patterns import (
    AFTER_CUE_SPK,
    AFTER_MESSAGE,
    AFTER_SPK_CUE,
    CLAUSE_BREAK,
    PARTICIPLE,
    find_cues,
    mask_abbrev,
    norm_cue,
)
from stream.core.extract.speaker_resolve import (
    Attribution,
    Resolver,
    _Cand,
)

_LEAD_PRONOUN = re.compile(r"\s*(he|she)\b", re.IGNORECASE)
_PRONOUN = re.compile(r"\b(?:he|she)\b", re.IGNORECASE)
#: Two or three capitalized words (a first name and a surname) ending a chunk.
_TRAILING_NAME = re.compile(r"(?<![\w.’'-])[A-Z][a-z][\w’'-]*(?:\s+[A-Z][a-z][\w’'-]*){1,2}")
_FIRST_NAME_BEFORE = re.compile(r"(?<![\w.’'-])([A-Z][a-z][\w’'-]*) $")
#: "... and" right before a cue: the cue is a second verb of the sentence's subject.
_AND_BEFORE_CUE = re.compile(r"\w\s+and\s+(?:then\s+|also\s+|later\s+)?$")
_IT = re.compile(r"\bit\b", re.IGNORECASE)


class Attributor(Resolver):
    """Attribution for all quotes of one story."""

    def _speaker_of_chunk(self, start: int, end: int, cue: str | None) -> Attribution | None:
        text = self.text
        raw = text[start:end]
        lead = LEAD_JUNK.match(raw.strip(" ,—–-"))
        chunk = raw.strip(" ,—–-\n")
        if lead:
            chunk = chunk[lead.end() :].strip(" ,")
        # "A senior official, who asked not to be named," -> "A senior official"
        chunk = TRAILING_ADVERB_LC.sub("", RELATIVE_CLAUSE.sub("", chunk).strip(" ,"))
        if not chunk:
            return None
        # where the chunk starts once a leading "As"/"But" is cut: that word is no
        # preposition governing the name ("As Michael Dell said")
        at = raw.find(chunk)
        c_start = start + at if at >= 0 else start
        # the words as written: the chunk, or (relative clause cut from its middle) the
        # stripped raw text
        c_end = c_start + len(chunk) if at >= 0 else start + len(raw.rstrip(" ,—–-\n"))
        adv = LEAD_ADVERBIAL.match(chunk)
        if adv and at >= 0 and "," in adv.group(0) and adv.end() < len(chunk):
            # "After Glenn Beck asked him who would win, D'Souza replied": the names of
            # a leading adverbial clause are not its subject
            att = self._speaker_of_chunk(c_start + adv.end(), end, cue)
            if att is not None and att.speaker is not None:
                return att
        low = TRAILING_ADVERB.sub("", chunk).lower()
        tail_pron = CLAUSE_PRONOUN.search(low)
        if tail_pron:
            # "Asked what he believed, he said", "although he thanked X, he said"
            low = tail_pron.group(1)
        if low in {"he", "she"}:
            c = self.resolve_pronoun(low, start)
            recent = self._recent_speaker(low, start) if c is None else None
            if c is None and recent is None:
                c = self._salient_person(low, start)
            # the last he/she of the chunk is the one that speaks
            found = [pm.span() for pm in _PRONOUN.finditer(text, start, end)]
            p0, p1 = found[-1] if found else (c_start, c_end)
            if recent is not None:
                return Attribution(recent.speaker, recent.canonical, cue, True, p0, p1)
            if c is None:
                return Attribution(None, None, cue, pronoun=True)
            if c.mention is not None and c.mention.label != "PERSON":
                self.promoted.add(c.canonical)
            return Attribution(c.display, c.canonical or None, cue, True, p0, p1)
        if low == "it":
            # "it said", "it added": the organisation or document quoted just before
            found = [pm.span() for pm in _IT.finditer(text, start, end)]
            recent = self._recent_source(start)
            if recent is not None and found:
                p0, p1 = found[-1]
                return Attribution(recent.speaker, recent.canonical, cue, True, p0, p1)
            return None
        if low in {"they", "we", "i", "you"}:
            return None
        ms = self._mentions_in(start, end)
        persons = [
            m
            for m in ms
            if m.label == "PERSON"
            and not m.possessive
            and not PREP_BEFORE.search(text[max(c_start, m.start - 25) : m.start])
            and not (DETERMINER.match(chunk) and MODIFIED_NOUN.match(text, m.end, end))
        ]
        persons = self.head_persons(persons, end)
        if persons:
            m = persons[0]
            return self._named(m, cue)
        owner = OWNER_BEFORE_NAME.match(chunk)
        if owner and at >= 0:
            # "Florida's Rick Wilson", "Twitter's Adam Sharp": the owner only qualifies
            # the name that follows, which is the speaker
            return self._speaker_of_chunk(c_start + owner.end(), end, cue)
        appos = APPOSITIVE_NAME.match(chunk)
        n_end = c_start + (appos.end("name") if appos else 0)
        if appos and not any(m.label in {"PERSON", "ORG"} and m.start < n_end for m in ms):
            # "Rosette Pambakian, a Tinder spokeswoman,": a name NER missed (or tagged
            # as a nationality), then its appositive; the name speaks
            c = self._untagged_name(appos.group("name"))
            return Attribution(c.display, c.canonical or None, cue, False, c_start, n_end)
        words = chunk.split()
        if NOT_A_SPEAKER.search(chunk):
            return None  # a clause ("Why not just", "In a statement"), not a noun phrase
        definite = DEFINITE.fullmatch(chunk)
        if definite:
            # The description stays the speaker as written; the name it points at (an
            # appositive earlier in the story) becomes the canonical.
            att = self._resolve_definite(definite.group("noun"), start)
            return Attribution(chunk, att.canonical if att else None, cue, False, c_start, c_end)
        orgs = [m for m in ms if m.label in {"ORG", "GPE", "NORP"} and not m.possessive]
        stripped = re.sub(r"^(?:the|a|an)\s+", "", chunk, flags=re.I)
        for m in orgs:
            name = text[m.start : m.end]
            # the whole chunk, or the chunk's head before an appositive ("Xinhua, the
            # official Chinese news agency,")
            if name in (stripped, chunk) or (
                stripped.startswith(name) and stripped[len(name) :].lstrip()[:1] == ","
            ):
                return self._named(m, cue)
        if len(words) > 9 or not words:
            return None
        bare = BARE_GROUP.match(chunk)
        if bare and not re.search(r"\b(?:individual|person|user|people)$", chunk, re.I):
            group = None
            for gm in AMONG.finditer(text, max(0, start - 900), start):
                group = gm.group("noun")
            if group:
                return Attribution(
                    f"{bare.group('det').lower()} {group}", None, cue, False, c_start, c_end
                )
        if DETERMINER.match(chunk) or chunk[:1].islower() or OWNER_DESCRIPTION.fullmatch(chunk):
            # "a campaign spokesman"; "Ryan's office", "Clinton's right-hand woman"
            return Attribution(chunk, None, cue, False, c_start, c_end)
        if len(words) <= 4 and chunk[:1].isupper() and not ms:
            # a name NER missed: a surname of a person named in full earlier, else as is
            last = fold_accents(words[-1]).casefold()
            for canon, display in self.index.display.items():
                if (
                    self.index.label.get(canon) == "PERSON"
                    and len(canon.split()) >= len(words)
                    and canon.split()[-1].casefold() == last
                ):
                    return Attribution(display, canon, cue, False, c_start, c_end)
            return Attribution(chunk, None, cue, False, c_start, c_end)
        tail = _TRAILING_NAME.search(text, ms[-1].end if ms else c_start, c_end)
        if tail and not any(m.label == "PERSON" for m in ms) and tail.end() == c_end:
            # "said Oversight ranking Democrat Elijah Cummings": the capitalized words
            # that end the chunk after its last tagged mention are the name NER missed
            c = self._untagged_name(tail.group(0))
            return Attribution(c.display, c.canonical or None, cue, False, tail.start(), c_end)
        return None

    def _named(self, m: Mention, cue: str | None) -> Attribution:
        """The speaker named by mention ``m``: its fullest name, its canonical, its place."""
        display = self.index.display.get(m.canonical, m.text)
        first = _FIRST_NAME_BEFORE.search(self.text, max(0, m.start - 30), m.start)
        if (
            first
            and m.label == "PERSON"
            and " " not in display
            and first.group(1) not in CAP_STOP
            and strip_titles(f"{first.group(1)} {display}") != display
        ):
            # "said Paloma Wu" with only "Wu" tagged: the capitalized word right before
            # a one-word name is its first name (not a title, not a clause opener)
            return Attribution(
                f"{first.group(1)} {display}", m.canonical, cue, False, first.start(1), m.end
            )
        return Attribution(display, m.canonical, cue, False, m.start, m.end)

    # --- the four attempts ----------------------------------------------------------

    def _after(self, q: QuoteSpan, limit: int, closed: bool = False) -> Attribution | None:
        """The attribution after the closing mark. ``closed``: the quote ended its own
        sentence, so ``X said`` after it attributes it unless a reported clause follows
        the verb (``Reid said.``, ``Todd asked the mogul.`` do; ``Reid said both men
        are ...`` is a new sentence with its own reported speech)."""
        end = min(limit, q.close_mark + 1 + MAX_LOOK)
        window = mask_abbrev(self.text[q.close_mark + 1 : end])
        base = q.close_mark + 1
        m = AFTER_MESSAGE.match(window)
        if m:
            att = self._speaker_of_chunk(
                base + m.start("spk"), base + m.end("spk"), norm_cue(m.group("cue"))
            )
            if att:
                return att
        m = AFTER_CUE_SPK.match(window)
        if m:
            att = self._speaker_of_chunk(
                base + m.start("spk"), base + m.end("spk"), norm_cue(m.group("cue"))
            )
            if att:
                return att
        m = AFTER_SPK_CUE.match(window)
        if m and not (closed and REPORTED_CLAUSE.match(window, m.end())):
            return self._speaker_of_chunk(
                base + m.start("spk"), base + m.end("spk"), norm_cue(m.group("cue"))
            )
        return None

    def _before(self, q: QuoteSpan, floor: int, max_tail: int = 70) -> Attribution | None:
        start = max(floor, q.open_mark - MAX_LOOK)
        window = mask_abbrev(self.text[start : q.open_mark])
        cues = [c for c in find_cues(window) if not self._inside_quote(start + c.start())]
        if not cues:
            if window.rstrip().endswith(":"):
                # "She then addressed the supporters again:" -> its subject
                return self._speaker_of_chunk(start, q.open_mark, None) or self._clause_subject(
                    start, q.open_mark, None
                )
            return None
        cm = cues[-1]
        tail = window[cm.end() :]
        if len(tail) > max_tail or re.search(r"[.!?]\s", tail):
            return None
        cue = norm_cue(cm.group("cue"))
        head = window[: cm.start()]
        if not LEAD_JUNK.sub("", head.strip(" ,—–-\n")).strip(" ,"):
            # inverted: 'Said Dorothy Poynter, who grew up with him, "..."'
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
            # the subject of the main clause: the start of the sentence
            return self._subject_phrase(start, head, cue)
        breaks = list(CLAUSE_BREAK.finditer(head))
        clause_start = breaks[-1].end() if breaks else 0
        if (
            clause_start and not LEAD_JUNK.sub("", head[clause_start:].strip(" ,")).strip()
        ) or _AND_BEFORE_CUE.search(head):
            # a second verb of the same subject: "The president noted X, and added: ";
            # "A spokesman for X declined to comment but said that "; "De Blasio said the
            # move was made by Y and said, ""
            return self._clause_subject(start, start + cm.start(), cue) or self._subject_phrase(
                start, head, cue
            )
        att = self._speaker_of_chunk(start + clause_start, start + cm.start(), cue)
        if att is None and clause_start:
            att = self._speaker_of_chunk(start, start + cm.start(), cue)
        if att is None:
            # a long sentence whose last comma-separated piece names the speaker
            # ("... sites and costs, Earnest responded, "...")
            last = LAST_SEGMENT.search(head)
            if last:
                att = self._speaker_of_chunk(start + last.start(1), start + cm.start(), cue)
        return att

    def _cue_before_participle(self, start: int, head: str, cue: str | None) -> Attribution | None:
        """``..., Nefzi said, adding "``: a participle right after another reporting verb
        continues that verb's speaker (the last comma piece before it), not the subject
        of the sentence it closes."""
        prior = [c for c in find_cues(head) if not PARTICIPLE.match(c.group("cue"))]
        if not prior or head[prior[-1].end() :].strip(" ,"):
            return None
        before = head[: prior[-1].start()]
        last = LAST_SEGMENT.search(before)
        if last is None:
            breaks = list(CLAUSE_BREAK.finditer(before))
            s0 = breaks[-1].end() if breaks else 0
        else:
            s0 = last.start(1)
        return self._speaker_of_chunk(start + s0, start + len(before), cue)

    def _subject_phrase(self, start: int, head: str, cue: str | None) -> Attribution | None:
        """The noun phrase opening ``head`` (text from ``start``) before its first
        past-tense verb or auxiliary, as a speaker chunk."""
        subj = SUBJECT_PHRASE.match(head)
        if subj is None:
            return None
        return self._speaker_of_chunk(start + subj.start("spk"), start + subj.end("spk"), cue)

    def _salient_person(self, pronoun: str, pos: int) -> _Cand | None:
        """When the walk back and the recent speakers give nobody: the person the story
        has named most often so far (at least twice) among those known to be of the
        pronoun's gender: the story's topic, whom an unanchored he/she most often means."""
        want = "f" if pronoun == "she" else "m"
        counts: Counter[str] = Counter(m.canonical for m in self.persons if m.start < pos)
        for canon, n in counts.most_common():
            if n < 2:
                return None
            if self.gender.get(canon) == want:
                return _Cand(canon, self.index.display.get(canon, canon), None)
        return None

    def _recent_source(self, pos: int) -> Attribution | None:
        """The speaker of the latest attributed full quote before ``pos``, in this
        paragraph or the one before, when it is no person: an organisation or a
        description ("the newspaper", "The Post", "the letter"), what "it" can be."""
        para = self.seg.paragraph_of(pos)
        for k in range(len(self._done) - 1, -1, -1):
            att = self._done.get(k)
            q = self.spans[k]
            if q.close_mark >= pos or q.kind != "full":
                continue
            if para - self.seg.paragraph_of(q.close_mark) > 1 or att is None:
                return None
            if att.speaker is None or att.pronoun:
                continue
            if att.canonical and self.index.label.get(att.canonical, "PERSON") == "PERSON":
                return None
            if (
                not att.canonical
                and att.speaker[:1].isupper()
                and not DETERMINER.match(att.speaker)
            ):
                return None  # a capitalized name NER missed: likelier a person than a document
            return att
        return None

    def _recent_speaker(self, pronoun: str, pos: int) -> Attribution | None:
        """The speaker of the latest attributed quote, when it is a named person of the
        pronoun's gender (or of unknown gender) quoted in this paragraph or the two
        before: in news copy a "he said" right after quotes continues that voice."""
        want = "f" if pronoun == "she" else "m"
        para = self.seg.paragraph_of(pos)
        for k in range(len(self._done) - 1, -1, -1):
            att = self._done.get(k)
            q = self.spans[k]
            if q.close_mark >= pos:
                continue
            if para - self.seg.paragraph_of(q.close_mark) > 2:
                return None
            if att is None or not att.canonical or q.kind != "full":
                continue
            if self.index.label.get(att.canonical, "PERSON") != "PERSON":
                return None
            if self.gender.get(att.canonical, want) != want:
                continue
            return att
        return None

    def _clause_subject(self, start: int, end: int, cue: str | None) -> Attribution | None:
        """The named subject of the clause ``[start, end)``: its first person or
        organization near the clause start, not after a preposition, not possessive;
        or a he/she opening it ("Trump went after Bush, saying"; "She left, adding")."""
        region = mask_abbrev(self.text[start : min(end, start + 2 * MAX_LOOK)])
        lead = LEAD_ADVERBIAL.match(region)
        main = start + (lead.end() if lead else 0)
        pron = _LEAD_PRONOUN.match(self.text, main, end)
        if pron:
            return self._speaker_of_chunk(main, pron.end(), cue)
        if DETERMINER.match(region, main - start):
            # a description opens the clause ("The spokesman refused to say who Cameron
            # backed but said ..., adding"): its noun phrase up to the first verb is the
            # subject, not a name further on
            sp = DESCRIPTION_SUBJECT.match(region, main - start)
            att = sp and self._speaker_of_chunk(start + sp.start("spk"), start + sp.end("spk"), cue)
            if att and att.speaker is not None:
                return att
        for m in self._mentions_in(main, end):
            if m.start - main > 80:
                break
            if m.possessive or PREP_BEFORE.search(self.text[max(0, m.start - 25) : m.start]):
                continue
            if m.label in {"PERSON", "ORG"}:
                return self._named(m, cue)
        sm = NAME_SUBJECT.match(region, main - start)
        if (
            sm
            and sm.group("name").split()[0] not in CAP_STOP
            and not PLURAL_ROLE.fullmatch(sm.group("name"))
        ):
            # a name NER missed opening the clause ("Moore thanked him for ...")
            c = self._untagged_name(sm.group("name"))
            n0 = start + sm.start("name")
            return Attribution(c.display, c.canonical or None, cue, False, n0, n0 + len(sm["name"]))
        return None

    def _partial(self, q: QuoteSpan) -> Attribution | None:
        """A quoted fragment takes the speaker of its own sentence, if it names one:
        a cue before it in the sentence (``Morris says the candidate has "..."``), or
        right after it (``"rigged," Trump said``)."""
        s0 = self.seg.sentence_start(q.open_mark)
        s1 = self.seg.sentence_end(q.close_mark)
        if q.text.rstrip()[-1:] in ",?!":
            # '... — "why wouldn't you want to?" asked Dunn': punctuation inside the
            # closing mark hands over to the attribution right after it
            paras = self.seg.paragraphs or [(0, len(self.text))]
            att = self._after(q, paras[self.seg.paragraph_of(q.close_mark)][1])
            if att is not None and att.speaker is not None:
                return att
        att = self._before(q, s0, max_tail=MAX_LOOK)
        if att is None or att.speaker is None:
            att = self._after(q, s1) or att
        if att is None or att.speaker is None:
            # no speech cue: the sentence's own subject ("She called it "a crucial
            # step"", "Moore thanked him for "stepping up"")
            att = self._clause_subject(s0, q.open_mark, None) or att
        return att

    def _split_tail(self, k: int) -> Attribution | None:
        """The second half of a split sentence (``"The way I see it," she said, "no one
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
        return prev

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
            return None
        head = sentence[: cm.start()]
        breaks = list(CLAUSE_BREAK.finditer(head))
        cs = breaks[-1].end() if breaks else 0
        return self._speaker_of_chunk(p0 + cs, p0 + cm.start(), norm_cue(cm.group("cue")))

    def attribute(self) -> list[Attribution | None]:
        """One attribution (or None) per quote span, in order."""
        out: list[Attribution | None] = []
        n = len(self.spans)
        paras = self.seg.paragraphs or [(0, len(self.text))]
        for k, q in enumerate(self.spans):
            if q.kind != "full":
                # a fragment's sentence is weaker evidence: it never relabels an entity
                promoted = set(self.promoted)
                self._done[k] = att = self._split_tail(k) or self._partial(q)
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
            # A quote that ends its sentence ("... done.") is introduced before it more
            # often than attributed after it; one that ends with a comma is the reverse.
            before_first = q.text.rstrip()[-1:] in ".!?…"
            att = None
            for step in ("before", "after") if before_first else ("after", "before"):
                if step == "after":
                    att = self._after(q, min(nxt, p_end), before_first) or att
                else:
                    att = self._before(q, max(prv, p_start, sent_start)) or att
                if att is not None and att.speaker is not None:
                    break
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
