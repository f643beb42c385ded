"""The voices an unresolved he/she/it falls back on: the speakers of the quotes just
before it, and the person the story has named most so far.

Why apart from ``speaker_chunk``: these read only what the story has attributed so far
(``_done``, its quotes and paragraphs), never the words around a cue.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from stream.core.extract.quotes import QuoteSpan
from stream.core.extract.speaker_lexicon import DETERMINER
from stream.core.extract.speaker_resolve import Attribution, Candidate, Resolver


class RecentVoices(Resolver):
    """The pronoun fallbacks, on the story state ``Resolver`` and its bases keep."""

    def _salient_person(self, pronoun: str, pos: int) -> Candidate | None:
        """When the walk back and the recent speakers give nobody: the person the story
        has named most often so far (at least twice) among those known to be of the
        pronoun's gender: the story's topic, whom an unanchored he/she most often means."""
        want = "f" if pronoun == "she" else "m"
        counts: Counter[str] = Counter(m.canonical for m in self.persons if m.start < pos)
        for canon, n in counts.most_common():
            if n < 2:
                return None
            if self.gender.get(canon) == want:
                return Candidate(canon, self.index.display.get(canon, canon), None)
        return None

    #: How many attributed quotes back ``_earlier`` walks: more than the three
    #: paragraphs its callers read ever hold in news, and a bound on a paragraph of
    #: thousands of quotes (a walk over all of them per quote was quadratic).
    EARLIER_WINDOW = 48

    def _earlier(self, pos: int) -> Iterator[tuple[int, QuoteSpan, Attribution | None]]:
        """The quotes attributed so far that close before ``pos``, latest first: how many
        paragraphs back each is, the quote, and its attribution (the walk the pronoun
        fallbacks share); the last ``EARLIER_WINDOW`` quotes at most."""
        para = self.seg.paragraph_of(pos)
        last = len(self._done) - 1
        for k in range(last, max(-1, last - self.EARLIER_WINDOW), -1):
            q = self.spans[k]
            if q.close_mark < pos:
                yield para - self.seg.paragraph_of(q.close_mark), q, self._done.get(k)

    def _recent_source(self, pos: int) -> Attribution | None:
        """The speaker of the latest attributed full quote before ``pos``, in this
        paragraph or the one before, when it is no person: an organisation or a
        description ("the newspaper", "The Post", "the letter"), what "it" can be."""
        for back, q, att in self._earlier(pos):
            if q.kind != "full":
                continue
            if back > 1 or att is None:
                return None
            if att.speaker is None or att.pronoun:
                continue
            if att.canonical and self.index.label.get(att.canonical, "PERSON") == "PERSON":
                return None
            if (
                not att.canonical
                and att.speaker[:1].isupper()
                and not DETERMINER.match(att.speaker)
            ):
                return None  # a capitalized name NER missed: likelier a person than a document
            return att
        return None

    def _recent_speaker(self, pronoun: str, pos: int) -> Attribution | None:
        """The speaker of the latest attributed quote, when it is a named person of the
        pronoun's gender (or of unknown gender) quoted in this paragraph or the two
        before: in news copy a "he said" right after quotes continues that voice."""
        want = "f" if pronoun == "she" else "m"
        for back, q, att in self._earlier(pos):
            if back > 2:
                return None
            if att is None or not att.canonical or q.kind != "full":
                continue
            if self.index.label.get(att.canonical, "PERSON") != "PERSON":
                return None
            if self.gender.get(att.canonical, want) != want:
                continue
            return att
        return None
