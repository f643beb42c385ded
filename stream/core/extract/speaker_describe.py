"""Definite descriptions: whom ``the spokeswoman``, ``the front-runner`` or ``the club``
means in one story.

A description resolves by its noun: the person the story titled or described so before
it (``spokeswoman Ana Ruiz``, ``Ana Ruiz, a spokeswoman``), the nearest organisation
for an organisation noun (else the one whose name ends in it: ``At Nordbank, the
bank``), the last indefinite mention (``one senior aide`` ... ``the aide``), or,
opening a main clause after a leading clause, that clause's person subject (``Though
Lund would not say ..., the front-runner did``). ``Resolver`` (the he/she walk) builds
on this class and reads a described subject as an antecedent.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from stream.core.extract.mention import Mention
from stream.core.extract.speaker_coordination import prepositional_objects
from stream.core.extract.speaker_lexicon import ORG_NOUNS, SUBORDINATORS
from stream.core.extract.speaker_story import Attribution, Candidate, StoryIndex

#: The end of a leading phrase set off by its comma, right before a description (``After
#: meeting with Nordbank, the``), the description's article at most after it.
_AFTER_LEADING_PHRASE = re.compile(r",[ \t]*+(?:[Tt]he[ \t]++)?$")

#: A definite description opening a clause, then its verb (``the former mayor
#: warned``): its lowercase head noun.
_DEFINITE_SUBJECT = re.compile(
    r"[Tt]he\s+(?:[a-z][\w-]*\s+){0,3}?(?P<noun>[a-z][\w-]*)\s+(?:[a-z]+ed|[a-z]+[^s\W]s|"
    r"has|had|was|is|will|would|could|gave|took|made|went|told|spoke|came|got|said|did)\b"
)
#: A subordinating conjunction opening a sentence ("Although", "While", "When" ...):
#: the shared list, capitalized, and the openers that are only a subordinator at a
#: sentence start ("As", "If", "Even though"; mid-sentence "as" is as often a
#: preposition: "served as mayor").
SUBORDINATOR = re.compile(
    r"\s*(?:"
    + "|".join(w.capitalize() for w in SUBORDINATORS)
    + r"|As|If|Even\s+though|Even\s+as|Even\s+if|Ever\s+since)\s+"
)
#: Nothing, or only a courtesy or office title, before a name.
TITLE_ONLY = re.compile(
    r"(?:(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|President|Senator|Governor|Judge|Secretary)"
    r"[.·]?\s+)?"
)


#: A comma, then an appositive up to the next comma or sentence end, with no verb of
#: its own in -ed/-s position before it is closed (``, a White House spokeswoman,``).
_APPOSITIVE = re.compile(r"\s*,\s*([^,.;:\"“”]{1,70}?)\s*(?:,|\.(?:\s|$)|$)")


class Describer(StoryIndex):
    """Definite descriptions over a story (the he/she walk is ``Resolver``'s)."""

    def resolve_pronoun(self, pronoun: str, pos: int, depth: int = 0) -> Candidate | None:
        """The he/she walk (``Resolver``); a capitalized description (``the Italian``)
        resolves like a pronoun."""
        raise NotImplementedError

    def _described_subject(self, main: int, limit: int, s: int) -> Candidate | None:
        """A clause opening with a definite description of a person (``the former
        mayor warned ...``): the person the story titled or described so before it
        (``_resolve_definite``) as the subject candidate; else, after a leading clause
        whose subject is a person (``Though Lund would not say ..., the front-runner
        did``), that person: the description renames the clause's own subject."""
        dm = _DEFINITE_SUBJECT.match(self.text, main, limit)
        if dm is None:
            return None
        att = self._resolve_definite(dm.group("noun"), main)
        if att is None or not att.canonical or self.index.label.get(att.canonical) != "PERSON":
            if main > s and dm.group("noun") not in ORG_NOUNS:
                lead = SUBORDINATOR.match(self.text, s, main)
                first = next(iter(self._mentions_in(lead.end(), main)), None) if lead else None
                if (
                    first is not None
                    and first.label == "PERSON"
                    and not first.possessive
                    and TITLE_ONLY.fullmatch(self.text, lead.end(), first.start)
                ):
                    return self._candidate(first)
            return None
        return Candidate(att.canonical, att.speaker or att.canonical, None)

    def _orgs_before(self, pos: int) -> Iterator[tuple[Mention, str]]:
        """The organizations tagged before ``pos``, nearest first, with their fullest
        names; not a list tagged as one ("Acme and Nordbank": no one name)."""
        i = bisect.bisect_left(self._m_starts, pos) - 1
        while i >= 0:
            m = self.mentions[i]
            i -= 1
            if m.label == "ORG" and " and " not in m.text:
                yield m, self.index.display.get(m.canonical, m.text)

    def _org_named_so(self, noun: str, pos: int) -> Attribution | None:
        """The one organization tagged in the story before ``pos`` whose name's last
        word is ``noun`` (``the council``: Harbor Council) or ends in it (``the bank``:
        Nordbank). None when none or several do: then the description says nothing of
        which is meant."""
        found: dict[str, str] = {}
        for m, display in self._orgs_before(pos):
            last = display.split()[-1].casefold() if display.split() else ""
            if last == noun or (last.endswith(noun) and len(last) - len(noun) >= 3):
                found[m.canonical] = display
                if len(found) > 1:
                    return None
        if len(found) != 1:
            return None
        ((canon, display),) = found.items()
        return Attribution(display, canon, None)

    def _org_named_by(self, words: str, pos: int) -> Attribution | None:
        """The nearest organization tagged before ``pos`` whose name ends in the
        description's own ``words`` (casefolded; ``the food bank``: Harlem Food Bank)."""
        for m, display in self._orgs_before(pos):
            if f" {display.casefold()}".endswith(f" {words}"):
                return Attribution(display, m.canonical, None)
        return None

    def _resolve_definite(self, noun: str, pos: int, phrase: str = "") -> Attribution | None:
        """``the judge`` -> the person titled/described so; ``the aide`` -> ``one
        senior Republican aide``; ``the club`` -> nearest organization subject, but ``the
        food bank`` -> the one organization named so (Harlem Food Bank), however near
        another is (``phrase``: the description's words after "the"); ``the Italian``
        -> like a pronoun."""
        text = self.text
        floor = max(0, pos - 3000)
        if noun[:1].isupper():
            c = self.resolve_pronoun("they-neutral", pos)
            if c is not None and (c.mention is None or c.mention.label == "PERSON"):
                return Attribution(c.display, c.canonical or None, None)
            return None
        low = noun.lower()
        if low in ORG_NOUNS and len(phrase.split()) > 1:
            named = self._org_named_by(phrase.casefold(), pos)
            if named is not None:
                return named
        if low in ORG_NOUNS or low.endswith("maker"):
            # an organisation named after a preposition in a leading phrase set off by
            # a comma right before the description ("After meeting with Acme and
            # Nordbank, the regulator said") is that phrase's object, not the one
            # described; not within a clause ("Investors in Acme cheered when the
            # company said": Acme is the company)
            s0 = self.seg.sentence_start(pos)
            objects = (
                prepositional_objects(text, self._mentions_in(s0, pos), s0)
                if _AFTER_LEADING_PHRASE.search(text, max(s0, pos - 12), pos)
                else set()
            )
            i = bisect.bisect_left(self._m_starts, pos) - 1
            while i >= 0 and self.mentions[i].start >= floor:
                m = self.mentions[i]
                if m.label == "ORG" and m.start not in objects:
                    return Attribution(
                        self.index.display.get(m.canonical, m.text), m.canonical, None
                    )
                i -= 1
            # none: the one organization before it whose name ends in the noun, wherever
            # it stands ("At Nordbank, the bank said": no other organization is meant)
            return self._org_named_so(low, pos) if low in ORG_NOUNS else None
        role = re.compile(rf"\b{re.escape(low)}\b", re.IGNORECASE)
        titled = re.compile(rf"\b(?i:{re.escape(low)}),?\s+(?:[A-Z][\w.’'-]*\s+){{0,3}}$")
        i = bisect.bisect_left(self._p_starts, pos) - 1
        while i >= 0 and self.persons[i].start >= floor:
            m = self.persons[i]
            before = text[max(0, m.start - 30) : m.start]
            # "Anna Kelly, a White House spokeswoman, ...": the role is in the
            # appositive set off by the comma, not anywhere in the clause after it
            ap = _APPOSITIVE.match(text, m.end, m.end + 80)
            if (
                # "Spokeswoman Ana Ruiz", "the nurse, Ana Ruiz": the role right before
                titled.search(before) or (ap is not None and role.search(ap.group(1)))
            ):
                return Attribution(self.index.display.get(m.canonical, m.text), m.canonical, None)
            i -= 1
        last = None
        for dm in re.finditer(
            rf"\b(?:a|an|one)\s+(?:[\w-]+\s+){{0,3}}?{re.escape(low)}\b",
            text[floor:pos],
            re.IGNORECASE,
        ):
            last = dm
        if last is not None:
            return Attribution(last.group(0), None, None)
        return None
