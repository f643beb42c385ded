"""The normalize stage's tuning, in one place: bounds that keep hostile input linear and
the thresholds of its heuristics. ``normalize(raw, tuning=...)`` passes each value down
as a keyword argument; no step reads a module constant of another."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["DEFAULT_TUNING", "NormalizeTuning"]


@dataclass(frozen=True, slots=True)
class NormalizeTuning:
    max_units: int = 5000
    """Paragraph units kept; a longer story is cut (an 8 MB body of one-word lines)."""
    max_header_units: int = 12
    """The header (headline, dek, byline, date, caption) is looked for in these units."""
    max_date_parses: int = 6
    """Date candidates handed to dateparser, the slow part, best-ranked first."""
    max_caption_words: int = 25
    """A unit after a lone photo credit is its caption up to this length."""
    max_link_words: int = 15
    """A unit after a "Read more:" line is the linked headline up to this length."""
    max_chrome_words: int = 40
    """Longer units are article text, whatever they say (``boilerplate.classify``)."""
    max_headline_words: int = 30
    max_headline_chars: int = 300
    language_sample_chars: int = 800
    """Characters the language model reads (a Python loop: cost grows with the sample)."""
    language_min_letters: int = 20
    """Below this many letters the language guess is noise: no language."""
    language_min_confidence: float = 0.5


DEFAULT_TUNING = NormalizeTuning()
