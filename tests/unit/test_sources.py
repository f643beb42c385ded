"""Reading stories from files and preparing them for a send."""

from __future__ import annotations

import json

from stream.core.sources import iter_payloads, prepare, story_key, with_round


def test_folder_gives_txt_and_jsonl_in_name_order(tmp_path):
    (tmp_path / "b.txt").write_text("Body of b.", encoding="utf-8")
    (tmp_path / "a.jsonl").write_bytes(b'{"story_id": "j1", "body": "x"}\n\n{broken\n')
    (tmp_path / "notes.md").write_text("ignored")
    payloads = list(iter_payloads(tmp_path))
    assert payloads[:2] == [b'{"story_id": "j1", "body": "x"}', b"{broken"]
    assert json.loads(payloads[2]) == {"story_id": "b", "body": "Body of b."}


def test_prepare_keys_by_story_id_and_keeps_bytes_when_unchanged():
    payload = b'{"story_id": "s1", "body": "x"}'
    assert prepare(payload) == (b"s1", payload)
    assert story_key(payload) == b"s1"


def test_later_rounds_get_new_ids_and_stamp_only_when_missing():
    payload = b'{"story_id": "s1", "body": "x", "received_at": "2025-01-01T00:00:00Z"}'
    key, value = prepare(payload, 2, received_at="2026-11-22T00:00:00Z")
    data = json.loads(value)
    assert key == b"s1~r2" and data["story_id"] == "s1~r2"
    assert data["received_at"] == "2025-01-01T00:00:00Z"
    key, value = prepare(b'{"story_id": "s2", "body": "y"}', received_at="2026-11-22T00:00:00Z")
    assert json.loads(value)["received_at"] == "2026-11-22T00:00:00Z"
    assert json.loads(with_round(payload, 3))["story_id"] == "s1~r3"


def test_unreadable_payloads_pass_unchanged_and_unkeyed():
    for payload in (b"\xff\xfe", b"{broken", b"[1]", b'{"story_id": 5}'):
        assert prepare(payload, 2, received_at="2026-11-22T00:00:00Z") == (None, payload)
