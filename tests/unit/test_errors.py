"""The error tree, and one dead-letter code per way a story can fail, from real input."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import stream.core.pipeline
import stream.kafka.admin
import stream.kafka.connection
import stream.local.broker
import stream.local.supervise
from schemas import DeadLetter, DeadLetterCode, EnrichedStory, StoryCluster
from stream import errors
from stream.core.emit import fit_to_limit
from stream.core.extract import Enricher, Extraction
from stream.core.pipeline import Pipeline, ingest
from stream.errors import StageError, WirestreamError
from stream.settings import SettingsError

HERE = Path(__file__).resolve().parent


def _tree(cls: type) -> list[type]:
    out = []
    for sub in cls.__subclasses__():
        out.append(sub)
        out += _tree(sub)
    return out


def test_every_purposeful_error_derives_from_wirestream_error():
    for cls in (
        stream.local.broker.BrokerError,
        stream.kafka.admin.TopicSetupError,
        stream.kafka.connection.BrokerConnectionError,
        SettingsError,
        stream.local.supervise.WorkerNotReady,
        errors.ContractError,
        errors.DecodeError,
        errors.EmptyStory,
    ):
        assert issubclass(cls, WirestreamError), cls
    # the driver errors stay RuntimeErrors too: existing `except RuntimeError` keeps working
    assert issubclass(stream.local.broker.BrokerError, RuntimeError)


def test_the_drawn_tree_is_the_real_tree():
    """The docstring of stream.errors draws the tree: every class, at its real depth."""
    drawn = {}
    for line in (errors.__doc__ or "").splitlines():
        found = re.match(r"^([│ ]*)(?:[├└]── )?([A-Z]\w+)\b", line)
        if found and (line.startswith("Wirestream") or "──" in line):
            drawn[found.group(2)] = len(found.group(1)) // 4 + (1 if "──" in line else 0)
    real = {"WirestreamError": 0}

    def walk(cls: type, depth: int) -> None:
        for sub in cls.__subclasses__():
            if sub.__module__.startswith(("stream.", "schemas.")):
                real[sub.__name__] = depth
                walk(sub, depth + 1)

    walk(WirestreamError, 1)
    assert drawn == real


# --- dead-letter codes ------------------------------------------------------------


class _NoModel(Enricher):
    def __init__(self, extraction=None, fail: bool = False) -> None:
        self.extraction = extraction
        self.fail = fail

    def enrich(self, stories, hints=None):
        if self.fail:
            raise RuntimeError("model crashed")
        return [self.extraction or Extraction() for _ in stories]


def _story(body: str, story_id: str = "s1") -> bytes:
    return json.dumps({"story_id": story_id, "body": body}).encode()


GOOD_BODY = "The harbour reopened on Monday after a week of storms closed it to ships."

INGEST_CASES = {
    DeadLetterCode.DECODE_INVALID_UTF8: b'{"story_id": "a", "body": "caf\xe9"}',
    DeadLetterCode.DECODE_EMPTY: b" \n\t ",
    DeadLetterCode.DECODE_INVALID_JSON: b'{"story_id": "a", "body": "unterminated',
    DeadLetterCode.DECODE_INVALID_UNICODE: b'{"story_id": "a", "body": "x \\ud800 y"}',
    DeadLetterCode.VALIDATE_NOT_AN_OBJECT: b'["story_id", "body"]',
    DeadLetterCode.VALIDATE_MISSING_FIELD: b'{"story_id": "a", "headline": "No body"}',
    DeadLetterCode.VALIDATE_INVALID_FIELD: b'{"story_id": "a", "body": {"text": "nested"}}',
    DeadLetterCode.VALIDATE_BODY_TOO_LARGE: _story("word " * 300_000),
    DeadLetterCode.NORMALIZE_EMPTY_STORY: _story("<p>\n\n</p>"),
}
# Raised in the faust agents only: tested in-process in test_agents.py.
AGENT_CODES = {
    DeadLetterCode.DEDUP_INVALID_RECORD,
    DeadLetterCode.DEDUP_FAILED,
    DeadLetterCode.ENRICH_INVALID_RECORD,
}
PIPELINE_CODES = {
    DeadLetterCode.NORMALIZE_FAILED,
    DeadLetterCode.ENRICH_FAILED,
    DeadLetterCode.ENRICH_INVALID_OUTPUT,
    DeadLetterCode.EMIT_TOO_LARGE,
    DeadLetterCode.DEDUP_CLUSTERS_FAILED,  # test_pipeline.py: a failing cluster book
}


def _stories(records: list) -> list:
    """The story records of a run (wire.clusters records aside)."""
    return [r for r in records if not isinstance(r, StoryCluster)]


def test_every_code_has_a_test():
    assert set(INGEST_CASES) | AGENT_CODES | PIPELINE_CODES == set(DeadLetterCode)
    agent_tests = (HERE / "test_agents.py").read_text(encoding="utf-8")
    for code in AGENT_CODES:
        assert f"DeadLetterCode.{code.name}" in agent_tests, code


@pytest.mark.parametrize("code", list(INGEST_CASES), ids=str)
def test_bad_input_gets_its_code(offline_settings, code):
    letter = ingest(INGEST_CASES[code], offline_settings)
    assert isinstance(letter, DeadLetter)
    assert letter.code == code
    assert letter.stage == code.split(".")[0]
    assert letter.original_bytes() == INGEST_CASES[code] or letter.payload_encoding == "base64"
    assert json.loads(letter.model_dump_json())["code"] == code.value


def test_a_bug_in_normalization_is_normalize_failed(offline_settings, monkeypatch):
    def broken(raw, **tuning):
        raise IndexError("list index out of range")

    monkeypatch.setattr(stream.core.pipeline, "normalize", broken)
    letter = ingest(_story(GOOD_BODY), offline_settings)
    assert isinstance(letter, DeadLetter)
    assert (letter.code, letter.stage) == (DeadLetterCode.NORMALIZE_FAILED, "normalize")
    assert "IndexError" in letter.error


def test_a_crashing_extractor_is_enrich_failed(offline_settings):
    pipeline = Pipeline.create(offline_settings, enricher=_NoModel(fail=True))
    (letter,) = _stories(pipeline.run([_story(GOOD_BODY)]))
    assert isinstance(letter, DeadLetter)
    assert (letter.code, letter.stage, letter.story_id) == (
        DeadLetterCode.ENRICH_FAILED,
        "enrich",
        "s1",
    )


def test_an_extractor_breaking_the_contract_is_enrich_invalid_output(offline_settings):
    bad = Extraction(entities=[{"text": "x", "label": "ORG"}])  # no offsets
    pipeline = Pipeline.create(offline_settings, enricher=_NoModel(extraction=bad))
    (letter,) = _stories(pipeline.run([_story(GOOD_BODY)]))
    assert isinstance(letter, DeadLetter)
    assert letter.code == DeadLetterCode.ENRICH_INVALID_OUTPUT


def test_an_output_over_the_message_limit_is_emit_too_large(offline_settings):
    pipeline = Pipeline.create(offline_settings, enricher=_NoModel())
    (story,) = _stories(pipeline.run([_story(GOOD_BODY * 2_000)]))
    assert isinstance(story, EnrichedStory)
    letter = fit_to_limit(story, 65_536)
    assert isinstance(letter, DeadLetter)
    assert (letter.code, letter.stage) == (DeadLetterCode.EMIT_TOO_LARGE, "enrich")


def test_stage_error_takes_code_stage_and_story_id_in_one_call():
    err = StageError("x", code=DeadLetterCode.DEDUP_FAILED, stage="dedup", story_id="s")
    assert (err.code, err.stage, err.story_id, str(err)) == ("dedup.failed", "dedup", "s", "x")
    assert errors.EmptyStory("y", code=DeadLetterCode.NORMALIZE_EMPTY_STORY).stage == "normalize"
    with pytest.raises(ValueError):
        StageError("x", code="no.such_code")  # type: ignore[arg-type]
