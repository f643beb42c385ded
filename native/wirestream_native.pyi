"""Type stub of the compiled dedup hot path (``native/src``), shipped in the wheel.

maturin packs ``<module-name>.pyi`` (with a ``py.typed`` marker) into the wheel; a test
(tests/unit/dedup/test_native_stub.py) keeps it equal to the compiled signatures.
"""

from collections.abc import Iterable

import numpy as np
import numpy.typing as npt

__all__ = ["BandIndex", "Fingerprinter"]

_U32 = npt.NDArray[np.uint32]

# (content_hash, near MinHash, distinct shingles, packed facts, event-feature hashes,
#  event MinHash or None)
_Fingerprint = tuple[str, _U32, int, _U32, _U32, _U32 | None]

class Fingerprinter:
    """Fingerprints of article text, with the parameters of the Python reference."""

    def __new__(
        cls,
        *,
        shingle: int,
        mix: list[int],
        near_permutations: tuple[_U32, _U32],
        event_permutations: tuple[_U32, _U32],
        cap_stop: Iterable[str],
        name_joiners: Iterable[str],
        number_words: Iterable[str],
        units: Iterable[str],
        max_token_chars: int,
        max_facts: int,
        max_features: int,
        quote_shingle: int,
        quote_chars: tuple[int, int],
        chrome_phrases: list[str],
        chrome_scan_chars: int,
        long_line_words: int,
        letters: list[tuple[str, str, str, bool]],
    ) -> Fingerprinter: ...
    def fingerprint(self, text: str) -> _Fingerprint | None:
        """Fingerprint of the article text; None when Python must compute it."""

    def fingerprint_body(self, body: str) -> _Fingerprint | None:
        """``fingerprint`` of the article lines of ``body``; None when Python must."""

    def article_text(self, body: str) -> str | None:
        """``"\\n".join(text.article_lines(body))``, or None when Python must."""

    @staticmethod
    def delivery_hash(headline: str, body: str) -> str | None:
        """blake2b-8 of the delivered text; None for text with lone surrogates."""

# (slot, shared phrases, shared words, shared numbers, shared quotes, slot's name words,
#  slot's feature count)
_Evidence = tuple[int, int, int, int, int, int, int]

class BandIndex:
    """Near-duplicate and same-event candidate lookup over story slots."""

    def __new__(
        cls,
        near_bands: int = 16,
        near_rows: int = 3,
        event_bands: int = 20,
        event_bucket_cap: int = 500,
        event_max_verify: int = 16,
    ) -> BandIndex: ...
    def add(
        self, seq: int, near: _U32, event: _U32 | None = None, features: _U32 | None = None
    ) -> int:
        """Index one story; its new slot."""

    def discard(self, slot: int) -> None:
        """The slot's story leaves the index (no-op if the slot is not live)."""

    def merge(self) -> None:
        """Merge pending entries and purge dead ones now."""

    def near_candidates(self, near: _U32) -> list[int]:
        """Live slots sharing at least one near band with ``near``, ascending."""

    def event_candidates(self, event: _U32 | None) -> list[int]:
        """Up to ``event_max_verify`` live slots sharing the most event bands, ascending."""

    def event_evidence(
        self, event: _U32 | None, features: _U32, min_shared: int
    ) -> list[_Evidence]:
        """``event_candidates`` verified against ``features`` (sorted salient features)."""

    def near_keys(self, near: _U32) -> list[int]:
        """``stream.core.dedup.index.near_keys`` (band number in the top 4 bits), for tests."""

    def event_keys(self, event: _U32) -> list[int]:
        """``stream.core.dedup.index.event_keys`` (band number in the top 6 bits), for tests."""

    def __len__(self) -> int: ...
    @property
    def nbytes(self) -> int:
        """Heap bytes held by the index (allocated capacities, not lengths)."""
