"""What a relative ``which`` stands for when the clause it opens names or says
something (``Lund criticized Nordbank, which called the plan "a farce"``). "which"
never stands for a person: an organization named right before it speaks; a document
(``the Associated Press report, which notes``) carries the words of the name inside it,
or of the one who issued it (``The agency released a report, which described``). Pure
functions over the text and its mentions; ``speaker_chunk`` and ``speaker_fragments``
act on their answers."""

from __future__ import annotations

import re
from collections.abc import Sequence

from stream.core.extract.mention import Mention
from stream.core.extract.speaker_lexicon import PIECE_BREAK

#: A chunk ending in "which" (``The agency issued a statement which called``).
WHICH_END = re.compile(r"[ \t,]++which[ \t]*+$")
#: What "which" may stand for and still speak: an organization, a place's government.
_SPEAKING = frozenset({"ORG", "GPE", "NORP"})
#: Between a name and "which", the rest of the phrase the name qualifies: a possessive,
#: up to three lowercase words (``Lund's report``, ``the Associated Press report``). No
#: determiner or pronoun: that opens the object of the name's own verb, which "which"
#: stands for (``Nordbank rejected the bid, which``).
_QUALIFIED_TAIL = re.compile(
    r"(?:['’]s?)?+(?:[ \t]++(?!(?:the|a|an|his|her|its|their|this|that|these|those|our|"
    r"my|your|it|them|him|us|me)\b)[a-z][\w’'-]*+){0,3}+[ \t,]*+"
)
#: A verb that makes a document (its subject is the document's author): common English
#: verbs as whole words, in their past forms (``issued``, ``has sent``) and the present
#: forms that are no plural noun (``publishes``, not ``issues``, ``posts``).
_ISSUED = re.compile(
    r"\b(?:(?:issu|releas|publish|fil|post|adopt|approv|pass|sign|unveil|submitt|deliver|"
    r"draft)ed|sent|wr(?:ote|itten|ites)|publishes|sends|adopts|approves|unveils|submits|"
    r"delivers|put[ \t]++out)[ \t]"
)


def which_name(text: str, ms: Sequence[Mention], w0: int) -> Mention | None:
    """The name that a "which" at ``w0`` stands for or whose document it is: an
    organization ending right before it (``Nordbank, which``), or any name qualifying
    the phrase before it (``the Associated Press report, which``, ``Lund's report,
    which``). None when the phrase names no one or is a person's bare name."""
    for m in reversed(ms):
        if m.end > w0:
            continue
        tail = _QUALIFIED_TAIL.fullmatch(text, m.end, w0)
        if tail is None:
            return None
        if m.label in _SPEAKING or (m.label == "PERSON" and text[m.end : w0].strip(" \t,")):
            return m
        return None
    return None


def issued_by_subject(clause: str) -> bool:
    """Whether ``clause`` (the words before the document "which" stands for) says its
    subject made the document (``The agency released a report``), not only cited or
    criticized it (``Critics attacked the report``). Only its last piece is read, as
    ``ChunkReader._verb_subject`` reads it: "After Lund released a report, the agency
    criticized a memo, which" names no issuer of the memo."""
    return _ISSUED.search(PIECE_BREAK.split(clause)[-1]) is not None
