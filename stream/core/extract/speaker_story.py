"""The story a speaker rule reads: its mentions outside quotes, gender evidence, names
NER missed, and the referents that are not he/she.

``StoryIndex`` is the base of the speaker rules (``Resolver`` adds the he/she walk and
definite descriptions, ``ChunkReader`` the words next to a cue). Besides the lookups
(``bisect`` over the story's mentions) it resolves the two referents that need no
gender: ``it`` (``it said``: the organisation or the thing described with a determiner
that is the subject of the clauses before) and ``who`` (``X, who called it "..."``: the
person named just before the comma). Gender per person comes from honorifics (Mr/Ms),
gendered role nouns next to the name, a kinship noun before it (``Lund's wife, Mira``:
a person whatever NER called the name) and the he/she that follow a sentence naming
exactly one person (unless another pronoun comes before that person) -- no list of
first names.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from stream.core.extract.canonical import fold_accents, strip_titles
from stream.core.extract.entities import EntityIndex, Mention
from stream.core.extract.quotes import QuoteSpan
from stream.core.extract.segment import Segments
from stream.core.extract.speaker_lexicon import (
    CAP_STOP,
    GROUP_WORD,
    HONORIFIC_F,
    HONORIFIC_M,
    LEAD_ADVERBIAL,
    NAME_NOT_HEAD,
    OBJECT_PRONOUN,
    ROLE_AFTER,
    ROLE_BEFORE,
    ROLE_BETWEEN_NAMES,
    SPEAKER_AFTER_CUE,
    SUBJ_PRONOUN_RE,
)
from stream.core.extract.speaker_patterns import mask_abbrev


@dataclass
class Candidate:
    """An antecedent candidate: an entity mention, an untagged name, or a pronoun."""

    canonical: str
    display: str
    mention: Mention | None
    pronoun: bool = False
    subject: bool = False
    #: named after a preposition, outside the subject ("between X and Y")
    weak: bool = False
    #: a person of the sentence other than its subject and its reporting verb's speaker
    other: bool = False


@dataclass
class Attribution:
    """A speaker and its cue (``speaker`` may be a description or a pronoun).

    ``start``/``end``: where the attribution's own words are in the text (the pronoun,
    the description or the name as written), whatever ``speaker`` was resolved to."""

    speaker: str | None
    canonical: str | None
    cue: str | None
    pronoun: bool = False
    start: int | None = None
    end: int | None = None


def with_speaker(att: Attribution | None) -> Attribution | None:
    """``att`` when it names a speaker, else None (a rule that found only a cue has not
    answered, so the next rule gets its turn)."""
    return att if att is not None and att.speaker is not None else None


#: A plural noun by its ending (an -s not part of -ss or -us): "Critics", "Tories",
#: "Officials", "Lawmakers"; surnames of the same shape are told apart by the story.
_PLURAL = re.compile(r"[A-Z][a-z]+(?<![su])s")


#: A determiner-led noun phrase opening a clause, cut before its verb (a word in -ed or
#: -s, an auxiliary), a preposition, a relative pronoun or punctuation: "The memo
#: lists" -> "The memo", "A petition from the nurses ..." -> "A petition".
_THING_SUBJECT = re.compile(
    r"(?P<np>(?:the|a|an|this|that|its|their)\s+(?:[\w’'-]+\s+){0,3}?[\w’'-]+?)"
    r"(?=\s*[,;:(—–]|\s+-|\s+(?:of|to|from|for|in|on|at|by|with|about|this|last|that|which|"
    r"who|whose|has|had|have|was|were|is|are|also|then|later|[a-z]+ed|[a-z]+[^s\W]s)\b)",
    re.IGNORECASE,
)

#: ", who" and at most two adverbs or auxiliaries, right before a cue.
_WHO_BEFORE_CUE = re.compile(
    r",\s*(who)\s+(?:(?:also|later|then|again|has|had|have|would|\w+ly)\s+){0,2}$"
)

#: A relative named by a possessive and a gendered kinship noun right before a name,
#: with or without the appositive's comma ("Lund's wife, Mira", "his late son Tom").
_KIN_BEFORE = re.compile(
    r"\b(?:[Hh]is|[Hh]er|[Tt]heir|[\w’']+['’]s)\s+(?:[a-z]+\s+)?(?:"
    r"(?P<f>wife|daughter|mother|sister|widow|girlfriend|niece|aunt|grandmother)|"
    r"(?P<m>husband|son|father|brother|widower|boyfriend|nephew|uncle|grandfather))"
    r",?\s+$"
)
#: Labels of places and peoples: promoted by a kinship noun before only when set off.
_PLACE_LABELS = frozenset({"GPE", "LOC", "NORP", "FAC"})
#: The rest of a mention's clause, up to the next punctuation (bounded).
_CLAUSE_REST = re.compile(r"[^,;:.!?()\"“”\n]{0,40}")
#: Any third-person singular personal pronoun of a person.
_ANY_PRONOUN = re.compile(r"\b(?:he|she|his|him|her|himself|herself)\b", re.IGNORECASE)

#: "It"/"it" opening a clause: the same thing as the clause before talks on.
_IT_SUBJECT = re.compile(r"it\b", re.IGNORECASE)


def after_cue(between: str) -> bool:
    """Only space, or a courtesy or office title, between a reporting verb and the
    name after it (``said Dana Wirt``, ``said Mr. Okafor``), or between a
    name and the name it qualifies (``County Chairman Victor Lund``)."""
    if SPEAKER_AFTER_CUE.fullmatch(between):
        return True
    words = between.strip()
    return between[:1].isspace() and bool(words) and strip_titles(f"{words} x") == "x"


def looks_like_personal_name(canonical: str) -> bool:
    """2-3 capitalized words, no group word, not an acronym: NER's ORG may be a person."""
    words = canonical.split()
    return (
        1 <= len(words) <= 3
        and all(w[:1].isupper() and not w.isupper() for w in words)
        and not GROUP_WORD.search(canonical)
    )


class StoryIndex:
    """One story's mentions outside quotes, sorted, with per-person gender evidence."""

    def __init__(
        self, text: str, seg: Segments, index: EntityIndex, spans: list[QuoteSpan]
    ) -> None:
        self.text = text
        self.seg = seg
        self.index = index
        self.spans = spans
        self._q_starts = [q.open_mark for q in spans]
        self.mentions = [m for m in index.mentions if not self._inside_quote(m.start)]
        self._m_starts = [m.start for m in self.mentions]
        #: canonicals a he/she resolved to although NER labeled them otherwise
        self.promoted: set[str] = set()
        for m in self.mentions:
            if m.label == "PERSON" or m.possessive:
                continue
            kin = _KIN_BEFORE.search(text, max(0, m.start - 50), m.start)
            if kin is not None and self._whole_appositive(m):
                # "Lund's wife, Mira,", "his daughter Tess": a relative is a person,
                # whatever NER called the name
                m.label = "PERSON"
                self.promoted.add(m.canonical)
        self.persons = [m for m in self.mentions if m.label == "PERSON"]
        self._p_starts = [m.start for m in self.persons]
        self.gender = self._infer_genders()
        self._done: dict[int, Attribution | None] = {}
        #: ``_name_elsewhere`` per word: one search of the text each, not one per sentence
        self._elsewhere: dict[str, bool] = {}
        #: mentions per person canonical (``_untagged_name``), counted once when needed
        self._name_counts: Counter[str] | None = None
        #: ``_untagged_name`` per name: one scan of the story's names each
        self._untagged: dict[str, tuple[str, str]] = {}

    def _whole_appositive(self, m: Mention) -> bool:
        """A name right after a kinship noun is the relative's own only when it is the
        whole name (``his wife, Mira,``; ``her son Tom left``), not the first
        words of a title before the name (``his father, Michigan Governor Paul Brandt``,
        ``her husband, Ohio State coach Mark Lund``)."""
        if not looks_like_personal_name(m.canonical):
            return False
        if m.label in _PLACE_LABELS and self.text[m.end : m.end + 1] not in (",", "."):
            return False  # a place's name only set off whole ("his daughter, Georgia,")
        rest = _CLAUSE_REST.match(self.text, m.end).group(0)
        if re.match(r"\s*[A-Z]", rest):
            return False  # a capitalised word goes on: the name is longer than the mention
        return not any(
            o.label == "PERSON" and o.start < m.end + len(rest)
            for o in self._mentions_in(m.end, m.end + len(rest) + 40)
        )

    def _candidate(self, m: Mention, **flags: bool) -> Candidate:
        """``m`` as an antecedent candidate, shown by its canonical's display name."""
        return Candidate(m.canonical, self.index.display.get(m.canonical, m.text), m, **flags)

    def _inside_quote(self, pos: int) -> bool:
        i = bisect.bisect_right(self._q_starts, pos) - 1
        return i >= 0 and self.spans[i].open_mark < pos < self.spans[i].close_mark

    def _mentions_in(self, start: int, end: int) -> list[Mention]:
        i = bisect.bisect_left(self._m_starts, start)
        out = []
        while i < len(self.mentions) and self.mentions[i].start < end:
            if self.mentions[i].end <= end:
                out.append(self.mentions[i])
            i += 1
            if len(out) > 40:
                break
        return out

    def _persons_between(self, start: int, end: int) -> set[str]:
        i = bisect.bisect_left(self._p_starts, start)
        out = set()
        while i < len(self.persons) and self.persons[i].start < end and len(out) < 5:
            out.add(self.persons[i].canonical)
            i += 1
        return out

    def _infer_genders(self) -> dict[str, str]:
        """Gender per canonical from honorifics, role nouns and following subject pronouns."""
        votes: dict[str, Counter[str]] = defaultdict(Counter)
        text = self.text
        for m in self.persons:
            before = text[max(0, m.start - 40) : m.start]
            after = text[m.end : m.end + 60]
            if HONORIFIC_M.search(before):
                votes[m.canonical]["m"] += 5
            elif HONORIFIC_F.search(before):
                votes[m.canonical]["f"] += 5
            for rx in (
                ROLE_BEFORE.search(before),
                ROLE_AFTER.match(after),
                _KIN_BEFORE.search(before),
            ):
                if rx:
                    votes[m.canonical]["f" if rx.group("f") else "m"] += 3
        if self.persons:
            # "he/she/his/himself/herself" (not "her": object or possessive, ambiguous)
            # refer to the only person of the clause so far, or of the sentence before.
            for n, pm in enumerate(SUBJ_PRONOUN_RE.finditer(text)):
                if n > 5_000:
                    break
                pos = pm.start()
                if self._inside_quote(pos):
                    continue
                s0 = self.seg.sentence_start(pos)
                r0, cands = s0, self._persons_between(s0, pos)
                if not cands and s0 > 0:
                    r0 = self.seg.sentence_start(s0 - 1)
                    cands = self._persons_between(r0, s0)
                if len(cands) == 1 and not self._pronoun_before_person(r0, pos):
                    g = "f" if pm.group(1).lower() in {"she", "herself"} else "m"
                    votes[next(iter(cands))][g] += 1
        return {
            c: v.most_common(1)[0][0]
            for c, v in votes.items()
            if len(v) == 1 or v.most_common(2)[0][1] > v.most_common(2)[1][1]
        }

    def _pronoun_before_person(self, r0: int, pos: int) -> bool:
        """A he/she/his/him/her outside quotes before the first person named in
        ``r0..pos`` (``He makes fewer references to Lund in his speeches``): that
        earlier pronoun is what the clause is about, so a later one says nothing about
        the person's gender. Looks at most 300 characters before the person."""
        i = bisect.bisect_left(self._p_starts, r0)
        if i >= len(self.persons) or self.persons[i].start >= pos:
            return False
        first = self.persons[i].start
        return any(
            not self._inside_quote(m.start())
            for m in _ANY_PRONOUN.finditer(self.text, max(r0, first - 300), first)
        )

    def missed_name(self, name: str) -> bool:
        """Whether a capitalized phrase opening a clause (``NAME_SUBJECT``) is a name NER
        missed: not a function word ("The", "Some"), and not a group: a phrase whose
        head is a plural noun ("Critics", "Liberals", "House Democrats", "Tories") that
        no person named in the story bears ("Rivers", "Gates" stay names when the story
        names the person). English plural morphology and the story's own names, never a
        list of a country's groups."""
        words = name.split()
        if words[0] in CAP_STOP:
            return False
        head = words[-1]
        if not _PLURAL.fullmatch(head):
            return True
        folded = fold_accents(head).casefold()
        return any(
            folded in canon.casefold().split()
            for canon in self.index.display
            if self.index.label.get(canon) == "PERSON"
        )

    def _opening_name(self, n0: int, name: str, cue: str | None) -> Attribution:
        """An untagged ``name`` at ``n0`` as a clause's subject (``_clause_subject``)."""
        c = self._untagged_name(name)
        return Attribution(c.display, c.canonical or None, cue, False, n0, n0 + len(name))

    def _untagged_name(self, name: str) -> Candidate:
        """A name NER missed: a surname/first name of a person named in full, else as is."""
        known = self._untagged.get(name)
        if known is not None:
            return Candidate(known[0], known[1], None)
        words = name.split()
        folded = {fold_accents(w).casefold() for w in words}
        self._untagged[name] = ("", name)
        if len(words) <= 2:
            found = [
                canon
                for canon in self.index.display
                if self.index.label.get(canon) == "PERSON"
                and len(canon.split()) > len(words)
                and folded <= {p.casefold() for p in canon.split()}
            ]
            if found:
                # "Hale" with Victor and Donna Hale in the story: the one named most
                if self._name_counts is None:
                    self._name_counts = Counter(m.canonical for m in self.persons)
                canon = max(found, key=lambda c: self._name_counts.get(c, 0))
                self._untagged[name] = (canon, self.index.display[canon])
                return Candidate(canon, self.index.display[canon], None)
        return Candidate("", name, None)

    def relative_speaker(self, cue_start: int, cue: str | None) -> Attribution | None:
        """``X, who called it "..."``: a ``who`` right before the cue speaks for the
        person named just before its comma (``Gov. Ann Lee, who``, ``Lee on camera,
        who``); the attribution's words are the ``who``. None when no person ends
        there."""
        text = self.text
        wm = _WHO_BEFORE_CUE.search(text, max(0, cue_start - 40), cue_start)
        if wm is None:
            return None
        comma = wm.start()
        i = bisect.bisect_left(self._m_starts, comma) - 1
        while i >= 0 and self.mentions[i].end > comma - 30:
            p = self.mentions[i]
            if (
                p.end <= comma
                and p.label == "PERSON"
                and not p.possessive
                and not re.search(r"[,.;:\"“”()]", text[p.end : comma])
            ):
                display = self.index.display.get(p.canonical, p.text)
                return Attribution(display, p.canonical, cue, True, wm.start(1), wm.end(1))
            i -= 1
        return None

    def resolve_it(self, pos: int) -> Attribution | None:
        """What an ``it`` speaker (``it said``, ``It added``) means: walking back up to
        three sentences, the first whose subject is an organisation or a thing described
        with a determiner (``The memo lists ...``, ``the audit report noted ...``);
        an ``It`` subject chains to the sentence before, a person subject is skipped (a
        person is never "it"). The description is kept as written, an organisation by
        its name. Never crosses more than two paragraph breaks."""
        text = self.text
        para = self.seg.paragraph_of(pos)
        limit = pos
        s = self.seg.sentence_start(pos)
        if s == pos or not text[s:pos].strip():
            if s == 0:
                return None
            s = self.seg.sentence_start(s - 1)
        for _ in range(3):
            if para - self.seg.paragraph_of(s) > 2 or self._inside_quote(s):
                return None
            region = mask_abbrev(text[s:limit])
            lead = LEAD_ADVERBIAL.match(region)
            main = s + (lead.end() if lead else 0)
            while main < limit and text[main] in " \t\n":
                main += 1
            # a sentence opening with a quote is someone's words, not the narrative
            if main < limit and text[main] not in "\"“”'" and not _IT_SUBJECT.match(text, main):
                ms = [m for m in self._mentions_in(main, limit) if m.start - main <= 4]
                m = ms[0] if ms else None
                if (
                    m is not None
                    and not m.possessive
                    and m.label == "ORG"
                    # "Helena Marsh read ...": a first name and a surname NER calls an
                    # organisation is likelier a person, who is never "it"; an
                    # organisation's own name takes "the" ("The Daily Ledger")
                    and not (
                        len(m.canonical.split()) > 1
                        and looks_like_personal_name(m.canonical)
                        and not re.match(r"the\s", text[m.start : m.end], re.I)
                    )
                ):
                    return Attribution(
                        self.index.display.get(m.canonical, m.text), m.canonical, None
                    )
                if not ms or ms[0].possessive:
                    np = _THING_SUBJECT.match(region, main - s)
                    if np is not None:
                        return Attribution(np.group("np"), None, None)
            if s == 0:
                return None
            limit = s
            s = self.seg.sentence_start(s - 1)
        return None

    def head_of(self, m: Mention, ms: list[Mention]) -> Mention:
        """The person ``m`` qualifies through a role noun ("Brooks consultant Dario
        Vance": Vance), else ``m`` itself: the head of a name-role-name phrase."""
        for p in ms:
            if (
                p.label == "PERSON"
                and m.end < p.start <= m.end + 40
                and (
                    ROLE_BETWEEN_NAMES.fullmatch(self.text, m.end, p.start)
                    # "County Chairman Victor Lund": an office title between them
                    or (
                        self.text[p.start - 1 : p.start].isspace()
                        and after_cue(self.text[m.end : p.start])
                        and not SPEAKER_AFTER_CUE.fullmatch(self.text, m.end, p.start)
                    )
                )
            ):
                return p
        return m

    def head_persons(self, persons: list[Mention], end: int) -> list[Mention]:
        """Drop a name that only modifies a noun before another name ("Okafor campaign
        manager Dana Wirt": Wirt speaks)."""
        return [
            m
            for k, m in enumerate(persons)
            if k + 1 == len(persons) or not NAME_NOT_HEAD.match(self.text, m.end, end)
        ]

    def _object_gender(self, s: int, limit: int) -> str | None:
        m = OBJECT_PRONOUN.search(self.text, s, limit)
        if not m:
            return None
        return "m" if m.group(0).lower() == "him" else "f"
