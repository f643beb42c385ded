"""Agreement of the two blind referent labellers (``eval/extract/referents_agree.py``), on
invented records: a titled or shorter form of one name agrees, two nulls agree, a null
against a name does not, two people sharing a surname do not, A's original label is used
after adjudication, and only the items both labelled (of the chosen split) are counted.
No PolNeAR text is used."""

from __future__ import annotations

from eval.extract.referents_agree import compare, same_referent


def _row(
    key: int, referent: str | None, split: str = "heldout", unsure: bool = False, **extra: object
) -> dict:
    return {
        "id": f"polnear-invented-{key}",
        "start": 10 * key,
        "split": split,
        "mention": "he",
        "referent": referent,
        "unsure": unsure,
        **extra,
    }


def test_same_referent_forms_of_one_name_and_nulls() -> None:
    assert same_referent("Dana Wirt", "Ms. Wirt")
    assert same_referent("Mr. Okafor", "Tom A. Okafor")  # either way round
    assert same_referent("the harbour board", "the harbour board of Eastport")
    assert same_referent(None, None)
    assert not same_referent(None, "Dana Wirt")
    assert not same_referent("Dana Wirt", None)
    assert not same_referent("Dana Wirt", "Tom Okafor")


def test_family_members_sharing_a_surname_disagree() -> None:
    # same_speaker alone lets the surname match; two labellers naming two relatives differ
    assert not same_referent("Dana Wirt", "Lee Wirt")
    assert same_referent("Dana Wirt", "Dana J. Wirt")


def test_compare_counts_shared_items_unsure_and_disagreements() -> None:
    a = [
        _row(1, "Dana Wirt"),
        _row(2, "Tom Okafor", unsure=True),
        _row(3, None),
        _row(4, "Dana Wirt"),
        _row(5, "Tom Okafor"),  # only A
        _row(6, "Tom Okafor", split="dev"),  # other split
    ]
    b = [
        _row(1, "Wirt"),
        _row(2, "Mr. Okafor"),
        _row(3, None),
        _row(4, "Tom Okafor"),
        _row(7, "Dana Wirt"),  # only B
        _row(6, "Dana Wirt", split="dev"),
    ]
    res = compare(a, b, "heldout")
    assert (res.shared, res.agree, res.unsure, res.only_a, res.only_b) == (4, 3, 1, 1, 1)
    assert res.rate == 0.75
    assert [(ra["start"], rb["referent"]) for ra, rb in res.disagreements] == [(40, "Tom Okafor")]
    assert compare(a, b, "all").shared == 5


def test_compare_uses_a_original_label_after_adjudication() -> None:
    # the final referent was written back as B's; agreement still judges A's own label
    a = [_row(1, "Tom Okafor", adjudicated=True, referent_a="Dana Wirt", referent_b="Tom Okafor")]
    b = [_row(1, "Tom Okafor")]
    res = compare(a, b)
    assert (res.shared, res.agree, len(res.disagreements)) == (1, 0, 1)
