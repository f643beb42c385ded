"""Fixtures of the extraction tests: the spaCy model is loaded once per session."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from schemas import NormalizedStory
from stream.core.extract import Enricher, Extraction


@pytest.fixture(scope="session")
def enricher() -> Enricher:
    """One Enricher (and so one model load) for every test of this folder."""
    return Enricher("auto")


@pytest.fixture(scope="session")
def extract(enricher: Enricher) -> Callable[[str], Extraction]:
    """Run the stage on one English body."""

    def run(body: str) -> Extraction:
        story = NormalizedStory(story_id="t", body=body, language="en")
        return enricher.enrich([story])[0]

    return run
