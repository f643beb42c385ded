"""Resolving whom a he/she points at, within one story (descriptions: ``speaker_describe``).

A pronoun speaker walks back sentence by sentence: each sentence's subject first (after
a leading clause such as ``Asked about X,``), then its other persons nearest first. A
person of known opposite gender is skipped; a same-gender pronoun subject chains to the
sentence before; an object pronoun of that gender (``put it to her``) rules out its own
sentence's subject. Gender comes from honorifics (Mr/Ms), gendered role nouns next to the
name (spokeswoman, chairman) and the he/she that follow a sentence naming exactly one
person -- no list of first names. A person named after a same-gender pronoun outside the
subject gives way to that pronoun's referent; an owner (``Lund's``) is a late
candidate of its sentence.
"""

from __future__ import annotations

import re

from stream.core.extract.entities import Mention
from stream.core.extract.mention import POSSESSIVE_END as _POSSESSIVE_END
from stream.core.extract.speaker_cataphor import Cataphors
from stream.core.extract.speaker_describe import TITLE_ONLY
from stream.core.extract.speaker_lexicon import (
    CAP_STOP,
    INVERTED_CUE_BEFORE,
    INVERTED_SPEAKER_END,
    LEAD_ADVERBIAL,
    NAME_SUBJECT,
    OBJECT_PRONOUN,
    PREP_BEFORE,
    PRONOUNS_F,
    PRONOUNS_M,
    ROLE_BETWEEN_NAMES,
    SPEAKER_BEFORE_CUE,
    SUBJ_PRONOUN_RE,
)
from stream.core.extract.speaker_patterns import (
    PARTICIPLE,
    find_cues,
    mask_abbrev,
)
from stream.core.extract.speaker_story import (
    Attribution as Attribution,  # the speaker rules import it from here
)
from stream.core.extract.speaker_story import (
    Candidate,
    after_cue,
    looks_like_personal_name,
)

_PERSON_APPOSITIVE = re.compile(
    r",\s+(?:a|an)\s+(?:[a-z][\w-]*\s+){0,2}?[a-z][\w-]*(?:er|ist|or|ian|ant|ent)\b"
)


_OTHER_CLAUSE = re.compile(
    r"\bto\s+(?!(?:him|her|them|me|us)\b)[a-z]+\b|\b(?:that|which|who|whom)\b"
)


#: Only capitalized words (a title: "CEO", "Chief Executive") between two names.
_TITLE_BETWEEN = re.compile(r"[ \t]+(?:[A-Z][\w.&’'-]*[ \t]+){0,3}")
#: A preposition (or "and" after a name: "between Wirt and Okafor") right before a name.
_PREP_OR_AND_BEFORE = re.compile(
    r"\b(?:about|of|with|for|against|by|to|from|on|at|after|than|like|into|over|under|"
    r"toward|towards|between|among|in)\s+(?:the\s+)?(?:[A-Z][\w.]*\s+){0,3}$"
    r"|\b[A-Z][\w.’'-]*\s+(?:and|or)\s+$"
)
#: A capitalized name set off by a comma or a closing quote mark right before a cue
#: (adverbs and auxiliaries allowed between): ``, Okafor said``, ``" Wirt also said``.
_NAME_BEFORE_CUE = re.compile(
    r"(?:,|[\"”'])\s+(?P<name>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,2})\s+"
    r"(?:(?:also|later|then|again|has|had|have|would|will|could|\w+ly)\s+){0,2}$"
)
#: One or two capitalized words followed by a lowercase word or a comma: a name opening
#: a clause.
_CAP_NAME = re.compile(r"[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)?(?=\s+[a-z]|,)")
#: A relative pronoun opening what follows a comma: the comma closed a name, not a clause.
_RELATIVE_OPEN = re.compile(r"\s*(?:who|whose)\b")
_FIRST_WORD = re.compile(r"\s*\S+\s+")
_WHO_AFTER = re.compile(r",\s*who\b")
#: "the" right before (or opening) a name: an organisation's or a thing's name.
_THE_BEFORE = re.compile(r"\b[Tt]he\s+$|^[Tt]he\s")


#: A participle phrase opening a sentence up to its comma ("Regarding X's speech,"):
#: the clause's subject comes after it.
_ING_LEAD = re.compile(r"\s*([A-Z][a-z]+ing)\s+[^,.;“”\"]{1,120},\s*")
#: A lowercase word right after a name (``the Lund campaign``).
_NOUN_AFTER = re.compile(r"\s+[a-z]")


class Resolver(Cataphors):
    """He/she resolution (the backward walk) and definite descriptions over a story."""

    def _sentence_candidates(self, s: int, limit: int) -> tuple[list[Candidate], bool]:
        """Antecedent candidates of one sentence (subject first), and whether the
        sentence has an object pronoun ("put it to her") that its subject cannot be."""
        text = self.text
        region = mask_abbrev(text[s:limit])
        lead = LEAD_ADVERBIAL.match(region) or self._ing_lead(region, s)
        main = s + (lead.end() if lead else 0)
        if lead and _RELATIVE_OPEN.match(region, lead.end()):
            # "Meanwhile Mira Sol, who was named ...": the comma set off a relative
            # clause, not a leading adverbial; the subject follows the first word
            main = s + _FIRST_WORD.match(region).end()
        cands: list[Candidate] = []
        subject: Candidate | None = None
        first_pron = None
        for pm in SUBJ_PRONOUN_RE.finditer(text, main, limit):
            if pm.group(1).lower() in {"he", "she"} and not self._inside_quote(pm.start()):
                first_pron = pm
                break
        ms = [m for m in self._mentions_in(main, limit) if not m.possessive]
        sm = NAME_SUBJECT.match(region, main - s)
        if (
            sm
            and not _POSSESSIVE_END.search(sm.group("name"))  # "Okafor's remarks"
            and self.missed_name(sm.group("name"))
            and not any(m.start < s + sm.end() and s + sm.start() < m.end for m in ms)
        ):
            subject = self._untagged_name(sm.group("name"))
            if not subject.canonical and not self._name_elsewhere(sm.group("name"), s):
                subject = None  # "Fundraising was ...": any word opening a sentence is capitalized
        if subject is None and not any(m.start < main + 3 for m in ms):
            # "Elling saw ...": an untagged surname of a person the story named in full
            # opens the clause, whatever its verb
            cw = _CAP_NAME.match(text, main, limit)
            if (
                cw is not None
                and cw.group(0) not in CAP_STOP
                and not _POSSESSIVE_END.search(cw.group(0))
            ):
                c = self._untagged_name(cw.group(0))
                subject = c if c.canonical else None
        if subject is None:
            # "the admiral warned that X ...": the description opens the clause
            subject = self._described_subject(main, limit, s)
        for m in ms if subject is None else ():
            if m.start - main > 60 or (first_pron is not None and first_pron.start() < m.start):
                break
            if PREP_BEFORE.search(text[max(0, m.start - 25) : m.start]) or self._name_modifier(m):
                continue
            if m.label in {"GPE", "NORP", "LOC"}:
                if m.start - main < 3 and _WHO_AFTER.match(text, m.end):
                    # "Mira Sol, who was named ...": a place is never "who"
                    subject = self._candidate(m)
                    break
                continue  # "Mexican counterpart X", "U.S. officials": a modifier
            if m.label == "PERSON" or (
                m.label in {"ORG", "PRODUCT", "WORK_OF_ART", "FAC"}
                and looks_like_personal_name(m.canonical)
                and not re.search(r"\b(?:it|its)\b", text[m.end : limit])
                # "the Bright Path was ...": a person's name takes no article
                and not _THE_BEFORE.search(text, max(0, m.start - 4), m.start)
                and not _THE_BEFORE.match(m.text)
            ):
                m = self.head_of(m, ms)  # "Brooks consultant Dario Vance": Vance
                if m.label != "PERSON":
                    # "Former Acme Freight CEO Dana Wirt": the person right after
                    # a company-like name is the subject, the name was a modifier
                    # (only a title or a role between them: "Wirt was blunt about her
                    # rival Okafor" keeps Wirt)
                    m = next(
                        (
                            p
                            for p in ms
                            if p.label == "PERSON"
                            and m.end <= p.start <= m.end + 40
                            and (
                                _TITLE_BETWEEN.fullmatch(text, m.end, p.start)
                                or ROLE_BETWEEN_NAMES.fullmatch(text, m.end, p.start)
                            )
                        ),
                        m,
                    )
                subject = self._candidate(m)
            break
        if subject is None:
            # "Mr. Doyle's plans remain popular ...": the owner opening the subject
            # is what the clause is about
            owner = next(iter(self._mentions_in(main, limit)), None)
            if (
                owner is not None
                and owner.possessive
                and owner.label == "PERSON"
                and TITLE_ONLY.fullmatch(text, main, owner.start)
            ):
                subject = self._candidate(owner)
        if subject is None and first_pron is not None and first_pron.start() - main < 40:
            subject = Candidate("", first_pron.group(1).lower(), None, pronoun=True)
        if subject is not None:
            subject.subject = True
        # The speaker of a reporting verb in the sentence ("..., Okafor said.", "said
        # Dana Wirt, a demographer") is what the next "he said" continues: news
        # copy keeps its voice on the last named speaker, ahead of the clause subject.
        speaker = self._cue_speaker(region, s, ms)
        if speaker is not None and (subject is None or speaker is not subject.mention):
            cands.append(self._candidate(speaker))
        elif speaker is None and (subject is None or subject.mention is not None):
            missed = self._missed_cue_speaker(region, s)
            if missed is not None and missed.canonical != (subject and subject.canonical):
                cands.append(missed)
        if subject is not None:
            cands.append(subject)
        for m in reversed(ms):
            if (
                m.label == "PERSON"
                and (subject is None or m is not subject.mention)
                and (m is not speaker)
            ):
                weak = bool(
                    _PREP_OR_AND_BEFORE.search(text, max(0, m.start - 30), m.start)
                    or self._name_modifier(m)
                )
                cands.append(self._candidate(m, weak=weak, other=True))
        if main > s:
            # "For front-runner Ana Lund, the attack was ... She": a person of a leading
            # phrase is a weak antecedent, after the clause's own persons
            for m in reversed(self._mentions_in(s, main)):
                if (
                    m.label == "PERSON"
                    and not m.possessive
                    # "Asked by X", "the terms of Presidents X and Y": a preposition's
                    and not _PREP_OR_AND_BEFORE.search(text, max(0, m.start - 30), m.start)
                ):
                    cands.append(self._candidate(m, weak=True, other=True))
        # "when it comes to Mr. Lund's record, it is ... He": an owner is an antecedent
        # too, after the sentence's other persons
        for m in reversed(self._mentions_in(main, limit)):
            if (
                m.possessive
                and m.label == "PERSON"
                and (subject is None or subject.mention is not m)
            ):
                cands.append(self._candidate(m, other=True))
        obj = OBJECT_PRONOUN.search(text, main, limit)
        # "Wirt went after Okafor, calling him ...": the object pronoun has its own
        # antecedent in the sentence (Okafor), so it says nothing against the subject
        bound = obj is not None and not any(
            m.label == "PERSON"
            and m.start < obj.start()
            and (subject is None or m is not subject.mention)
            for m in ms
        )
        if bound and obj is not None and subject is not None and subject.mention is not None:
            # "Okafor urged reporters to ask him": an infinitive or a "that"/"who"
            # clause between them puts the pronoun in another clause, where the subject
            # can be its antecedent
            # can be its antecedent; an owner opening the subject ("Lund's win
            # propelled him") does not bind the object either
            bound = not (
                _OTHER_CLAUSE.search(text, subject.mention.end, obj.start())
                or subject.mention.possessive
            )
        return cands, bound

    def _name_modifier(self, m: Mention) -> bool:
        """``the Okafor administration's``, ``the Lund campaign``: a person's name between
        "the" and a lowercase noun modifies that noun; it is not who the clause is about."""
        return bool(
            (
                _THE_BEFORE.search(self.text, max(0, m.start - 4), m.start)
                or _THE_BEFORE.match(m.text)
            )
            and _NOUN_AFTER.match(self.text, m.end)
        )

    def _ing_lead(self, region: str, s: int) -> re.Match[str] | None:
        """A participle phrase opening the sentence up to its comma (``Regarding X's
        speech, Wirt ...``): a word follows the -ing word (not a comma: ``Irving, the
        owner,``), and the -ing word is no name (not tagged, nor capitalized elsewhere)."""
        m = _ING_LEAD.match(region)
        if (
            m is None
            or any(o.start == s + m.start(1) for o in self._mentions_in(s, s + m.end(1) + 80))
            or self._name_elsewhere(m.group(1), s)
            or self._untagged_name(m.group(1)).canonical
        ):
            return None
        return m

    def _name_elsewhere(self, name: str, s: int) -> bool:
        """A capitalized word opening a sentence is a name when it is more than one
        word, or when the story also writes it capitalized inside a sentence (a common
        word opening a sentence is capitalized only there)."""
        name = name.strip()
        if " " in name:
            return True
        found = self._elsewhere.get(name)
        if found is None:
            inner = re.compile(rf"(?<=[a-z,;:] ){re.escape(name)}\b")
            found = self._elsewhere[name] = inner.search(self.text) is not None
        return found

    def _missed_cue_speaker(self, region: str, s: int) -> Candidate | None:
        """A capitalized name NER missed right before the sentence's last reporting verb
        outside quotes, after a comma or a closing quote mark (``..., Okafor said.``):
        that verb's speaker, matched back to a full name of the story when it is one."""
        found = None
        for cm in find_cues(region):
            c0 = s + cm.start()
            if self._inside_quote(c0) or PARTICIPLE.match(cm.group("cue")):
                continue
            nm = _NAME_BEFORE_CUE.search(region, max(0, cm.start() - 60), cm.start())
            if (
                nm is not None
                and not nm.group("name").isupper()  # "KBRN said": an acronym names a body
                and self.missed_name(nm.group("name"))
            ):
                found = nm.group("name")
        return self._untagged_name(found) if found else None

    def _cue_speaker(self, region: str, s: int, ms: list[Mention]) -> Mention | None:
        """The person named as the speaker of the sentence's last reporting verb outside
        quotes: right before it (``Okafor said``, ``Lund says``) or right after it
        (``said Dana Wirt``), or None."""
        persons = [
            m
            for m in ms
            if m.label == "PERSON"
            # "said Dana Wirt, a demographer": a two- or three-word name NER tagged
            # ORG, described by a lowercase appositive, is a person
            or (
                m.label == "ORG"
                and len(m.canonical.split()) >= 2
                and looks_like_personal_name(m.canonical)
                and _PERSON_APPOSITIVE.match(self.text, m.end)
            )
        ]
        if not persons:
            return None
        found = None
        for cm in find_cues(region):
            c0, c1 = s + cm.start(), s + cm.end()
            if self._inside_quote(c0) or PARTICIPLE.match(cm.group("cue")):
                # "X was upset with Y, the front-runner, saying ...": a participle's
                # speaker is its clause's subject, not the name before its comma
                continue
            for m in persons:
                if (m.end <= c0 and SPEAKER_BEFORE_CUE.fullmatch(self.text, m.end, c0)) or (
                    m.start >= c1
                    and after_cue(self.text[c1 : m.start])
                    and INVERTED_CUE_BEFORE.search(self.text, max(s, c0 - 3), c0)
                    and INVERTED_SPEAKER_END.match(self.text, m.end)
                ):
                    found = m
        return found

    def resolve_pronoun(self, pronoun: str, pos: int, depth: int = 0) -> Candidate | None:
        """Walk back sentence by sentence: each sentence's subject first, then its other
        persons nearest first; skip known opposite gender; a same-gender pronoun subject
        chains to the sentence before, and a person named after a same-gender pronoun
        outside the subject (``she doubts Lund can win``) gives way to that pronoun's
        own referent; an object pronoun of that gender ("put it to her") rules out its
        own sentence's subject. Bounded: 8 sentences, two chained pronouns."""
        low = pronoun.lower()
        want = "f" if low in PRONOUNS_F else "m" if low in PRONOUNS_M else None
        s = self.seg.sentence_start(pos)
        limit = pos
        fallback: Candidate | None = None
        # a person named after a preposition ("split between X and Y") is a weak
        # antecedent: taken only when the sentence before names no other
        pending: Candidate | None = None
        pending_left = 0
        lead = self._lead_clause_subject(s, pos, want) or self._cataphor(s, pos, want)
        if lead is not None:
            return lead
        for _ in range(8):
            cands, bound = self._sentence_candidates(s, limit)
            bound = bound and want is not None and self._object_gender(s, limit) == want
            chain: int | None = -1  # looked up at the first candidate that needs it
            for k, c in enumerate(cands):
                if chain == -1 and (c.other or c.pronoun):
                    chain = self._same_gender_pronoun(s, limit, want) if depth < 2 else None
                if (
                    chain is not None
                    and chain >= 0
                    and c.other
                    and c.mention
                    and c.mention.start > chain
                ):
                    # "she doubts Lund can win. She ...": the topic is the earlier
                    # she, not the person named in what she thinks
                    return self.resolve_pronoun(low, chain, depth + 1)
                if c.pronoun:
                    if want is None or c.display in (PRONOUNS_F if want == "f" else PRONOUNS_M):
                        # chain: same referent as that pronoun, look further back, unless
                        # it points forward ("Ever since she left, Ms. Ruiz has ...")
                        ahead = (
                            self._cataphor(s, chain, want)
                            if chain is not None and chain >= 0
                            else None
                        )
                        if ahead is not None:
                            return ahead
                        break
                    continue
                if c.subject and bound:
                    continue
                g = self.gender.get(c.canonical)
                if (
                    want is None
                    or g == want
                    or (
                        g is None
                        and (k == 0 or (c.mention is not None and c.mention.label == "PERSON"))
                    )
                ):
                    if not c.weak:
                        return c
                    if pending is None:
                        pending, pending_left = c, 2
                elif g is None:
                    fallback = fallback or c
            if pending is not None:
                pending_left -= 1
                if pending_left == 0:
                    return pending
            if s == 0:
                break
            limit = s
            s = self.seg.sentence_start(s - 1)
        return pending or fallback

    # --- speaker of a chunk of text -------------------------------------------------
