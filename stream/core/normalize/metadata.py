"""Headline, byline and source found in the text (the dateline: ``stream.core.text``).

Each finder looks at one unit (or the head of one) with anchored, bounded regexes and
plain string checks; none scans a whole story.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from stream.core.normalize.text import ends_sentence, word_count, word_set
from stream.core.normalize.tuning import DEFAULT_TUNING

# --- headline -----------------------------------------------------------------------

_LABELS = word_set(
    "SCOOP BREAKING EXCLUSIVE WATCH LIVE UPDATE UPDATED ANALYSIS OPINION EXPLAINER VIDEO PHOTOS "
    "REPORT EDITORIAL COMMENTARY INTERVIEW REVIEW URGENT FLASH ALERT NEWS FACT CHECK "
    "CORRECTION UPDATE WATCH LIVE DEVELOPING JUST IN EXCLUSIVE"
)
_CAPS_PREFIX = re.compile(r"^(?P<prefix>[A-Z][A-Z0-9 .&'’-]{1,40}?)\s*[:|]\s+(?P<rest>\S.*)$")


_LABEL_PREFIX = re.compile(r"^([A-Z][a-z]{1,15})\s*:\s+(?=\S)")


def looks_like_headline(
    unit: str,
    *,
    max_words: int = DEFAULT_TUNING.max_headline_words,
    max_chars: int = DEFAULT_TUNING.max_headline_chars,
) -> bool:
    """Short, not a full stop at the end (headlines rarely have one), not a list."""
    if len(unit) > max_chars or word_count(unit) > max_words:
        return False
    return not unit.rstrip().endswith(".")


def split_headline(unit: str) -> tuple[str, str | None]:
    """(headline, outlet) from "THE NEW YORK TIMES: Trump directs ..."; labels dropped."""
    match = _CAPS_PREFIX.match(unit)
    if not match:
        label = _LABEL_PREFIX.match(unit)  # "Opinion: ...", "Watch: ..."
        if label and label.group(1).upper() in _LABELS:
            return unit[label.end() :].strip(), None
        return unit, None
    prefix = match.group("prefix").strip()
    rest = match.group("rest").strip()
    words = prefix.split()
    if all(w.strip(".").upper() in _LABELS for w in words):
        return rest, None
    if not any(ch.isupper() for ch in rest):  # all-lower rest: not a headline split
        return unit, None
    return rest, _title_outlet(prefix)


# Short capitalized words that are words, not acronyms (CNN, BBC, AP stay as they are).
_SHORT_WORDS = word_set(
    "THE OF AND FOR NEW DAY SUN AGE WAR OUR ONE NOW TOP BIG OLD RED WEEK AT IN ON TO A AN"
)


def _title_outlet(name: str) -> str:
    """ "THE NEW YORK TIMES" -> "The New York Times"; short acronyms stay ("AP", "CNN")."""
    if len(name) <= 5 and " " not in name:
        return name
    return " ".join(
        w if len(w) <= 3 and w.isupper() and w not in _SHORT_WORDS else w.capitalize()
        for w in name.split()
    )


# --- byline -------------------------------------------------------------------------

_BY = re.compile(
    r"^(?i:by|words by|written by|story by|text by|author:?|reporting by|reported by|par|por"
    r"|von|di)\s+"
    r"(?P<names>[^\n]{1,200})$"
)
_BYLINE_CUT = re.compile(
    r"\s*(?:[|•·]|\s[-–—]\s|\b(?i:published|posted|updated)\b|\d"
    r"|;\s*(?i:additional|writing|editing|edited|compiled|graphics|fact)\b).*$"
)
_OUTLET_WORDS = word_set(
    "times post news journal herald tribune guardian press telegraph daily gazette "
    "reuters bloomberg agency network media wire chronicle observer independent standard "
    "mail express review today monitor insider politico axios afp ap associated staff "
    "desk service services online magazine radio television tv broadcasting"
)
_NOT_NAME = word_set(
    "the a an of read these next latest edition comments email us sign up get tap install "
    "download home posted updated published breaking live video photo photos president "
    "secretary minister categories share follow news more related top stories story this "
    "that continue advertisement our your you monday tuesday wednesday thursday friday "
    "saturday sunday january february march april may june july august september october "
    "november december staff about contact sponsor message privacy dashboard info"
)
_PARTICLES = word_set("de da das do dos du del della der den van von la le al bin ibn st")
# "Peter Walker Political correspondent", "Jane Doe, Senior Reporter": the role goes.
_ROLE = re.compile(
    r"(?:,\s*|\s+)(?:[A-Za-z]+\s+)?"
    r"(?i:correspondent|editor|reporter|writer|columnist|analyst|contributor|journalist)s?$"
)
_NAME_SPLIT = re.compile(r",\s*(?:and\s+)?|\s+and\s+|\s*&\s*|\s*;\s*")


def _is_name(part: str) -> bool:
    """2-5 capitalized tokens (initials and particles allowed), no stop words."""
    tokens = part.split()
    if not 2 <= len(tokens) <= 5:
        return False
    if sum(1 for t in tokens if t.casefold().strip(".,") not in _PARTICLES) > 4:
        return False  # five capitalized words are a headline, not a person
    capital = 0
    for tok in tokens:
        low = tok.casefold().strip(".,")
        if low in _NOT_NAME or low in _OUTLET_WORDS:
            return False
        if low in _PARTICLES:
            continue
        if not tok[0].isupper() or not any(ch.isalpha() for ch in tok):
            return False
        if any(ch.isdigit() for ch in tok):
            return False
        capital += 1
    return capital >= 2


_GENERIC_BYLINE = word_set(
    "staff report reports desk news wire wires service services web digital team writer "
    "writers agencies agency and from the our"
)


def _is_outlet(part: str) -> bool:
    tokens = part.split()
    if all(t.casefold().strip(".,") in _GENERIC_BYLINE for t in tokens):
        return False  # "Staff Report", "News Desk", "Wire services": no outlet named
    return (
        1 <= len(tokens) <= 6
        and any(t.casefold().strip(".,") in _OUTLET_WORDS for t in tokens)
        and part[0].isupper()
    )


@dataclass
class Byline:
    names: list[str]
    outlet: str | None = None


def parse_byline(unit: str, *, require_by: bool) -> Byline | None:
    """Names from "By A and B, Reuters" (or, with ``require_by=False``, "A, B and C")."""
    if word_count(unit) > 20:
        return None
    match = _BY.match(unit)
    if match:
        names_part = match.group("names")
    elif require_by:
        return None
    else:
        if ends_sentence(unit) and not unit.endswith("."):
            return None
        names_part = unit
    names_part = _BYLINE_CUT.sub("", names_part).strip().rstrip(".")
    names_part = _ROLE.sub("", names_part).strip()  # "Jane Doe, Senior Reporter"
    names: list[str] = []
    outlet = None
    for part in _NAME_SPLIT.split(names_part):
        part = _ROLE.sub("", re.sub(r"\s+(?i:in|for|at)\s+.*$", "", part.strip())).strip()
        if not part:
            continue
        if _is_name(part):
            names.append(part.title() if part.isupper() else part)  # AP's "By JANE DOE"
        elif _is_outlet(part) and outlet is None:
            outlet = part
        elif match and word_count(part) == 1 and part[:1].isupper() and not names:
            outlet = part  # "By Reuters"
        elif names and part.isupper() and 2 <= len(part) <= 6 and outlet is None:
            outlet = part  # "By Jane Doe, CNN"
        else:
            return None
    if not names and not (match and outlet):
        return None
    return Byline(names=names, outlet=outlet)


def outlet_line(unit: str) -> str | None:
    """A header line that is an outlet's name alone ("The New York Times")."""
    if word_count(unit) > 6 or (ends_sentence(unit) and not unit.endswith(".")):
        return None
    text = unit.strip().rstrip(".").split(",")[0].strip()  # "BBC News, Paris"
    if not text or not text[0].isupper():
        return None
    if not all(t[0].isupper() or t.casefold() in {"of", "and", "the", "&"} for t in text.split()):
        return None
    return text if _is_outlet(text) else None


# --- source named in the text ---------------------------------------------------------

_SELF_REPORT = re.compile(
    r"\b(?P<outlet>[A-Z][\w.&'-]*(?: [A-Z][\w.&'-]*){0,3}) reports?, citing\b"
)
_APP_OR_NEWSLETTER = re.compile(
    r"(?i:install|download|get)\s+(?:the\s+)?"
    r"(?P<a>(?:The\s+)?[A-Z][\w.&'-]*(?:\s+(?:of\s+|and\s+|&\s+)?[A-Z][\w.&'-]*){0,4}?)"
    r"(?:\s+News)?\s+(?i:app)\b"
    r"|(?i:sign up|subscribe) (?:to|for) (?P<n>[A-Z][\w.&'-]*(?: [A-Z][\w.&'-]*){0,3})['’]s? "
    r"(?i:newsletters?)"
)
_SOCIAL = re.compile(
    r"(?i:follow|join)\s+(?P<o>[A-Z][\w.&'-]*(?:\s+[A-Z][\w.&'-]*){0,3}?)\s+on\s+"
    r"(?i:whatsapp|twitter|x|facebook|instagram|telegram|linkedin|youtube|tiktok|threads)\b"
    r"|(?i:read more|more) from (?P<m>[A-Z][\w.&'-]*(?:\s+[A-Z][\w.&'-]*){0,3})\s*:?$"
    r"|with an? (?P<p>[A-Z][\w.&'-]*(?:\s+[A-Z][\w.&'-]*){0,2}) (?i:membership|subscription)\b"
)
_SOURCE_LINE = re.compile(r"^(?i:source)\s*:\s*(?P<o>[A-Z][^.|,;]{1,60}?)(?:\s+and\s+.*)?$")
_COPYRIGHT = re.compile(r"(?:©|\([cC]\)|(?i:copyright))\s*(?:\d{4}\s*)?(?P<o>[A-Z][^.|,]{1,60})")
_ORIGINAL = re.compile(
    r"(?i:originally (?:appeared|published) (?:in|on|by)|first (?:appeared|published) "
    r"(?:in|on|by))\s+(?P<o>[A-Z][^.|,]{1,60})"
)


def self_report(unit: str) -> str | None:
    """ "Caliber.Az reports, citing foreign media": the outlet naming itself."""
    match = _SELF_REPORT.search(unit[:2000])
    return match.group("outlet") if match else None


def chrome_outlet(unit: str) -> str | None:
    """Outlet named by its own chrome ("Install the Newser News app", "Sign up to X's
    newsletters"), by a copyright line or by an "originally appeared in" note."""
    head = unit[:400]
    match = _SOURCE_LINE.match(head)  # "Source: Al Jazeera and news agencies"
    if match:
        return _clean_outlet(match.group("o"))
    match = _ORIGINAL.search(head)
    if match:
        return _clean_outlet(match.group("o"))
    match = _APP_OR_NEWSLETTER.search(head)
    if match:
        return (match.group("a") or match.group("n")).strip()
    match = _SOCIAL.search(head)  # "Follow Sky News on WhatsApp", "with a WSJ membership"
    if match:
        return (match.group("o") or match.group("m") or match.group("p")).strip()
    match = _COPYRIGHT.search(head)
    if match:
        return _clean_outlet(match.group("o"))
    return None


def _clean_outlet(name: str) -> str:
    name = re.sub(r"\s+(?:Company|Co|Inc|Ltd|LLC|Limited|Group|Corp)\.?$", "", name.strip())
    name = re.sub(r"(?i)\s*all rights reserved.*$", "", name).strip(" .;:-")
    return name
