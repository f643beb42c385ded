"""Canonical names: one stable string per person/org, within a story and across stories.

The rule is deterministic and stateless so that two workers, or the same worker a week
later, give the same string for the same name without sharing any table:

* accents folded (``Nicolás`` -> ``Nicolas``), quotes/dashes/whitespace normalized;
* leading articles, personal and office titles, and possessives stripped;
* dotted acronyms undotted (``U.S.`` -> ``US``) and ALL-CAPS multiword names title-cased
  (headline style ``THE NEW YORK TIMES``);
* within a story, a short mention (``Arvelo``) resolves to the full name that ends
  with it (``Tomas Arvelo``), and declared aliases resolve to their main name
  (see ``entities.py``) -- those need the story, so they live in the entity step.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

#: Titles stripped from the front of a name. Longest first so that "Attorney General"
#: wins over "General". Generic English titles, not names of anyone in particular.
TITLES: tuple[str, ...] = tuple(
    sorted(
        {
            "president",
            "vice president",
            "prime minister",
            "deputy prime minister",
            "attorney general",
            "secretary of state",
            "secretary",
            "defense secretary",
            "defence secretary",
            "foreign minister",
            "finance minister",
            "minister",
            "chancellor",
            "governor",
            "gov.",
            "gov",
            "senator",
            "sen.",
            "sen",
            "representative",
            "rep.",
            "rep",
            "congressman",
            "congresswoman",
            "mayor",
            "judge",
            "justice",
            "chief justice",
            "general",
            "gen.",
            "gen",
            "colonel",
            "col.",
            "lieutenant",
            "lt.",
            "captain",
            "capt.",
            "sergeant",
            "sgt.",
            "admiral",
            "adm.",
            "commissioner",
            "ambassador",
            "king",
            "queen",
            "prince",
            "princess",
            "pope",
            "cardinal",
            "bishop",
            "archbishop",
            "rabbi",
            "imam",
            "reverend",
            "rev.",
            "father",
            "sister",
            "dr.",
            "dr",
            "doctor",
            "professor",
            "prof.",
            "prof",
            "mr.",
            "mr",
            "mrs.",
            "mrs",
            "ms.",
            "ms",
            "miss",
            "mx.",
            "sir",
            "dame",
            "lord",
            "lady",
            "coach",
            "chairman",
            "chairwoman",
            "chair",
            "ceo",
            "chief executive",
            "spokesman",
            "spokeswoman",
            "spokesperson",
            "leader",
            "speaker",
            "premier",
            "sheikh",
            "emir",
            "sultan",
            "detective",
            "officer",
            "inspector",
            "chief",
            "director",
            "commander",
            "economist",
            "analyst",
            "striker",
            "midfielder",
            "defender",
            "goalkeeper",
            "manager",
            "player",
            "quarterback",
            "pitcher",
        },
        key=lambda t: (-len(t), t),
    )
)

#: Canonical forms are pure functions of short strings, asked for the same names many
#: times per story (label rules, grouping, keys): memoized, bounded.
CACHE_SIZE = 32_768

_TITLE_RE = re.compile(
    r"^(?:(?:{})\s+)+".format("|".join(re.escape(t).replace(r"\ ", r"\s+") for t in TITLES)),
    re.IGNORECASE,
)
_ARTICLE_RE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_POSSESSIVE_RE = re.compile(r"(?:['’]s|(?<=s)['’])$", re.IGNORECASE)
_DOTTED_ACRONYM_RE = re.compile(r"\b(?:[A-Za-z]\.){2,}")
_SPACE_RE = re.compile(r"\s+")
_EDGE_PUNCT = " \t\n,;:.!?\"'“”‘’()[]{}—–-"

_TRANSLATE = str.maketrans(
    {"‘": "'", "’": "'", "‛": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00a0": " "}
)


@lru_cache(maxsize=CACHE_SIZE)
def fold_accents(text: str) -> str:
    """``Nicolás`` -> ``Nicolas``: NFKD, then drop combining marks (and map ß, ø, ł...)."""
    text = text.translate(
        str.maketrans(
            {
                "ß": "ss",
                "ø": "o",
                "Ø": "O",
                "ł": "l",
                "Ł": "L",
                "đ": "d",
                "Đ": "D",
                "æ": "ae",
                "Æ": "AE",
                "œ": "oe",
                "Œ": "OE",
                "ı": "i",
            }
        )
    )
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def strip_possessive(text: str) -> str:
    """``Wirt's`` -> ``Wirt``; ``Reuters'`` keeps its s."""
    return _POSSESSIVE_RE.sub("", text.rstrip())


def strip_titles(text: str) -> str:
    """``Attorney General Pam Bondi`` -> ``Pam Bondi``; never strips the whole name."""
    stripped = _TITLE_RE.sub("", text)
    return stripped if stripped.strip() else text


@lru_cache(maxsize=CACHE_SIZE)
def surface_name(text: str, *, strip_title: bool = True) -> str:
    """The display form of a mention: titles, articles and possessive removed, accents kept."""
    text = _SPACE_RE.sub(" ", text.translate(_TRANSLATE)).strip(_EDGE_PUNCT + " ")
    text = strip_possessive(text).strip(_EDGE_PUNCT)
    text = _ARTICLE_RE.sub("", text)
    if strip_title:
        text = strip_titles(text)
    return text.strip(_EDGE_PUNCT) or text


@lru_cache(maxsize=CACHE_SIZE)
def canonical_form(text: str, *, strip_title: bool = True) -> str:
    """The stateless canonical string of one mention (no story context)."""
    text = _DOTTED_ACRONYM_RE.sub(lambda m: m.group(0).replace(".", "").upper(), text)
    text = surface_name(text, strip_title=strip_title)
    text = fold_accents(text)
    words = text.split(" ")
    if len(words) > 1 and text.isupper():
        text = " ".join(w if len(w) <= 2 else w.title() for w in words)
    return text.strip(_EDGE_PUNCT) or text


@lru_cache(maxsize=CACHE_SIZE)
def key(text: str) -> str:
    """Comparison key: canonical form, casefolded."""
    return canonical_form(text).casefold()
