"""Canonical names without the model: the stateless rule other workers rely on."""

from __future__ import annotations

import pytest

from stream.core.extract.canonical import canonical_form, fold_accents, surface_name


@pytest.mark.parametrize(
    ("mention", "expected"),
    [
        ("Tomás Arvelo", "Tomas Arvelo"),
        ("President Tomas Arvelo", "Tomas Arvelo"),
        ("Mr. Arvelo", "Arvelo"),
        ("Attorney General Dana Pruitt", "Dana Pruitt"),
        ("Okafor’s", "Okafor"),
        ("Okafor's", "Okafor"),
        ("the New York Times", "New York Times"),
        ("THE NEW YORK TIMES", "New York Times"),
        ("U.S.", "US"),
        ("Jean-Loup Écharde", "Jean-Loup Echarde"),
    ],
)
def test_canonical_form(mention: str, expected: str) -> None:
    assert canonical_form(mention) == expected


def test_title_never_strips_the_whole_name() -> None:
    assert canonical_form("President") == "President"


def test_org_titles_are_not_stripped_when_asked() -> None:
    assert canonical_form("General Motors", strip_title=False) == "General Motors"


def test_fold_accents_and_display_keeps_them() -> None:
    assert fold_accents("São Paulo Ñuñoa Łódź") == "Sao Paulo Nunoa Lodz"
    assert surface_name("President Tomás Arvelo's") == "Tomás Arvelo"
