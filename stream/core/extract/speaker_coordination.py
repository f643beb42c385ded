"""Coordinated names at a cue: a subject of two or more names (``Ana Lund and Tom
Okafor said``), which speaks as a whole, and names joined to a preposition's object
(``A spokesman for Lund and Okafor``), which are objects too, not the cue's subject."""

from __future__ import annotations

import bisect
import re

from stream.core.extract.canonical import strip_titles
from stream.core.extract.mention import POSSESSIVE_END, Mention
from stream.core.extract.speaker_lexicon import CAP_STOP, PREP_BEFORE

#: One lowercase word of a description before a name (``council president Tom Becker``,
#: ``former mayor``): no preposition, article, possessive, relative pronoun or
#: conjunction (``A spokesman for``, ``lawyers of``), no participle (``lawyers
#: representing``, ``those named``): those make the name an object, not a speaker.
_DESC_WORD = (
    r"(?!(?:of|for|to|with|by|from|at|in|on|about|against|after|than|like|as|into|over|"
    r"under|between|among|and|or|nor|but|who|whom|whose|which|that|a|an|the|his|her|"
    r"their|its|said|says|told|tells)\b)[a-z][a-z’'-]*+(?<!ing)(?<!ed)[ \t]++"
)
#: A short tag set off by commas after a name: an age (``Lisa Grant, 52,``) or a
#: party and state (``Rep. Ana Lund, D-Texas,``).
_NAME_TAG = r",[ \t]*+(?:\d{1,3}+|[A-Z]-[A-Z][\w.]*+(?:[ \t][A-Z][\w.]*+)?+)"
#: Between two names of a coordinated subject: a comma (a list), or "and"/"&" (with a
#: comma before it; "the" or a possessive determiner after it), either with a described
#: person's description after it (", actor Tomas Lind and critic Ada Mwangi", "and her
#: neighbor Tom Reed"), the first name's tag before it. The ``and`` group tells a
#: list's last gap. Read once (``*+``).
_COORD_GAP = re.compile(
    # (one capitalized word after "and" is a title or a first name NER left out:
    # "Mr. Lund and Ms. Okafor")
    rf"(?:{_NAME_TAG}(?=,))?+[ \t]*+(?:,[ \t]*+(?:{_DESC_WORD}){{0,3}}+)?"
    rf"(?:(?P<and>and|&)[ \t]++(?:(?:the|his|her|their)[ \t]++)?"
    rf"(?:{_DESC_WORD}){{0,3}}+(?:[A-Z][\w’'-]*+\.?+[ \t]++)?)?"
)
#: A noun of time: the head of an adverbial set off before a subject (``The next day,``).
_TIME_NOUN = (
    r"(?:day|week|month|year|morning|afternoon|evening|night|time|weekend|spring|summer|"
    r"fall|autumn|winter)\b"
)
#: A time adverbial and its comma before a subject (``The next day,``, ``Last week,``,
#: ``That evening,``): no conjunct of the list.
_TIME_LEAD = (
    r"(?:(?i:the|that|this|last|next|later|earlier)[ \t]++"
    rf"(?:(?:next|following|same|previous)[ \t]++)?+{_TIME_NOUN},[ \t]*+)?+"
)
#: What may stand before the first name of a coordinated subject: a time adverbial,
#: then "the", up to two
#: capitalized words (a plural title: "Senators", "Reps."), a short description
#: (``council president``), nothing else; a time of day may follow the capitalized
#: words (``Monday evening Lund and Okafor said``: a day and its part, no comma). Or
#: the group named first, the names its appositive: a determiner, a plural noun and
#: its comma (``The candidates, Lund and Okafor``, ``Its two founders, ...``).
_COORD_LEAD = re.compile(
    rf"[ \t]*+{_TIME_LEAD}"
    r"(?:(?i:the|its|his|her|their|both|two|three|four)[ \t]++"
    r"(?:[a-z][\w’'-]*+[ \t]++){0,2}+[a-z][\w’'-]*+"
    r"(?:(?<=[^s’']s)|(?<=men)|(?<=people)|(?<=children)),[ \t]*+)?+"
    r"(?:(?:the|The|[A-Z][\w.’'-]*+)[ \t]++){0,2}+"
    r"(?:(?:morning|afternoon|evening|night)[ \t]++)?+"
    rf"(?:{_DESC_WORD}){{0,3}}+(?:[A-Z][\w.’'-]*+[ \t]++){{0,2}}+"
)
#: A person's tag set off by commas right after a word (``Lund, D-Texas,``).
_TAG_AFTER = re.compile(rf"{_NAME_TAG},")
#: A run of capitalized words (a name NER left untagged, a title before it maybe).
_CAP_RUN = re.compile(r"[A-Z][\w’'-]*+\.?+(?:[ \t]++[A-Z][\w’'-]*+\.?+)*+")
SPEAKING_LABELS = frozenset({"PERSON", "ORG", "GPE"})
#: A word that says a list spoke together (a pattern: also ``speaker_sentence``'s).
TOGETHER = r"(?:both|each|together|jointly)"
#: What may follow the last name: nothing, or a word that says they spoke together
#: (``Lund and Okafor both said``).
_COORD_TAIL = re.compile(
    rf"(?:[ \t]++{TOGETHER}"
    # or an appositive of the group: "Lund and Okafor, the two negotiators,"
    r"|(?:,[ \t]*+(?:the|both|all)[ \t][^,\"“”]{1,40}"
    # or the last name's own tag: "and Rep. Tom Okafor, R-Ohio,"
    rf"|{_NAME_TAG})"
    # either maybe with a word set off by its comma that says they spoke together
    # ("Okafor, R-Ohio, both said", "Okafor, the two negotiators, both said")
    rf"(?:,[ \t]*+{TOGETHER})?+)?"
)


def untagged_names(text: str, ms: list[Mention], c_start: int, c_end: int) -> list[Mention]:
    """Capitalized names in ``[c_start, c_end)`` that no mention covers, as PERSON
    mentions without a canonical: a conjunct NER left out (``Ana Ruiz and Tom Becker
    said``: the small model tags only the second). Two or more words, or one after a
    title (``Mayor Ruiz``) or before an age or party-and-state tag (``Lund, D-Texas,``);
    the title, and a clause opener (``But``), are not part of the name. Only for the
    coordination readers, which accept such a name when it is joined by "and" to a
    tagged one."""
    out: list[Mention] = []
    starts = [m.start for m in ms]  # sorted, no overlaps: one neighbour to check
    for run in _CAP_RUN.finditer(text, c_start, c_end):
        start, end = run.span()
        i = bisect.bisect_left(starts, end)
        if i > 0 and ms[i - 1].end > start:
            continue
        words = run.group(0).split()
        while words and words[0] in CAP_STOP:
            words.pop(0)
        bare = POSSESSIVE_END.sub("", " ".join(words))
        name = strip_titles(bare)
        if not name or (len(name.split()) < 2 and name == bare and not _TAG_AFTER.match(text, end)):
            continue  # one bare word, unless a person's tag follows it ("Lund, D-Texas,")
        n_start = text.find(name.split()[0], start, end)
        n_end = n_start + len(name)
        if n_start < 0 or text[n_start:n_end] != name:
            continue
        possessive = bare != " ".join(words)
        out.append(Mention(n_start, n_end, name, "PERSON", "", possessive))
    return out


def _in_tag(text: str, m: Mention) -> bool:
    """``m`` is the state of a party-and-state tag (``D-Texas``), no conjunct."""
    return text[max(0, m.start - 2) : m.start] in {f"{c}-" for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"}


def coordinated(text: str, ms: list[Mention], c_start: int, c_end: int) -> list[Mention]:
    """The names of a coordinated subject that is the whole chunk ``[c_start, c_end)``
    (``Ana Lund and Tom Okafor``, ``Lund, Okafor and Wirt``, ``the union and the
    company``): two or more persons or organisations, only commas between them and an
    "and" before the last, nothing after the last but ``both``/``together`` or an
    appositive of the group (``, the two negotiators``). Else []."""
    group = _name_list(text, ms, c_end)
    if len(group) < 2 or not _COORD_LEAD.fullmatch(text, c_start, group[0].start):
        return []
    return group


def _name_list(text: str, ms: list[Mention], c_end: int) -> list[Mention]:
    """The names joined as a list up to ``c_end`` (``coordinated`` before its lead check):
    commas between them, "and" before the last, only ``_COORD_TAIL`` after it."""
    names = [
        m for m in ms if m.label in SPEAKING_LABELS and not m.possessive and not _in_tag(text, m)
    ]
    if len(names) < 2 or not _COORD_TAIL.fullmatch(text, names[-1].end, c_end):
        return []
    group = [names[-1]]
    for m in reversed(names[:-1]):
        gap = _COORD_GAP.fullmatch(text, m.end, group[0].start)
        if gap is None or not gap.group(0).strip(" \t"):
            break
        if len(group) > 1 and gap.group("and"):
            break  # "and" only before the last name: "A and B, C" is no list
        if len(group) == 1 and not gap.group("and"):
            break  # a bare comma before the last name: an aside ("Lund, Okafor said")
        group.insert(0, m)
    return group


#: A singular description and its comma before a list of names (``The mayor, Lund and
#: Okafor``): a determiner, up to two words of description, its noun; not a time
#: (``The next day, Lund and Okafor``: an adverbial, no conjunct).
_DESCRIBED_LEAD = re.compile(
    r"[ \t]*+(?i:the|its|his|her|their|our)[ \t]++"
    rf"(?:{_DESC_WORD}){{0,2}}+(?!{_TIME_NOUN})[a-z][\w’'-]*+,[ \t]*+"
)


#: After the chunk, its cue set off by commas and the main clause's verb
#: (``The decision, Lund and Okafor said, was``): an attribution inside the sentence, so
#: the description before the names is the main clause's subject, not a conjunct.
_PARENTHETICAL_CUE = re.compile(
    r"[ \t]*+[a-z]++(?:[ \t]++[a-z]++){0,3}?[ \t]*+,[ \t]*+"
    r"(?:is|are|was|were|will|would|has|have|had|could|should|can|may|might|must|did|does"
    r"|[a-z]{3,20}+(?<=ed))\b"
)


def described_list(text: str, ms: list[Mention], c_start: int, c_end: int) -> bool:
    """The chunk is a singular description, a comma, and a list of tagged names (``The
    mayor, Ana Lund and Tom Okafor``): each conjunct speaks, the description too (or it
    is the first name's), so the coordination as written is the speaker."""
    first = described_list_names(text, ms, c_start, c_end)
    return first is not None and not parenthetical_cue(text, c_end)


def parenthetical_cue(text: str, c_end: int) -> bool:
    """The cue after a chunk ending at ``c_end`` is set off by commas before the main
    clause's verb (``The decision, Lund and Okafor said, was``)."""
    return _PARENTHETICAL_CUE.match(text, c_end) is not None


def described_list_names(text: str, ms: list[Mention], c_start: int, c_end: int) -> int | None:
    """Where the list of names starts when the chunk is a description and a list (see
    ``described_list``), whatever follows the cue; None otherwise."""
    group = _name_list(text, ms, c_end)
    if (
        len(group) >= 2
        and any(m.canonical for m in group)
        and _DESCRIBED_LEAD.fullmatch(text, c_start, group[0].start) is not None
    ):
        return group[0].start
    return None


#: A name's partner described after "and" to the chunk's end: a possessive determiner
#: and a short noun phrase (``Lund and her lawyer``, ``Okafor and his aides``).
_AND_DESCRIBED = re.compile(
    r"[ \t]*+,?[ \t]*+(?:and|&)[ \t]++(?:his|her|their|its)[ \t]++"
    r"(?:[a-z][\w’'-]*+[ \t]++){0,2}[a-z][\w’'-]*+"
)


def with_partner(text: str, ms: list[Mention], c_start: int, c_end: int) -> Mention | None:
    """The name of a chunk that is ``NAME and his/her/their NOUN`` (``Lund and her
    lawyer said``): both speak; None otherwise."""
    names = [m for m in ms if m.label in SPEAKING_LABELS and not m.possessive]
    if (
        names
        and _AND_DESCRIBED.fullmatch(text, names[-1].end, c_end)
        and _COORD_LEAD.fullmatch(text, c_start, names[-1].start)
    ):
        return names[-1]
    return None


#: A participle right before a name governs it (``Lawyers representing Chen Bao``): a
#: lowercase word ending in "ing" (not a time of day: ``Monday evening Lund said``).
_PARTICIPLE_BEFORE = re.compile(r"(?<![\w’'-])(?!morning|evening)[a-z]*+(?<=ing)[ \t]++$")


def prepositional_objects(
    text: str, ms: list[Mention], c_start: int, participle: bool = True
) -> set[int]:
    """Starts of the names in ``ms`` that a preposition or a participle governs: right
    after one, or joined by "and" to one that is (``A spokesman for Lund and Okafor``,
    ``Lawyers representing Lund and Okafor``). ``participle=False``: prepositions only
    (a clause's "a withering Post editorial" keeps the Post)."""
    out: set[int] = set()
    last_end = -1
    for m in ms:
        gap = _COORD_GAP.fullmatch(text, last_end, m.start) if last_end >= 0 else None
        # "and" in the gap: a comma alone may set off an appositive ("the leader of the
        # League, Jonathan Greenblatt, warned": the name is the subject)
        before = text[max(c_start, m.start - 25) : m.start]
        if (
            (gap is not None and gap.group("and"))
            or PREP_BEFORE.search(before)
            or (participle and _PARTICIPLE_BEFORE.search(before))
        ):
            out.add(m.start)
            last_end = m.end
    return out


def owners(text: str, ms: list[Mention]) -> set[int]:
    """Starts of the names joined by "and" to a possessive name after them: owners too
    (``Lund and Okafor's lawyer said``: the lawyer speaks, not Lund)."""
    out: set[int] = set()
    nxt: Mention | None = None
    for m in reversed(ms):
        gap = _COORD_GAP.fullmatch(text, m.end, nxt.start) if nxt is not None else None
        if (
            nxt is not None
            and gap is not None
            and gap.group("and")
            and (nxt.possessive or nxt.start in out)
        ):
            out.add(m.start)
        nxt = m
    return out


#: A chunk ending in a possessive name and its noun (``... Okafor's lawyer``).
OWNED_TAIL = re.compile(r"['’]s?[ \t]++(?:[\w-]++[ \t]++){0,3}[a-z][\w-]*+$")


def joined(text: str, group: list[Mention], names: list[str]) -> str:
    """The speaker of a coordinated ``group``: its ``names`` (each at its fullest) joined
    by the list's own commas and "and"/"&" (a title or "the" between is dropped)."""
    out = names[0]
    for a, b, name in zip(group, group[1:], names[1:], strict=False):
        gap = text[a.end : b.start]
        tag = re.match(_NAME_TAG, gap)
        gap = gap[tag.end() + 1 :] if tag else gap  # "Lund, 52, and Okafor": no list comma
        words = [w for w in gap.replace(",", " ").split() if w in ("and", "&")]
        out += ("," if "," in gap else "") + "".join(f" {w}" for w in words) + f" {name}"
    return out
