"""Breaking-change check of an output schema against its released snapshot.

Over plain JSON Schema (what pydantic exports), three rules; everything else passes:

- a required field removed (or made optional): consumers read it unconditionally;
- a type narrowed (a JSON type no longer allowed, ``number`` -> ``integer`` too):
  records already on the topics (retention, compacted clusters) would fail the new one;
- an enum value removed (or an enum introduced): same reason.

Additions pass: a new field, a new enum value, a wider type. Consumers are tolerant
readers (docs/compatibility.md). Nested objects (``$ref``/``$defs``), ``anyOf`` unions
and array items are followed.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

Schema = dict[str, Any]
ANY = "any"  # a schema that allows every JSON type

_JSON_TYPES = {
    bool: "boolean",
    int: "integer",
    float: "number",
    str: "string",
    type(None): "null",
    list: "array",
    dict: "object",
}


def _resolve(schema: Schema, root: Schema) -> Schema:
    seen = 0
    while "$ref" in schema and seen < 64:  # pydantic refs are local: '#/$defs/Name'
        parts = schema["$ref"].removeprefix("#/").split("/")
        target: Any = root
        for part in parts:
            target = target[part]
        schema, seen = target, seen + 1
    return schema


def _branches(schema: Schema, root: Schema) -> Iterator[Schema]:
    schema = _resolve(schema, root)
    alternatives = schema.get("anyOf") or schema.get("oneOf")
    if alternatives:
        for alt in alternatives:
            yield from _branches(alt, root)
    else:
        yield schema


def _values_by_type(branch: Schema) -> dict[str, set[str] | None]:
    """JSON type -> allowed values (JSON-encoded), None when any value of it is allowed."""
    if "const" in branch or "enum" in branch:
        values = [branch["const"]] if "const" in branch else branch["enum"]
        out: dict[str, set[str] | None] = {}
        for value in values:
            kind = _JSON_TYPES[type(value)]
            allowed = out.setdefault(kind, set())
            assert allowed is not None
            allowed.add(json.dumps(value, sort_keys=True))
        return out
    kinds = branch.get("type")
    if kinds is None:
        kinds = ["object"] if "properties" in branch else [ANY]
    elif isinstance(kinds, str):
        kinds = [kinds]
    return dict.fromkeys(kinds)


def _domain(schema: Schema, root: Schema) -> tuple[dict[str, set[str] | None], list[Schema]]:
    """Allowed values per type over every branch, and the object/array branches."""
    domain: dict[str, set[str] | None] = {}
    structured = []
    for branch in _branches(schema, root):
        for kind, values in _values_by_type(branch).items():
            if kind in domain and (domain[kind] is None or values is None):
                domain[kind] = None
            elif kind in domain:
                domain[kind] = (domain[kind] or set()) | (values or set())
            else:
                domain[kind] = values
        if {"properties", "items"} & branch.keys() or branch.get("type") in ("object", "array"):
            structured.append(branch)
    return domain, structured


def _covers(new: dict[str, set[str] | None], kind: str) -> str | None:
    """The type of ``new`` that admits every value of ``kind``, if any."""
    if ANY in new:
        return ANY
    if kind in new:
        return kind
    if kind == "integer" and "number" in new:
        return "number"
    return None


def breaking_changes(old: Schema, new: Schema) -> list[str]:
    """Every breaking change from ``old`` to ``new``, one sentence each (empty: none)."""
    problems: list[str] = []
    _compare(old, old, new, new, "$", problems)
    return problems


def _compare(old: Schema, old_root: Schema, new: Schema, new_root: Schema, path: str,
             problems: list[str]) -> None:  # fmt: skip
    old_domain, old_structured = _domain(old, old_root)
    new_domain, new_structured = _domain(new, new_root)
    for kind, old_values in old_domain.items():
        match = _covers(new_domain, kind)
        if match is None:
            problems.append(f"{path}: type narrowed, {kind!r} no longer allowed")
            continue
        new_values = None if match == ANY else new_domain[match]
        if new_values is None:
            continue
        if old_values is None:
            problems.append(f"{path}: type narrowed, {kind} now limited to {sorted(new_values)}")
            continue
        for value in sorted(old_values - new_values):
            problems.append(f"{path}: enum value {value} removed")
    for old_branch in old_structured:
        kind = "array" if "items" in old_branch or old_branch.get("type") == "array" else "object"
        peers = [b for b in new_structured if ("items" in b) == (kind == "array")]
        if peers:
            _compare_structure(old_branch, old_root, peers[0], new_root, path, problems)


def _compare_structure(old: Schema, old_root: Schema, new: Schema, new_root: Schema,
                       path: str, problems: list[str]) -> None:  # fmt: skip
    if "items" in old:
        if "items" in new:
            _compare(old["items"], old_root, new["items"], new_root, f"{path}[]", problems)
        return
    old_props, new_props = old.get("properties", {}), new.get("properties", {})
    new_required = set(new.get("required", []))
    for name in old.get("required", []):
        if name not in new_props:
            problems.append(f"{path}.{name}: required field removed")
        elif name not in new_required:
            problems.append(f"{path}.{name}: required field made optional")
    for name, old_prop in old_props.items():
        if name in new_props:
            _compare(old_prop, old_root, new_props[name], new_root, f"{path}.{name}", problems)


# --- the released snapshot ------------------------------------------------------------

RELEASED_DIR = Path(__file__).resolve().parent / "released"


def parse_version(text: str) -> tuple[int, int, int]:
    parts = text.strip().split(".")
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        raise ValueError(f"not a MAJOR.MINOR.PATCH version: {text!r}")
    major, minor, patch = (int(p) for p in parts)
    return major, minor, patch


def is_breaking_bump(old: str, new: str) -> bool:
    """True when ``new`` may carry breaking changes after ``old``: a new major, or, while
    the major is 0, a new minor (as Cargo reads 0.x versions)."""
    o, n = parse_version(old), parse_version(new)
    if o[0] == 0 and n[0] == 0:
        return n[1] > o[1]
    return n[0] > o[0]


def released_version(directory: Path = RELEASED_DIR) -> str:
    return (directory / "VERSION").read_text(encoding="utf-8").strip()


def released_schemas(directory: Path = RELEASED_DIR) -> dict[str, Schema]:
    """File name -> schema of every output payload in the released snapshot."""
    return {
        p.name: json.loads(p.read_text(encoding="utf-8"))
        for p in sorted(directory.glob("*.schema.json"))
    }
