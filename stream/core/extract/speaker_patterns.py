"""Attribution patterns: where the speaker sits relative to the quote marks.

1. after the closing mark (``," said Okafor``, ``,” she said``, ``— that was the message
   from X``); 2. before the opening mark (the last cue of the sentence, a short tail after
   it). Plus the small helpers the patterns need (abbreviation masking, cue folding).
"""

from __future__ import annotations

import re

from stream.core.extract.speaker_cues import (
    CUE_ALT,
    CUE_VERBS,
    PART_ALT,
    PARTICIPLES,
    PLURAL_ALT,
    PLURAL_PRESENT,
)
from stream.core.extract.speaker_lexicon import ABBR_DOT, ADV, SUBORDINATOR_ALT

# 1. after the closing mark
# The marks and spaces before the name are read once (``*+``) and so are the spaces
# before the cue (``++``): a backtracking form took 12 s on a quote followed by 300
# spaces (three quantifiers sharing one run). Same speakers (``test_regex_rewrites.py``).
AFTER_SPK_CUE = re.compile(
    rf"^[ \t\u00a0,.!?;:—–-]*+(?P<spk>[^\"“”\n.!?;:]{{1,160}}?)\s++{ADV}(?P<cue>{CUE_ALT})\b",
    re.IGNORECASE,
)
#: The same with a relative clause set off by commas between the name and its cue
#: (``," the engineer, who asked not to be named, said``): the clause's own verb
#: ("asked") is no attribution. Each piece is read once (no comma inside the clause).
AFTER_SPK_WHO_CUE = re.compile(
    rf"^[ \t\u00a0,.!?;:—–-]*+(?P<spk>[^\"“”\n.!?;:]{{1,160}}?),\s*+(?:who|which)\b"
    rf"[^,\"“”\n.!?;:]{{1,100}},\s*+{ADV}(?P<cue>{CUE_ALT})\b",
    re.IGNORECASE,
)
AFTER_CUE_SPK = re.compile(
    # ("told" takes its hearer after it, never its speaker: '," told reporters')
    rf"^[ \t\u00a0,—–-]*(?!(?:told|tells)\b)(?P<cue>{CUE_ALT})"
    r"\s+(?P<spk>[^\"“”\n,.!?;:()]{1,80}?)"
    r"(?=\s*(?:[,.;:!?()\"“”\n]|$)|\s+(?:in|on|at|during|after|before|when|while|of|to|"
    r"who|which|as|adding|told|last|this|yesterday|today|on)\b)",
    re.IGNORECASE,
)
#: The last word of a plural subject: a noun ending in -s (not -ss, not a function
#: word), a number word, "both", "they", "we" ("the authors", "critics", "the two").
_PLURAL_WORD = (
    r"(?:(?!(?:his|its|this|was|has|is|as|us|yes|news|series|always|perhaps|thus)\b)"
    r"[A-Za-z][\w-]*[^\Wsu'’]s|two|three|four|five|both|they|we|people|men|women|children)"
)
#: A bare speech verb right after a plural subject (and adverbs): a present cue.
#: A one-word aside may stand between them ("the three owners, meanwhile, insist").
PLURAL_SUBJECT_BEFORE = re.compile(
    rf"\b{_PLURAL_WORD}(?:,\s+(?-i:[a-z]+),)?\s+{ADV}$", re.IGNORECASE
)
# ``," the two write``, ``," economists warn``
AFTER_SPK_PLURAL = re.compile(
    rf"^[ \t\u00a0,.!?;:—–-]*(?P<spk>[^\"“”\n.!?;:]{{0,140}}?\b{_PLURAL_WORD})\s+{ADV}"
    rf"(?P<cue>{PLURAL_ALT})\b",
    re.IGNORECASE,
)
# ``," write the authors, ...``
AFTER_PLURAL_SPK = re.compile(
    rf"^[ \t\u00a0,—–-]*(?P<cue>{PLURAL_ALT})\s+(?P<spk>[^\"“”\n,.!?;:()]{{0,80}}?\b{_PLURAL_WORD})"
    r"(?=\s*(?:[,.;:!?()\"“”\n]|$))",
    re.IGNORECASE,
)
# '"...?" a fan can be heard shouting', '," she was heard saying': heard + participle
AFTER_SPK_HEARD = re.compile(
    rf"^[ \t\u00a0,.!?;:—–-]*+(?P<spk>[^\"“”\n.!?;:]{{1,120}}?)(?<!\s)\s+"
    rf"(?:(?:can|could|may|might)\s+be|is|are|was|were)\s+heard\s+(?P<cue>{PART_ALT})\b",
    re.IGNORECASE,
)
PLURAL_CUE = re.compile(rf"\b(?P<cue>{PLURAL_ALT})\b", re.IGNORECASE)
# "... — that was the message from Governor Tom Smith", '," came the reply from X'
# ("that" may go: '," was the response from the mayor's office')
AFTER_MESSAGE = re.compile(
    r"^[ \t\u00a0,.!?;:—–-]*(?:(?:that|this|these|those|such)\s+)?(?:was|were|is|are|came)\s+"
    r"(?P<cue>(?:the\s+)?(?:[\w-]+\s+){0,2}?(?:message|words|verdict|warning|view|response|"
    r"reaction|assessment|argument|promise|pledge|plea|reply|answer|retort)\s+(?:from|of))\s+"
    r"(?P<spk>[^\"“”\n,.!?;:()]{1,80}?)(?=\s*(?:[,.;:!?()\"“”\n]|$)|\s+(?:on|in|at|during|"
    r"after|before|when|while|who|which|as|last|this|yesterday|today)\b)",
    re.IGNORECASE,
)
# "in Okafor's words, "...", "in the words of an aide: "...", "to quote the mayor, "..."
IN_WORDS = re.compile(
    r"\b(?:in\s+(?:the\s+)?words\s+of\s+(?P<of>[^,:;\"“”]{2,80}?)|in\s+(?P<own>[^,:;\"“”]{2,60}?)"
    r"['’]s?\s+(?:own\s+)?words|to\s+quote\s+(?P<quote>[^,:;\"“”]{2,80}?))\s*[,:]?\s*$",
    re.IGNORECASE,
)
#: The naming verbs' finite forms (``NAMING_VERB``, ``NAMING_TAIL``, the relative
#: clauses of ``speaker_fragments``).
NAMING_FORMS = "called|calls|dubbed|dubs|labeled|labelled|labels|branded|brands|termed|terms"
#: The naming verbs' participles (``was branded "``, ``a report called "``): the passive
#: readings of ``speaker_fragments`` and ``speaker_partial`` and ``speakers``' title cue.
NAMING_PARTICIPLES = "called|named|dubbed|labell?ed|branded|termed|nicknamed"
# a naming verb right before a fragment, its object between: 'X called it "a sham"',
# 'what his aides call his "clean harbour" plan', 'Y, for one, dubbed the plan "..."'.
# The space runs around the name are read once (an atomic group, ``++``): with three
# adjacent space quantifiers a window of spaces before "so called" took half a second
# per quote. Same speakers (``test_regex_rewrites.py`` checks it against the
# backtracking form): a name never starts with a space, the cue never does. An aside
# set off by commas may hold a number's thousands comma (``which has 40,000 members,``).
NAMING_VERB = re.compile(
    rf"(?:^|[\s,])(?>(?:that|which|what|who|(?i:{SUBORDINATOR_ALT})\b)?\s*)"
    r"(?P<spk>[^,;:.!?\"“”]{0,60}?(?:,(?:[^,;:.!?\"“”]|(?<=\d)[,.](?=\d{3}))"
    r"{1,40},(?:\s*[a-z]+ly(?![a-z]))?)?)"
    rf"(?<!\bso)\s++(?P<cue>{NAMING_FORMS})"
    r"\s+(?!(?:for|on|upon|off|out|up|in|back)\s)(?:[\w’'-]+\s+){0,4}?$"
)
#: What every NAMING_VERB match ends with, checked first: most windows end with no
#: naming verb, and this look-behind search is cheaper than NAMING_VERB's.
NAMING_TAIL = re.compile(
    rf"(?<=\s)(?:{NAMING_FORMS})"
    r"\s+(?!(?:for|on|upon|off|out|up|in|back)\s)(?:[\w’'-]+\s+){0,4}?$"
)
# 2. before the opening mark: the last cue of the sentence, a short tail after it
CUE_ANY = re.compile(rf"\b(?P<cue>{CUE_ALT}|{PART_ALT})\b", re.IGNORECASE)
PARTICIPLE = re.compile(rf"^(?:{PART_ALT})$", re.IGNORECASE)
CLAUSE_BREAK = re.compile(
    r"(?:[;]|,?\s+\b(?:but|while|whereas|although|though|yet|as|when|because)\b|,\s+and\b|^)\s*",
    re.IGNORECASE,
)


def last_clause_start(head: str) -> int:
    """Where the last clause of ``head`` starts: the end of its last ``CLAUSE_BREAK``
    (0 when it is one clause)."""
    end = 0
    for m in CLAUSE_BREAK.finditer(head):
        end = m.end()
    return end


#: First words of every cue: a cheap set lookup before the long alternation is tried.
_CUE_FIRST_WORDS = frozenset(c.split()[0].lower() for c in (*CUE_VERBS, *PARTICIPLES))
_PLURAL_FIRST_WORDS = frozenset(c.split()[0] for c in PLURAL_PRESENT)
_WORD = re.compile(r"[A-Za-z]+")
#: A determiner right before a cue word makes it a noun ("his remarks", "the statement",
#: "a warning"). Not "her" ("heard her say") nor "that" ("the aide that said").
_NOUN_BEFORE = re.compile(r"\b(?:his|their|its|the|a|an|my|our|your|this|these|those)\s+$", re.I)
#: A preposition right before a finite cue form makes it a noun or an adjective too
#: ("responded with chants of", "amid shouts", "in remarks to", "with stated aims");
#: a participle after one is still a verb ("by saying", "after adding").
_PREP_BEFORE = re.compile(r"\b(?:with|of|in|amid|among|from|about|despite|for|on)\s+$", re.I)
#: A past verb right before a cue word that is also a plural noun makes it that verb's
#: object ("denied reports that", "criticized claims", "ignored demands"): no cue.
_PAST_BEFORE = re.compile(r"\b[a-z]{2,20}+(?<=ed)[ \t]++$")
_PLURAL_NOUN_CUES = frozenset(
    {"answers", "chants", "claims", "comments", "cries", "demands", "emails", "jokes"}
    | {"notes", "promises", "remarks", "replies", "reports", "shouts", "tweets"}
)
#: "according to X," followed by a coordinated clause of its own ("..., and Y blamed"):
#: the source vouches for the clause before, not for the quote's.
NEW_CLAUSE_AFTER = re.compile(r"\s*[^,\"“”]{1,80},\s*(?:and|but|while|whereas|yet)\s")


def find_cues(window: str) -> list[re.Match[str]]:
    """Every cue of ``window``, in order. Same matches as ``CUE_ANY.finditer`` but only
    tries the alternation where a word could start one (the regex alone scans ~300
    alternatives at every position)."""
    out = []
    for w in _WORD.finditer(window):
        low = w.group(0).lower()
        if low in _CUE_FIRST_WORDS:
            m = CUE_ANY.match(window, w.start())
            if (
                m
                and not _NOUN_BEFORE.search(window, max(0, w.start() - 7), w.start())
                and not (
                    low in _PLURAL_NOUN_CUES
                    and _PAST_BEFORE.search(window, max(0, w.start() - 22), w.start())
                )
                and not (
                    _PREP_BEFORE.search(window, max(0, w.start() - 9), w.start())
                    and not PARTICIPLE.match(m.group("cue"))
                )
            ):
                out.append(m)
        elif low in _PLURAL_FIRST_WORDS and PLURAL_SUBJECT_BEFORE.search(
            window, max(0, w.start() - 60), w.start()
        ):
            # "the two write", "critics argue": a bare speech verb after a plural subject
            m = PLURAL_CUE.match(window, w.start())
            if m:
                out.append(m)
    return out


def mask_abbrev(window: str) -> str:
    """``Mr. Smith`` -> ``Mr· Smith`` so that a dot means a sentence end (same length)."""
    return ABBR_DOT.sub(lambda m: m.group(0).replace(".", "·"), window)


def norm_cue(cue: str) -> str:
    """Cue as reported: lowercase, single spaces."""
    return re.sub(r"\s+", " ", cue.lower())


def according_aside(window: str, cues: list[re.Match[str]]) -> bool:
    """The last cue is ``, according to X,`` after another cue of the same sentence."""
    if len(cues) < 2 or norm_cue(cues[-1].group("cue")) != "according to":
        return False
    between = window[cues[-2].end() : cues[-1].start()]
    return (
        norm_cue(cues[-2].group("cue")) != "according to"
        and between.rstrip().endswith(",")
        and not re.search(r"[.!?;]\s", between)
    )
