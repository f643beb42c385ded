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
from stream.core.extract.speaker_lexicon import (
    CALENDAR_WORDS,
    CAP_STOP,
    LEAD_PREPOSITION,
    ORG_NOUNS,
    PIECE_BREAK,
)

#: A chunk ending in "which" (``The agency issued a statement which called``).
WHICH_END = re.compile(r"[ \t,]++which[ \t]*+$")
#: What "which" may stand for and still speak: an organization, a place's government.
_SPEAKING = frozenset({"ORG", "GPE", "NORP"})
#: Between a name and "which", the rest of the phrase the name qualifies: a possessive,
#: up to three lowercase words (``Lund's report``, ``the Associated Press report``). No
#: determiner or pronoun: that opens the object of the name's own verb, which "which"
#: stands for (``Nordbank rejected the bid, which``); no past verb right after a bare
#: name (``Nordbank criticized rumors, which``; ``Nordbank's leaked memo`` qualifies).
_QUALIFIED_TAIL = re.compile(
    r"(?:['’]s?+(?:[ \t]++{word}){{0,3}}+|(?:[ \t]++(?![a-z]{{3,20}}+(?<=ed)\b){word}){{0,3}}+)"
    r"[ \t,]*+".format(
        word=r"(?!(?:the|a|an|his|her|its|their|this|that|these|those|our|my|your|it|them|"
        r"him|us|me)\b)[a-z][\w’'-]*+"
    )
)
#: A verb that makes a document (its subject is the document's author): common English
#: verbs as whole words, in their past forms (``issued``, ``has sent``) and the present
#: forms that are no plural noun (``publishes``, not ``issues``, ``posts``).
_ISSUED = re.compile(
    r"\b(?:(?:issu|releas|publish|fil|post|adopt|approv|pass|sign|unveil|submitt|deliver|"
    r"draft)ed|sent|wr(?:ote|itten|ites)|publishes|sends|adopts|approves|unveils|submits|"
    r"delivers|put[ \t]++out)[ \t]"
)


#: The head nouns of a group's phrase that "which" may stand for and that speaks
#: (``The committee, which``): ``ORG_NOUNS`` and other common English nouns of bodies.
_GROUP_NOUNS = ORG_NOUNS | {
    "administration",
    "alliance",
    "assembly",
    "association",
    "authority",
    "board",
    "bureau",
    "cabinet",
    "coalition",
    "commission",
    "corporation",
    "foundation",
    "institute",
    "legislature",
    "organisation",
    "organization",
    "panel",
    "parliament",
    "senate",
    "tribunal",
    "watchdog",
}
#: A group's phrase right before "which": a definite or possessive determiner, up to
#: three words that are no preposition or conjunction (``the dockworkers' union``), its
#: head noun last.
_GROUP_PHRASE = re.compile(
    r"\b(?:[Tt]he|[Ii]ts|[Tt]heir|[Hh]is|[Hh]er|[Oo]ur)[ \t]++"
    r"(?:(?!(?:of|in|for|at|on|from|with|by|to|and|or|but)\b)[\w’'-]++[ \t]++){0,3}?"
    r"(?P<noun>[a-z]++)[ \t,]*+$"
)
#: A name NER missed right before a relative's comma: one to four capitalized words.
UNTAGGED_NAME = re.compile(
    r"(?<![\w’'.&-])(?:[A-Z][\w’'.&-]*+[ \t]++(?=[A-Z])){0,3}+[A-Z][\w’'&-]*+[ \t,]*+$"
)
#: A day or month: a time, never what a speaking relative stands for.
CALENDAR = re.compile(CALENDAR_WORDS)
#: "of" (and an article) right before a phrase: it qualifies a head before it.
OF_BEFORE = re.compile(r"\bof[ \t]++(?:the[ \t]++)?$")
#: A word (its own whitespace after it) right before a name: a verb or a preposition.
WORD_BEFORE = re.compile(r"(?<![\w’'-])(?P<w>[a-z]++)[ \t]++$")


def which_phrase(text: str, ms: Sequence[Mention], cs: int, w0: int) -> tuple[int, int] | None:
    """Where the unnamed phrase a "which" at ``w0`` stands for and that speaks is, in the
    clause from ``cs``, when no name is tagged there: a group's phrase (``The committee,
    which``, ``Lund praised the union, which``) or capitalized words NER missed, as the
    clause's subject or a verb's object (``Nordbank, which``; not ``in Berlin, which``,
    ``on Monday, which``). None otherwise ("the head of the agency, which": unclear)."""
    span = _unnamed_phrase(text, cs, w0)
    if span is None or any(m.end > span[0] and m.start < w0 for m in ms):
        return None  # (a tagged name there: ``which_name`` reads it)
    return span


def _unnamed_phrase(text: str, cs: int, w0: int) -> tuple[int, int] | None:
    """``which_phrase``'s span before the tagged names are looked at."""
    lo = max(cs, w0 - 100)  # bounded: a phrase, not a whole long clause
    group = _GROUP_PHRASE.search(text, lo, w0)
    if group is not None and group.group("noun") in _GROUP_NOUNS:
        if OF_BEFORE.search(text, max(0, group.start() - 8), group.start()):
            return None
        return group.start(), w0
    name = UNTAGGED_NAME.search(text, lo, w0)
    if name is None or name.group(0).split()[0] in CAP_STOP or CALENDAR.search(name.group(0)):
        return None
    if not text[cs : name.start()].strip():
        if not _QUALIFIED_TAIL.fullmatch(text, name.end(), w0):
            return None  # "Nordbank criticized reports, which": its object's "which"
        return name.start(), w0  # the clause's subject
    before = WORD_BEFORE.search(text, max(cs, name.start() - 20), name.start())
    if before is None or LEAD_PREPOSITION.fullmatch(before.group("w")):
        return None
    return (before.start() if before.group("w") == "the" else name.start()), w0


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
