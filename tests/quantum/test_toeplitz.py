"""Toeplitz hashing: the FFT product equals the plain GF(2) product, exactly, at every size."""

from __future__ import annotations

import numpy as np
import pytest

from lightvibes.quantum._toeplitz import toeplitz_hash, toeplitz_hash_direct, toeplitz_seed_bits


def _bits(rng: np.random.Generator, size: int) -> np.ndarray:
    return rng.random(size) < 0.5


@pytest.mark.parametrize(
    ("n", "m"),
    [(1, 1), (2, 1), (7, 3), (64, 64), (100, 37), (1000, 999), (1023, 511), (4097, 100)],
)
def test_fft_equals_direct_product(n: int, m: int) -> None:
    rng = np.random.default_rng(n * 10_007 + m)
    for _ in range(3):
        key, seed = _bits(rng, n), _bits(rng, toeplitz_seed_bits(n, m))
        fast = toeplitz_hash(key, seed, m)
        assert fast.dtype == np.bool_
        assert fast.shape == (m,)
        np.testing.assert_array_equal(fast, toeplitz_hash_direct(key, seed, m))


@pytest.mark.parametrize("chunk_bits", [1, 64, 333, 999])
def test_chunked_fft_equals_direct_product(chunk_bits: int) -> None:
    rng = np.random.default_rng(chunk_bits)
    n, m = 1000, 400
    key, seed = _bits(rng, n), _bits(rng, n + m - 1)
    np.testing.assert_array_equal(
        toeplitz_hash(key, seed, m, chunk_bits=chunk_bits), toeplitz_hash_direct(key, seed, m)
    )


def test_matrix_convention_is_constant_diagonals() -> None:
    """T[i, j] = seed[i - j + n - 1]: hashing a unit vector e_j reads one column of T."""
    n, m = 9, 5
    seed = _bits(np.random.default_rng(3), n + m - 1)
    for j in range(n):
        unit = np.zeros(n, dtype=np.bool_)
        unit[j] = True
        column = np.array([seed[i - j + n - 1] for i in range(m)])
        np.testing.assert_array_equal(toeplitz_hash(unit, seed, m), column)


def test_hash_is_linear_over_gf2() -> None:
    rng = np.random.default_rng(11)
    n, m = 5000, 2500
    seed = _bits(rng, n + m - 1)
    a, b = _bits(rng, n), _bits(rng, n)
    np.testing.assert_array_equal(
        toeplitz_hash(a ^ b, seed, m), toeplitz_hash(a, seed, m) ^ toeplitz_hash(b, seed, m)
    )


def test_seed_length_is_n_plus_m_minus_one() -> None:
    assert toeplitz_seed_bits(1000, 300) == 1299
    assert toeplitz_seed_bits(1, 1) == 1
    key = np.ones(10, dtype=np.bool_)
    with pytest.raises(ValueError, match="n \\+ m - 1"):
        toeplitz_hash(key, np.ones(13, dtype=np.bool_), 5)
    with pytest.raises(ValueError, match="cannot extract"):
        toeplitz_hash(key, np.ones(20, dtype=np.bool_), 11)


def test_largest_terms_round_exactly() -> None:
    """All-ones inputs make every convolution term as large as it gets (= n); parity is n mod 2."""
    n, m = 2_000_001, 64
    ones = np.ones(n, dtype=np.bool_)
    result = toeplitz_hash(ones, np.ones(n + m - 1, dtype=np.bool_), m)
    assert result.all()  # n is odd


def test_large_random_input_matches_direct_rows() -> None:
    """At 2^21 bits (one FFT of ~2.1 M points) sampled output bits still equal the plain rows."""
    rng = np.random.default_rng(21)
    n, m = 1 << 21, 4096
    key, seed = _bits(rng, n), _bits(rng, n + m - 1)
    fast = toeplitz_hash(key, seed, m)
    for row in rng.choice(m, size=16, replace=False).tolist():
        expected = bool(np.count_nonzero(seed[row : row + n][::-1] & key) & 1)
        assert fast[row] == expected
