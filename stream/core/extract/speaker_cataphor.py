"""A he/she whose referent is in the same sentence, across a leading subordinate clause
(``Although Mr. Lane ..., he said``; ``Ever since she ..., Ms. Lund has``), and the
same-gender pronoun a backward walk chains through. ``Resolver`` builds on this class."""

from __future__ import annotations

import re

from stream.core.extract.speaker_describe import SUBORDINATOR, TITLE_ONLY, Describer
from stream.core.extract.speaker_story import Candidate, looks_like_personal_name

#: A pronoun, one or two words and a comma: "he said," set inside a reported sentence.
_PARENTHETICAL = re.compile(r"\w+\s+(?:\w+\s+)?\w+\s*,")
_HE_SHE = re.compile(r"\b(?:he|she)\b", re.IGNORECASE)


class Cataphors(Describer):
    """He/she referents found inside one sentence, around a leading clause."""

    def _same_gender_pronoun(self, s: int, limit: int, want: str | None) -> int | None:
        """Where the first he/she of gender ``want`` outside quotes is in ``s..limit``
        (its last 2,000 characters: a pathological sentence is not scanned whole)."""
        if want is None:
            return None
        for pm in _HE_SHE.finditer(self.text, max(s, limit - 2_000), limit):
            if (pm.group(0).lower() == "she") == (want == "f") and not self._inside_quote(
                pm.start()
            ):
                return pm.start()
        return None

    def _lead_clause_subject(self, s: int, pos: int, want: str | None) -> Candidate | None:
        """``Although Mr. Lane will not endorse ..., he said``: a he/she opening
        the main clause right after a leading subordinate clause means that clause's
        subject, when it is a person not known to be of the other gender and the clause
        has no object pronoun of the pronoun's gender (``After X asked him ..., he``)."""
        text = self.text
        if (
            want is None
            or pos - s > 250
            or not text[s:pos].rstrip().endswith(",")
            # "If Wirt wins, he said, she ...": a parenthetical attribution; the
            # leading clause is part of what he said
            or _PARENTHETICAL.match(text, pos)
        ):
            return None
        sub = SUBORDINATOR.match(text, s, pos)
        if sub is None:
            return None
        at = sub.end()
        m = next(iter(self._mentions_in(at, pos)), None)
        if (
            m is None
            or m.possessive
            or not (
                m.label == "PERSON" or (m.label == "ORG" and looks_like_personal_name(m.canonical))
            )
            or not TITLE_ONLY.fullmatch(text, at, m.start)
            or self.gender.get(m.canonical, want) != want
            or self._object_gender(at, pos) == want
        ):
            return None
        return self._candidate(m, subject=True)

    def _cataphor(self, s: int, pos: int, want: str | None) -> Candidate | None:
        """``Ever since she endorsed X, Ms. Lund has ...``: a he/she in a leading
        subordinate clause that names nobody before it means the main clause's subject,
        when that is a person known to be of the pronoun's gender."""
        text = self.text
        sub = SUBORDINATOR.match(text, s, pos) if want is not None else None
        if sub is None or self._mentions_in(s, pos):
            return None
        comma = text.find(",", pos, pos + 200)
        if (
            comma < 0
            or self.seg.sentence_start(comma) != s
            or any(c in text[pos:comma] for c in ';"“”')
        ):
            return None
        at = comma + 1
        while at < len(text) and text[at] in " \t":
            at += 1
        m = next(iter(self._mentions_in(at, at + 80)), None)
        if (
            m is None
            or m.possessive
            or m.label != "PERSON"
            or not TITLE_ONLY.fullmatch(text, at, m.start)
            or self.gender.get(m.canonical) != want
        ):
            return None
        return self._candidate(m, subject=True)
