"""Named entities: spaCy NER mentions, corrected by context rules, grouped by canonical.

Output granularity: **one ``Entity`` per canonical** (``count`` = its mentions). The
entity's ``text``/``start``/``end`` point at its *fullest* mention (the longest one,
earliest on ties), which is the mention a reader would pick to name it. Per-mention
offsets stay available internally (``Mention``) for the quote attribution.

Why the rules: ``en_core_web_sm`` makes systematic mistakes on wire copy (``Wirt's``
as ORG, ``Tren de Aragua`` as PERSON, ``Cartel of the Suns`` split in two). Each rule
below is a general reading of the context, never a list of names:

* a mention that is the last word of a PERSON full name in the same story, or that
  follows a personal title, is a PERSON;
* something whose name holds a group word, or that the text calls a cartel, gang,
  group, party or organization, is an ORG;
* ``Cartel`` + ``of the`` + ``Suns`` is one ORG name;
* a PERSON whose base also appears as a GPE (``Venezuela's``) is a GPE;
* lowercase "entities" and bare punctuation are dropped.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter

from spacy.tokens import Doc

from schemas import Entity
from stream.core.extract.aliases import ALIAS_BETWEEN, entity_key, naming_apposition
from stream.core.extract.canonical import CACHE_SIZE, TITLES, canonical_form, key, surface_name
from stream.core.extract.mention import POSSESSIVE_END, Mention
from stream.core.extract.missed import LIST_SEP, add_group_names, add_list_names

#: Labels kept as named entities (numbers, dates and amounts are not names).
NAMED_LABELS: frozenset[str] = frozenset(
    {
        "PERSON",
        "ORG",
        "GPE",
        "NORP",
        "LOC",
        "FAC",
        "EVENT",
        "PRODUCT",
        "WORK_OF_ART",
        "LAW",
        "LANGUAGE",
    }
)

GROUP_WORDS = (
    "cartel",
    "cartels",
    "gang",
    "gangs",
    "group",
    "groups",
    "party",
    "parties",
    "organization",
    "organizations",
    "organisation",
    "organisations",
    "militia",
    "militias",
    "movement",
    "front",
    "brigade",
    "brigades",
    "army",
    "union",
    "alliance",
    "coalition",
    "syndicate",
    "network",
    "faction",
    "club",
    "team",
    "company",
    "firm",
    "agency",
    "bank",
    "council",
    "committee",
    "department",
    "ministry",
    "association",
    "federation",
    "league",
    "university",
    "institute",
    "foundation",
    "corporation",
    "inc",
    "corp",
    "ltd",
    "llc",
    "plc",
)
_GROUP_ALT = "|".join(GROUP_WORDS)
_GROUP_IN_NAME = re.compile(rf"\b(?:{_GROUP_ALT})\b", re.IGNORECASE)
# "... criminal group Tren de Aragua", "the cartel known as X", "groups like X and Y"
_GROUP_BEFORE = re.compile(
    rf"\b(?:{_GROUP_ALT})(?:\s+|\s*,\s*)(?:(?:also\s+)?known\s+as|called|named|dubbed|like|such\s+as|"
    rf"including)\s+(?:the\s+)?$|\b(?:{_GROUP_ALT})\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# "X, a Venezuelan gang", "X, another criminal group" / "X and several other groups"
# The leading spaces are read once (possessive), each alternative asks for the space it
# needs with a look-behind: the backtracking form (``\s*\)?\s*`` then ``,?\s+``) took
# 0.15 s on a name followed by 80 spaces. Same matches (``test_regex_rewrites.py``).
_GROUP_AFTER = re.compile(
    rf"^\s*+(?:\)\s*+)?(?:,\s*(?:a|an|another|the|one)\s+(?:[\w-]+\s+){{0,3}}(?:{_GROUP_ALT})\b|"
    rf"(?:(?:,\s+|(?<=\s))and\s+(?:\w+\s+){{0,2}}other\s+(?:[\w-]+\s+){{0,2}}(?:{_GROUP_ALT})\b)|"
    rf"(?:(?:,\s+|(?<=\s))as\s+(?:an?\s+)?(?:[\w-]+\s+){{0,3}}(?:{_GROUP_ALT})\b)|"
    rf"(?:(?:\([^()]{{0,40}}\)\s+|(?<=\s))(?:is|was|are|were|remains)\s+(?:a|an|the)\s+"
    rf"(?:[\w-]+\s+){{0,3}}(?:{_GROUP_ALT})\b))",
    re.IGNORECASE,
)
_PERSON_TITLE_BEFORE = re.compile(
    r"\b(?:{})\s+$".format("|".join(re.escape(t) for t in TITLES if t not in {"leader", "player"})),
    re.IGNORECASE,
)
#: Longest title or role noun plus its spaces: where a `... title\s+$` match can start.
TAIL_CHARS = max(len(t) for t in TITLES) + 12
_OF_THE = re.compile(r"^\s+of(?:\s+the)?\s+$")
# Declared aliases between two mentions: "X, or Y", "X (known as Y)", "X, also called Y".
_ALIAS_BETWEEN = ALIAS_BETWEEN
_CLOSE_PAREN = re.compile(r"\s*\)")


_TRAILING_NUMBER = re.compile(r"(?:\s+\d[\d\-–:.,/]*)+$")
_AND = re.compile(r"\s+and\s+")
ROLE_NOUNS = (
    "officer|executive|director|minister|secretary|spokesperson|spokesman|spokeswoman|"
    "analyst|economist|lawyer|attorney|coach|manager|president|chairman|chairwoman|chair|"
    "chief|founder|leader|captain|striker|player|judge|prosecutor|senator|governor|mayor|"
    "ambassador|official|aide|adviser|advisor|professor|researcher|scientist|doctor|nurse|"
    "reporter|editor|author|ceo|cfo|head|partner|strategist|negotiator|candidate|"
    "lawmaker|representative|actor|actress|singer|midfielder|defender|forward|goalkeeper|"
    "quarterback|pitcher|commissioner|general|colonel|detective|inspector|trader"
)
# "Colette Kress, the company's chief financial officer" / "Lars Eide, an analyst at"
_ROLE_APPOSITION = re.compile(
    r"^\s*,\s*(?:\d{1,3}\s*,\s*)?(?:(?:a|an|the|its|his|her|their|[\w’'.-]+['’]s)\s+)"
    r"(?:[\w’'-]+\s+){0,3}?(?:" + ROLE_NOUNS + r")\b|^\s*,\s*\d{1,3}\s*,",
    re.IGNORECASE,
)
# "analyst Ivo Marek", "finance chief Ruth Elling" (lowercase role right before)
_ROLE_BEFORE = re.compile(rf"(?-i:\b(?:{ROLE_NOUNS}))\s+$")
# "Harbour United manager Piet Okonjo": the name before the role is the employer
_EMPLOYER_ROLE = re.compile(rf"^(?:['’]s)?\s+(?:[a-z-]+\s+){{0,2}}(?:{ROLE_NOUNS})\s+(?=[A-Z])")

# The look-behind rules (``\b(?:word)\s+$``) cost a scan of their window per mention
# (~25 us: an alternation tried at every word start). Each can match only when the word
# right before the trailing whitespace is one of its last words: that check is cheap and
# the rule runs only when it passes (a pre-check, never a different answer).
_TITLE_LAST = frozenset(t.split()[-1].rstrip(".") for t in TITLES)
_ROLE_LAST = frozenset(ROLE_NOUNS.split("|"))
_GROUP_LAST = frozenset(
    [*GROUP_WORDS, "the", "as", "called", "named", "dubbed", "like", "including"]
)


@lru_cache(maxsize=CACHE_SIZE)
def _names_group(name: str) -> bool:
    """Does a group word stand in this name? (Asked of the same names story after story.)"""
    return _GROUP_IN_NAME.search(name) is not None


def _words_before(before: str) -> tuple[str, str]:
    """The word ending ``before`` right before its trailing whitespace (a ``\\w`` run, as
    ``\\b`` sees words), and the same with dots after it dropped (``Gov.``); ``("", "")``
    when ``before`` does not end with whitespace (no look-behind rule can match then)."""
    stripped = before.rstrip()  # str.isspace is what `\s` matches
    if len(stripped) == len(before) or not stripped:
        return "", ""
    token = stripped.rsplit(None, 1)[-1]  # the same whitespace
    undotted = token.rstrip(".")
    word = _last_word(token)
    return word, word if len(undotted) == len(token) else _last_word(undotted)


def _last_word(text: str) -> str:
    if text.isalnum():  # the common case: the whole token is one word
        return text
    i = len(text)
    while i and (text[i - 1].isalnum() or text[i - 1] == "_"):  # `\w`, exactly
        i -= 1
    return text[i:]


def _may_be(word: str, words: frozenset[str]) -> bool:
    """Could an IGNORECASE literal of ``words`` match ``word``? Exact for ASCII; a
    non-ASCII word (``ſ`` and the Kelvin sign fold to ``s``/``k``) is left to the rule."""
    return not word.isascii() or word.lower() in words


@dataclass
class EntityIndex:
    """The story's mentions, sorted by start, and per-canonical facts."""

    mentions: list[Mention] = field(default_factory=list)
    #: canonical -> fullest surface name (accents and casing as the story writes them)
    display: dict[str, str] = field(default_factory=dict)
    #: canonical -> label decided for the whole group
    label: dict[str, str] = field(default_factory=dict)

    def entities(self, hints: Mapping[str, str] | None = None) -> list[Entity]:
        """One ``Entity`` per canonical, in order of first mention, with its cross-story key.

        ``hints``: the stream's alias memory for this story (``StoryToEnrich.aliases``).
        Two canonicals of one story may share a key (``US`` and ``United States``): each
        keeps its own entry, so the story's own names stay as written; a consumer counts
        per key by adding the counts.
        """
        groups: dict[str, list[Mention]] = defaultdict(list)
        for m in self.mentions:
            groups[m.canonical].append(m)
        out = []
        for canon, ms in groups.items():
            best = max(ms, key=lambda m: (len(surface_name(m.text)), -m.start))
            label = self.label.get(canon, best.label)
            out.append(
                Entity(
                    text=best.text,
                    label=label,
                    canonical=canon,
                    key=entity_key(canon, label, hints),
                    start=best.start,
                    end=best.end,
                    count=len(ms),
                )
            )
        return out


def _mentions_from_doc(doc: Doc, text: str, labels: frozenset[str]) -> list[Mention]:
    out = []
    for ent in doc.ents:
        label = ent.label_
        if label not in labels and label not in {"PERSON", "ORG"}:
            continue
        start, end = ent.start_char, ent.end_char
        # A mention may not cross a paragraph break (headline-style junk joins them).
        cut = text.find("\n", start, end)
        if cut != -1:
            end = cut
        span = text[start:end].rstrip()
        # "Jannik Sinner 6-4": scores and numbers trailing a name are not part of it
        if label in {"PERSON", "ORG", "GPE", "NORP"}:
            span = _TRAILING_NUMBER.sub("", span)
        end = start + len(span)
        if not span or not any(map(str.isupper, span)):
            continue
        if not any(map(str.isalnum, span.replace("’s", "").replace("'s", ""))):
            continue
        possessive = bool(POSSESSIVE_END.search(span)) or text[end : end + 2] in ("'s", "’s")
        out.append(Mention(start, end, span, label, possessive=possessive))
    return out


def _merge_of_the(ms: list[Mention], text: str) -> list[Mention]:
    """``Cartel`` + ``of the`` + ``Suns`` -> one ORG mention."""
    out: list[Mention] = []
    for m in ms:
        if out:
            prev = out[-1]
            between = text[prev.end : m.start]
            if (
                _OF_THE.match(between)
                and _GROUP_IN_NAME.search(prev.text)
                and len(prev.text.split()) <= 3
            ):
                out[-1] = Mention(
                    prev.start, m.end, text[prev.start : m.end], "ORG", possessive=m.possessive
                )
                continue
        out.append(m)
    return out


def _fix_labels(ms: list[Mention], text: str) -> None:
    """Context rules on labels (see module docstring)."""
    person_last: set[str] = set()
    gpe_votes: Counter[str] = Counter()
    # a mention's text never changes here (only its label): name each one once
    names = [surface_name(m.text) for m in ms]
    n_words = []
    for m, name in zip(ms, names, strict=True):
        words = name.split()
        n_words.append(len(words))
        if m.label == "PERSON" and len(words) >= 2:
            person_last.add(key(words[-1]))
        if m.label in {"GPE", "PERSON"}:
            gpe_votes[key(m.text)] += 1 if m.label == "GPE" else -1
    # a word NER tags as a place at least as often as a person is a place ("Georgia");
    # a name tagged a person 30 times and a place twice stays a person
    gpe_keys = {k for k, v in gpe_votes.items() if v >= 0}
    for i, m in enumerate(ms):
        before = text[max(0, m.start - 60) : m.start]
        after = text[m.end : m.end + 80]
        # the `$`-anchored look-behind rules can only match in the window's tail: start
        # the scan there (``pos`` keeps ``\b`` seeing the character before it)
        tail = max(0, len(before) - TAIL_CHARS)
        word, undotted = _words_before(before)
        if (
            m.label in {"ORG", "PERSON", "NORP"}
            and _may_be(undotted, _TITLE_LAST)
            and _PERSON_TITLE_BEFORE.search(before, tail)
        ):
            m.titled = True
            m.label = "PERSON"
        if m.label in {"PERSON", "NORP"} and len(m.text) > 2 and _EMPLOYER_ROLE.match(after):
            nxt = ms[i + 1] if i + 1 < len(ms) else None
            if nxt is not None and nxt.start - m.end < 40 and m.label == "PERSON":
                m.label = "ORG"
                continue
        if (
            n_words[i] >= 2
            and not _names_group(m.text)
            and (
                _ROLE_APPOSITION.match(after)
                or (word in _ROLE_LAST and _ROLE_BEFORE.search(before, tail))
            )
        ):
            m.label = "PERSON"
            m.titled = True
            continue
        base = key(m.text)
        if m.label == "PERSON" and base in gpe_keys:
            m.label = "GPE"
            continue
        if m.possessive:  # "Venezuela's Cartel de los Soles": the owner is no group
            pass
        elif _names_group(names[i]):
            m.label = "ORG"
            m.group_context = True
            continue
        elif (
            forward := _may_be(word, _GROUP_LAST) and bool(_GROUP_BEFORE.search(before))
        ) or _GROUP_AFTER.match(after):
            # the whole list "groups like X and Y" / "X, Y and other groups" are groups
            m.label, m.group_context = "ORG", True
            j = i - 1
            while (
                not forward
                and j >= max(0, i - 20)
                and LIST_SEP.match(text[ms[j].end : ms[j + 1].start])
            ):
                ms[j].label, ms[j].group_context = "ORG", True
                j -= 1
            j = i + 1
            while (
                forward
                and j < min(len(ms), i + 20)
                and LIST_SEP.match(text[ms[j - 1].end : ms[j].start])
            ):
                ms[j].label, ms[j].group_context = "ORG", True
                j += 1
            continue
        if (
            m.label in {"ORG", "NORP", "GPE", "PRODUCT", "WORK_OF_ART"}
            and n_words[i] == 1
            and base in person_last
        ):
            m.label = "PERSON"


def _split_lists(ms: list[Mention], text: str) -> list[Mention]:
    """``MS-13 and Tren de Aragua`` tagged as one span -> two mentions."""
    out = []
    for m in ms:
        if "and" not in m.text:  # no " and " to split at (most names)
            out.append(m)
            continue
        parts = _AND.split(m.text)
        if len(parts) == 2 and all(p[:1].isupper() for p in parts) and m.label != "ORG":
            second = m.start + m.text.rfind(parts[1])
            out.append(Mention(m.start, m.start + len(parts[0]), parts[0], m.label))
            out.append(Mention(second, m.end, parts[1], m.label, possessive=m.possessive))
        else:
            out.append(m)
    return out


def _find_alias_mentions(ms: list[Mention], text: str) -> dict[int, int]:
    """Index of alias mention -> index of the mention it is an alias of."""
    aliases: dict[int, int] = {}
    for i in range(1, len(ms)):
        between = text[ms[i - 1].end : ms[i].start]
        if (
            len(between) <= 40
            and _ALIAS_BETWEEN.match(between)
            and naming_apposition(text, between, ms[i - 1].start, ms[i].end)
            # "X (Y)" declares Y only when Y fills the parenthesis: "Dana Wirt (Acme
            # Freight chief executive)" describes her, it does not rename her
            and (not between.strip().endswith("(") or _CLOSE_PAREN.match(text, ms[i].end))
        ):
            aliases[i] = aliases.get(i - 1, i - 1)
    return aliases


def _assign_canonicals(ms: list[Mention], text: str) -> EntityIndex:
    index = EntityIndex(mentions=ms)
    for m in ms:
        m.canonical = canonical_form(m.text, strip_title=m.label == "PERSON")
    # Declared aliases take their main name's canonical (and label).
    declared: dict[str, str] = {}
    for alias, main in _find_alias_mentions(ms, text).items():
        declared[ms[alias].canonical] = ms[main].canonical
    # A declared alias holds for the whole story, not just where it is declared.
    for m in ms:
        m.canonical = declared.get(m.canonical, m.canonical)
    # Short mentions -> the full name ending (or starting) with them: "Arvelo" ->
    # "Tomas Arvelo". Prefer the nearest full name before; else the first after.
    full_by_word: dict[tuple[str, str], list[tuple[int, str]]] = defaultdict(list)
    for m in ms:
        words = m.canonical.split()
        if len(words) < 2 or m.label not in {"PERSON", "ORG"}:
            continue
        full_by_word[(m.label, words[-1].casefold())].append((m.start, m.canonical))
        if m.label == "PERSON":
            for w in words[:-1]:
                if w[:1].isupper():
                    full_by_word[("PERSON-any", w.casefold())].append((m.start, m.canonical))
    for m in ms:
        words = m.canonical.split()
        if len(words) != 1 or m.label not in {"PERSON", "ORG", "NORP", "GPE", "PRODUCT"}:
            continue
        w = words[0].casefold()
        cands = full_by_word.get(("PERSON", w)) or full_by_word.get(("ORG", w))
        if not cands and m.label in {"PERSON", "ORG", "NORP"}:
            cands = full_by_word.get(("PERSON-any", w))
            if cands and len({c for _, c in cands}) > 1:
                cands = None
        if not cands:
            continue
        distinct = {c for _, c in cands}
        before = [c for s, c in cands if s < m.start]
        if before:
            m.canonical = before[-1]
        elif len(distinct) == 1:
            m.canonical = cands[0][1]
    # One label per canonical: PERSON evidence (full name, title) wins, else majority.
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for m in ms:
        weight = 3 if (m.label == "PERSON" and (m.titled or len(m.canonical.split()) >= 2)) else 1
        if m.label == "ORG" and m.group_context:
            weight = 5
        votes[m.canonical][m.label] += weight
    for canon, counter in votes.items():
        # ``most_common(1)``'s answer (the first of equal counts), without its heap
        index.label[canon] = max(counter.items(), key=itemgetter(1))[0]
    for m in ms:
        m.label = index.label[m.canonical]
        name = surface_name(m.text, strip_title=m.label == "PERSON")
        if len(name) > len(index.display.get(m.canonical, "")):
            index.display[m.canonical] = name
    return index


_OFFICE_BEFORE = re.compile(r"\b(?:secretary|minister|department|ministry)\s+of\s+$", re.I)
_OF = frozenset({"of"})  # its last word, for the pre-check


def _is_office_word(m: Mention, text: str) -> bool:
    """``State`` in ``Secretary of State`` is part of a title, not an organization."""
    if len(m.text.split()) != 1:
        return False
    before = text[max(0, m.start - 30) : m.start]
    return _may_be(_words_before(before)[0], _OF) and bool(_OFFICE_BEFORE.search(before))


def build_index(doc: Doc, text: str, labels: Iterable[str] = NAMED_LABELS) -> EntityIndex:
    """All mentions of the body with corrected labels and canonicals."""
    wanted = frozenset(labels)
    ms = _mentions_from_doc(doc, text, wanted)
    ms = _split_lists(ms, text)
    ms = _merge_of_the(ms, text)
    ms = add_group_names(ms, text)
    _fix_labels(ms, text)
    ms = add_list_names(ms, text)
    ms = [m for m in ms if m.label in wanted and not _is_office_word(m, text)]
    ms.sort(key=lambda m: m.start)
    return _assign_canonicals(ms, text)
