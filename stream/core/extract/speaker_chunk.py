"""Reading a speaker out of a stretch of text (the words around a cue).

``ChunkReader._speaker_of_chunk`` turns the words next to a cue into an attribution:
a he/she resolved to its antecedent, a name, an organisation, a description as written,
or a name NER missed; every attribution carries where its words are in the text
(``Attribution.start``/``end``, the ``speaker_start``/``speaker_end`` of the quote).
``_verb_subject`` reads the noun phrase before a clause's verb (the subjects of whole
clauses are in ``speaker_subject``). The fallbacks of an unresolved pronoun (recent
voices, the story's salient person) are in ``speaker_recent``.
"""

from __future__ import annotations

import bisect
import re

from stream.core.extract.canonical import fold_accents, strip_titles
from stream.core.extract.mention import Mention
from stream.core.extract.speaker_coordination import (
    OWNED_TAIL,
    SPEAKING_LABELS,
    coordinated,
    described_list_names,
    joined,
    owners,
    parenthetical_cue,
    prepositional_objects,
    untagged_names,
    with_partner,
)
from stream.core.extract.speaker_lexicon import (
    AMONG,
    APPOSITIVE_NAME,
    BARE_GROUP,
    CAP_STOP,
    CLAUSE_PRONOUN,
    DANGLING_END,
    DEFINITE,
    DETERMINER,
    INFINITIVE_TAIL,
    LEAD_ADVERBIAL,
    LEAD_JUNK,
    LEAD_PREPOSITION,
    MODIFIED_NOUN,
    NAME_NOT_HEAD,
    NAMED_GROUP,
    NOT_A_SPEAKER,
    OWNER_BEFORE_NAME,
    OWNER_DESCRIPTION,
    PIECE_BREAK,
    PREP_BEFORE,
    PREPOSITION,
    RELATIVE_CLAUSE,
    SUBJECT_NP,
    TRAILING_ADVERB,
    TRAILING_ADVERB_LC,
    TRAILING_AUX,
    VERB_SUBJECT,
    VERB_SUBJECT_PRESENT,
    title_case_name,
)
from stream.core.extract.speaker_patterns import last_clause_start
from stream.core.extract.speaker_recent import RecentVoices
from stream.core.extract.speaker_resolve import Attribution
from stream.core.extract.speaker_story import looks_like_personal_name, with_speaker
from stream.core.extract.speaker_which import WHICH_END, issued_by_subject, which_name, which_phrase

LEAD_PRONOUN = re.compile(r"\s*(he|she)\b", re.IGNORECASE)
_PRONOUN = re.compile(r"\b(?:he|she)\b", re.IGNORECASE)
#: Two or three capitalized words (a first name and a surname) ending a chunk.
_TRAILING_NAME = re.compile(r"(?<![\w.’'-])[A-Z][a-z][\w’'-]*(?:\s+[A-Z][a-z][\w’'-]*){1,2}$")
_FIRST_NAME_BEFORE = re.compile(r"(?<![\w.’'-])([A-Z][a-z][\w’'-]*) $")
_IT = re.compile(r"\bit\b", re.IGNORECASE)
#: Every word capitalized (or a name particle): the shape of a name, a title before it.
_NAME_SHAPE = re.compile(
    r"[A-Z][\w.’'-]*(?:\s+(?:[A-Z][\w.’'-]*|de|da|del|van|von|der|le|la|bin|al))*"
)
#: Labels NER gives to names that cannot speak as such (a title, a product, a
#: building, an event, a law): on a capitalized name at a cue, the label is the error.
_MUTE_LABELS = frozenset({"WORK_OF_ART", "PRODUCT", "FAC", "EVENT", "LAW", "LANGUAGE"})


def _misread_name(chunk: str, ms: list[Mention]) -> bool:
    """``chunk`` is a name whose only tags are labels that never speak ("Councillor Ivo
    Marek" tagged WORK_OF_ART before "told"): the position at the cue decides, not the
    label. Persons, organisations and places are read by the branches before."""
    return bool(_NAME_SHAPE.fullmatch(chunk)) and all(m.label in _MUTE_LABELS for m in ms)


#: "the" opening a chunk or a mention.
_THE = re.compile(r"^the\s+", re.IGNORECASE)
#: A noun of a person (``Dutchman``, ``Congresswoman``, ``Chairperson``).
_PERSON_NOUN = re.compile(r"(?:m[ae]n|person)$")


def _tagged_name(text: str, described: str, ms: list[Mention]) -> bool:
    """``the Times``, ``the Pentagon``: all of a chunk's words after "the"
    (``described``) are one capitalized organization or place tagged by NER: a name,
    not a description to resolve like ``the Italian`` (a nationality) or ``the Governor``
    (untagged: a role). A noun of a person is a person however NER tags it (``the
    Dutchman``, ``the Congresswoman``)."""
    return (
        described[:1].isupper()
        and not _PERSON_NOUN.search(described)
        and any(
            m.label in {"ORG", "GPE"} and _THE.sub("", text[m.start : m.end]) == described
            for m in ms
        )
    )


#: One to three lowercase words ending a chunk: a noun its names modify.
_NOUN_TAIL = re.compile(r"(?:[ \t]++[a-z][a-z-]*+){1,3}+")
#: "and" (or "&") in a chunk: its names may be coordinated (``speaker_coordination.py``).
_AND = re.compile(r"\band\b|&")
#: A leading clause with a lowercase word (its verb) before its comma.
_CLAUSE_BEFORE_COMMA = re.compile(r"\s*\w+\s+[^,]*?\b[a-z][^,]*,")


class ChunkReader(RecentVoices):
    """Speakers of text chunks, clause subjects and the pronoun fallbacks of one story."""

    def _speaker_of_chunk(self, start: int, end: int, cue: str | None) -> Attribution | None:
        text = self.text
        raw = text[start:end]
        if which := WHICH_END.search(raw):
            # "which" is no person: the organization or the document's name or issuer
            # (``speaker_which``); the clause as written is never the speaker
            w0 = start + which.start()
            if (named := which_name(text, self._mentions_in(start, w0), w0)) is not None:
                return self._named(named, cue)
            clause = raw[: which.start()]
            if issued_by_subject(clause):
                return self._verb_subject(start, clause, cue)
            # no name there: a group's phrase or a name NER missed ("the union, which")
            cs = start + last_clause_start(clause)
            span = which_phrase(text, self._mentions_in(start, w0), cs, w0)
            return None if span is None else self._speaker_of_chunk(*span, cue)
        whole = raw.strip(" ,—–-\n")
        lead = LEAD_JUNK.match(whole)
        adv = LEAD_ADVERBIAL.match(whole) if lead else None
        if (
            adv
            and _CLAUSE_BEFORE_COMMA.match(adv.group(0))
            and SUBJECT_NP.match(whole[adv.end() :].strip(" ,"))
        ):
            # "As X attacked Y, the protesters chanted": a leading clause (a verb in it,
            # not "As X, an aide, put it") whose subordinator LEAD_JUNK would cut ("As",
            # "When", "While"), read before it is cut; its names are not the subject.
            # What follows must open a subject: 'While the owner, pressed by
            # reporters, defended' has an aside there, not a new subject
            att = self._speaker_of_chunk(start + raw.find(whole) + adv.end(), end, cue)
            if att is not None and att.speaker is not None and "," not in att.speaker:
                return att
        lead = LEAD_JUNK.match(raw.strip(" ,—–-"))
        chunk = raw.strip(" ,—–-\n")
        if lead:
            chunk = chunk[lead.end() :].strip(" ,")
        # "A senior official, who asked not to be named," -> "A senior official"
        # ("Grant, 52, and Reed, 60, jointly": the tag's comma goes with the adverb)
        chunk = TRAILING_ADVERB_LC.sub("", RELATIVE_CLAUSE.sub("", chunk).strip(" ,")).rstrip(" ,")
        # "The union leaders have long said": the auxiliary belongs to the verb
        chunk = TRAILING_AUX.sub("", chunk)
        # "The memo goes on to [say]": the subject of the verb governing the infinitive
        chunk = INFINITIVE_TAIL.sub("", chunk)
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
            # "After Tom Lund asked him who would win, Okafor replied": the names of
            # a leading adverbial clause are not its subject
            att = self._speaker_of_chunk(c_start + adv.end(), end, cue)
            if att is not None and att.speaker is not None:
                return att
        low = TRAILING_ADVERB.sub("", chunk).lower()
        tail_pron = CLAUSE_PRONOUN.search(low)
        if tail_pron:
            # "Asked what he believed, he said", "although he thanked X, he said"
            low = tail_pron.group(1) or tail_pron.group(2)
        if low in {"he", "she"}:
            # the last he/she of the chunk is the one that speaks, resolved from its
            # own place ("Although X ..., he said": the leading clause counts)
            found = [pm.span() for pm in _PRONOUN.finditer(text, start, end)]
            p0, p1 = found[-1] if found else (c_start, c_end)
            c = self.resolve_pronoun(low, p0 if found else start)
            recent = self._recent_speaker(low, start) if c is None else None
            if c is None and recent is None:
                c = self._salient_person(low, start)
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
            recent = self._recent_source(start) or self.resolve_it(start)
            if recent is not None and found:
                p0, p1 = found[-1]
                return Attribution(recent.speaker, recent.canonical, cue, True, p0, p1)
            return None
        if low in {"they", "we", "i", "you"}:
            return None
        if NAMED_GROUP.fullmatch(chunk):
            # "Okafor supporters chanted": the group named after a person, as written
            return Attribution(chunk, None, cue, False, c_start, c_end)
        ms = self._mentions_in(start, end)
        cut = self._straddling(c_start)
        if (
            cut is not None
            and cut.end <= end
            and cut.label == "PERSON"
            and text[cut.start : c_start].rstrip().endswith(".")
        ):
            # the chunk starts inside a name ("J.K. | Morrow, editor of X, wrote": the
            # sentence splitter cut after the initials): the whole name is the mention
            ms = [cut, *ms]
        persons = [
            m
            for m in ms
            if m.label == "PERSON"
            and not m.possessive
            and not PREP_BEFORE.search(text[max(c_start, m.start - 25) : m.start])
            and not (DETERMINER.match(chunk) and NAME_NOT_HEAD.match(text, m.end, end))
        ]
        if ms and _AND.search(chunk):
            # names joined by "and": a coordinated subject, objects, owners
            persons, joint = self._joint(ms, persons, chunk, c_start, c_end, cue)
            if joint is not None:
                return joint
        persons = self.head_persons(persons, end)
        if persons:
            m = persons[0]
            return self._named(m, cue)
        owner = OWNER_BEFORE_NAME.match(chunk)
        if owner and at >= 0:
            # "Oregon's Dana Wirt", "Acme's Tom Okafor": the owner only qualifies
            # the name that follows, which is the speaker
            return self._speaker_of_chunk(c_start + owner.end(), end, cue)
        appos = APPOSITIVE_NAME.match(chunk)
        n_end = c_start + (appos.end("name") if appos else 0)
        if appos and not any(m.label in {"PERSON", "ORG"} and m.start < n_end for m in ms):
            # "Anahit Vardanyan, a Flickbox spokeswoman,": a name NER missed (or tagged
            # as a nationality), then its appositive; the name speaks
            c = self._untagged_name(appos.group("name"))
            return Attribution(c.display, c.canonical or None, cue, False, c_start, n_end)
        words = chunk.split()
        head, comma, _ = chunk.partition(",")
        set_off = TRAILING_ADVERB_LC.sub("", raw.rstrip()).endswith(",")
        if comma and set_off and at >= 0 and len(head.split()) <= 6:
            # "Others, angered by the long delay, shouted": a phrase set off by
            # commas qualifies the noun phrase before it, which is the speaker (also
            # with an adverb after it: "The mayor, 61, reportedly called")
            att = self._speaker_of_chunk(c_start, c_start + len(head), cue)
            if att is not None and att.speaker is not None:
                return att
        if NOT_A_SPEAKER.search(chunk) or DANGLING_END.search(chunk):
            return None  # a clause ("Why not just", "In a statement"), not a noun phrase
        definite = DEFINITE.fullmatch(chunk)
        described = _THE.sub("", chunk) if definite else ""
        if definite and (title_case_name(words) or _tagged_name(text, described, ms)):
            definite = None  # "The State Department", "the Times": a name, no description
        if definite:
            # The description stays the speaker as written; the name it points at (an
            # appositive earlier in the story) becomes the canonical.
            att = self._resolve_definite(definite.group("noun"), start, described)
            return Attribution(chunk, att.canonical if att else None, cue, False, c_start, c_end)
        orgs = [m for m in ms if m.label in {"ORG", "GPE", "NORP"} and not m.possessive]
        stripped = re.sub(r"^(?:the|a|an)\s+", "", chunk, flags=re.I)
        for m in orgs:
            name = text[m.start : m.end]
            # the whole chunk, or the chunk's head before an appositive ("Nordpress, the
            # state news agency,")
            if (
                name in (stripped, chunk)
                or (stripped.startswith(name) and stripped[len(name) :].lstrip()[:1] == ",")
                # "Wirt's hometown Lakeside Courier": the name heads the phrase
                or (
                    m.label == "ORG"
                    and stripped.endswith(name)
                    and len(stripped[: -len(name)].split()) <= 3
                    and not PREPOSITION.search(stripped[: -len(name)])
                )
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
            # "a campaign spokesman"; "Okafor's office", "Wirt's chief adviser"
            return Attribution(chunk, None, cue, False, c_start, c_end)
        if len(words) <= 4 and chunk[:1].isupper() and (not ms or _misread_name(chunk, ms)):
            # a name NER missed (or tagged as a title, product, building ...): in the
            # subject position of a speech cue a capitalized name speaks. A surname of a
            # person named in full earlier, else as is
            last = fold_accents(words[-1]).casefold()
            for canon, display in self.index.display.items():
                if (
                    self.index.label.get(canon) == "PERSON"
                    and len(canon.split()) >= len(words)
                    and canon.split()[-1].casefold() == last
                ):
                    return Attribution(display, canon, cue, False, c_start, c_end)
            return Attribution(chunk, None, cue, False, c_start, c_end)
        # (a title-like tag over the whole phrase, "Brooks consultant Dario Vance" as
        # WORK_OF_ART, hides no name: search from the last mention that can speak)
        named = [m for m in ms if m.label not in _MUTE_LABELS]
        tail = _TRAILING_NAME.search(text, named[-1].end if named else c_start, c_end)
        if tail and not any(m.label == "PERSON" for m in ms):
            # "said Budget ranking Democrat Dana Wirt": the capitalized words
            # that end the chunk after its last tagged mention are the name NER missed
            c = self._untagged_name(tail.group(0))
            return Attribution(c.display, c.canonical or None, cue, False, tail.start(), c_end)
        return None

    def _joint(
        self,
        ms: list[Mention],
        persons: list[Mention],
        chunk: str,
        c_start: int,
        c_end: int,
        cue: str | None,
    ) -> tuple[list[Mention], Attribution | None]:
        """A chunk whose names are joined by "and" (``speaker_coordination.py``): the
        persons left once objects and owners are dropped, and the attribution when the
        names speak together (``Ana Lund and Tom Okafor``, ``Ana Lund and her lawyer``)
        or as owners (``Lund and Okafor's lawyer``)."""
        text = self.text
        # names NER left untagged join the tagged ones ("Ana Ruiz and Tom Becker" with
        # only the second tagged), so the guards below see the whole coordination
        ms = sorted([*ms, *untagged_names(text, ms, c_start, c_end)], key=lambda m: m.start)
        owned = owners(text, ms)
        objects = prepositional_objects(text, ms, c_start) | owned
        if objects:
            # "A spokesman for Lund and Okafor": a name joined to a preposition's object
            # is that preposition's object too; "Lund and Okafor's lawyer": an owner
            persons = [m for m in persons if m.start not in objects]
            if owned and not persons and OWNED_TAIL.search(chunk):
                return persons, Attribution(chunk, None, cue, False, c_start, c_end)
            if (
                not persons
                and (spoken := [m for m in ms if m.label in SPEAKING_LABELS])
                and all(m.start in objects for m in spoken)
                and spoken[0].start > c_start
                and not DETERMINER.match(chunk)
                and len(chunk.split()) <= 9
            ):
                # "Critics of Lund and Okafor", "Lawyers representing Lund and Okafor":
                # the noun before the names heads the subject, as written (one with a
                # determiner is read below, as a description)
                return persons, Attribution(chunk, None, cue, False, c_start, c_end)
        spoken = [m for m in ms if m.label in SPEAKING_LABELS and not m.possessive]
        group = coordinated(text, ms, c_start, c_end)
        if (
            len(spoken) >= 2
            and not group  # "Lund and Okafor both"
            and _NOUN_TAIL.fullmatch(text, spoken[-1].end, c_end)
            and MODIFIED_NOUN.match(text, spoken[-1].end)
            and coordinated(text, ms, c_start, spoken[-1].end)
        ):
            # "Ferrari and Mercedes drivers said": the names modify the noun after
            # them, which heads the subject: the phrase as written speaks
            return persons, Attribution(chunk, None, cue, False, c_start, c_end)
        if group and all(not m.canonical for m in group):
            group = []  # no name of it tagged: the chunk reads as an untagged name
        if not group and (first := described_list_names(text, ms, c_start, c_end)):
            # "The mayor, Ana Lund and Tom Okafor": the coordination as written speaks;
            # "The decision, Lund and Okafor said, was": the list alone
            c0 = first if parenthetical_cue(text, c_end) else c_start
            return persons, Attribution(text[c0:c_end], None, cue, False, c0, c_end)
        if group:
            # "Ana Lund and Tom Okafor said in a joint statement": both speak. The speaker
            # is the coordination with each name at its fullest; no one entity is it, so
            # no canonical (the mention's offsets still point at both names)
            # each at its fullest ("Ana | Smith": the first name too; an untagged
            # "Mayor Ruiz": the person named in full before)
            # a conjunct NER tagged ORG beside a person's full name is a person too
            # ("Candidates Ilona Varga and Petr Novak" with "Varga" and "Petr Novak"
            # tagged ORG): its first name before it is read as for a PERSON
            persons_like = any(
                m.label == "PERSON"
                or (len(m.canonical.split()) >= 2 and looks_like_personal_name(m.canonical))
                for m in group
            )
            named = [
                self._named(m, cue, person=persons_like) if m.canonical else self._missed_name(m)
                for m in group
            ]
            spoken = joined(text, group, [str(n.speaker) for n in named])
            return persons, Attribution(spoken, None, cue, False, named[0].start, group[-1].end)
        partner = with_partner(text, ms, c_start, c_end) if persons else None
        if partner is not None and partner in persons:
            # "Ana Lund and her lawyer said": both, the partner as written
            first = self._named(partner, cue)
            described = " ".join(text[partner.end : c_end].split())
            spoken = f"{first.speaker} {described}"
            return persons, Attribution(spoken, None, cue, False, first.start, c_end)
        return persons, None

    def _missed_name(self, m: Mention) -> Attribution:
        """The speaker named by a mention NER missed (``untagged_names``)."""
        c = self._untagged_name(m.text)
        return Attribution(c.display, c.canonical or None, None, False, m.start, m.end)

    def _straddling(self, pos: int) -> Mention | None:
        """The mention that starts before ``pos`` and ends after it, if any."""
        i = bisect.bisect_left(self._m_starts, pos)
        if i > 0 and self.mentions[i - 1].end > pos:
            return self.mentions[i - 1]
        return None

    def _named(self, m: Mention, cue: str | None, person: bool = False) -> Attribution:
        """The speaker named by mention ``m``: its fullest name, its canonical, its place
        (``person``: an ORG mention read as a person's name, for its first name)."""
        display = self.index.display.get(m.canonical, m.text)
        first = _FIRST_NAME_BEFORE.search(self.text, max(0, m.start - 30), m.start)
        if (
            first
            and (m.label == "PERSON" or (person and m.label == "ORG"))
            and " " not in display
            and first.group(1) not in CAP_STOP
            and strip_titles(f"{first.group(1)} {display}") != display
        ):
            # "said Marta Wu" with only "Wu" tagged: the capitalized word right before
            # a one-word name is its first name (not a title, not a clause opener)
            return Attribution(
                f"{first.group(1)} {display}", m.canonical, cue, False, first.start(1), m.end
            )
        return Attribution(display, m.canonical, cue, False, m.start, m.end)

    def _verb_subject(self, start: int, head: str, cue: str | None) -> Attribution | None:
        """The noun phrase before the finite verb of the last clause piece of ``head``
        that has one ("..., the mayor's chief adviser phoned members, saying"; "Wirt then
        smiles at the camera, saying"; "The letter makes a case:"): the subject of a
        participle or of a colon introduction when no name or cue gives it. Only the
        nearest piece with a verb is read: an earlier one is another clause."""
        bounds = [0, *(m.end() for m in PIECE_BREAK.finditer(head))]
        ends = [*(m.start() for m in PIECE_BREAK.finditer(head)), len(head)]
        for p0, p1 in reversed(list(zip(bounds, ends, strict=True))):
            piece = head[p0:p1]
            m = VERB_SUBJECT.match(piece) or VERB_SUBJECT_PRESENT.match(piece)
            if m is None:
                continue
            spk = LEAD_JUNK.sub("", m.group("spk"))
            if (
                DETERMINER.fullmatch(spk)
                or not SUBJECT_NP.match(spk)
                or LEAD_PREPOSITION.match(spk)
            ):
                return None  # the nearest clause's subject is no noun phrase we read
            att = self._speaker_of_chunk(
                start + p0 + m.start("spk"), start + p0 + m.end("spk"), cue
            )
            return with_speaker(att)
        return None
