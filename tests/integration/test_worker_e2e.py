"""The walking skeleton on a real broker: seeds in, enriched stories and dead letters out."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from schemas import DeadLetter, DuplicateRecord, EnrichedStory
from stream.core.sources import iter_payloads
from tests.integration.harness import (
    SEEDS,
    WorkerProcess,
    publish,
    read_topic,
    running_worker,
)

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def worker(kafka_broker, tmp_path_factory) -> Iterator[WorkerProcess]:
    with running_worker(kafka_broker, tmp_path_factory.mktemp("worker-e2e")) as proc:
        yield proc


def test_seeds_arrive_on_enriched(worker):
    settings = worker.settings
    payloads = list(iter_payloads(SEEDS))
    assert publish(settings, payloads) == 5
    records = read_topic(settings, settings.topics.enriched, count=5)
    assert sorted(records) == sorted(p.stem for p in SEEDS.glob("*.txt")), worker.log_tail()
    for key, values in records.items():
        story = EnrichedStory.model_validate(values[0])
        assert story.story_id == key
        assert story.body and "Tap to install" not in story.body
        assert story.dedup.verdict in {"unique", "same_story"}
        assert story.language == "en"
    # enrichment reached the topic: seed 003's quotes, speakers and entities
    caliber = EnrichedStory.model_validate(records["003_ae32a3bb8822ae70"][0])
    attributed = {(q.speaker, q.cue) for q in caliber.quotes if q.kind == "full"}
    assert ("Pam Bondi", "stated") in attributed
    assert ("Marco Rubio", "underscored") in attributed
    assert ("Anna Kelly", "defended") in attributed
    people = {e.canonical for e in caliber.entities if e.label == "PERSON"}
    assert {"Pam Bondi", "Marco Rubio", "Anna Kelly", "Nicolas Maduro"} <= people
    # the five write-ups of one event form one cluster, and none is suppressed
    clusters = {EnrichedStory.model_validate(v[0]).dedup.cluster_id for v in records.values()}
    assert len(clusters) == 1


def test_replay_loop_two_gives_five_exact_duplicates(worker):
    settings = worker.settings
    payloads = list(iter_payloads(SEEDS))
    publish(settings, payloads, loops=2)  # round 1 re-delivers, round 2 re-sends as copies
    dups = read_topic(settings, settings.topics.duplicates, count=5)
    records = [DuplicateRecord.model_validate(v[0]) for v in dups.values()]
    assert sorted(r.story_id for r in records) == sorted(
        f"{p.stem}~r2" for p in SEEDS.glob("*.txt")
    )
    assert {r.kind for r in records} == {"exact"}
    assert {r.duplicate_of for r in records} == {p.stem for p in SEEDS.glob("*.txt")}


def test_garbage_goes_to_deadletter_and_worker_survives(worker):
    settings = worker.settings
    garbage = [
        b"\xff\xfe\x00 not utf-8",
        b"{this is not json",
        json.dumps({"story_id": "no-body"}).encode(),
        json.dumps({"story_id": "empty", "body": "   \n\n  "}).encode(),
        json.dumps(
            {"story_id": "huge", "body": "x" * (settings.limits.max_body_bytes + 1)}
        ).encode(),
    ]
    publish(settings, garbage, stamp=False)
    records = read_topic(settings, settings.topics.deadletter, count=len(garbage))
    letters = [DeadLetter.model_validate(v) for vs in records.values() for v in vs]
    assert len(letters) == len(garbage), worker.log_tail()
    by_payload = {letter.original_bytes(): letter for letter in letters}
    assert by_payload[garbage[0]].payload_encoding == "base64"
    assert "UTF-8" in by_payload[garbage[0]].error
    assert "JSON" in by_payload[garbage[1]].error
    assert by_payload[garbage[2]].story_id == "no-body"
    assert "body" in by_payload[garbage[2]].error
    assert by_payload[garbage[3]].stage == "normalize"
    assert "limit" in by_payload[garbage[4]].error
    # the worker is still alive and still processing
    calm = "The harbour reopened on Sunday after a week of storms, officials said."
    publish(settings, [json.dumps({"story_id": "after", "body": calm}).encode()])
    later = read_topic(settings, settings.topics.enriched, keys={"after"})
    assert "after" in later, worker.log_tail()
    assert worker.proc is not None and worker.proc.poll() is None
    # and its metrics counted the dead letters by stage
    text = worker.metrics_text()
    assert 'wirestream_dead_letters_total{stage="decode"} 2.0' in text
    assert 'wirestream_dead_letters_total{stage="validate"} 2.0' in text
    assert 'wirestream_dead_letters_total{stage="normalize"} 1.0' in text
    assert 'wirestream_verdicts_total{verdict="unique"}' in text
    assert 'wirestream_stage_seconds_count{stage="enrich"}' in text
