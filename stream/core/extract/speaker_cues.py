"""Speech cues: the verbs (and participles) a reporter uses to say someone spoke.

General English only, never words from a data set. The -s, -ed and -ing forms of
``SPEECH_VERBS_BASE`` are generated, and ``CUE_ALT``/``PART_ALT`` are the regex
alternations every attribution pattern builds on (longest first, so "shot back" wins
over "shot"). Kept apart from ``speaker_lexicon`` (the noun-phrase and clause regexes)
because the cue vocabulary is one concern that grows on its own.
"""

from __future__ import annotations

import re

CUE_VERBS = (
    "said",
    "says",
    "say",
    "told",
    "tells",
    "stated",
    "states",
    "added",
    "adds",
    "asked",
    "asks",
    "wrote",
    "writes",
    "noted",
    "notes",
    "posted",
    "tweeted",
    "declared",
    "declares",
    "explained",
    "explains",
    "insisted",
    "insists",
    "argued",
    "argues",
    "warned",
    "warns",
    "replied",
    "replies",
    "responded",
    "responds",
    "continued",
    "continues",
    "concluded",
    "announced",
    "announces",
    "underscored",
    "underscores",
    "stressed",
    "stresses",
    "emphasized",
    "emphasised",
    "emphasizes",
    "highlighted",
    "defended",
    "acknowledged",
    "admitted",
    "conceded",
    "claimed",
    "claims",
    "observed",
    "remarked",
    "recalled",
    "cautioned",
    "urged",
    "vowed",
    "promised",
    "predicted",
    "complained",
    "joked",
    "quipped",
    "shouted",
    "whispered",
    "confirmed",
    "denied",
    "asserted",
    "asserts",
    "maintained",
    "contended",
    "mused",
    "countered",
    "agreed",
    "boasted",
    "lamented",
    "pleaded",
    "testified",
    "ruled",
    "wrote",
    "texted",
    "messaged",
    "explained",
    "described",
    "commented",
    "suggested",
    "pointed out",
    "questioned",
    "wondered",
    "put it",
    "puts it",
    "went on",
    "according to",
)
PARTICIPLES = (
    "saying",
    "adding",
    "asking",
    "noting",
    "writing",
    "telling",
    "declaring",
    "explaining",
    "arguing",
    "insisting",
    "warning",
    "stating",
    "posting",
    "tweeting",
    "stressing",
    "calling it",
    "replying",
    "responding",
    "quipping",
)
#: More speech and writing verbs (base form): their -s, -ed and -ing forms are cues too.
SPEECH_VERBS_BASE = (
    "bark",
    "blast",
    "conclude",
    "demand",
    "email",
    "exclaim",
    "fire back",
    "hit back",
    "interject",
    "interrupt",
    "mock",
    "muse",
    "note",
    "opine",
    "proclaim",
    "quip",
    "recount",
    "reiterate",
    "remark",
    "respond",
    "retort",
    "roar",
    "scoff",
    "scold",
    "shoot back",
    "shout",
    "snap",
    "state",
    "tweet",
    "yell",
    "chant",
    "counter",
    "declare",
    "joke",
    "lament",
    "plead",
    "predict",
    "reply",
    "ask",
    "add",
    "answer",
    "announce",
    "boast",
    "comment",
    "complain",
    "confide",
    "elaborate",
    "explain",
    "gush",
    "insist",
    "marvel",
    "observe",
    "promise",
    "recall",
    "report",
    "sigh",
    "speculate",
    "stress",
    "summarize",
    "testify",
    "warn",
    "write",
    "press",
    "exhort",
    "scream",
    "chime in",
    "cry out",
    "agree",
    "issue a statement",
    "release a statement",
    "mention",
    "allege",
    "sing",
)
#: Speech verbs whose bare form is a cue after a plural subject ("the two write",
#: "critics argue", "economists warn"): verbs that are seldom nouns, so "the sales
#: report" or "a note" never reads as one.
PLURAL_PRESENT = (
    "write",
    "argue",
    "warn",
    "tell",
    "insist",
    "explain",
    "add",
    "ask",
    "claim",
    "contend",
    "maintain",
    "suggest",
    "conclude",
    "declare",
    "acknowledge",
    "admit",
    "concede",
    "predict",
    "complain",
    "caution",
    "urge",
    "observe",
    "reply",
    "respond",
    "recall",
    "agree",
    "point out",
    "wonder",
    "note",
)
_IRREGULAR = {
    "write": ("writes", "wrote", "writing"),
    "shoot back": ("shoots back", "shot back", "shooting back"),
    "fire back": ("fires back", "fired back", "firing back"),
    "hit back": ("hits back", "hit back", "hitting back"),
    "snap": ("snaps", "snapped", "snapping"),
    "scold": ("scolds", "scolded", "scolding"),
    "agree": ("agrees", "agreed", "agreeing"),
    "sing": ("sings", "sang", "singing"),
}


def _forms(base: str) -> tuple[str, str, str]:
    """(-s, past, -ing) of a regular verb (or the irregular table)."""
    if base in _IRREGULAR:
        return _IRREGULAR[base]
    head, _, rest = base.partition(" ")
    tail = f" {rest}" if rest else ""
    third = head + ("es" if head.endswith(("sh", "ch", "ss", "x")) else "s")
    if head.endswith("e"):
        past, ing = head + "d", head[:-1] + "ing"
    elif head.endswith("y") and head[-2] not in "aeiou":
        past, ing, third = head[:-1] + "ied", head + "ing", head[:-1] + "ies"
    else:
        past, ing = head + "ed", head + "ing"
    return third + tail, past + tail, ing + tail


CUE_VERBS = (
    *CUE_VERBS,
    "reads",
    "read",
    *(f for b in SPEECH_VERBS_BASE for f in _forms(b)[:2]),
)
PARTICIPLES = (*PARTICIPLES, *(_forms(b)[2] for b in SPEECH_VERBS_BASE))


def _alt(phrases: tuple[str, ...]) -> str:
    """A regex alternation of ``phrases``, longest first so "shot back" wins over "shot";
    ties by text, so the pattern is the same in every process (a set's order follows the
    per-process string hash seed)."""
    return "|".join(
        sorted({re.escape(c).replace(r"\ ", r"\s+") for c in phrases}, key=lambda c: (-len(c), c))
    )


CUE_ALT = _alt(CUE_VERBS)
PART_ALT = _alt(PARTICIPLES)
PLURAL_ALT = _alt(PLURAL_PRESENT)
