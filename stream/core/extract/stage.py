"""Enrichment stage: named entities and attributed quotes for a micro-batch of stories.

``Enricher`` loads the spaCy model once (per process, shared across instances) and
runs it over the whole micro-batch in one ``nlp.pipe`` call. By default only the NER
component runs (``full_pipeline=False``): the quote and speaker rules need characters
and entities, not a parse. ``full_pipeline=True`` runs every component and exists so the
benchmark can compare; both give the same output.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field

from spacy.tokens import Doc

from schemas import Entity, NormalizedStory, Quote
from stream.core.extract.entities import NAMED_LABELS, build_index
from stream.core.extract.nlp import AUTO_MODEL, load_model, pipe_docs
from stream.core.extract.quotes import find_quote_spans
from stream.core.extract.segment import segment
from stream.core.extract.speakers import attribute_quotes


@dataclass(frozen=True)
class Extraction:
    """Entities (one per canonical) and quotes of one story."""

    entities: list[Entity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)


def extract_from_doc(
    text: str,
    doc: Doc,
    labels: frozenset[str] = NAMED_LABELS,
    hints: Mapping[str, str] | None = None,
) -> Extraction:
    """Rules over one body and its NER doc (no model call here).

    ``hints``: the stream's alias memory for this story (cross-story entity keys).
    """
    index = build_index(doc, text, labels)
    seg = segment(text)
    spans = find_quote_spans(text, seg)
    quotes = attribute_quotes(text, seg, index, spans)
    return Extraction(entities=index.entities(hints), quotes=quotes)


class Enricher:
    """Loads the NLP model once; ``enrich`` takes a micro-batch of stories."""

    def __init__(
        self,
        model: str = AUTO_MODEL,
        *,
        full_pipeline: bool = False,
        batch_size: int = 32,
        labels: frozenset[str] = NAMED_LABELS,
        free_vocab: bool = True,
    ) -> None:
        """``free_vocab=False`` keeps every batch's words in the vocabulary (and the
        tokenizer's cache): for one-shot runs (``wirestream process``), which end anyway
        and would otherwise rebuild the lexemes of common words batch after batch (on
        300 stories 25,000 lexemes instead of 11,000, ~0.3-0.5 s CPU). Same output."""
        self.model = model
        self.full_pipeline = full_pipeline
        self.batch_size = batch_size
        self.labels = labels
        self.free_vocab = free_vocab
        self.nlp = load_model(model, ner_only=not full_pipeline)

    def enrich(
        self,
        stories: Sequence[NormalizedStory],
        hints: Sequence[Mapping[str, str]] | None = None,
    ) -> list[Extraction]:
        """One ``Extraction`` per story, in order; non-English stories get an empty one.

        A story whose language could not be told (``None``: too short or mixed to say)
        is run through the English model: a wasted parse costs less than a lost name.
        ``hints``: one alias map per story (``StoryToEnrich.aliases``), for entity keys.
        """
        todo = [i for i, s in enumerate(stories) if (s.language or "en").lower() == "en"]
        out = [Extraction() for _ in stories]
        texts = [stories[i].body for i in todo]
        # A memory zone frees the strings this batch added to the vocabulary once its
        # results are plain pydantic data; without it a long-running worker's vocab
        # grows by every new word it ever sees.
        zone: AbstractContextManager[object] = (
            self.nlp.memory_zone() if self.free_vocab else nullcontext()
        )
        with zone:
            docs = pipe_docs(self.nlp, texts, full=self.full_pipeline, batch_size=self.batch_size)
            for i, text, doc in zip(todo, texts, docs, strict=True):
                out[i] = extract_from_doc(text, doc, self.labels, hints[i] if hints else None)
        return out

    def extract_texts(self, texts: Sequence[str]) -> list[Extraction]:
        """The same over bare English texts (eval, bench)."""
        docs = pipe_docs(self.nlp, texts, full=self.full_pipeline, batch_size=self.batch_size)
        return [extract_from_doc(t, d, self.labels) for t, d in zip(texts, docs, strict=True)]
