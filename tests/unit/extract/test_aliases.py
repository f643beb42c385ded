"""Cross-story entity keys: the alias memory (plain Python, no model) and key rules."""

from __future__ import annotations

import sys
import time

import pytest

from stream.core.extract.aliases import (
    MAX_HINTS,
    AliasMemory,
    entity_key,
    initials,
    key_name,
    scan,
)

# Stories of one made-up event, as a wire would send them (no names from any data set).
STORIES = [
    ("s1", "c1", "Governor Alma Reyes of Nueva Terra said on Monday the Reyes plan would pass."),
    ("s2", "c1", "Reyes told reporters the plan was ready. Critics of Reyes disagreed."),
    ("s3", "c2", "The Harbor Safety Board (HSB) opened an inquiry into the collision."),
    ("s4", "c2", "The HSB said its inquiry would take a year."),
    ("s5", "c3", "Talks with the Northern Riders, or Cavaleiros do Norte, stalled on Friday."),
    ("s6", "c3", "The Cavaleiros do Norte rejected the offer."),
]


def run(memory: AliasMemory, stories=STORIES) -> list[dict[str, str]]:
    return [memory.hints(sid, body, cluster) for sid, cluster, body in stories]


def test_short_form_gets_the_long_form_seen_before() -> None:
    hints = run(AliasMemory({}))
    assert hints[1]["reyes"] == "Alma Reyes"
    assert entity_key("Reyes", "PERSON", hints[1]) == "PERSON:alma reyes"
    assert entity_key("Alma Reyes", "PERSON", hints[0]) == "PERSON:alma reyes"


def test_initials_resolve_to_the_spelled_out_name() -> None:
    hints = run(AliasMemory({}))
    key_later = entity_key("HSB", "ORG", hints[3])
    assert key_later == entity_key("Harbor Safety Board", "ORG", hints[2])
    assert initials("Department of Defense") == ("dd", "dod")  # sorted: no hash order
    assert "dod" in initials("Department of Defense")


def test_declared_alias_keeps_one_key_across_stories() -> None:
    hints = run(AliasMemory({}))
    first = entity_key("Northern Riders", "ORG", hints[4])
    assert entity_key("Cavaleiros do Norte", "ORG", hints[4]) == first
    assert entity_key("Cavaleiros do Norte", "ORG", hints[5]) == first


def test_name_known_first_keeps_its_key_when_an_alias_is_declared_later() -> None:
    memory = AliasMemory({})
    memory.hints("a", "The QX-7 gang grew in the port.", "c")
    later = memory.hints("b", "The Quinta Xanadu (known as QX-7) gang was named.", "c")
    again = memory.hints("c", "Police raided QX-7 homes.", "c")
    assert entity_key("Quinta Xanadu", "ORG", later) == "ORG:qx-7"
    assert entity_key("QX-7", "ORG", again) == "ORG:qx-7"


def test_cluster_long_form_wins_over_a_more_frequent_one_elsewhere() -> None:
    memory = AliasMemory({})
    for i in range(3):
        memory.hints(f"o{i}", "Bruno Castell spoke. Castell left.", "other")
    memory.hints("x1", "Marta Castell won the vote.", "here")
    hints = memory.hints("x2", "Castell thanked voters.", "here")
    assert hints["castell"] == "Marta Castell"
    elsewhere = memory.hints("y1", "Castell arrived late.", "new-cluster")
    assert elsewhere["castell"] == "Bruno Castell"  # most frequent in the stream


def test_hints_apply_by_shape_and_label() -> None:
    hints = {"reyes": "Alma Reyes", "hsb": "Harbor Safety Board"}
    assert entity_key("Reyes", "ORG", hints) == "ORG:reyes"  # a surname hint is for persons
    assert entity_key("HSB", "PERSON", hints) == "PERSON:hsb"  # initials are not persons
    assert entity_key("HSB", "ORG", hints) == "ORG:harbor safety board"


def test_country_abbreviations_and_department_word_order() -> None:
    assert entity_key("US", "GPE") == entity_key("United States", "GPE") == "GPE:united states"
    assert entity_key("U.S.", "GPE") == "GPE:united states"
    assert entity_key("UK", "GPE") == "GPE:united kingdom"
    assert entity_key("US", "PERSON") == "PERSON:us"
    assert key_name("Department of Defense", "ORG") == "Defense Department"
    assert entity_key("Justice Department", "ORG") == "ORG:justice department"


def test_redelivery_gets_the_same_hints_even_after_more_was_learned() -> None:
    memory = AliasMemory({})
    first = memory.hints("r", "Reyes spoke.", "c")
    assert first == {}
    memory.hints("s", "Alma Reyes spoke too.", "c")
    assert memory.hints("r", "Reyes spoke.", "c") == first  # same id, same text
    assert memory.hints("r", "Reyes spoke again.", "c") == {"reyes": "Alma Reyes"}  # update


def test_restart_rebuilds_and_gives_the_same_hints() -> None:
    stream = STORIES * 2 + [
        (f"n{i}", "c9", f"Leader Pat Dunmore{i} met Dunmore{i}.") for i in range(40)
    ]
    straight = run(AliasMemory({}, max_names=30, max_stories=50), stream)
    store: dict = {}
    half = len(stream) // 2
    before = run(AliasMemory(store, max_names=30, max_stories=50), stream[:half])
    # a new process: only the (changelog-restored) store survives
    after = run(AliasMemory(dict(store), max_names=30, max_stories=50), stream[half:])
    assert before + after == straight


def test_offline_runs_are_deterministic() -> None:
    assert run(AliasMemory({})) == run(AliasMemory({}))


def test_memory_stays_bounded() -> None:
    store: dict = {}
    memory = AliasMemory(store, max_names=20, max_clusters=5, max_stories=10)
    for i in range(300):
        memory.hints(f"id{i}", f"Ana Velo{i} and Bo Kranz{i} met Velo{i}.", f"c{i}")
    assert len(memory) <= 20 + 20 + 5 + 10
    assert len(store) == len(memory)
    assert sum(k.startswith("s:") for k in store) == 10
    assert sum(k.startswith("c:") for k in store) == 5


def test_scan_finds_names_owners_and_declared_aliases() -> None:
    longs, shorts, pairs = scan(
        "In February, Venezuela's Tren de Aragua and the Harbor Safety Board (HSB) met "
        "President Alma Reyes. Reyes said no."
    )
    assert "Tren de Aragua" in longs
    assert "Venezuela" in shorts  # the owner is a name of its own, not part of the next
    assert "Alma Reyes" in longs  # title cut
    assert ("Harbor Safety Board", "HSB") in pairs
    assert "February" not in " ".join(longs)


def test_lists_and_asides_are_not_taken_for_aliases() -> None:
    assert scan("Apple, Google, or Microsoft will report.")[2] == []
    assert scan("Microsoft (Research In Motion) said no.")[2] == []
    assert scan("the Federal Bureau of Investigation (FBI) said")[2] == [
        ("Federal Bureau of Investigation", "FBI")
    ]


def test_called_followed_by_more_words_is_a_verb_not_an_alias() -> None:
    assert scan("De Vries, speaking on Radio Nord, called Hale a liar.")[2] == []
    assert scan("Tanaka, at the Osaka Forum, dubbed Kimura the favourite.")[2] == []
    assert scan("the Harbor Safety Board, called HSB, met.")[2] == [("Harbor Safety Board", "HSB")]
    assert scan("a militia, nicknamed Black Hand.")[2] == []  # one name: nothing to pair


def test_called_with_its_namers_or_setting_still_declares_the_alias() -> None:
    # "by residents", "in the trade": who or where calls it so, then the apposition ends
    pair = [("Northern Waters Authority", "NWA")]
    assert scan("The Northern Waters Authority, called NWA by residents, said")[2] == pair
    assert scan("The Eastern Mining Group, nicknamed EMG in the trade, said")[2] == [
        ("Eastern Mining Group", "EMG")
    ]
    assert scan("De Vries, speaking on Radio Nord, called Hale by far the worst.")[2] == []


@pytest.mark.parametrize(
    "body",
    [
        "Mayor Lena Ortiz, speaking on KXR990, called Hale.",
        "Ortiz, speaking to Reuters, called Victor Hale in the morning, then left.",
        "Ortiz, at the Osaka Forum, dubbed Kimura in March.",
        "Ortiz called Victor Hale in March, aides said.",
    ],
)
def test_called_after_an_aside_or_with_a_time_is_a_verb_not_an_alias(body: str) -> None:
    """The name before ", called" closes an aside (``speaking on KXR990,``), or "in
    March" says when: the verb is the sentence's and its object no alias."""
    assert scan(body)[2] == []


def test_pathological_text_is_bounded() -> None:
    memory = AliasMemory({})
    body = "Abc Def " * 200_000 + " Xy" * 100_000 + "(" * 50_000
    started = time.perf_counter()
    hints = memory.hints("big", body, "c")
    assert time.perf_counter() - started < 10
    assert len(hints) <= MAX_HINTS
    assert memory.hints("empty", "", None) == {}


def test_batch_heap_setting_respects_an_explicit_environment(monkeypatch) -> None:
    from stream.core.extract.nlp import keep_heap_for_batch

    monkeypatch.setenv("MALLOC_MMAP_THRESHOLD_", "131072")
    assert keep_heap_for_batch() is False  # the supervisor's (or user's) choice stands
    monkeypatch.delenv("MALLOC_MMAP_THRESHOLD_")
    if sys.platform.startswith("linux"):
        assert keep_heap_for_batch() is True


def test_memory_does_not_depend_on_the_hash_seed() -> None:
    """Offline and worker are different processes: no set order may leak into the store."""
    import os
    import subprocess
    from pathlib import Path

    script = (
        "import hashlib, json\n"
        "from stream.core.extract.aliases import AliasMemory\n"
        "m = AliasMemory({}, max_names=40)\n"
        "for i in range(60):\n"
        "    m.hints(f's{i}', f'The Harbor Safety Board{i} (HSB) met Alma Reyes{i % 5} and "
        "Reyes{i % 5}. Quinta Xanadu (QX) too.', f'c{i % 7}')\n"
        "items = sorted((k, json.dumps(v, sort_keys=True)) for k, v in m.store.items())\n"
        "print(hashlib.sha256(json.dumps(items).encode()).hexdigest())\n"
    )
    root = Path(__file__).resolve().parents[3]
    digests = {
        subprocess.run(
            [sys.executable, "-c", script],
            env={**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(root)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(digests) == 1
