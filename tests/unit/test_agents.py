"""The faust agents in-process: faust's ``test_context()``, in-memory channels and the
memory table store (``stream.testing.agent_harness``); no broker."""

from __future__ import annotations

import json

import pytest

from schemas import DeadLetter, DeadLetterCode, DuplicateRecord, EnrichedStory, StoryToEnrich
from schemas import NormalizedStory as Normalized
from stream.core.extract import Enricher, Extraction
from stream.testing import AgentHarness, agent_harness

BODY = (
    "The harbour of Port Ellis reopened on Monday after a week of storms kept ships at sea. "
    "Officials said the damage to the northern pier would take months to repair."
)


class NoModel(Enricher):
    """No spaCy model: the agent's batching and routing are under test, not NLP."""

    def __init__(self) -> None:
        pass

    def enrich(self, stories, hints=None):
        return [Extraction() for _ in stories]


@pytest.fixture
def harness(offline_settings) -> AgentHarness:
    return agent_harness(offline_settings, enricher_factory=NoModel)


def _raw(story_id: str, body: str = BODY) -> bytes:
    return json.dumps({"story_id": story_id, "body": body}).encode()


def _normalized(story_id: str, body: str = BODY) -> bytes:
    return Normalized(story_id=story_id, body=body).model_dump_json().encode()


async def test_normalize_agent_turns_a_raw_story_into_a_normalized_record(harness):
    async with harness.agent("normalize").test_context() as agent:
        await agent.put(_raw("n1"), key=b"n1")
        key, value = await harness.next("normalized")
    story = Normalized.model_validate_json(value)
    assert key == b"n1" and story.story_id == "n1"
    assert story.body.startswith("The harbour of Port Ellis reopened")
    assert harness.pending("deadletter") == 0


async def test_normalize_agent_dead_letters_bad_bytes_with_where_they_came_from(harness):
    async with harness.agent("normalize").test_context() as agent:
        await agent.put(b'{"story_id": "x", "body": "caf\xe9"}', key=b"x")
        key, value = await harness.next("deadletter")
    letter = DeadLetter.model_validate_json(value)
    assert key is None  # the id of an undecodable payload is not trusted
    assert letter.code == DeadLetterCode.DECODE_INVALID_UTF8
    assert letter.source_offset is not None and letter.source_partition is not None
    assert letter.original_bytes() == b'{"story_id": "x", "body": "caf\xe9"}'
    assert harness.pending("normalized") == 0


async def test_dedup_agent_passes_the_first_and_marks_the_copy(harness):
    async with harness.agent("dedup").test_context() as agent:
        await agent.put(_normalized("first"), key=b"first")
        await agent.put(_normalized("copy"), key=b"copy")
        key1, first = await harness.next("to_enrich")
        key2, copy = await harness.next("duplicates")
    passed = StoryToEnrich.model_validate_json(first)
    assert (key1, passed.dedup.verdict) == (b"first", "unique")
    duplicate = DuplicateRecord.model_validate_json(copy)
    assert key2 == b"copy"
    assert (duplicate.kind, duplicate.duplicate_of) == ("exact", "first")
    assert duplicate.cluster_id == passed.dedup.cluster_id
    assert harness.wiring.tables.dedup["first"] is not None  # the verdicts live in the table


async def test_dedup_agent_dead_letters_a_record_that_is_not_a_normalized_story(harness):
    async with harness.agent("dedup").test_context() as agent:
        await agent.put(b'{"story_id": "x"}', key=b"x")
        _, value = await harness.next("deadletter")
    letter = DeadLetter.model_validate_json(value)
    assert (letter.code, letter.stage) == (DeadLetterCode.DEDUP_INVALID_RECORD, "dedup")
    assert harness.pending("to_enrich") == 0


async def test_dedup_agent_survives_a_failing_decision(harness):
    class Failing:
        def decide(self, story):
            raise KeyError("index out of step")

    harness.wiring._stage = Failing()  # a fault injected into the stage, not the agent
    async with harness.agent("dedup").test_context() as agent:
        await agent.put(_normalized("d1"), key=b"d1")
        _, value = await harness.next("deadletter")
    letter = DeadLetter.model_validate_json(value)
    assert letter.code == DeadLetterCode.DEDUP_FAILED and "KeyError" in letter.error


async def test_enrich_agent_publishes_the_enriched_story(harness):
    async with harness.agent("dedup").test_context() as agent:
        await agent.put(_normalized("e1"), key=b"e1")
        _, handoff = await harness.next("to_enrich")
    async with harness.agent("enrich").test_context() as agent:
        await agent.put(handoff, key=b"e1")
        key, value = await harness.next("enriched")
    story = EnrichedStory.model_validate_json(value)
    assert key == b"e1" and story.dedup.verdict == "unique"
    assert story.schema_version and story.pipeline_version


async def test_enrich_agent_dead_letters_a_record_that_is_not_a_hand_off(harness):
    async with harness.agent("enrich").test_context() as agent:
        await agent.put(_normalized("e2"), key=b"e2")  # a story without its verdict
        _, value = await harness.next("deadletter")
    letter = DeadLetter.model_validate_json(value)
    assert (letter.code, letter.stage) == (DeadLetterCode.ENRICH_INVALID_RECORD, "enrich")
    assert harness.pending("enriched") == 0
