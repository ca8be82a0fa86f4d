"""Cascade error correction between Alice's and Bob's sifted keys.

Variant: Cascade (Brassard & Salvail, "Secret-key reconciliation by public discussion",
EUROCRYPT '93, LNCS 765) with the parameters that Martinez-Mateo, Pacher, Peev, Ciurana & Martin
recommend in "Demystifying the information reconciliation protocol Cascade" (Quantum Inf. Comput.
15, 453, 2015; arXiv:1407.3257), their "Cascade opt. (8)":

* block sizes are powers of two: with alpha = log2(1/QBER) - 1/2, pass 1 uses k1 = 2^⌈alpha⌉, pass 2
  k2 = 2^⌈(alpha + 12)/2⌉, pass 3 k3 = 4096 and every later pass k = n/2 (rounded up to a power of
  two, so the key splits into two blocks);
* sub-block reuse: every block and sub-block whose parity Alice has revealed, in any pass, is
  remembered; after Bob flips a bit, the smallest remembered block containing it that now holds
  an odd number of errors is searched (the cascade effect, using the smallest block available);
* BINARY halves a block by asking for the parity of its left half only (the right half's parity
  follows), and asks nothing for a half whose parity is already known.

Bob drives; Alice only answers. Each pass starts with a fresh uniformly random permutation that
both ends derive from a 63-bit seed Bob sends in public. All parity requests of one round (every
BINARY step that can proceed, across all passes) travel in one message, so the number of round
trips grows with the depth of the search, not with the number of errors.

Every parity Alice reveals counts as one disclosed bit; the total is the leak_EC of the key-length
formula and the efficiency is f = leak_EC / (n·h(QBER)).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from lightvibes.errors import InvalidRequestError
from lightvibes.quantum._classical import ClassicalChannel, Field, Message, Role

__all__ = [
    "CascadeAlice",
    "CascadeParams",
    "CascadeResult",
    "binary_entropy",
    "cascade_bob",
    "reconciliation_efficiency",
]

BitArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.int64]

TOPIC_BLOCKS = (
    "cascade.blocks"  # Bob → Alice: start a pass (seed, block size); Alice: block parities
)
TOPIC_PARITY = "cascade.parity"  # Bob → Alice: sub-block parities wanted; Alice: the parities
TOPIC_END = "cascade.end"  # Bob → Alice: reconciliation over, forget the pass state

_UNKNOWN = -1  # error-parity state of a sub-block whose Alice parity has not been revealed
_SEED_BOUND = 1 << 63


def binary_entropy(p: float) -> float:
    """h(p) = -p·log2 p - (1-p)·log2(1-p), with h(0) = h(1) = 0."""
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"a probability lies in [0, 1], not {p}")
    if p in (0.0, 1.0):
        return 0.0
    return -p * math.log2(p) - (1.0 - p) * math.log2(1.0 - p)


def reconciliation_efficiency(leaked_bits: int, key_bits: int, qber: float) -> float:
    """f = leak_EC / (n·h(QBER)); 1 is the Slepian-Wolf limit, Cascade reaches about 1.05-1.2."""
    ideal = key_bits * binary_entropy(qber)
    return math.inf if ideal == 0.0 else leaked_bits / ideal


@dataclass(frozen=True, slots=True)
class CascadeParams:
    """Cascade opt. (8) of Martinez-Mateo et al. 2015; the defaults are that paper's choices."""

    passes: int = 14
    alpha_offset: float = 0.5  # alpha = log2(1/QBER) - alpha_offset
    second_pass_shift: float = 12.0  # k2 = 2^⌈(alpha + second_pass_shift)/2⌉
    third_block_size: int = 4096
    qber_floor: float = 1e-4  # below this the QBER estimate only sets block sizes, so clamp it

    def block_sizes(self, qber: float, key_bits: int) -> tuple[int, ...]:
        """Block size of every pass: powers of two, none above the half-key size."""
        if self.passes < 1:
            raise ValueError("Cascade needs at least one pass")
        alpha = math.log2(1.0 / max(qber, self.qber_floor)) - self.alpha_offset
        half = 1 << max(0, math.ceil(math.log2(key_bits)) - 1)
        early = (
            1 << max(0, math.ceil(alpha)),
            1 << max(0, math.ceil((alpha + self.second_pass_shift) / 2.0)),
            1 << max(0, math.ceil(math.log2(self.third_block_size))),
        )
        sizes = (*early, *(half,) * max(0, self.passes - len(early)))
        return tuple(min(size, half) for size in sizes[: self.passes])


@dataclass(frozen=True, slots=True)
class CascadeResult:
    key: BitArray  # Bob's corrected key
    disclosed_bits: int  # parity bits Alice revealed during Cascade
    messages: int  # classical messages exchanged (both directions)
    passes: int


def pass_permutation(seed: int, key_bits: int) -> npt.NDArray[np.int32]:
    """The public permutation of one pass: position → key index, the same at both ends.

    Both ends must run the same numpy (Generator(PCG64).shuffle) for the permutations to agree.
    """
    order = np.arange(key_bits, dtype=np.int32)
    np.random.default_rng(seed).shuffle(order)
    return order


def _block_parities(bits: npt.NDArray[np.uint8], size: int) -> npt.NDArray[np.uint8]:
    """Parity of each consecutive ``size``-bit block of a 0/1 array whose length is a multiple."""
    if size % 8 == 0:
        packed = np.packbits(bits).reshape(-1, size // 8)
        folded = np.bitwise_xor.reduce(packed, axis=1)
        parities: npt.NDArray[np.uint8] = (np.bitwise_count(folded) & 1).astype(np.uint8)
    else:
        parities = (bits.reshape(-1, size).sum(axis=1, dtype=np.int64) & 1).astype(np.uint8)
    return parities


def _log2(size: int) -> int:
    level = size.bit_length() - 1
    if size < 1 or 1 << level != size:
        raise ValueError(f"block size {size} is not a power of two")
    return level


def _int_field(message: Message, name: str) -> int:
    value = message.fields.get(name)
    if not isinstance(value, int):
        raise InvalidRequestError(f"{message.topic} needs an integer {name!r}")
    return value


def _array_field(message: Message, name: str) -> IntArray:
    value = message.fields.get(name)
    if not isinstance(value, np.ndarray) or value.dtype.kind not in "iu":
        raise InvalidRequestError(f"{message.topic} needs an integer array {name!r}")
    return value.astype(np.int64)


class _AlicePass:
    """Alice's view of one pass: the prefix parities of her key in the pass order."""

    __slots__ = ("padded_bits", "prefix", "top_level")

    def __init__(self, key: npt.NDArray[np.uint8], seed: int, block_size: int) -> None:
        n = key.size
        self.top_level = _log2(block_size)
        self.padded_bits = -(-n // block_size) * block_size
        ordered = np.zeros(self.padded_bits + 1, dtype=np.uint8)
        ordered[1 : n + 1] = key[pass_permutation(seed, n)]
        # prefix[t] = parity of the first t bits, so any interval's parity is two lookups.
        self.prefix = np.bitwise_xor.accumulate(ordered)


class CascadeAlice:
    """Alice's end of Cascade: reveals the parities Bob asks for, and nothing else."""

    def __init__(self, key: BitArray) -> None:
        if key.ndim != 1 or key.size == 0:
            raise ValueError("Cascade needs a non-empty 1-D bit array")
        self._key = np.array(key, dtype=np.uint8, copy=True)
        self._passes: list[_AlicePass] = []

    def on_message(self, message: Message) -> Message | None:
        if message.topic == TOPIC_BLOCKS:
            return self._start_pass(message)
        if message.topic == TOPIC_PARITY:
            return self._parities(message)
        if message.topic == TOPIC_END:
            self._passes.clear()
            return None
        raise InvalidRequestError(f"Cascade does not handle {message.topic!r}")

    def _start_pass(self, message: Message) -> Message:
        number, seed, block, bits = (
            _int_field(message, name) for name in ("pass", "seed", "block", "bits")
        )
        if bits != self._key.size:
            raise InvalidRequestError(f"Bob reconciles {bits} bits, Alice holds {self._key.size}")
        if number == 0:
            self._passes.clear()
        if number != len(self._passes):
            raise InvalidRequestError(f"expected pass {len(self._passes)}, got pass {number}")
        if not 0 <= seed < _SEED_BOUND:
            raise InvalidRequestError("the permutation seed must be a 63-bit integer")
        try:
            state = _AlicePass(self._key, seed, block)
        except ValueError as error:
            raise InvalidRequestError(str(error)) from None
        self._passes.append(state)
        boundaries = state.prefix[::block]
        parities = (boundaries[1:] ^ boundaries[:-1]).astype(np.bool_)
        return Message(TOPIC_BLOCKS, {"parity": parities}, disclosed_bits=int(parities.size))

    def _parities(self, message: Message) -> Message:
        number, level, index = (_array_field(message, name) for name in ("pass", "level", "index"))
        if not number.shape == level.shape == index.shape or number.ndim != 1:
            raise InvalidRequestError("cascade.parity arrays must be 1-D and of equal length")
        parities = np.zeros(number.size, dtype=np.bool_)
        for pass_number in np.unique(number).tolist():
            if not 0 <= pass_number < len(self._passes):
                raise InvalidRequestError(f"pass {pass_number} has not been started")
            state = self._passes[pass_number]
            chosen = number == pass_number
            start = index[chosen] << level[chosen]
            stop = (index[chosen] + 1) << level[chosen]
            if (
                np.any(level[chosen] < 0)
                or np.any(level[chosen] > state.top_level)
                or np.any(index[chosen] < 0)
                or np.any(stop > state.padded_bits)
            ):
                raise InvalidRequestError("cascade.parity asks for a block outside the key")
            parities[chosen] = (state.prefix[stop] ^ state.prefix[start]).astype(np.bool_)
        return Message(TOPIC_PARITY, {"parity": parities}, disclosed_bits=int(parities.size))


class _BobCascade:
    """Bob's bookkeeping: his key in every pass order and the error parity of every known block.

    Blocks and sub-blocks are dyadic intervals of a pass order: level ``l`` index ``i`` covers
    positions ``[i·2^l, (i+1)·2^l)``. ``_state`` holds, for each such node, -1 while Alice's
    parity is unknown, else the parity of the errors it contains (Alice's parity XOR Bob's).
    """

    def __init__(
        self,
        key: BitArray,
        block_sizes: tuple[int, ...],
        channel: ClassicalChannel,
        rng: np.random.Generator,
    ) -> None:
        n = key.size
        self._key = key.astype(np.uint8)
        self._channel = channel
        self._rng = rng
        self._block_sizes = block_sizes
        self._top_levels = [_log2(size) for size in block_sizes]
        self._padded_bits = [-(-n // size) * size for size in block_sizes]
        count = len(block_sizes)
        self._perm = np.empty((count, n), dtype=np.int32)  # position → key index
        self._pos = np.empty((count, n), dtype=np.int32)  # key index → position
        self._ordered = np.zeros((count, max(self._padded_bits)), dtype=np.uint8)
        # _node_base[p, l] + i is the node of pass p, level l, index i in _state.
        self._node_base = np.zeros((count, max(self._top_levels) + 1), dtype=np.int64)
        total = 0
        for number, (top, padded) in enumerate(
            zip(self._top_levels, self._padded_bits, strict=True)
        ):
            for level in range(top + 1):
                self._node_base[number, level] = total
                total += padded >> level
        self._state = np.empty(total, dtype=np.int8)
        self._started = 0
        self.disclosed_bits = 0
        self.messages = 0

    @property
    def key(self) -> BitArray:
        return self._key.astype(np.bool_)

    def _request(self, message: Message) -> Message:
        reply = self._channel.request(Role.BOB, message)
        self.messages += 2
        self.disclosed_bits += reply.disclosed_bits
        parity = reply.fields.get("parity")
        if reply.topic != message.topic or not isinstance(parity, np.ndarray):
            raise InvalidRequestError(f"Alice did not answer {message.topic!r} with parities")
        return reply

    def run(self) -> None:
        for number in range(len(self._block_sizes)):
            self._search(*self._start_pass(number))
        self._channel.post(Role.BOB, Message(TOPIC_END))
        self.messages += 1

    def _start_pass(self, number: int) -> tuple[IntArray, IntArray, IntArray]:
        n = self._key.size
        size = self._block_sizes[number]
        top = self._top_levels[number]
        seed = int(self._rng.integers(0, _SEED_BOUND))
        fields: dict[str, Field] = {"pass": number, "seed": seed, "block": size, "bits": n}
        reply = self._request(Message(TOPIC_BLOCKS, fields))
        alice = np.asarray(reply.fields["parity"], dtype=np.uint8)
        padded = self._padded_bits[number]
        if alice.shape != (padded // size,):
            raise InvalidRequestError("Alice sent the wrong number of block parities")

        perm = pass_permutation(seed, n)
        self._perm[number] = perm
        self._pos[number, perm] = np.arange(n, dtype=np.int32)
        ordered = self._ordered[number, :padded]
        ordered[:n] = self._key[perm]
        first = self._node_base[number, 0]
        last = self._node_base[number, top] + padded // size
        self._state[first:last] = _UNKNOWN
        odd = alice ^ _block_parities(ordered, size)
        self._state[self._node_base[number, top] : last] = odd
        self._started = number + 1
        index = np.flatnonzero(odd).astype(np.int64)
        return np.full(index.size, number, dtype=np.int64), np.full_like(index, top), index

    def _nodes(self, number: IntArray, level: IntArray, index: IntArray) -> IntArray:
        nodes: IntArray = self._node_base[number, level] + index
        return nodes

    def _descend(
        self, number: IntArray, level: IntArray, index: IntArray
    ) -> tuple[IntArray, IntArray, IntArray]:
        """Walk down through sub-blocks whose parities are already known, to the odd ones."""
        while True:
            inner = np.flatnonzero(level > 0)
            left = self._nodes(number[inner], level[inner] - 1, 2 * index[inner])
            known = self._state[left] != _UNKNOWN
            if not known.any():
                return number, level, index
            # A known pair under an odd block has exactly one odd half; under a block made even
            # by a later flip it may have two, and both must still be searched.
            moving = inner[known]
            left_odd = moving[self._state[left[known]] == 1]
            right_odd = moving[self._state[left[known] + 1] == 1]
            stay = np.ones(number.size, dtype=np.bool_)
            stay[moving] = False
            number = np.concatenate((number[stay], number[left_odd], number[right_odd]))
            level = np.concatenate((level[stay], level[left_odd] - 1, level[right_odd] - 1))
            index = np.concatenate((index[stay], 2 * index[left_odd], 2 * index[right_odd] + 1))

    def _search(self, number: IntArray, level: IntArray, index: IntArray) -> None:
        """BINARY on every odd block at once, one batched request per halving step."""
        while True:
            number, level, index = self._descend(number, level, index)
            nodes = self._nodes(number, level, index)
            odd = self._state[nodes] == 1
            nodes, first = np.unique(nodes[odd], return_index=True)
            number, level, index = number[odd][first], level[odd][first], index[odd][first]
            found = level == 0
            if found.any():
                errors = np.unique(self._perm[number[found], index[found]]).astype(np.int64)
                more = self._flip(errors)
                number = np.concatenate((number[~found], more[0]))
                level = np.concatenate((level[~found], more[1]))
                index = np.concatenate((index[~found], more[2]))
                continue
            if number.size == 0:
                return
            self._halve(number, level, index)
            level -= 1
            index *= 2
            index += self._state[self._nodes(number, level, index)] == 0

    def _halve(self, number: IntArray, level: IntArray, index: IntArray) -> None:
        """Ask Alice for the left halves' parities and record both halves' error parities."""
        child_level = level - 1
        child_index = 2 * index
        fields: dict[str, Field] = {
            "pass": number.astype(np.uint8),
            "level": child_level.astype(np.uint8),
            "index": child_index.astype(np.uint32),
        }
        reply = self._request(Message(TOPIC_PARITY, fields))
        alice = np.asarray(reply.fields["parity"], dtype=np.uint8)
        if alice.shape != number.shape:
            raise InvalidRequestError("Alice answered a different number of parities")
        left_odd = alice ^ self._parities(number, child_level, child_index)
        left = self._nodes(number, child_level, child_index)
        self._state[left] = left_odd
        self._state[left + 1] = 1 - left_odd  # the parent holds an odd number of errors

    def _parities(
        self, number: IntArray, level: IntArray, index: IntArray
    ) -> npt.NDArray[np.uint8]:
        """Bob's current parity of each requested sub-block."""
        parities = np.empty(number.size, dtype=np.uint8)
        groups = number * 64 + level
        for group in np.unique(groups).tolist():
            pass_number, size_level = divmod(group, 64)
            chosen = groups == group
            ordered = self._ordered[pass_number, : self._padded_bits[pass_number]]
            rows = ordered.reshape(-1, 1 << size_level)[index[chosen]]
            parities[chosen] = rows.sum(axis=1, dtype=np.int64) & 1
        return parities

    def _flip(self, errors: IntArray) -> tuple[IntArray, IntArray, IntArray]:
        """Correct Bob's bits, update every known block's error parity, return the new odd ones.

        For each corrected bit and each started pass, the smallest known block containing it
        that is now odd is where the cascade effect continues.
        """
        self._key[errors] ^= 1
        paths: list[tuple[int, IntArray, IntArray]] = []
        for number in range(self._started):
            positions = self._pos[number, errors].astype(np.int64)
            self._ordered[number, positions] ^= 1
            top = self._top_levels[number]
            levels = np.arange(top + 1, dtype=np.int64)[:, None]
            nodes = self._node_base[number, : top + 1, None] + (positions[None, :] >> levels)
            paths.append((number, positions, nodes))
        touched = np.concatenate([nodes.ravel() for _, _, nodes in paths])
        touched = touched[self._state[touched] != _UNKNOWN]
        unique, counts = np.unique(touched, return_counts=True)
        toggled = unique[(counts & 1) == 1]
        self._state[toggled] ^= 1

        found: list[tuple[IntArray, IntArray, IntArray]] = []
        for number, positions, nodes in paths:
            odd = self._state[nodes] == 1
            has_odd = odd.any(axis=0)
            smallest = odd.argmax(axis=0)[has_odd].astype(np.int64)
            found.append(
                (
                    np.full(smallest.size, number, dtype=np.int64),
                    smallest,
                    positions[has_odd] >> smallest,
                )
            )
        return (
            np.concatenate([f[0] for f in found]),
            np.concatenate([f[1] for f in found]),
            np.concatenate([f[2] for f in found]),
        )


def cascade_bob(
    key: BitArray,
    qber: float,
    channel: ClassicalChannel,
    rng: np.random.Generator,
    params: CascadeParams | None = None,
) -> CascadeResult:
    """Bob's end of Cascade: correct ``key`` towards Alice's through ``channel``.

    ``qber`` (an estimate) only sets the block sizes; ``rng`` draws the public permutation seeds.
    """
    if key.ndim != 1 or key.size == 0:
        raise ValueError("Cascade needs a non-empty 1-D bit array")
    if not 0.0 <= qber < 0.5:
        raise ValueError(f"Cascade cannot work at QBER {qber}; it needs 0 <= QBER < 0.5")
    params = params or CascadeParams()
    sizes = params.block_sizes(qber, key.size)
    bob = _BobCascade(key, sizes, channel, rng)
    bob.run()
    return CascadeResult(
        key=bob.key, disclosed_bits=bob.disclosed_bits, messages=bob.messages, passes=len(sizes)
    )
