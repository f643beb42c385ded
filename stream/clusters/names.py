"""The names that define a story, for a cluster's ``names`` (no NLP).

Clusters are built at the dedup stage, before NLP, so a story's names come from the
same cheap salient features the dedup stage compares stories with
(``stream.dedup.salient.features``: capitalized runs joined across ``de``/``of``), read
through their public functions. Only names are kept, not figures or quote shingles.
"""

from __future__ import annotations

from schemas import NormalizedStory
from stream.dedup.salient import features
from stream.dedup.text import article_lines, clean, fold, tokenize

STORY_NAMES = 24
"""Names kept per story: the most mentioned ones (a long article can hold hundreds)."""
NAME_CHARS = 80
"""A longer capitalized run (a shouted paragraph) is cut: a name is never this long."""
MIN_WORD_CHARS = 3
"""A name needs one word of at least this many letters."""


def story_names(story: NormalizedStory, limit: int = STORY_NAMES) -> list[str]:
    """The story's names in display case, most mentioned first (ties: alphabetical).

    Multi-word names (``p:`` features) and lone names that are not part of one
    (``w:`` features of words that never occur in lowercase, e.g. ``Zelenskyy``). A
    name's display form is the first capitalization of each of its words in the text.
    """
    text = "\n".join(article_lines(story.body))
    if story.headline:
        text = story.headline + ".\n" + text
    cleaned = clean(text)
    cased, lower, positions = tokenize(cleaned)
    found = features(cased, lower, positions, cleaned)
    phrases = {f[2:] for f in found if f.startswith("p:")}
    in_phrase = {w for p in phrases for w in p.split()}
    phrases |= {f[2:] for f in found if f.startswith("w:") and f[2:] not in in_phrase}
    # "U S" (from "U.S.") is initials, not a name a reader would recognise.
    phrases = {p for p in phrases if max(map(len, p.split())) >= MIN_WORD_CHARS}
    if not phrases:
        return []
    folded = [fold(w) for w in cased]
    display: dict[str, str] = {}
    for original, key in zip(cased, folded, strict=True):
        current = display.get(key)
        if current is None or (original[:1].isupper() and not current[:1].isupper()):
            display[key] = original
    joined = " " + " ".join(folded) + " "
    ranked = sorted(phrases, key=lambda p: (-joined.count(" " + p + " "), p))
    shown = (" ".join(display.get(w, w) for w in p.split()) for p in ranked[:limit])
    return [name[:NAME_CHARS] for name in shown]
