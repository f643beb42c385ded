"""Type stub of the compiled dedup hot path (``native/src``), shipped in the wheel.

maturin packs ``<module-name>.pyi`` (with a ``py.typed`` marker) into the wheel; a test
(tests/unit/dedup/test_native_stub.py) keeps it equal to the compiled signatures.
"""

from collections.abc import Callable, Iterable, Sequence

import numpy as np
import numpy.typing as npt

__all__ = ["BandIndex", "EventCore", "FastPath", "Fingerprinter", "ProfileText"]

_U32 = npt.NDArray[np.uint32]

# (content_hash, near MinHash, distinct shingles, packed facts, salient-feature hashes)
_Fingerprint = tuple[str, _U32, int, _U32, _U32]

class Fingerprinter:
    """Fingerprints of article text, with the parameters of the Python reference."""

    def __new__(
        cls,
        *,
        shingle: int,
        mix: list[int],
        near_permutations: tuple[_U32, _U32],
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

    def fingerprint_story(self, headline: str, body: str) -> tuple[_Fingerprint, str, str] | None:
        """``fingerprint_body``, the article text it read and ``delivery_hash``; None
        when Python must."""

    def article_text(self, body: str) -> str | None:
        """``"\\n".join(text.article_lines(body))``, or None when Python must."""

    def story_phrases(
        self,
        headline: str | None,
        body: str,
        *,
        limit: int,
        lead_chars: int,
        name_chars: int,
        min_word_chars: int,
    ) -> list[str] | None:
        """``clusters.names.story_phrases`` of a story; None when Python must."""

    def story_names(
        self,
        headline: str | None,
        body: str,
        *,
        limit: int,
        lead_chars: int,
        name_chars: int,
        min_word_chars: int,
    ) -> list[str] | None:
        """``clusters.names.story_names`` of a story; None when Python must."""

    def story_lead(self, headline: str | None, body: str, *, lead_chars: int) -> str | None:
        """``clusters.names.lead`` of a story; None when Python must."""

    @staticmethod
    def delivery_hash(headline: str, body: str) -> str | None:
        """blake2b-8 of the delivered text; None for text with lone surrogates."""

class BandIndex:
    """Near-duplicate candidate lookup over story slots."""

    def __new__(cls, near_bands: int = 16, near_rows: int = 3) -> BandIndex: ...
    def add(self, seq: int, near: _U32) -> int:
        """Index one story; its new slot."""

    def discard(self, slot: int) -> None:
        """The slot's story leaves the index (no-op if the slot is not live)."""

    def merge(self) -> None:
        """Merge pending entries and purge dead ones now."""

    def near_candidates(self, near: _U32) -> list[int]:
        """Live slots sharing at least one near band with ``near``, ascending."""

    def near_keys(self, near: _U32) -> list[int]:
        """``stream.core.dedup.index.near_keys`` (band number in the top 4 bits), for tests."""

    def __len__(self) -> int: ...
    @property
    def nbytes(self) -> int:
        """Heap bytes held by the index (allocated capacities, not lengths)."""

class ProfileText:
    """``stream.core.dedup.profile.build`` in compiled code (numpy's ``log`` called back)."""

    def __new__(
        cls,
        *,
        stop: list[str],
        max_chars: int,
        lead_terms: int,
        max_years: int,
        max_nums: int,
        max_quotes: int,
        log: Callable[[npt.NDArray[np.float64]], npt.NDArray[np.float64]],
    ) -> ProfileText: ...
    def build(
        self,
        headline: str | None,
        article: str,
        salient: _U32,
        counts: npt.NDArray[np.int32],
        docs: int,
        vec_terms: int,
        name_terms: int,
        max_df_terms: int,
    ) -> tuple[_U32, _U32] | None:
        """``profile.build`` in one call (DF read from ``counts``, numpy's ``log``)."""

    @staticmethod
    def df_add(counts: npt.NDArray[np.int32], ids: _U32, sign: int) -> None:
        """``counts[ids] += sign`` (ids unique)."""

# (cluster ids, probabilities, oldest sequence numbers, features: one row per cluster)
_Scored = tuple[list[str], list[float], list[int], npt.NDArray[np.float64]]

class EventCore:
    """The same-event clusterer's clusters, aggregates, candidate index and scoring."""

    def __new__(
        cls,
        *,
        index_per_kind: int,
        query_per_kind: int,
        max_posting: int,
        max_candidates: int,
        min_votes: int,
        agg_keep: list[int],
        top_terms: int,
        top_names: int,
    ) -> EventCore: ...
    def __len__(self) -> int: ...
    def add(self, key: str, cluster: str, seq: int, t: float, profile: _U32, near: _U32) -> None:
        """Track one story in ``cluster`` (a story already tracked is discarded first)."""

    def discard(self, key: str) -> bool:
        """Forget one story; False if it was not tracked."""

    def merge(self, absorbed: str, survivor: str) -> None:
        """Move every story of ``absorbed`` into ``survivor``."""

    def oldest(self, cluster: str) -> int | None:
        """The oldest sequence number of a cluster (None if it has no story)."""

    def members(self, cluster: str) -> list[str]:
        """The stories of a cluster, in arrival order."""

    def neighbours(
        self, profile: _U32, clusters: int, per_cluster: int, near: _U32, min_jaccard: float
    ) -> list[str]:
        """The newest ``per_cluster`` stories of the ``clusters`` best-ranked clusters
        whose MinHash agrees with ``near`` on ``min_jaccard`` of its values or more."""

    def candidates(
        self,
        profile: _U32,
        t: float,
        weights: tuple[float, ...],
        bias: float,
        min_terms: float,
        half_life_hours: float,
    ) -> _Scored:
        """Scored candidate clusters, most probable first (ties: oldest)."""

    def assign(
        self,
        profile: _U32,
        t: float,
        weights: tuple[float, ...],
        bias: float,
        min_terms: float,
        half_life_hours: float,
        p_join: float,
        p_merge: float,
        exclude: tuple[str, ...],
    ) -> tuple[str | None, float, list[str]]:
        """The join/merge rule on ``candidates`` minus ``exclude``: ``(cluster or None,
        probability, clusters merged into it)``."""

    @property
    def nbytes(self) -> int:
        """Heap bytes held (capacities; hash tables estimated)."""

# (cluster or None, probability, merged) of ``EventCore.assign``, and the record's b, k
_Resolved = tuple[tuple[str | None, float, list[str]], str, str]

class FastPath:
    """The dedup stage's common path (``stage.DedupStage._front``) in two calls per story."""

    def __new__(
        cls,
        fingerprinter: Fingerprinter,
        profiler: ProfileText,
        bands: BandIndex,
        core: EventCore,
        counts: npt.NDArray[np.int32],
        near_test: tuple[int, int, int, float],
        profile_limits: tuple[int, int, int],
    ) -> FastPath: ...
    def front(
        self,
        headline: str,
        body: str,
        t: float,
        docs: int,
        exact: dict[str, str],
        weights: Sequence[float],
        model: tuple[float, float, float, float, float],
    ) -> tuple[str, str, int, _Resolved | None] | None:
        """``(content_hash, delivery_hash, shingles, resolved or None)`` of a new story;
        None when the compiled fingerprint declines the text."""

    def pending(self) -> tuple[_U32, _U32, _U32, str, tuple[_U32, _U32] | None]:
        """``(near, facts, event_set, article, (profile, df_ids) or None)`` of the story
        ``front`` read, for the Python path."""

    def commit(self, key: str, cluster: str, seq: int, t: float) -> int:
        """Tracks the story ``front`` resolved (DF counts, event core, band index); its
        band slot."""

def pack_u32(head: int, a: _U32, b: _U32) -> str:
    """base64 of the little-endian uint32s ``[head] + a + b`` (a store record's blob)."""

def near_check(blob: str, near: _U32, facts: _U32, min_matches: int) -> tuple[int, int, int] | None:
    """``(matching MinHash rows, conflicting, shared)`` of a record's blob against a story's
    ``near`` MinHash and ``facts`` (the fact counts only at ``min_matches`` rows or more,
    else 0, 0); None for a blob ``pack_u32`` did not write: Python decides those."""
