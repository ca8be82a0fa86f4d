"""Toeplitz hashing over GF(2), the privacy-amplification extractor of the QKD pipeline.

A Toeplitz matrix ``T`` (m rows, n columns) is constant along its diagonals, so it is fixed
by ``n + m - 1`` seed bits; drawing the seed uniformly gives a 2-universal hash family (Mansour,
Nisan & Tiwari, STOC 1990; Krawczyk, CRYPTO 1994), which is what the quantum leftover hash lemma
needs (Tomamichel, Schaffner, Smith & Renner, IEEE Trans. Inf. Theory 57, 5524, 2011).

Convention, shared by both ends: ``T[i, j] = seed[i - j + n - 1]``, i.e. row ``i`` is
``seed[i : i + n]`` reversed. Then ``(T @ key)[i]`` is term ``i + n - 1`` of the linear convolution
``seed * key``, reduced mod 2. :func:`toeplitz_hash` computes that convolution with a float64 real
FFT in O((n + m) log(n + m)); :func:`toeplitz_hash_direct` is the plain O(n·m) product the tests
compare it with.

FFT precision: every convolution term is an integer ≤ min(n, m), and the float64 FFT's rounding
error grows like ``eps · log2(L) · ||key||₂ · ||seed||₂`` (≈ 1e-8 for 10⁷ bits), far below the 0.5
needed to round back exactly. The input is still cut into chunks of at most ``_CHUNK_BITS`` columns
(the product is linear, so the chunks' hashes XOR together) to bound the FFT length and the term
size, and every result is checked to sit within ``_MAX_ROUNDING_ERROR`` of an integer.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

__all__ = ["toeplitz_hash", "toeplitz_hash_direct", "toeplitz_seed_bits"]

BitArray = npt.NDArray[np.bool_]

# Columns per FFT: keeps terms ≤ 2**22 and the transform length ≤ 2**22 + m, well inside float64.
_CHUNK_BITS = 1 << 22
# A convolution term further than this from an integer means the FFT lost precision: fail loudly.
_MAX_ROUNDING_ERROR = 0.25


def toeplitz_seed_bits(input_bits: int, output_bits: int) -> int:
    """Seed length of an ``output_bits`` by ``input_bits`` Toeplitz matrix: n + m - 1."""
    if input_bits < 1 or output_bits < 1:
        raise ValueError("a Toeplitz hash needs at least one input and one output bit")
    return input_bits + output_bits - 1


def _check(key: BitArray, seed: BitArray, output_bits: int) -> None:
    if key.ndim != 1 or seed.ndim != 1:
        raise ValueError("key and seed must be 1-D bit arrays")
    if output_bits > key.size:
        raise ValueError(f"cannot extract {output_bits} bits from a {key.size}-bit key")
    expected = toeplitz_seed_bits(key.size, output_bits)
    if seed.size != expected:
        raise ValueError(f"seed has {seed.size} bits, expected n + m - 1 = {expected}")


def _fast_length(minimum: int) -> int:
    """Smallest 2^a·3^b·5^c ≥ minimum: lengths pocketfft transforms fastest."""
    best = 1 << max(0, (minimum - 1).bit_length())
    power5 = 1
    while power5 < best:
        power35 = power5
        while power35 < best:
            length = power35
            while length < minimum:
                length *= 2
            best = min(best, length)
            power35 *= 3
        power5 *= 5
    return best


def _convolution_terms(key: BitArray, seed: BitArray, output_bits: int) -> npt.NDArray[np.int64]:
    """Terms n-1 … n+m-2 of seed * key as exact integers (one FFT product).

    A circular convolution of length L = n + m - 1 suffices: for the terms we keep, t - j never
    goes negative, so nothing wraps around.
    """
    n = key.size
    length = _fast_length(seed.size)
    spectrum = np.fft.rfft(key.astype(np.float64), length)
    spectrum *= np.fft.rfft(seed.astype(np.float64), length)
    terms = np.fft.irfft(spectrum, length)[n - 1 : n - 1 + output_bits]
    rounded = np.rint(terms)
    if terms.size and float(np.max(np.abs(terms - rounded))) > _MAX_ROUNDING_ERROR:
        raise RuntimeError("FFT rounding error too large for an exact GF(2) Toeplitz product")
    return rounded.astype(np.int64)


def toeplitz_hash(
    key: BitArray, seed: BitArray, output_bits: int, *, chunk_bits: int = _CHUNK_BITS
) -> BitArray:
    """``T(seed) @ key`` over GF(2), computed by FFT convolution; ``output_bits`` bits.

    The key is processed ``chunk_bits`` columns at a time (one FFT product each).
    """
    _check(key, seed, output_bits)
    if chunk_bits < 1:
        raise ValueError("chunk_bits must be positive")
    n = key.size
    result = np.zeros(output_bits, dtype=np.int64)
    for start in range(0, n, chunk_bits):
        stop = min(start + chunk_bits, n)
        # Columns start…stop-1 of T form the Toeplitz matrix whose seed is this slice.
        chunk_seed = seed[n - stop : n - start + output_bits - 1]
        result ^= _convolution_terms(key[start:stop], chunk_seed, output_bits) & 1
    return result.astype(np.bool_)


def toeplitz_hash_direct(key: BitArray, seed: BitArray, output_bits: int) -> BitArray:
    """``T(seed) @ key`` over GF(2) as a plain matrix product: the reference for tests."""
    _check(key, seed, output_bits)
    n = key.size
    matrix = np.lib.stride_tricks.sliding_window_view(seed, n)[:output_bits, ::-1]
    products = matrix.astype(np.int64) @ key.astype(np.int64)
    return (products & 1).astype(np.bool_)
