"""Fast paths in fingerprinting give exactly what the plain library calls give."""

from __future__ import annotations

import random
import string
import zlib

import numpy as np
import pytest

from stream.core.dedup import fingerprint as fpm
from stream.core.dedup.text import _WORD, MAX_TOKEN_CHARS, words


@pytest.mark.parametrize("proto", [fpm._NEAR_PROTO])
@pytest.mark.parametrize("size", [0, 1, 7, 600])
def test_signature_equals_datasketch_update_batch(proto, size):
    values = np.random.default_rng(size).integers(0, 2**32, size, dtype=np.uint64)
    values = values.astype(np.uint32)
    reference = proto.copy()
    reference.update_batch(values.tolist())
    assert np.array_equal(fpm.signature(proto, values), reference.hashvalues)
    other = proto.copy()
    other.update_batch(values[: size // 2].tolist())
    ours = fpm.jaccard(fpm.signature(proto, values), fpm.signature(proto, values[: size // 2]))
    assert ours == reference.jaccard(other)


@pytest.mark.parametrize(("num_perm", "seed"), [(fpm.NEAR_PERM, fpm.NEAR_SEED), (20, 29), (5, 0)])
def test_permutations_equal_datasketch(num_perm, seed):
    from datasketch import MinHash

    want = MinHash(num_perm=num_perm, seed=seed, scheme=fpm.SCHEME).permutations
    got = fpm.affine32_permutations(num_perm, seed)
    assert got.dtype == want.dtype
    assert np.array_equal(got, want)


def test_token_hashes_are_crc32():
    tokens = [f"w{i % 11}" for i in range(40)] + ["é"]
    assert fpm.token_hashes(tokens).tolist() == [zlib.crc32(t.encode()) for t in tokens]


def test_words_equals_the_word_regex():
    rng = random.Random(1)
    chars = string.printable + "é’“”—_ß"
    for _ in range(3000):
        text = "".join(rng.choice(chars) for _ in range(rng.randint(0, 60)))
        if rng.random() < 0.5:
            text = "".join(c for c in text if c.isascii())
        if rng.random() < 0.05:
            text += "x" * 50
        cased, lower = words(text)
        expected = [w[:MAX_TOKEN_CHARS] for w in _WORD.findall(text)]
        assert cased == expected
        assert lower == [w.lower() for w in expected]


def test_tokenize_equals_words_and_fact_positions():
    from stream.core.dedup.text import fact_positions, tokenize

    rng = random.Random(2)
    vocab = ["the", "one", "Five", "x9", "A", "mayor", "2024", "Ünal", "said", "half", "_", "—"]
    for _ in range(3000):
        text = " ".join(rng.choice(vocab) for _ in range(rng.randint(0, 30)))
        text += "".join(rng.choice(string.printable) for _ in range(rng.randint(0, 20)))
        if rng.random() < 0.7:
            text = "".join(c for c in text if c.isascii())
        if rng.random() < 0.05:
            text += " " + "y" * 39 + "Z" * rng.randint(1, 3)
        cased, lower = words(text)
        assert tokenize(text) == (cased, lower, fact_positions(cased))


def _texts() -> list[str]:
    from eval.dedup.generate import items

    rng = random.Random(4)
    texts = [it["body"] for it in items()]
    extra = ["Nicolás Maduro", "São Paulo", "Ünal", "Straße", "de", "Five", "3,400", "1999"]
    for body in texts[:60]:
        tokens = body.split()
        for _ in range(8):
            tokens.insert(rng.randrange(len(tokens) + 1), rng.choice(extra))
        texts.append(" ".join(tokens))
    return texts


def test_fast_extractors_equal_the_plain_ones():
    import reference_extractors as ref

    from stream.core.dedup import facts
    from stream.core.dedup.salient import features
    from stream.core.dedup.text import article_lines, clean, tokenize

    for body in _texts():
        cleaned = clean("\n".join(article_lines(body)))
        cased, lower, positions = tokenize(cleaned)
        crcs = fpm.token_hashes(lower)
        expected = ref.facts_extract(cased, lower, positions)
        assert np.array_equal(facts.extract(cased, lower, positions, crcs), expected)
        assert np.array_equal(facts.extract(cased, lower, positions), expected)
        assert features(cased, lower, positions, cleaned) == ref.salient_features(
            cased, lower, positions, cleaned
        )
