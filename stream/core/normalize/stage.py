"""Normalize stage: raw wire text -> clean, structured ``NormalizedStory``.

The text is cut into paragraph units (``text.split_units``) and every unit gets a kind:
chrome (``boilerplate``), a date line, a byline, a caption, part of the header (headline,
dek, outlet line), the page tail, a repeat, or nothing, which means article text. Metadata
is mined from the units *before* they are dropped (the date of seed 001 sits in its
"Latest Edition" chrome, the outlet of seed 000 in its app prompt). What has no kind is
the body.

Every step is linear in the text and bounded per unit, so hostile input (a 300,000-char
token, ten thousand quote marks, control characters) finishes quickly; the only error
raised on purpose is ``EmptyStory``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from schemas import DeadLetterCode, NormalizedStory, RawStory
from stream.core.normalize import boilerplate, dates, metadata
from stream.core.normalize.boilerplate import SourceChrome
from stream.core.normalize.html import HtmlResult, html_to_text, looks_like_html, unescape_entities
from stream.core.normalize.language import detect_language
from stream.core.normalize.text import (
    clean_unicode,
    ends_sentence,
    repair_unit,
    split_units,
    unit_key,
    word_count,
)
from stream.core.normalize.tuning import DEFAULT_TUNING, NormalizeTuning
from stream.core.text.dateline import split_dateline
from stream.errors import EmptyStory

CHROME_KINDS = frozenset(
    {"cta", "nav", "legal", "credit", "credit_alone", "tail", "caption", "chrome"}
)
DATE_CHROME_KINDS = frozenset({"cta", "nav", "legal", "tail", "chrome", "byline", "dek", "outlet"})


@dataclass
class _Found:
    """Metadata gathered while the units are classified."""

    headline: str | None = None
    headline_outlet: str | None = None
    outlet_line: str | None = None
    byline: list[str] = field(default_factory=list)
    byline_outlet: str | None = None
    dateline: str | None = None
    agency: str | None = None
    dates: list[tuple[int, int, int, str]] = field(default_factory=list)

    def add_names(self, byline: metadata.Byline) -> None:
        for name in byline.names:
            if name not in self.byline:
                self.byline.append(name)
        if byline.outlet and not self.byline_outlet:
            self.byline_outlet = byline.outlet


def normalize(
    raw: RawStory,
    *,
    chrome: SourceChrome | None = None,
    tuning: NormalizeTuning = DEFAULT_TUNING,
) -> NormalizedStory:
    """Return the clean story; raise ``EmptyStory`` when no article text is left.

    ``chrome``, when given, remembers short lines per source across calls and drops lines
    that many earlier stories of the same source carried (footers, promos). ``tuning``:
    the stage's bounds and thresholds (``stream.core.normalize.tuning``).
    """
    text = raw.body
    page: HtmlResult | None = None
    if looks_like_html(text):
        page = html_to_text(text)
        text = page.text
    text = clean_unicode(unescape_entities(text))
    units = split_units(text)[: tuning.max_units]
    given_headline = _one_line(raw.headline) if raw.headline else None

    found = _Found()
    kinds = _classify(units, given_headline, found, tuning)

    source = raw.source or _source(units, kinds, found, page)
    if chrome is not None and source:
        for i, unit in enumerate(units):
            if kinds[i] is None and chrome.is_chrome(source, unit):
                kinds[i] = "chrome"
        chrome.observe(source, units)

    body_units = _body(units, kinds, given_headline or found.headline)
    if not body_units:
        raise EmptyStory(
            "the story body is empty after cleaning",
            code=DeadLetterCode.NORMALIZE_EMPTY_STORY,
            story_id=raw.story_id,
        )
    body = "\n\n".join(body_units)

    headline = given_headline or found.headline
    if headline is None and page is not None and page.title:
        headline = _one_line(page.title)
    byline = found.byline or (page.authors if page is not None else [])
    published = raw.published_at or _published(found, page, tuning.max_date_parses)
    return NormalizedStory(
        story_id=raw.story_id,
        source=source,
        headline=headline,
        byline=byline,
        dateline=found.dateline,
        published_at=published,
        received_at=raw.received_at,
        url=raw.url,
        language=detect_language(
            f"{headline}\n{body}" if headline else body,
            sample_chars=tuning.language_sample_chars,
            min_letters=tuning.language_min_letters,
            min_confidence=tuning.language_min_confidence,
        ),
        body=body,
    )


def _one_line(text: str) -> str:
    return " ".join(clean_unicode(text).split())


def _is_body_like(unit: str) -> bool:
    """A paragraph of article text, as opposed to header furniture."""
    words = word_count(unit)
    if words >= 25:
        return True
    if words < 6 or not ends_sentence(unit):
        return False
    return not (unit.rstrip().endswith(("?", "!")) and words <= 15)


def _classify(
    units: list[str], given_headline: str | None, found: _Found, tuning: NormalizeTuning
) -> list[str | None]:
    """Give every unit a kind (None = article text) and collect metadata on the way."""
    kinds: list[str | None] = [
        boilerplate.classify(u, max_words=tuning.max_chrome_words) for u in units
    ]

    for i, unit in enumerate(units):
        if kinds[i] is None and dates.is_date_line(unit):
            kinds[i] = "date"
        elif kinds[i] is None or kinds[i] == "credit":
            byline = metadata.parse_byline(unit.strip("()"), require_by=True)
            if byline is not None:
                kinds[i] = "byline"
                found.add_names(byline)

    # A caption repeated without its credit (seed 001) is a caption too.
    captions = {
        unit_key(boilerplate.strip_credit(u))
        for u, k in zip(units, kinds, strict=True)
        if k == "credit"
    }
    captions.discard("")
    for i, unit in enumerate(units):
        if kinds[i] is None and unit_key(unit) in captions:
            kinds[i] = "caption"
        elif (
            kinds[i] is None
            and i > 0
            and kinds[i - 1] == "credit_alone"
            and word_count(unit) <= tuning.max_caption_words
            and not _is_body_like(unit)
        ):
            kinds[i] = "caption"  # "Getty Images" / "Firefighters battled the blaze"
        elif (
            kinds[i] is None
            and i > 0
            and kinds[i - 1] == "nav"
            and units[i - 1].endswith(":")
            and word_count(unit) <= tuning.max_link_words
            and not _is_body_like(unit)
        ):
            kinds[i] = "nav"  # "Read more:" / the linked headline

    first_body = _first_body(units, kinds, tuning.max_header_units)
    given_key = unit_key(given_headline) if given_headline else None
    for i in range(first_body):
        if kinds[i] is not None:
            continue
        unit = units[i]
        if given_key is not None and unit_key(unit) == given_key:
            kinds[i] = "headline"
        elif found.headline is not None and unit_key(unit) == unit_key(found.headline):
            kinds[i] = "repeat"
        elif (
            given_key is None
            and found.headline is None
            and metadata.looks_like_headline(
                unit, max_words=tuning.max_headline_words, max_chars=tuning.max_headline_chars
            )
        ):
            found.headline, found.headline_outlet = metadata.split_headline(unit)
            kinds[i] = "headline"
        elif (byline := metadata.parse_byline(unit, require_by=False)) is not None:
            kinds[i] = "byline"
            found.add_names(byline)
        elif (outlet := metadata.outlet_line(unit)) is not None:
            kinds[i] = "outlet"
            found.outlet_line = found.outlet_line or outlet
        elif not ends_sentence(unit):
            kinds[i] = "dek"

    _cut_tail(units, kinds, first_body)
    # A bare name list just after the header ("Peter Walker", after a standfirst), with
    # article text still to come (a name-like footer line is not a byline).
    last_body = max(
        (i for i, k in enumerate(kinds) if k is None and _is_body_like(units[i])), default=-1
    )
    for i in range(first_body, min(len(units), first_body + 3, last_body)):
        if kinds[i] is None and word_count(units[i]) <= 12:
            byline = metadata.parse_byline(units[i], require_by=False)
            if byline is not None and byline.names:
                kinds[i] = "byline"
                found.add_names(byline)

    _end_marker(units, kinds)
    _collect_dates(units, kinds, first_body, found)
    _first_paragraph(units, kinds, found)
    return kinds


def _first_body(units: list[str], kinds: list[str | None], max_header_units: int) -> int:
    """Index of the first paragraph of article text; what comes before is the header.

    The header is short: if no sentence-like unit shows up within ``max_header_units``
    (a feed that drops full stops), the article starts right after the first free unit,
    which is then the only headline candidate.
    """
    free = [i for i in range(min(len(units), max_header_units)) if kinds[i] is None]
    for i in free:
        if _is_body_like(units[i]):
            return i
    if len(free) >= 2:
        return free[1]
    return min(len(units), max_header_units)


def _cut_tail(units: list[str], kinds: list[str | None], first_body: int) -> None:
    """After a related-links / comments / edition heading, the rest is the outlet's page.

    Only when the article has started and less article-like text follows than came before
    (a "Latest" subhead in the middle of a story does not end it).
    """
    n = len(units)
    free_words = [word_count(u) if k is None else 0 for u, k in zip(units, kinds, strict=True)]
    total = sum(free_words)
    before = sum(free_words[: first_body + 1])  # running sums keep this linear
    for t in range(first_body + 1, n):
        if kinds[t] in (None, "nav") and boilerplate.is_tail_marker(units[t]):
            after = total - before - free_words[t]
            if before > 0 and after < before:
                for i in range(t, n):
                    if kinds[i] is None or kinds[i] == "nav":
                        kinds[i] = "tail"
                return
        before += free_words[t]


def _end_marker(units: list[str], kinds: list[str | None]) -> None:
    """A last line of one or two words that is no sentence: "Enditem", "==Kyodo", "-30-"."""
    last = next((i for i in range(len(units) - 1, -1, -1) if kinds[i] is None), None)
    if (
        last is not None
        and word_count(units[last]) <= 2
        and not ends_sentence(units[last])
        and any(k is None for k in kinds[:last])
    ):
        kinds[last] = "nav"


def _collect_dates(
    units: list[str], kinds: list[str | None], first_body: int, found: _Found
) -> None:
    """Rank date mentions: header first, then date lines, then chrome; "Published" before
    a bare date before "Updated"; body sentences are never searched."""
    rank = {"published": 0, "": 1, "updated": 2}
    for i, unit in enumerate(units):
        if i < first_body and kinds[i] != "headline":
            zone = 0
        elif kinds[i] == "date":
            zone = 2
        elif kinds[i] in DATE_CHROME_KINDS:  # edition or footer lines; not captions (photo dates)
            zone = 3
        else:
            continue
        for mention in dates.find_dates(unit):
            found.dates.append((zone, rank[mention.label], i, mention.text))


def _first_paragraph(units: list[str], kinds: list[str | None], found: _Found) -> None:
    """Strip a leading date and a dateline from the first paragraph of article text."""
    first = next((i for i, k in enumerate(kinds) if k is None), None)
    if first is None:
        return
    unit = units[first]
    lead = dates.leading_date(unit)
    if lead is not None:
        found.dates.append((1, 1, first, lead[0]))
        unit = lead[1]
    dateline = split_dateline(unit)
    if dateline is not None:
        found.dateline = dateline.place or None
        found.agency = dateline.agency
        unit = dateline.rest
        if dateline.date:
            found.dates.append((1, 1, first, dateline.date))
    units[first] = unit


def _body(units: list[str], kinds: list[str | None], headline: str | None) -> list[str]:
    """Article units in order, without repeats and without the headline repeated."""
    seen = {unit_key(headline)} if headline else set()
    out = []
    for unit, kind in zip(units, kinds, strict=True):
        if kind is not None:
            continue
        unit = repair_unit(unit)
        key = unit_key(unit)
        if not key or key in seen:
            continue
        seen.add(key)
        out.append(unit)
    return out


def _source(
    units: list[str], kinds: list[str | None], found: _Found, page: HtmlResult | None
) -> str | None:
    """The outlet, as the text names it, strongest evidence first."""
    if found.headline_outlet:
        if found.outlet_line and unit_key(found.outlet_line) == unit_key(found.headline_outlet):
            return found.outlet_line
        return found.headline_outlet
    for candidate in (
        found.outlet_line,
        found.byline_outlet,
        found.agency,
        page.sitename if page else None,
    ):
        if candidate:
            return candidate
    body_seen = 0
    for unit, kind in zip(units, kinds, strict=True):
        if kind is None:
            outlet = metadata.self_report(unit)
            if outlet:
                return outlet
            body_seen += 1
            if body_seen >= 3:
                break
    for unit, kind in zip(units, kinds, strict=True):
        if kind in CHROME_KINDS:
            outlet = metadata.chrome_outlet(unit)
            if outlet:
                return outlet
    return None


def _published(found: _Found, page: HtmlResult | None, max_parses: int) -> datetime | None:
    """First candidate (by rank) that dateparser reads as a full date."""
    candidates = sorted(found.dates)
    if page is not None and page.date:
        candidates.append((0, 3, -1, page.date))
        candidates.sort()
    for _, _, _, candidate in candidates[:max_parses]:
        parsed = dates.parse_date(candidate)
        if parsed is not None:
            return parsed
    return None


_WARM_UP = RawStory(
    story_id="warm-up",
    body=(
        "WASHINGTON, Aug. 9, 2025 (Wire) - Officials said on Saturday that the talks would"
        " continue next week, according to a statement released by the ministry.\n\n"
        "The delegation arrived on Friday evening."
    ),
)


def warm_up() -> None:
    """Load what the first story would otherwise wait for (the language model, date
    parsing data): ~0.5 s once, at worker start instead of on the first story."""
    normalize(_WARM_UP)
