"""Who said it, read after the closing mark: ``," said Okafor``, ``," she said``,
``— that was the message from X``, ``," the two write``, ``?" a fan can be heard
shouting``. One concern of the attribution order in ``speakers.py`` (its step 1)."""

from __future__ import annotations

import re

from stream.core.extract.quotes import QuoteSpan
from stream.core.extract.speaker_lexicon import MAX_LOOK, REPORTED_CLAUSE, SILENCE
from stream.core.extract.speaker_patterns import (
    AFTER_CUE_SPK,
    AFTER_MESSAGE,
    AFTER_PLURAL_SPK,
    AFTER_SPK_CUE,
    AFTER_SPK_HEARD,
    AFTER_SPK_PLURAL,
    AFTER_SPK_WHO_CUE,
    find_cues,
    mask_abbrev,
    norm_cue,
)
from stream.core.extract.speaker_resolve import Attribution
from stream.core.extract.speaker_subject import SubjectReader

#: A conjunction right after the closing mark: what follows is a clause of its own
#: (``"...because the ruling is wrong," and his lawyer agreed``), never the quote's
#: attribution, which follows a quote bare (``," his lawyer said``).
#: Lowercase only: "But" after a closed quote opens the next sentence.
_NEW_CLAUSE = re.compile(r"[ \t\u00a0,]*+(?:and|but)\b")
#: ... unless that clause points back at the quote as what its subject said (``"We will
#: win," and that was all Hart would say``, ``but that is what the mayor told
#: reporters``): the cue after it is the quote's, its subject the speaker.
_BACK_REFERENCE = re.compile(
    r"[ \t\u00a0,]*+(?:and|but)[ \t]++(?:that|this)[ \t]++(?:was|is|remained)[ \t]++"
    r"(?:(?:about[ \t]++)?all|everything|what|the[ \t]++(?:only|last)[ \t]++(?:thing|words?))"
    r"[ \t]++(?:that[ \t]++)?",
    re.IGNORECASE,
)


class AfterReader(SubjectReader):
    """The attribution that follows a quote (the base of ``Attributor``)."""

    def _after(self, q: QuoteSpan, limit: int, closed: bool = False) -> Attribution | None:
        """The attribution after the closing mark. ``closed``: the quote ended its own
        sentence, so ``X said`` after it attributes it unless a reported clause follows
        the verb (``Lund said.``, ``Wirt asked the mayor.`` do; ``Lund said both men
        are ...`` is a new sentence with its own reported speech)."""
        end = min(limit, q.close_mark + 1 + MAX_LOOK)
        window = mask_abbrev(self.text[q.close_mark + 1 : end])
        base = q.close_mark + 1
        if _NEW_CLAUSE.match(window):
            back = _BACK_REFERENCE.match(window)
            cue = next(iter(find_cues(window[back.end() :])), None) if back else None
            if (
                back is None
                or cue is None
                or re.search(r"[.!?;:,]", window[: back.end() + cue.start()])
            ):
                return None  # '"...," and his lawyer agreed': a clause of its own
            return self._speaker_of_chunk(
                base + back.end(), base + back.end() + cue.start(), norm_cue(cue.group("cue"))
            )
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
        # a participle after "heard": ``?" a fan can be heard shouting``, read before the
        # plain look, whose name would run on to a later cue ('... heard telling the
        # crowd, according to witnesses')
        m = AFTER_SPK_HEARD.match(window)
        at = m.start("spk") if m else 0
        if m is None:
            who = AFTER_SPK_WHO_CUE.match(window)
            if who is not None and find_cues(who.group("spk")):
                # '," the crowd chanted, and the police, who ..., said': a cue before
                # the relative clause attributes the quote; the later one is another's
                who = None
            m, at = _spk_at_mark(who or AFTER_SPK_CUE.match(window), q.text)
        if m and SILENCE.match(window, m.end()):
            return None  # '"...", the minister said nothing'
        if m and not (closed and REPORTED_CLAUSE.match(window, m.end())):
            return self._speaker_of_chunk(base + at, base + m.end("spk"), norm_cue(m.group("cue")))
        # a present cue after a plural subject: ``," the two write``, ``," write the authors``
        m = AFTER_PLURAL_SPK.match(window) or AFTER_SPK_PLURAL.match(window)
        if m and not (closed and REPORTED_CLAUSE.match(window, m.end())):
            return self._speaker_of_chunk(
                base + m.start("spk"), base + m.end("spk"), norm_cue(m.group("cue"))
            )
        return None


def _spk_at_mark(m: re.Match[str] | None, quoted: str) -> tuple[re.Match[str] | None, int]:
    """``m`` and where its name starts. A name that runs on past a comma straight from a
    closing mark with no punctuation before or after it starts after its last comma:
    the words before are the reporter's (``"We never close" unless the snow blocks the
    road, the innkeeper said``); none is left when the cue comes first (``"..." over the
    holidays, said X``), which the sentence's closing attribution reads."""
    if m is None:
        return None, 0
    at = m.start("spk")
    cut = m.group("spk").rfind(",")
    # ('"...," Wirt, the mayor, said'; also inside a nested quote's marks: ",'")
    if (
        m.string[:at].strip()
        or cut < 0
        or quoted.rstrip().rstrip("'’\"”").endswith((",", ".", "?", "!"))
    ):
        return m, at
    if not m.group("spk")[cut + 1 :].strip():
        return None, 0
    return m, at + cut + 1
