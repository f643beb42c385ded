"""Two readings of a quoted fragment that depend on the words around it, not on a cue:
whose words a fragment in a ``who`` (or ``which``) clause is (``The mayor, who called the plan "a
disaster," said nothing``: the mayor's), and whether a fragment is the name of a work
NER tags as one (``The band played "Born in the USA"``: no one's words). Split from
``speakers.py``, which calls them in its order of attempts."""

from __future__ import annotations

import bisect
import re

from stream.core.extract.mention import Mention
from stream.core.extract.quotes import QuoteSpan
from stream.core.extract.speaker_coordination import SPEAKING_LABELS
from stream.core.extract.speaker_lexicon import (
    AUX_ONLY,
    CAP_STOP,
    LEAD_PREPOSITION,
    MAX_LOOK,
    TRAILING_AUX,
)
from stream.core.extract.speaker_partial import AGENT_NOUN
from stream.core.extract.speaker_patterns import (
    NAMING_FORMS,
    NAMING_PARTICIPLES,
    NAMING_TAIL,
    find_cues,
    last_clause_start,
    norm_cue,
)
from stream.core.extract.speaker_resolve import Attribution
from stream.core.extract.speaker_story import with_speaker
from stream.core.extract.speaker_subject import SubjectReader
from stream.core.extract.speaker_which import (
    CALENDAR,
    OF_BEFORE,
    UNTAGGED_NAME,
    WORD_BEFORE,
    issued_by_subject,
    which_name,
    which_phrase,
)

#: A naming verb anywhere in such a clause (``who has long called the plan "``).
_NAMING_WORD = re.compile(rf"\b(?:{NAMING_FORMS}|call|nicknamed)\b")
#: The "who" of such a clause (``The mayor, who called the plan "``).
_WHO_RELATIVE = re.compile(r",[ \t]*+whom?\b[^,;:\"“”\n—–]*+$")
#: The "which" of such a clause (``Lund criticized Nordbank, which called the plan "``).
_WHICH_RELATIVE = re.compile(r",[ \t]*+which\b[^,;:\"“”\n—–]*+$")
#: A "who" with its own subject after it (``Obama, who he noted was "``): the object of
#: that clause's verb, not its speaker.
_WHO_OBJECT = re.compile(r",[ \t]*+(?:whom\b|who[ \t]++(?:he|she|they|we|I|[A-Z]))")
#: The "who" or "whom" opening such a clause, and the words after it.
_WHO_LEAD = re.compile(r",[ \t]*+(?P<who>whom?)[ \t]++")
#: Adverbs with a plural noun's ending (``who always called``): no subject of a clause.
_S_ADVERBS = frozenset({"always", "sometimes", "perhaps", "afterwards", "besides", "towards"})
#: The "which" opening such a clause; a subject "which" has only auxiliaries, adverbs
#: (``AUX_ONLY``) and a short adverbial before its verb (``which has long called``).
#: Any other word is the clause's own subject, "which" its object: ``which he called``,
#: ``which an FBI investigation said was``, ``which critics called`` (their words).
_WHICH_LEAD = re.compile(r",[ \t]*+which[ \t]++")
#: A short time or prepositional phrase a subject "which" may take before its verb
#: (``which in turn called``, ``which last week said``, ``which in a statement
#: called``): its opening word, then up to three words (``_ADVERBIAL_WORD``).
_ADVERBIAL_OPENER = re.compile(
    r"(?:in|on|at|during|after|before|since|until|through|last|earlier|late|early)[ \t]++"
)
_ADVERBIAL_WORD = re.compile(r"[\w’'-]++[ \t]++")
#: An object characterised right before the marks (``dismissed the report as "``,
#: ``slammed her as "``): the subject's own words for it, as after a naming verb. Not
#: after a participle (``known as "``, ``released as "``): that names a thing; nor in
#: ``such as``, ``as well as``, ``the same as`` (examples and comparisons, not words).
_CHARACTERISED_AS = re.compile(
    r"\b(?!\w+(?:ed|en|wn)\b|(?:such|well|same|just|so|much)\b)\w++[ \t]++as[ \t]*+$"
)
#: A personal pronoun as a subject (of a clause inside a relative one).
_SUBJECT_PRONOUN = re.compile(r"\b(?:he|she|they|we|I|you)\b")
#: A naming verb in the passive (``being dubbed``): its subject is the one named.
_PASSIVE_NAMING = re.compile(
    r"\b(?:be|been|being|is|are|was|were|gets?|got)[ \t]++(?:\w+ly[ \t]++)?"
    rf"(?:{NAMING_PARTICIPLES})\b"
)
#: A name's place after it (``Marco Rubio of Florida``).
_OF_PLACE = re.compile(r"[ \t]++(?:of|from)[ \t]++")
#: A name, then its place (``Ana Lund of``), right before a capitalized place name.
_OF_PLACE_BEFORE = re.compile(
    r"(?<![\w’'.&-])(?P<name>(?:[A-Z][\w’'.-]*+[ \t]++(?=[A-Z])){0,2}+[A-Z][\w’'-]*+)"
    r"[ \t]++(?:of|from)[ \t]++(?:the[ \t]++)?$"
)
#: A plural noun right before a relative's comma after a word that is no determiner,
#: conjunction or "of" (``cited economists, who``; not ``the economists``, ``and
#: economists``, ``a group of farmers``).
_PLURAL_OBJECT = re.compile(
    r"(?<![\w’'-])(?!(?:the|a|an|his|her|its|their|our|my|your|these|those|some|many|"
    r"all|and|or|of|both|other|most|few|several)\b)[a-z]++[ \t]++(?P<n>[a-z]++)[ \t]*+$"
)
#: A determiner opening a noun phrase (the head a relative "who" may stand for).
_HEAD_DETERMINER = re.compile(r"\b(?:[Tt]he|[Aa]n?|[Hh]is|[Hh]er|[Tt]heir|[Ii]ts|[Oo]ur)[ \t]")
#: A preposition right before (``of the agency``, ``across the country``): that phrase
#: is no head.
_AFTER_PREPOSITION = re.compile(
    rf"\b(?:{LEAD_PREPOSITION.pattern}|like|than|as|between|into)[ \t]++$", re.IGNORECASE
)
#: What may stand before a work's tagged name inside its marks: nothing or an article.
_ARTICLE_LEAD = re.compile(r"(?:(?:The|A|An)[ \t]++)?")


def who_head(
    r: SubjectReader, s0: int, n0: int, open_mark: int, *, named: bool = False
) -> Attribution | None:
    """The phrase a relative ``who`` opened before ``open_mark`` refers to: the
    phrase right before its comma (``The mayor, who called``), when the relative
    clause names or says something (a naming verb or a speech cue). ``named``: only
    a name ending right before the comma (``Lund criticized Okafor, who``) or a verb's
    described object (``The league suspended the player, who``)."""
    who = _WHO_RELATIVE.search(r.text, n0, open_mark)
    if who is None or not (_NAMING_WORD.search(who.group(0)) or find_cues(who.group(0))):
        return None  # "The actor, who starred in "X-Men"": the clause says nothing
    clause = who.group(0)
    h0 = max(s0, who.start() - MAX_LOOK)  # bounded: one sentence may be huge
    cs = h0 + last_clause_start(r.text[h0 : who.start()])
    if (namer := _who_object_namer(r, cs, who.start(), clause)) is not None:
        return namer  # 'Okafor, whom critics called "': the critics
    if (
        _WHO_OBJECT.match(clause)
        or _PASSIVE_NAMING.search(clause)
        or (named and _SUBJECT_PRONOUN.search(clause))
    ):
        # "Obama, who he noted was": "who" is no subject; "X, who forced me ... when
        # she called him": the naming verb has a subject of its own; "Clinton, who
        # could be celebrating being dubbed": someone else names her so
        return None
    # "who" stands for the phrase right before its comma, not the clause's subject
    # ("Prosecutors charged the trader, who": the trader): a name ending there, or
    # the phrase of the last determiner not after a preposition ("the head of the
    # agency, who": the head)
    ms = [m for m in r._mentions_in(cs, who.start()) if m.label in SPEAKING_LABELS]
    if ms and not r.text[ms[-1].end : who.start()].strip():
        m = ms[-1]
        if len(ms) > 1 and _OF_PLACE.fullmatch(r.text, ms[-2].end, m.start):
            m = ms[-2]  # "Sen. Marco Rubio of Florida, who": the person from there
        if not OF_BEFORE.search(r.text, max(cs, m.start - 12), m.start):
            # ("the head of Nordbank, who": the head, not Nordbank; "Contrast that
            # with Trump, who" is Trump)
            return with_speaker(r._named(m, None))
    # (bounded: a phrase, not a whole long sentence, is searched)
    head = cs
    for det in _HEAD_DETERMINER.finditer(r.text, max(cs, who.start() - 120), who.start()):
        if not _AFTER_PREPOSITION.search(r.text, max(cs, det.start() - 10), det.start()):
            head = det.start()
    if (
        head == cs
        and _gap_subject(clause) is None  # ("Okafor, who many called": not Okafor's)
        and (obj := _bare_object(r, cs, who.start(), ms)) is not None
    ):
        return obj
    if named and (head == cs or r.text[cs:head].rstrip().endswith(",")):
        # only a verb's object ("The league suspended the player, who"), not the
        # clause's own subject nor an appositive ("Haas, 71, a retired teacher, who")
        return None
    return with_speaker(r._speaker_of_chunk(head, who.start(), None))


#: What may follow a naming verb that ends its clause: an article (``called a "``).
_VERB_LAST = re.compile(r"[ \t,]*+(?:(?:a|an|the)[ \t]*+)?")
#: A subject with its determiner (``his critics``, ``the press``, ``the Times``).
_DETERMINED = re.compile(r"(?:his|her|their|its|the|our|my|your)[ \t]++\S")
#: A time word in a capitalized subject (``Sunday night``, ``Easter weekend``).
_TIME_WORD = re.compile(r"\b(?:morning|afternoon|evening|night|weekend|week)\b")


def _verb_last_subject(
    clause: str, lead_re: re.Pattern[str]
) -> tuple[re.Match[str], re.Match[str], str] | None:
    """``(relative, naming verb, its subject)`` when a relative ``clause`` (its pronoun
    ``lead_re``) ends in its naming verb with words of its own before it, their
    auxiliaries left out (``which the governor had called``). None otherwise."""
    lead = lead_re.match(clause)
    verb = _NAMING_WORD.search(clause)
    if lead is None or verb is None or not _VERB_LAST.fullmatch(clause, verb.end()):
        return None  # not "which X called "": the verb has more words after it
    words = clause[lead.end() : verb.start()].rstrip()
    if len(words) > 80:
        return None  # (bounded before the tail regex: a clause may be huge)
    subject = TRAILING_AUX.sub("", words)
    return (lead, verb, subject) if subject else None


def _gap_subject(clause: str) -> tuple[re.Match[str], re.Match[str], str] | None:
    """``(who, naming verb, words between)`` when a ``, who ...`` ``clause`` ends in its
    naming verb with a short subject of its own before it (``who critics called``): an
    object gap, so "who" is the one named, never the one naming. None otherwise."""
    gap = _verb_last_subject(clause, _WHO_LEAD)
    if gap is None or len(gap[2].split()) > 4 or AUX_ONLY.fullmatch(gap[2]):
        return None
    return gap


def _who_object_namer(r: SubjectReader, cs: int, w0: int, clause: str) -> Attribution | None:
    """The subject of a naming verb whose object is a relative ``who``/``whom`` at
    ``w0`` (``Lund praised Okafor, who critics called "``: the critics; ``whom she
    called``: she, resolved), the verb ending the clause. A "they" is the main clause's
    subject from ``cs`` when that is a plural noun (``Fans booed Lund, who they
    called``), else no one: never the one named. None when the clause is no such shape
    (``who has long called``: "who" is the subject)."""
    gap = _gap_subject(clause)
    if gap is None:
        return None
    lead, verb, subject = gap
    plural = subject.islower() and " " not in subject and subject not in _S_ADVERBS
    if subject[:1].isupper() and (
        CALENDAR.search(subject) or subject.split()[0] in CAP_STOP or _TIME_WORD.search(subject)
    ):
        return None  # "who Monday called", "who Sunday night called": when, not who
    if not (
        lead.group("who") == "whom"
        or subject in ("he", "she", "they")
        or subject[:1].isupper()
        or (plural and AGENT_NOUN.search(subject))
        or _DETERMINED.match(subject)
    ):
        return None
    start, cue = w0 + lead.end(), norm_cue(verb.group(0))
    if subject == "they":
        main = r._verb_subject(cs, r.text[cs:w0], None)
        if main is None or main.speaker is None or main.canonical:
            return Attribution(None, None, cue, pronoun=True)
        last = main.speaker.split()[-1]
        ok = last.islower() or last == main.speaker.split()[0]  # "Fans", "the fans"
        if ok and AGENT_NOUN.search(last.lower()):
            return Attribution(main.speaker, None, cue, True, start, start + 4)
        return Attribution(None, None, cue, pronoun=True)
    att = r._speaker_of_chunk(start, start + len(subject), cue)
    named = [m for m in r._mentions_in(cs, w0) if not r.text[m.end : w0].strip()]
    if att is None or (att.canonical and named and named[-1].canonical == att.canonical):
        return None  # ("Lund praised Okafor, who he called": "he" is not Okafor)
    return with_speaker(att)


def _bare_object(r: SubjectReader, cs: int, w0: int, ms: list[Mention]) -> Attribution | None:
    """A verb's object with no determiner right before a relative "who" at ``w0`` (its
    clause from ``cs``): a name NER missed (``Lund criticized Okafor, who``; ``went to
    Ana Lund of Nordbank, who``: the person from there) or a plural noun of people
    (``The report cited economists, who``). Never the clause's own subject."""
    text = r.text
    name = UNTAGGED_NAME.search(text, max(cs, w0 - 60), w0)
    if name is not None and not any(m.end > name.start() and m.start < w0 for m in ms):
        start = name.start()
        if name.group(0).split()[0] in CAP_STOP or CALENDAR.search(name.group(0)):
            return None
        place = _OF_PLACE_BEFORE.search(text, max(cs, start - 60), start)
        if place is not None:
            start = place.start()  # "Ana Lund of Nordbank": the person from there
        before = WORD_BEFORE.search(text, max(cs, start - 20), start)
        if before is None or before.group("w") in ("of", "from", "and", "or"):
            return None  # the clause's subject, "the head of Nordbank", a list
        return with_speaker(
            r._speaker_of_chunk(start, start + len(place.group("name")) if place else w0, None)
        )
    noun = _PLURAL_OBJECT.search(text, max(cs, w0 - 40), w0)
    if noun is None or not AGENT_NOUN.search(noun.group("n")):
        return None
    return with_speaker(r._speaker_of_chunk(noun.start("n"), noun.end("n"), None))


def _which_is_subject(clause: str) -> bool:
    """Whether the naming word or cue of a ``, which ...`` ``clause`` follows "which"
    with nothing but auxiliaries, adverbs and a short adverbial phrase between: "which"
    says it."""
    lead = _WHICH_LEAD.match(clause)
    if lead is None:
        return False
    at = _after_aux(clause, lead.end())
    if _verb_at(clause, at):
        return True
    opener = _ADVERBIAL_OPENER.match(clause, at)
    if opener is None:
        return False
    at = opener.end()
    for _ in range(3):  # "in turn", "in a statement", "earlier this year"
        word = _ADVERBIAL_WORD.match(clause, at)
        if word is None:
            return False
        at = word.end()
        if _verb_at(clause, _after_aux(clause, at)):
            return True
    return False


def _after_aux(clause: str, at: int) -> int:
    """Where the auxiliaries and adverbs (``AUX_ONLY``) from ``at`` end."""
    aux = AUX_ONLY.match(clause, at)  # always matches, perhaps nothing
    return aux.end() if aux else at


def _verb_at(clause: str, at: int) -> bool:
    """Whether a naming word or a cue opens ``clause[at:]`` (read on a cue's reach)."""
    rest = clause[at : at + 60]
    cues = find_cues(rest)
    return bool(_NAMING_WORD.match(rest) or (cues and cues[0].start() == 0))


def _speaking_which(r: SubjectReader, n0: int, open_mark: int) -> re.Match[str] | None:
    """A relative ``, which ...`` before the fragment whose clause names or says
    something, read here (not a passive, not one with a pronoun subject of its own)."""
    which = _WHICH_RELATIVE.search(r.text, n0, open_mark)
    if which is None or not (_NAMING_WORD.search(which.group(0)) or find_cues(which.group(0))):
        return None
    clause = which.group(0)
    if _PASSIVE_NAMING.search(clause) or _SUBJECT_PRONOUN.search(clause):
        return None  # "which is called", "which he called": read elsewhere
    return which


def which_says_unresolved(r: SubjectReader, n0: int, open_mark: int) -> bool:
    """ "which" itself names or says the fragment (``Lund rejected the bid, which
    described the site as "``) and ``which_head`` found no one it stands for: a thing,
    whose words are no one's here, so the sentence's subject is not the speaker."""
    which = _speaking_which(r, n0, open_mark)
    return which is not None and _which_is_subject(which.group(0))


def which_head(r: SubjectReader, s0: int, n0: int, open_mark: int) -> Attribution | None:
    """The name a relative ``which`` stands for (``speaker_which.which_name``), when
    the clause names or says something (``Lund criticized Nordbank, which called it
    "``: Nordbank's words), or the issuer of the document it stands for (``The agency
    released a report, which described``). None when the phrase before the comma names
    no one."""
    which = _speaking_which(r, n0, open_mark)
    if which is None:
        return None
    clause = which.group(0)
    if not _which_is_subject(clause):
        # "which critics called": the clause's own subject names it so
        return _which_object_namer(r, which.start(), clause)
    h0 = max(s0, which.start() - MAX_LOOK)  # bounded: one sentence may be huge
    ms = r._mentions_in(h0, which.start())
    m = which_name(r.text, ms, which.start())
    if m is None:
        # no name tagged there: a group's phrase or a name NER missed ('The committee,
        # which called', 'Nordbank, which called')
        cs = h0 + last_clause_start(r.text[h0 : which.start()])
        span = which_phrase(r.text, ms, cs, which.start())
        if span is not None:
            return with_speaker(r._speaker_of_chunk(*span, None))
        if issued_by_subject(before := r.text[cs : which.start()]):
            return with_speaker(r._verb_subject(cs, before, None))
        return None
    if OF_BEFORE.search(r.text, max(h0, m.start - 12), m.start):
        return None  # ("the head of Nordbank, which": what "which" stands for is unclear)
    return with_speaker(r._named(m, None))


def _which_object_namer(r: SubjectReader, w0: int, clause: str) -> Attribution | None:
    """The subject of a naming verb whose object is a relative ``which`` (``Lund
    praised the plan, which critics called "``: the critics), its auxiliaries left out
    (``which the governor had called``). None when no naming verb ends the clause (a
    cue's "which an inquiry said was" is read elsewhere), the subject is long, or it is
    one lowercase word that is no plural noun (``which many called``: no one)."""
    gap = _verb_last_subject(clause, _WHICH_LEAD)
    if gap is None or len(gap[2].split()) > 6:
        return None
    lead, _, subject = gap
    if subject.islower() and " " not in subject and not AGENT_NOUN.search(subject):
        return None  # "which many called", "which it called": no one, or read elsewhere
    return with_speaker(r._speaker_of_chunk(w0 + lead.end(), w0 + lead.end() + len(subject), None))


def work_title(text: str, ms: list[Mention], starts: list[int], q: QuoteSpan) -> bool:
    """The fragment ``q`` is the name of a work that NER tags as one (a WORK_OF_ART
    mention of ``ms``, whose ``starts`` are given, covering the quoted words: ``played
    "Born in the USA"``, ``her documentary "The Last River"``): a title, which no one
    says. Not after a naming verb (``Lund called it "The Big Lie"`` is Lund's phrase)
    or an object's ``as`` (``dismissed the report as "Fake News"``)."""
    core = q.text.strip().rstrip(",.;:").rstrip()
    if not core or len(core) > 120:
        return False
    w0 = max(0, q.open_mark - 40)
    if NAMING_TAIL.search(text, w0, q.open_mark) or _CHARACTERISED_AS.search(text, w0, q.open_mark):
        return False
    i = bisect.bisect_left(starts, q.start)
    end = q.start + len(core)
    # the mention starts at the first word (or after a leading article) and reaches
    # the last word
    while i < len(ms) and ms[i].start < end:
        m = ms[i]
        if (
            m.label == "WORK_OF_ART"
            and end <= m.end <= q.close_mark
            and _ARTICLE_LEAD.fullmatch(text, q.start, m.start)
        ):
            return True
        i += 1
    return False
