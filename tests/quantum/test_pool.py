"""The key pool: bounded FIFO of final key bits, thread-safe, whole bytes out."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from lightvibes.quantum._pool import KeyPool


def _bits(values: str) -> np.ndarray:
    return np.array([c == "1" for c in values], dtype=np.bool_)


def test_take_returns_oldest_bits_packed_msb_first() -> None:
    pool = KeyPool(capacity_bits=64)
    pool.append(_bits("1010"))
    pool.append(_bits("11110000" + "0001"))
    assert pool.available_bits == 16
    assert pool.take(8) == bytes([0b10101111])
    assert pool.take(8) == bytes([0b00000001])
    assert pool.available_bits == 0


def test_take_refuses_when_short_and_keeps_the_bits() -> None:
    pool = KeyPool(capacity_bits=64)
    pool.append(_bits("1" * 12))
    assert pool.take(16) is None
    assert pool.available_bits == 12
    assert pool.take(8) == b"\xff"


@pytest.mark.parametrize("n_bits", [0, -8, 7, 12])
def test_take_wants_whole_bytes(n_bits: int) -> None:
    with pytest.raises(ValueError, match="multiple of 8"):
        KeyPool(capacity_bits=64).take(n_bits)


def test_overflow_discards_the_oldest_bits() -> None:
    pool = KeyPool(capacity_bits=16)
    assert pool.append(_bits("0" * 8)) == 0
    assert pool.append(_bits("1" * 12)) == 4
    assert pool.available_bits == 16
    assert pool.take(16) == bytes([0b00001111, 0xFF])
    assert pool.append(_bits("0" * 20 + "1" * 16)) == 20
    assert pool.take(16) == b"\xff\xff"


def test_the_pool_keeps_its_own_copy_and_clear_empties_it() -> None:
    pool = KeyPool(capacity_bits=64)
    source = _bits("1" * 16)
    pool.append(source)
    source[:] = False
    assert pool.clear() == 16
    assert pool.available_bits == 0
    pool.append(_bits("1" * 8))
    assert pool.take(8) == b"\xff"


def test_concurrent_appends_and_takes_lose_and_duplicate_nothing() -> None:
    pool = KeyPool(capacity_bits=1 << 20)
    rng = np.random.default_rng(1)
    blocks = [rng.integers(0, 2, 8 * 1000, dtype=np.bool_) for _ in range(40)]
    taken: list[bytes] = []

    def producer() -> None:
        for block in blocks:
            pool.append(block)

    def consumer() -> None:
        got = 0
        while got < 40 * 1000:
            key = pool.take(8 * 100)
            if key is not None:
                taken.append(key)
                got += 100

    threads = [threading.Thread(target=producer), threading.Thread(target=consumer)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert b"".join(taken) == np.packbits(np.concatenate(blocks)).tobytes()
