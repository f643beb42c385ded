"""The names that define a story, for a cluster's ``names`` (no NLP).

Clusters are built at the dedup stage, before NLP, so a story's names come from the
same cheap salient features the dedup stage compares stories with
(``stream.core.dedup.salient.features``: capitalized runs joined across ``de``/``of``), read
through their public functions. Only names are kept, not figures or quote shingles.

Only the headline and the lead are read (``LEAD_CHARS``): news is written lead first, so
the names that define the event are there, and reading whole bodies cost the dedup agent
more than its own verdict (bench/bench_clusters.py).

The phrases are shown as the lead writes them (``display.py``: ``Delhi Donald Trump``
from "New Delhi. Donald Trump" is two names). ``story_names`` runs in compiled code
(``wirestream_native.Fingerprinter.story_names``, on the dedup fingerprint's own
tokenizer; ``story_phrases`` the phrases alone): in Python it was three quarters of the
book's cost per story. ``reference_story_names`` and ``reference_story_phrases`` are the
reference and the fallback (text the compiled code declines);
tests/unit/clusters/test_names_native.py holds them equal.
"""

from __future__ import annotations

from collections import Counter

from schemas import NormalizedStory
from stream.core.clusters.display import display_names
from stream.core.dedup import fingerprint
from stream.core.dedup.salient import features
from stream.core.dedup.text import APOSTROPHES, article_lines, clean, fold, tokenize

STORY_NAMES = 10
"""Names kept per story: the most mentioned ones."""
LEAD_CHARS = 1_500
"""Article text read after the headline (about the first three paragraphs)."""
NAME_CHARS = 80
"""A longer name (a shouted paragraph, a title-case line) is left out when shown: a name
is never this long. (A longer phrase is kept: punctuation in the text can cut it into
names, as in a list of names.)"""
MIN_WORD_CHARS = 3
"""A name needs one word of at least this many letters (``U S`` from ``U.S.`` is not)."""


def lead(story: NormalizedStory, limit: int = LEAD_CHARS) -> str:
    """The headline, then the article's prose lines up to ``limit`` characters."""
    lines = [story.headline + "."] if story.headline else []
    size = 0
    # Chrome lines dropped before the lead can be long: read three leads' worth of body.
    for line in article_lines(word_prefix(story.body, 3 * limit)):
        piece = word_prefix(line, limit - size)
        if piece:
            lines.append(piece)
        size += len(piece)
        if len(piece) < len(line) or size >= limit:
            break  # the lead ends here, at a word's end
    return "\n".join(lines)


def word_prefix(text: str, n: int) -> str:
    """The first ``n`` characters of ``text`` without the word a cut there would split
    (``Hillary Clinto`` and ``Conan O'`` are not names; a word's apostrophes are its)."""
    if len(text) <= n or not _in_word(text[n]):
        return text[:n]
    piece = text[:n]
    while piece and _in_word(piece[-1]):
        piece = piece[:-1]
    return piece


def _in_word(char: str) -> bool:
    return char.isalnum() or char in APOSTROPHES


def _compiled(method: str, story: NormalizedStory, limit: int) -> list[str] | None:
    """``wirestream_native.Fingerprinter.<method>`` of the story; None when it is not
    built or declines the text."""
    native = fingerprint.NATIVE
    if native is None:
        return None
    return getattr(native, method)(
        story.headline,
        story.body,
        limit=limit,
        lead_chars=LEAD_CHARS,
        name_chars=NAME_CHARS,
        min_word_chars=MIN_WORD_CHARS,
    )


def story_names(story: NormalizedStory, limit: int = STORY_NAMES) -> list[str]:
    """``reference_story_names``, in compiled code when it takes the story's text."""
    names = _compiled("story_names", story, limit)
    return reference_story_names(story, limit) if names is None else names


def reference_story_names(story: NormalizedStory, limit: int = STORY_NAMES) -> list[str]:
    """The story's names for its cluster record, most mentioned first, as its lead
    writes them (``display.display_names`` of twice ``limit`` phrases: a phrase can
    give two names, two phrases one)."""
    text = lead(story)
    phrases = _phrases_in(text, 2 * limit)
    if not phrases:
        return []
    return display_names(
        phrases,
        text,
        story.headline,
        min_word_chars=MIN_WORD_CHARS,
        name_chars=NAME_CHARS,
        limit=limit,
    )


def story_phrases(story: NormalizedStory, limit: int = STORY_NAMES) -> list[str]:
    """``reference_story_phrases``, in compiled code when it takes the story's text."""
    phrases = _compiled("story_phrases", story, limit)
    return reference_story_phrases(story, limit) if phrases is None else phrases


def reference_story_phrases(story: NormalizedStory, limit: int = STORY_NAMES) -> list[str]:
    """The story's name phrases in display case, most mentioned first (ties: alphabetical).

    Multi-word names (``p:`` features) and lone names that are not part of one
    (``w:`` features of words that never occur in lowercase, e.g. ``Zelenskyy``). A
    name's display form is the first capitalization of each of its words in the text.
    """
    return _phrases_in(lead(story), limit)


def _phrases_in(text: str, limit: int) -> list[str]:
    """``reference_story_phrases`` of a story's lead, ``text``."""
    cleaned = clean(text)
    cased, lower, positions = tokenize(cleaned)
    found = features(cased, lower, positions, cleaned)
    phrases = {f[2:] for f in found if f.startswith("p:")}
    in_phrase = {w for p in phrases for w in p.split()}
    phrases |= {f[2:] for f in found if f.startswith("w:") and f[2:] not in in_phrase}
    phrases = {p for p in phrases if max(map(len, p.split())) >= MIN_WORD_CHARS}
    if not phrases:
        return []
    display: dict[str, str] = {}
    mentions: Counter[str] = Counter()
    for i in positions:  # the capitalized tokens (and figures) only
        key = fold(cased[i])
        display.setdefault(key, cased[i])
        mentions[key] += 1

    def rank(phrase: str) -> tuple[int, str]:
        # A name is mentioned about as often as its rarest capitalized word.
        counts = [mentions[w] for w in phrase.split() if w in mentions]
        return (-min(counts, default=0), phrase)

    shown = (" ".join(display.get(w, w) for w in p.split()) for p in sorted(phrases, key=rank))
    return list(shown)[:limit]
