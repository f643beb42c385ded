"""The pipeline core without Kafka: routing, dead letters, and batch behaviour."""

from __future__ import annotations

import json
from collections.abc import Iterable

import pytest

from schemas import DeadLetter, DeadLetterCode, DuplicateRecord, EnrichedStory, StoryCluster
from stream.core.emit import emit, fit_to_limit
from stream.core.extract import Enricher, Extraction
from stream.core.pipeline import (
    Output,
    OutputRecord,
    Pipeline,
    decode_raw,
    ingest,
)
from stream.core.sources import iter_payloads
from stream.errors import BodyTooLarge, DecodeError, InvalidStory


class CountingEnricher(Enricher):
    """No model: records batch sizes so tests can see the micro-batching."""

    def __init__(self) -> None:
        self.batches: list[int] = []

    def enrich(self, stories, hints=None):
        self.batches.append(len(stories))
        return [Extraction() for _ in stories]


class ExplodingEnricher(Enricher):
    """Fails on any batch holding a story whose body mentions 'boom'."""

    def __init__(self) -> None:
        pass

    def enrich(self, stories, hints=None):
        if any("boom" in s.body for s in stories):
            raise RuntimeError("model crashed")
        return [Extraction() for _ in stories]


def _stories(records: Iterable[Output]) -> list[OutputRecord]:
    """The story records of a run (wire.clusters records have their own tests)."""
    return [r for r in records if not isinstance(r, StoryCluster)]


def _story(story_id: str, body: str) -> bytes:
    return json.dumps({"story_id": story_id, "body": body}).encode()


@pytest.mark.parametrize(
    ("payload", "error", "stage"),
    [
        (b"\xff\xfe\xfa", "not valid UTF-8", "decode"),
        (b"", "empty", "decode"),
        (b"{not json", "not valid JSON", "decode"),
        (b"[1, 2]", "JSON list", "validate"),
        (b'"just a string"', "JSON str", "validate"),
        (b'{"body": "no id"}', "story_id", "validate"),
        (b'{"story_id": "a", "body": 42}', "body", "validate"),
        (b'{"story_id": 7, "body": "x"}', "story_id", "validate"),
        (b"[" * 100_000, "not valid JSON", "decode"),
    ],
)
def test_bad_payloads_become_dead_letters(offline_settings, payload, error, stage):
    result = ingest(payload, offline_settings)
    assert isinstance(result, DeadLetter)
    assert error in result.error
    assert result.stage == stage
    assert result.original_bytes() == payload


def test_dead_letter_names_the_story_when_it_can(offline_settings):
    result = ingest(b'{"story_id": "known", "body": 42}', offline_settings)
    assert isinstance(result, DeadLetter) and result.story_id == "known"


def test_body_over_limit_is_dead_lettered_not_truncated(offline_settings):
    settings = offline_settings.replace(max_body_bytes=1000)
    with pytest.raises(BodyTooLarge, match="over the limit"):
        decode_raw(_story("big", "x" * 1001), settings)
    assert decode_raw(_story("ok", "x" * 1000), settings).body == "x" * 1000


def test_decode_errors_are_stage_errors(offline_settings):
    with pytest.raises(DecodeError):
        decode_raw(b"\x80", offline_settings)
    with pytest.raises(InvalidStory):
        decode_raw(b"{}", offline_settings)


def test_whitespace_only_body_is_dead_lettered_at_normalize(offline_settings):
    result = ingest(_story("blank", " \n\n \t "), offline_settings)
    assert isinstance(result, DeadLetter)
    assert result.stage == "normalize" and result.story_id == "blank"


def test_seeds_flow_through_in_order_with_micro_batches(offline_settings, seeds_dir):
    enricher = CountingEnricher()
    pipeline = Pipeline.create(offline_settings.replace(enrich_batch_size=2), enricher=enricher)
    records = _stories(pipeline.run(iter_payloads(seeds_dir)))
    ids = [r.story_id for r in records]
    assert ids == sorted(p.stem for p in seeds_dir.glob("*.txt"))
    assert all(isinstance(r, EnrichedStory) for r in records)
    assert enricher.batches == [2, 2, 1]


def test_garbage_between_stories_does_not_stop_the_run(offline_settings):
    payloads = [
        _story("a", "The first story tells of a bridge that opened in the town."),
        b"\x00\xff",
        _story("b", "A second story reports on the harvest in the northern valley."),
    ]
    pipeline = Pipeline.create(offline_settings, enricher=CountingEnricher())
    first, *stories = _stories(pipeline.run(payloads))
    assert isinstance(first, DeadLetter) and first.stage == "decode"
    assert sorted(s.dedup.verdict for s in stories) == ["unique", "unique"]


def test_one_failing_story_does_not_sink_its_batch(offline_settings):
    payloads = [
        _story("ok1", "The council met on Monday and approved the budget."),
        _story("bad", "A boom was heard across the harbour early on Tuesday."),
        _story("ok2", "Rain is expected across the region later this week."),
    ]
    pipeline = Pipeline.create(offline_settings, enricher=ExplodingEnricher())
    by_id = {r.story_id: r for r in _stories(pipeline.run(payloads))}
    assert isinstance(by_id["ok1"], EnrichedStory)
    assert isinstance(by_id["ok2"], EnrichedStory)
    assert isinstance(by_id["bad"], DeadLetter) and by_id["bad"].stage == "enrich"


def test_same_story_twice_is_redelivery_not_duplicate(offline_settings):
    payload = _story("again", "A story delivered twice by an at-least-once feed.")
    pipeline = Pipeline.create(offline_settings, enricher=CountingEnricher())
    first, second = _stories(pipeline.run([payload, payload]))
    assert not isinstance(second, DuplicateRecord)
    assert first.dedup == second.dedup


def test_emissions_are_keyed_by_story_id(offline_settings):
    pipeline = Pipeline.create(offline_settings, enricher=CountingEnricher())
    (record,) = _stories(
        pipeline.run(
            [_story("k1", "Shares rose on Friday after the company reported strong results.")]
        )
    )
    emission = emit(record, offline_settings).emission()
    assert emission.topic == offline_settings.topics.enriched
    assert emission.key == "k1"
    assert emission.value["story_id"] == "k1"


@pytest.mark.parametrize(
    "payload",
    [
        b'{"story_id": "ab\\ud800", "body": "The harbour reopened on Monday."}',
        b'{"story_id": "s1", "body": "Text \\udfff here about the harbour reopening."}',
        b'{"story_id": "s2", "body": "The harbour reopened.", "headline": "x\\ud800"}',
    ],
)
def test_unpaired_surrogate_escapes_are_dead_lettered(offline_settings, payload):
    result = ingest(payload, offline_settings)
    assert isinstance(result, DeadLetter)
    assert result.stage == "decode" and "surrogate" in result.error
    assert result.story_id is None
    result.model_dump_json().encode("utf-8")  # publishable


def test_dead_letter_names_only_valid_story_ids(offline_settings):
    payload = json.dumps({"story_id": "x" * 5_000, "body": "b"}).encode()
    result = ingest(payload, offline_settings)
    assert isinstance(result, DeadLetter) and result.story_id is None


def test_fit_to_limit_keeps_small_records_and_shrinks_big_dead_letters(offline_settings):
    small = ingest(b"{oops", offline_settings)
    assert fit_to_limit(small, 1_048_576) is small
    control = b"\x01" * 300_000  # JSON escapes each as \u0001: six-fold growth
    letter = ingest(control, offline_settings)
    assert isinstance(letter, DeadLetter)
    assert len(letter.model_dump_json()) > 1_048_576
    fitted = fit_to_limit(letter, 1_048_576)
    assert isinstance(fitted, DeadLetter) and fitted.payload_truncated
    assert len(fitted.model_dump_json().encode()) <= 1_048_576
    assert fitted.payload_size == 300_000 and fitted.payload_sha256 == letter.payload_sha256


def test_fit_to_limit_turns_an_oversized_story_into_a_dead_letter(offline_settings):
    body = "The harbour reopened on Monday after a week of storms. " * 15_000  # 825 KB
    pipeline = Pipeline.create(offline_settings, enricher=CountingEnricher())
    (story,) = _stories(pipeline.run([_story("big", body)]))
    assert isinstance(story, EnrichedStory)
    assert fit_to_limit(story, 1_048_576) is story
    fitted = fit_to_limit(story, 524_288)  # a topic limit below the body limit
    assert isinstance(fitted, DeadLetter)
    assert fitted.story_id == "big" and fitted.stage == "enrich"
    assert "over the topics' limit" in fitted.error
    assert len(fitted.model_dump_json().encode()) <= 524_288


def test_extractor_output_breaking_the_contract_costs_one_story(offline_settings):
    class BadOffsets(Enricher):
        def __init__(self) -> None:
            pass

        def enrich(self, stories, hints=None):
            return [
                Extraction(entities=[{"text": "x", "label": "ORG"}])  # no offsets
                if "harbour" in s.body
                else Extraction()
                for s in stories
            ]

    payloads = [
        _story("fine", "Rain is expected across the region later this week."),
        _story("broken", "The harbour reopened on Monday after a week of storms."),
    ]
    pipeline = Pipeline.create(offline_settings, enricher=BadOffsets())
    by_id = {r.story_id: r for r in _stories(pipeline.run(payloads))}
    assert isinstance(by_id["fine"], EnrichedStory)
    assert isinstance(by_id["broken"], DeadLetter) and by_id["broken"].stage == "enrich"


def test_clusters_are_emitted_after_each_verdict_keyed_by_cluster_id(offline_settings):
    payload = _story("c1", "Shares rose on Friday after the company reported strong results.")
    copy = _story("c2", "Shares rose on Friday after the company reported strong results.")
    pipeline = Pipeline.create(offline_settings, enricher=CountingEnricher())
    records = list(pipeline.run([payload, copy, payload]))
    clusters = [r for r in records if isinstance(r, StoryCluster)]
    assert [(c.cluster_id, c.story_count, c.duplicate_count) for c in clusters] == [
        ("c1", 1, 0),
        ("c1", 2, 1),
        ("c1", 2, 1),  # the re-delivery: the same record again, nothing counted twice
    ]
    assert clusters[1] == clusters[2]
    emission = emit(clusters[0], offline_settings).emission()
    assert emission.topic == offline_settings.topics.clusters == "wire.clusters"
    assert emission.key == "c1" and emission.value["story_count"] == 1


def test_a_failing_cluster_book_costs_the_cluster_record_not_the_story(offline_settings):
    pipeline = Pipeline.create(offline_settings, enricher=CountingEnricher())
    pipeline.book.apply = None  # type: ignore[assignment,method-assign]  # any bug in it
    records = list(pipeline.run([_story("s1", "The council met on Monday and voted.")]))
    letter, story = records
    assert isinstance(letter, DeadLetter) and letter.stage == "dedup"
    assert letter.code == DeadLetterCode.DEDUP_CLUSTERS_FAILED
    assert "cluster bookkeeping failed" in letter.error and letter.story_id == "s1"
    assert isinstance(story, EnrichedStory)
