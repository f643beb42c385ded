"""The subjects of clauses (``_clause_subject``, ``_subject_phrase``): who a
participle or a clause's cue belongs to when no name or cue next to the quote gives it.

A layer over ``ChunkReader``, whose chunk reading turns the subject found into a speaker;
split from it when it passed 500 lines.
"""

from __future__ import annotations

from stream.core.extract.speaker_chunk import LEAD_PRONOUN, ChunkReader
from stream.core.extract.speaker_coordination import prepositional_objects
from stream.core.extract.speaker_lexicon import (
    DESCRIPTION_SUBJECT,
    DETERMINER,
    LEAD_ADVERBIAL,
    MAX_LOOK,
    NAME_SUBJECT,
    SUBJECT_PHRASE,
)
from stream.core.extract.speaker_patterns import mask_abbrev
from stream.core.extract.speaker_resolve import Attribution


class SubjectReader(ChunkReader):
    """Clause subjects as speakers."""

    def _subject_phrase(self, start: int, head: str, cue: str | None) -> Attribution | None:
        """The noun phrase opening ``head`` (text from ``start``) before its first
        past-tense verb or auxiliary, as a speaker chunk."""
        subj = SUBJECT_PHRASE.match(head)
        if subj is None:
            return None
        return self._speaker_of_chunk(start + subj.start("spk"), start + subj.end("spk"), cue)

    def _clause_subject(self, start: int, end: int, cue: str | None) -> Attribution | None:
        """The named subject of the clause ``[start, end)``: its first person or
        organization near the clause start, not after a preposition, not possessive;
        or a he/she opening it ("Wirt went after Okafor, saying"; "She left, adding")."""
        region = mask_abbrev(self.text[start : min(end, start + 2 * MAX_LOOK)])
        lead = LEAD_ADVERBIAL.match(region)
        main = start + (lead.end() if lead else 0)
        pron = LEAD_PRONOUN.match(self.text, main, end)
        if pron:
            return self._speaker_of_chunk(main, pron.end(), cue)
        if DETERMINER.match(region, main - start):
            # a description opens the clause ("The spokesman refused to say who Okafor
            # backed but said ..., adding"): its noun phrase up to the first verb is the
            # subject, not a name further on
            sp = DESCRIPTION_SUBJECT.match(region, main - start)
            att = sp and self._speaker_of_chunk(start + sp.start("spk"), start + sp.end("spk"), cue)
            if att and att.speaker is not None:
                return att
        near = self._mentions_in(main, end)
        # a name NER missed opening the clause ("Okafor thanked him for ..."), first
        # when no tag starts before its end: 'Lund dismissed Omar Reyes as "..."' is
        # Lund's, not the tagged object's
        sm = NAME_SUBJECT.match(region, main - start)
        n1 = start + sm.end("name") if sm and self.missed_name(sm["name"]) else -1
        if n1 >= 0 and not any(m.start < n1 for m in near):
            return self._opening_name(n1 - len(sm["name"]), sm["name"], cue)
        # a name joined by "and" to a preposition's object is one too ("Democrats in
        # the House and Senate said": not Senate)
        objects = prepositional_objects(self.text, near, main, participle=False)
        for m in near:
            if m.start - main > 80:
                break
            if m.possessive or m.start in objects:
                continue
            if m.label in {"PERSON", "ORG"}:
                return self._named(self.head_of(m, self._mentions_in(m.end, end)), cue)
        # ... or after names that cannot speak ("Governor Palin" tagged as a place)
        return self._opening_name(n1 - len(sm["name"]), sm["name"], cue) if n1 >= 0 else None
