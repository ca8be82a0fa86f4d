"""The key pool: final QKD key bits waiting for a session, in memory only.

Bounded and first-in first-out: when a new block would overflow the pool, the oldest bits are
discarded (they are wiped, not just dropped). Key bits never leave the process except through
:meth:`KeyPool.take`, which removes them. Thread-safe: the link thread appends while request
handlers take.
"""

from __future__ import annotations

import threading
from collections import deque

import numpy as np
import numpy.typing as npt

__all__ = ["KeyPool"]


def _wipe(chunk: npt.NDArray[np.bool_]) -> None:
    # Best effort: overwrite the buffer before it is released (Python cannot promise more).
    if chunk.flags.writeable:
        chunk.fill(False)


class KeyPool:
    """A bounded FIFO of key bits; ``take`` hands out whole bytes, oldest bits first."""

    def __init__(self, capacity_bits: int) -> None:
        if capacity_bits < 8:
            raise ValueError("a key pool must hold at least one byte")
        self._capacity = capacity_bits
        self._chunks: deque[npt.NDArray[np.bool_]] = deque()
        self._head = 0  # bits of the first chunk already consumed
        self._available = 0
        self._lock = threading.Lock()

    @property
    def capacity_bits(self) -> int:
        return self._capacity

    @property
    def available_bits(self) -> int:
        with self._lock:
            return self._available

    def append(self, bits: npt.NDArray[np.bool_]) -> int:
        """Add final key bits; returns how many old bits were discarded to make room."""
        if bits.dtype != np.bool_ or bits.ndim != 1:
            raise ValueError("key bits must be a 1-D boolean array")
        chunk = np.array(bits[-self._capacity :], dtype=np.bool_, copy=True)
        overflow_in_block = bits.size - chunk.size
        if chunk.size == 0:
            return 0
        with self._lock:
            self._chunks.append(chunk)
            self._available += chunk.size
            discarded = self._drop_locked(max(0, self._available - self._capacity))
        return overflow_in_block + discarded

    def take(self, n_bits: int) -> bytes | None:
        """Remove and return the oldest ``n_bits`` (a positive multiple of 8), or None if short.

        Bits are packed most significant bit first.
        """
        if n_bits <= 0 or n_bits % 8:
            raise ValueError("take a positive multiple of 8 bits")
        with self._lock:
            if self._available < n_bits:
                return None
            taken = np.empty(n_bits, dtype=np.bool_)
            filled = 0
            while filled < n_bits:
                chunk = self._chunks[0]
                count = min(n_bits - filled, chunk.size - self._head)
                taken[filled : filled + count] = chunk[self._head : self._head + count]
                filled += count
                self._advance_locked(count)
        key = np.packbits(taken).tobytes()
        _wipe(taken)
        return key

    def clear(self) -> int:
        """Discard every bit in the pool (e.g. when the link is quarantined); returns the count."""
        with self._lock:
            return self._drop_locked(self._available)

    def _drop_locked(self, n_bits: int) -> int:
        dropped = 0
        while dropped < n_bits:
            count = min(n_bits - dropped, self._chunks[0].size - self._head)
            self._advance_locked(count)
            dropped += count
        return dropped

    def _advance_locked(self, count: int) -> None:
        self._chunks[0][self._head : self._head + count] = False  # wipe what leaves the pool
        self._head += count
        self._available -= count
        if self._head == self._chunks[0].size:
            self._chunks.popleft()
            self._head = 0
