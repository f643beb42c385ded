"""The topic contracts: what validates, what is rejected, and the exported schemas."""

from __future__ import annotations

import hashlib
import json

import pytest
from pydantic import ValidationError

from schemas import DeadLetter, DedupInfo, EnrichedStory, RawStory
from schemas.export import JSONSCHEMA_DIR, MODELS, render


def test_raw_story_minimal_and_extra_fields_ignored():
    raw = RawStory.model_validate({"story_id": "a1", "body": "text", "feed_rank": 3})
    assert raw.story_id == "a1"
    assert not hasattr(raw, "feed_rank")
    assert raw.source is None


@pytest.mark.parametrize(
    "story_id",
    ["", "x" * 257, "tab\there", "line\nbreak", " padded", "bell\x07"],
)
def test_raw_story_rejects_bad_ids(story_id):
    with pytest.raises(ValidationError):
        RawStory.model_validate({"story_id": story_id, "body": "b"})


def test_raw_story_accepts_256_printable_characters():
    assert RawStory(story_id="é" * 256, body="b").story_id == "é" * 256


def test_raw_story_requires_body_as_string():
    with pytest.raises(ValidationError):
        RawStory.model_validate({"story_id": "a"})
    with pytest.raises(ValidationError):
        RawStory.model_validate({"story_id": "a", "body": ["not", "text"]})


def test_raw_story_parses_iso_dates():
    raw = RawStory.model_validate(
        {"story_id": "a", "body": "b", "published_at": "2025-08-08T10:47:00-05:00"}
    )
    assert raw.published_at is not None and raw.published_at.utcoffset() is not None


def test_dead_letter_keeps_undecodable_bytes_exactly():
    original = b"\xff\xfe not utf-8 \x00"
    fields = DeadLetter.payload_fields(original, inline_limit=1_000)
    letter = DeadLetter(stage="decode", code="decode.invalid_utf8", error="bad", **fields)
    assert letter.payload_encoding == "base64"
    assert letter.original_bytes() == original
    assert letter.payload_size == len(original) and not letter.payload_truncated


def test_dead_letter_keeps_text_readable():
    fields = DeadLetter.payload_fields(b'{"story_id": 1}', inline_limit=1_000)
    assert (fields["payload"], fields["payload_encoding"]) == ('{"story_id": 1}', "text")


def test_dead_letter_inlines_only_the_head_of_a_huge_payload():
    original = ("é" * 1_000).encode()  # 2,000 bytes of two-byte characters
    fields = DeadLetter.payload_fields(original, inline_limit=101)
    assert fields["payload_truncated"] is True
    assert fields["payload"] == "é" * 50  # never a broken character
    assert fields["payload_size"] == 2_000
    assert fields["payload_sha256"] == hashlib.sha256(original).hexdigest()


def test_dedup_similarity_bounded():
    with pytest.raises(ValidationError):
        DedupInfo(similarity=1.5)


def test_enriched_story_round_trips_through_json():
    story = EnrichedStory(
        story_id="s",
        body="b",
        pipeline_version="t",
        processed_at="2025-01-01T00:00:00Z",
    )
    again = EnrichedStory.model_validate_json(story.model_dump_json())
    assert again == story
    assert again.dedup.verdict == "unique"


@pytest.mark.parametrize("filename", sorted(render()))
def test_committed_json_schemas_are_current(filename):
    committed = JSONSCHEMA_DIR / filename
    assert committed.exists(), f"{filename} missing: run `wirestream schemas`"
    assert committed.read_text(encoding="utf-8") == render()[filename], (
        f"{filename} is stale: run `wirestream schemas`"
    )


def test_every_model_is_exported_and_no_stray_files():
    names = {p.name for p in JSONSCHEMA_DIR.glob("*.json")}
    assert names == set(render())
    assert len(MODELS) == len(names)
    for name in names:
        json.loads((JSONSCHEMA_DIR / name).read_text())
