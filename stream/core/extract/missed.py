"""Names NER missed or split, found from the text around the tagged ones.

Each rule is a general reading of English news text, never a list of names: a
capitalized name headed by a group word is an organization (``Cartel de los Soles``),
and a capitalized name inside a list of tagged names is one of them (``designated
Tren de Aragua, Mara Salvatrucha (known as MS-13) and several other groups``).
"""

from __future__ import annotations

import bisect
import re

from stream.core.extract.mention import Mention

# List separators between two names: ",", "and", "or", "(known as", ")".
LIST_SEP = re.compile(
    r"^\s*(?:,|,?\s+and|,?\s+or|\(\s*(?:also\s+)?(?:known\s+as|aka)?|\)\s*(?:,|and)?)\s*$"
)


# A capitalized name headed by a group word is an organization's name, tagged or not:
# "Cartel de los Soles", "Sinaloa Cartel", "Cartel of the Suns", "Labour Party".
_GROUP_HEADS = (
    "Cartel|Gang|Party|Front|Army|Brigades?|Movement|Alliance|Militia|Syndicate|Clan|"
    "Federation|Coalition"
)
_NOT_NAMES = ("The", "A", "An", "In", "On", "At", "By", "For", "And", "But", "Of")
_CAP = rf"(?!(?:{'|'.join(_NOT_NAMES)})\b)[A-Z][\w’'-]+"
# The same word with the check after its capital (``(?<=T)he\b`` for ``The``): a pattern
# opening with a character class lets the regex engine skip to candidates in C, where a
# look-ahead first is tried at every position of the text.
_AFTER_CAPITAL = "|".join(rf"(?<={w[0]}){w[1:]}\b" for w in _NOT_NAMES)
_CAP_FIRST = rf"[A-Z](?!{_AFTER_CAPITAL})[\w’'-]+"
#: Every group name holds one of the heads: a text with none has no group name to find.
_ANY_HEAD = re.compile(_GROUP_HEADS)
_GROUP_NAME = re.compile(
    rf"\b(?:{_CAP}\s+){{0,3}}(?:{_GROUP_HEADS})"
    rf"(?:\s+(?:de\s+los|de\s+la|del|de|of\s+the|of|for)\s+{_CAP}(?:\s+{_CAP}){{0,2}})?\b"
)


def add_group_names(ms: list[Mention], text: str) -> list[Mention]:
    """Add/merge ORG mentions for group-headed capitalized names NER missed or split.

    One pass over the regex matches with ``bisect`` into the sorted mentions: linear-ish
    even on a body that is one long list of party names.
    """
    ms = sorted(ms, key=lambda m: m.start)
    if not _ANY_HEAD.search(text):
        return ms
    starts = [m.start for m in ms]
    drop: set[int] = set()
    added: list[Mention] = []
    for n, gm in enumerate(_GROUP_NAME.finditer(text)):
        if n >= 5_000:
            break
        start, end = gm.start(), gm.end()
        poss = max(gm.group(0).rfind("'s "), gm.group(0).rfind("’s "))
        if poss != -1:  # "Okafor's Labour Party": the owner is not part of the name
            start += poss + 3
        i = bisect.bisect_left(starts, start)
        if i > 0 and ms[i - 1].end > start:  # a mention reaching in from the left
            left = ms[i - 1]
            if left.label in {"NORP", "GPE"} and left.end < end:
                start = left.end + 1
            else:
                continue
        inside = []
        k = i
        while k < len(ms) and ms[k].start < end:
            inside.append(k)
            k += 1
        # leading nationality/place words are modifiers, not part of the name
        while inside and ms[inside[0]].label in {"NORP", "GPE"} and ms[inside[0]].end < end:
            if ms[inside[0]].start > start + 1:
                break
            start = ms[inside.pop(0)].end + 1
        if start >= end or len(text[start:end].split()) < 2:
            continue
        if any(ms[k].end > end for k in inside):
            continue  # crosses a mention: leave NER's reading alone
        drop.update(inside)
        poss_after = text[end : end + 2] in ("'s", "’s")
        added.append(
            Mention(start, end, text[start:end], "ORG", possessive=poss_after, group_context=True)
        )
    out = [m for k, m in enumerate(ms) if k not in drop] + added
    out.sort(key=lambda m: m.start)
    return out


# A capitalized name of two or more words, joined across de/of the...: "Tren de Aragua".
_NAME_RUN = re.compile(
    rf"{_CAP_FIRST}(?:(?:\s+(?:de|del|de\s+la|de\s+los|da|dos|van|von|al|bin|of|of\s+the))?\s+{_CAP})+"
)
_SENTENCE_END_BEFORE = re.compile(r"(?:^|[.!?:;\"“”]\s*|\n\s*)$")
MAX_LIST_NAME_MATCHES = 5_000


def _list_sibling(ms: list[Mention], k: int, step: int) -> Mention | None:
    """The list item next to a gap in ``ms`` at ``k``, skipping possessive owners."""
    while 0 <= k < len(ms):
        if not ms[k].possessive:
            return ms[k]
        k += step
    return None


def add_list_names(ms: list[Mention], text: str) -> list[Mention]:
    """A capitalized name NER missed inside a list of names gets its neighbours' label.

    ``designated Tren de Aragua, Mara Salvatrucha (known as MS-13) and several other
    groups``: the small model tags the second item and skips the first. A name set off
    by list separators (``,``, ``and``, ``or``) from a tagged person, organization or
    place, and not opening a sentence, is one of them.
    """
    ms = sorted(ms, key=lambda m: m.start)
    starts = [m.start for m in ms]
    added: list[Mention] = []
    for n, nm in enumerate(_NAME_RUN.finditer(text)):
        if n >= MAX_LIST_NAME_MATCHES:
            break
        start, end = nm.start(), nm.end()
        poss = max(nm.group(0).rfind("'s "), nm.group(0).rfind("’s "))
        if poss != -1:  # "Venezuela's Tren de Aragua": the owner is tagged on its own
            start += poss + 3
        if len(text[start:end].split()) < 2 or not text[start : start + 1].isupper():
            continue
        i = bisect.bisect_left(starts, start)
        if (i > 0 and ms[i - 1].end > start) or (i < len(ms) and ms[i].start < end):
            continue  # NER tagged (part of) it: its reading stands
        if _SENTENCE_END_BEFORE.search(text[max(0, start - 3) : start]):
            continue  # a capitalized sentence opening is no evidence of a name
        nxt, prev = _list_sibling(ms, i, 1), _list_sibling(ms, i - 1, -1)
        sibling = None
        if nxt is not None and LIST_SEP.match(text[end : ms[i].start] if i < len(ms) else ""):
            sibling = nxt
        elif prev is not None and i > 0 and LIST_SEP.match(text[ms[i - 1].end : nm.start()]):
            sibling = prev
        if sibling is None or sibling.label not in {"PERSON", "ORG", "GPE"}:
            continue
        poss_after = text[end : end + 2] in ("'s", "’s")
        added.append(
            Mention(
                start,
                end,
                text[start:end],
                sibling.label,
                possessive=poss_after,
                group_context=sibling.group_context,
            )
        )
    return sorted(ms + added, key=lambda m: m.start)
