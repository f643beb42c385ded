"""The normalize stage's tuning arrives as keyword arguments, from the drivers down to
each step; nothing reads a module constant instead."""

from __future__ import annotations

import inspect
import json
from dataclasses import replace

from schemas import RawStory
from stream.core.clusters import ClusterBook
from stream.core.dedup import DedupStage
from stream.core.extract import Enricher, Extraction
from stream.core.normalize import DEFAULT_TUNING, normalize
from stream.core.pipeline import Pipeline
from stream.settings import Settings

PARAGRAPHS = [f"Paragraph {i} says that the harbour reopened after the storm." for i in range(8)]
STORY = RawStory(story_id="t1", headline="Harbour reopens", body="\n\n".join(PARAGRAPHS))


class NoModel(Enricher):
    def __init__(self) -> None:
        pass

    def enrich(self, stories, hints=None):
        return [Extraction() for _ in stories]


def test_max_units_cuts_the_story_where_the_caller_says():
    whole = normalize(STORY)
    cut = normalize(STORY, tuning=replace(DEFAULT_TUNING, max_units=3))
    assert whole.body.count("Paragraph") == 8
    assert cut.body.count("Paragraph") == 3


def test_language_thresholds_come_from_the_tuning():
    assert normalize(STORY).language == "en"
    strict = replace(DEFAULT_TUNING, language_min_letters=100_000)
    assert normalize(STORY, tuning=strict).language is None


def test_chrome_and_headline_bounds_come_from_the_tuning():
    body = "\n\n".join([*PARAGRAPHS[:4], "Sign up for our newsletter", *PARAGRAPHS[4:]])
    story = RawStory(story_id="t2", headline="Harbour reopens", body=body)
    assert "newsletter" not in normalize(story).body  # a call to action: chrome
    lenient = replace(DEFAULT_TUNING, max_chrome_words=3)  # only 3-word lines are chrome
    assert "newsletter" in normalize(story, tuning=lenient).body
    headless = RawStory(story_id="t3", body="Storm damage closes harbour\n\n" + STORY.body)
    assert normalize(headless).headline == "Storm damage closes harbour"
    short = replace(DEFAULT_TUNING, max_headline_words=2)
    assert normalize(headless, tuning=short).headline != "Storm damage closes harbour"


def test_the_offline_pipeline_passes_its_tuning_to_normalize(offline_settings):
    payload = json.dumps({"story_id": "p1", "body": STORY.body}).encode()
    tuned = Pipeline(
        offline_settings,
        store={},
        enricher=NoModel(),
        normalize_tuning=replace(DEFAULT_TUNING, max_units=2),
    )
    (record,) = [r for r in tuned.run([payload]) if not hasattr(r, "story_count")]
    assert record.body.count("Paragraph") == 2


def test_stage_defaults_are_the_settings_defaults():
    """One default each: a stage's keyword default is the setting's, not a second copy."""
    model = inspect.signature(Enricher.__init__).parameters["model"].default
    assert model == Settings.defaults().pipeline.spacy_model == "auto"
    window = Settings.defaults().pipeline.window_hours
    assert DedupStage({}).window_hours == window
    book = ClusterBook({})
    assert book._window == window * 3600.0
    pipeline = Pipeline(Settings(dedup_window_hours=5), store={}, enricher=NoModel())
    assert pipeline.dedup_stage.window_hours == 5.0
    assert pipeline.book._window == 5 * 3600.0
