"""Schema compatibility: each rule on tiny schemas, then the real outputs vs the release."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Literal

import pytest
from pydantic import BaseModel

from schemas import DeadLetter, DuplicateRecord, EnrichedStory, StoryCluster
from schemas.compat import (
    RELEASED_DIR,
    breaking_changes,
    is_breaking_bump,
    parse_version,
    released_version,
)
from schemas.export import OUTPUT_SCHEMAS, render
from schemas.version import SCHEMA_VERSION
from stream.cli.contracts import breaking_changes_since_release, release, snapshot


def obj(required: list[str] | None = None, **props: dict) -> dict:
    return {"type": "object", "properties": props, "required": required or list(props)}


S = {"type": "string"}
I = {"type": "integer"}  # noqa: E741
N = {"type": "number"}
NULL = {"type": "null"}


# --- rule: a required field removed ---------------------------------------------------


def test_removing_a_required_field_breaks():
    assert breaking_changes(obj(a=S, b=S), obj(a=S)) == ["$.b: required field removed"]


def test_making_a_required_field_optional_breaks():
    assert breaking_changes(obj(a=S, b=S), obj(["a"], a=S, b=S)) == [
        "$.b: required field made optional"
    ]


def test_adding_a_field_passes_required_or_not():
    assert breaking_changes(obj(a=S), obj(a=S, b=S)) == []
    assert breaking_changes(obj(a=S), obj(["a"], a=S, b=S)) == []


def test_removing_an_optional_field_passes():
    assert breaking_changes(obj(["a"], a=S, b=S), obj(a=S)) == []


# --- rule: a type narrowed ------------------------------------------------------------


def test_dropping_null_from_a_union_narrows():
    old = obj(a={"anyOf": [S, NULL]})
    assert breaking_changes(old, obj(a=S)) == ["$.a: type narrowed, 'null' no longer allowed"]


def test_number_to_integer_narrows_and_integer_to_number_widens():
    assert breaking_changes(obj(a=N), obj(a=I)) == [
        "$.a: type narrowed, 'number' no longer allowed"
    ]
    assert breaking_changes(obj(a=I), obj(a=N)) == []


def test_changing_a_type_narrows():
    assert breaking_changes(obj(a=S), obj(a=I)) == [
        "$.a: type narrowed, 'string' no longer allowed"
    ]


def test_widening_a_type_passes():
    assert breaking_changes(obj(a=S), obj(a={"anyOf": [S, NULL]})) == []
    assert breaking_changes(obj(a=S), obj(a={"type": ["string", "integer"]})) == []
    assert breaking_changes(obj(a=S), obj(a={})) == []


def test_introducing_an_enum_narrows():
    new = obj(a={"type": "string", "enum": ["x"]})
    assert breaking_changes(obj(a=S), new) == [
        "$.a: type narrowed, string now limited to ['\"x\"']"
    ]


# --- rule: an enum value removed ------------------------------------------------------


def test_removing_an_enum_value_breaks_and_adding_one_passes():
    old = obj(a={"type": "string", "enum": ["x", "y"]})
    assert breaking_changes(old, obj(a={"type": "string", "enum": ["x"]})) == [
        '$.a: enum value "y" removed'
    ]
    assert breaking_changes(old, obj(a={"type": "string", "enum": ["x", "y", "z"]})) == []


def test_const_counts_as_an_enum_of_one():
    assert breaking_changes(obj(a={"const": "x"}), obj(a={"const": "y"})) == [
        '$.a: enum value "x" removed'
    ]


# --- nesting: $ref, arrays, optional objects ------------------------------------------


def test_rules_follow_refs_arrays_and_optional_objects():
    inner_old = obj(k={"type": "string", "enum": ["a", "b"]}, n=S)
    inner_new = obj(k={"type": "string", "enum": ["a"]})

    def doc(inner: dict) -> dict:
        return {
            **obj(
                items={"type": "array", "items": {"$ref": "#/$defs/Inner"}},
                maybe={"anyOf": [{"$ref": "#/$defs/Inner"}, NULL]},
            ),
            "$defs": {"Inner": inner},
        }

    assert sorted(breaking_changes(doc(inner_old), doc(inner_new))) == [
        '$.items[].k: enum value "b" removed',
        "$.items[].n: required field removed",
        '$.maybe.k: enum value "b" removed',
        "$.maybe.n: required field removed",
    ]
    assert breaking_changes(doc(inner_old), doc(inner_old)) == []


def test_pydantic_models_end_to_end():
    class Old(BaseModel):
        kind: Literal["quote", "fragment"] = "quote"
        speaker: str | None

    class New(BaseModel):
        kind: Literal["full", "partial"] = "full"
        speaker: str

    old = Old.model_json_schema(mode="serialization")
    problems = breaking_changes(old, New.model_json_schema(mode="serialization"))
    assert problems == [
        '$.kind: enum value "fragment" removed',
        '$.kind: enum value "quote" removed',
        "$.speaker: type narrowed, 'null' no longer allowed",
    ]


# --- versions -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "breaking"),
    [
        ("0.1.0", "0.2.0", True),
        ("0.1.0", "0.1.1", False),
        ("0.9.3", "1.0.0", True),
        ("1.2.0", "1.3.0", False),
        ("1.2.0", "2.0.0", True),
    ],
)
def test_breaking_bump(old, new, breaking):
    assert is_breaking_bump(old, new) is breaking


@pytest.mark.parametrize("text", ["1.0", "v1.0.0", "1.0.0-rc1", ""])
def test_versions_are_plain_semver(text):
    with pytest.raises(ValueError):
        parse_version(text)


# --- the real contract ----------------------------------------------------------------


def test_output_payloads_have_no_breaking_change_since_the_release():
    problems = breaking_changes_since_release()
    assert problems == [], (
        "breaking change(s) to an output payload; release them with a new major version "
        "(`wirestream schemas --release X.0.0`, docs/compatibility.md):\n  " + "\n  ".join(problems)
    )


def test_snapshot_holds_every_output_payload_and_records_carry_its_version():
    assert released_version() == SCHEMA_VERSION
    for model in (EnrichedStory, DuplicateRecord, DeadLetter, StoryCluster):
        schema = model.model_json_schema(mode="serialization")
        assert "schema_version" in schema["required"], model.__name__
    letter = DeadLetter(stage="decode", code="decode.empty", error="e", payload="p")
    assert json.loads(letter.model_dump_json())["schema_version"] == SCHEMA_VERSION


def test_snapshot_writes_the_output_schemas_and_version(tmp_path):
    written = snapshot("9.9.9", tmp_path)
    assert {p.name for p in written} == {f"{n}.schema.json" for n in OUTPUT_SCHEMAS} | {"VERSION"}
    assert released_version(tmp_path) == "9.9.9"
    assert breaking_changes_since_release(tmp_path) == []


def _released_with_an_extra_required_field(tmp_path):
    snapshot(SCHEMA_VERSION, tmp_path)
    path = tmp_path / "dead_letter.schema.json"
    old = json.loads(path.read_text())
    old["properties"]["retired"] = {"type": "string"}
    old["required"].append("retired")
    path.write_text(json.dumps(old))


def test_release_refuses_a_break_without_a_major_bump(tmp_path):
    _released_with_an_extra_required_field(tmp_path)
    assert breaking_changes_since_release(tmp_path) == [
        "dead_letter.schema.json: $.retired: required field removed"
    ]
    major, minor, patch = parse_version(SCHEMA_VERSION)
    with pytest.raises(ValueError, match="need a new major version"):
        release(f"{major}.{minor}.{patch + 1}", tmp_path)


def test_release_refuses_an_old_version(tmp_path):
    snapshot(SCHEMA_VERSION, tmp_path)
    with pytest.raises(ValueError, match="not newer"):
        release(SCHEMA_VERSION, tmp_path)


def test_exported_schemas_include_the_released_ones():
    assert {f"{n}.schema.json" for n in OUTPUT_SCHEMAS} <= set(render())


def test_cli_release_refusal_is_a_clear_error_and_writes_nothing():
    before = {p: p.read_bytes() for p in RELEASED_DIR.iterdir()}
    result = subprocess.run(
        [sys.executable, "-m", "stream.cli", "schemas", "--release", "0.0.9"],
        cwd=RELEASED_DIR.parents[1],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    assert "not newer" in result.stdout
    assert {p: p.read_bytes() for p in RELEASED_DIR.iterdir()} == before
