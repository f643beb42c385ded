"""Closed word lists shared by the fact and salient-feature extractors."""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Capitalized words that carry no identity: sentence starters, pronouns, titles, days.
CAP_STOP: frozenset[str] = _words(
    """a an the and but or nor so yet for of in on at to by with from as into over after
    before since until while when where what which who whom whose why how this that these
    those there here it its he she his her they their them we our you your i me my mr mrs
    ms dr sir st mt if then than also both each all any some no not none one many more most
    other such only even just still however meanwhile earlier later last next first new
    president senator governor minister secretary chief director spokesperson spokesman
    spokeswoman officials official police reporters says said according
    monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec am pm"""
)

# Lowercase connectors inside a name: Tren de Aragua, Office of Legal Counsel.
NAME_JOINERS: frozenset[str] = _words("de del della la le da dos das van von der al bin of")

# Spelled-out figures: a changed "five" -> "six" is a changed fact.
NUMBER_WORDS: frozenset[str] = _words(
    """zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen
    fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy
    eighty ninety hundred hundreds thousand thousands million millions billion billions
    dozen dozens half"""
)

# Units that make a bare number a salient figure: "$50 million", "157,000 tons".
UNITS: frozenset[str] = _words(
    """million billion trillion thousand percent per cent people dead killed injured tons
    tonnes dollars euros pounds points goals runs votes seats years"""
)

# Function words and reporting verbs: no evidence of which event a story reports.
STOP: frozenset[str] = CAP_STOP | _words(
    """about above across again against along already although always among another
    around away back because been being below between beyond can cannot could did does
    doing done down during either else enough ever every few further had has have having
    himself herself itself themselves ourselves yourself into just least less like made
    make makes may might must near need neither never now off often once onto others
    otherwise out over own per perhaps quite rather really same say saying see seen
    several shall should since some something sometimes soon take taken than that the
    their theirs them themselves then there thereby therefore these they thing things
    think this those though through throughout thus too toward towards under unless unlike
    upon us used using very via was way ways were whether which while whose will with
    within without would year years yes told tell tells week weeks day days time times
    are is was be get got going gone including include includes around told asked added
    went come came comes want wanted well good great big little long high low old new
    going among per cent percent its it's didn don doesn isn wasn aren weren won wouldn"""
)
