"""Verification by polynomial hashing: equal keys pass, any difference fails, the tag is counted."""

from __future__ import annotations

import numpy as np
import pytest

from lightvibes.errors import InvalidRequestError
from lightvibes.quantum._classical import ClassicalChannel, Message, Role
from lightvibes.quantum._verify import (
    VerifyAlice,
    collision_bound,
    polynomial_hash,
    verify_bob,
)


def _link(alice_key: np.ndarray) -> tuple[ClassicalChannel, VerifyAlice]:
    channel = ClassicalChannel()
    alice = VerifyAlice(alice_key)
    channel.attach(Role.ALICE, alice)
    return channel, alice


def _key(seed: int, size: int = 100_000) -> np.ndarray:
    return np.random.default_rng(seed).random(size) < 0.5


def test_equal_keys_pass_and_the_tag_is_the_disclosure() -> None:
    key = _key(1)
    channel, alice = _link(key)
    result = verify_bob(key.copy(), channel, np.random.default_rng(2), epsilon_cor=1e-15)
    assert result.ok
    assert alice.verified is True
    assert result.epsilon_cor <= 1e-15
    assert channel.stats.disclosed_bits == result.tag_bits
    assert channel.stats.messages == 3  # point, tag, result


@pytest.mark.parametrize("position", [0, 1, 55, 56, 50_000, 99_999])
def test_one_bit_difference_fails(position: int) -> None:
    key = _key(3)
    bob_key = key.copy()
    bob_key[position] ^= True
    channel, alice = _link(key)
    result = verify_bob(bob_key, channel, np.random.default_rng(position), epsilon_cor=1e-12)
    assert not result.ok
    assert alice.verified is False


def test_tighter_epsilon_takes_a_larger_field() -> None:
    key = _key(4, 10**6)
    loose = verify_bob(key, _link(key)[0], np.random.default_rng(0), epsilon_cor=1e-9)
    tight = verify_bob(key, _link(key)[0], np.random.default_rng(0), epsilon_cor=1e-30)
    assert (loose.tag_bits, tight.tag_bits) == (61, 127)
    assert loose.epsilon_cor <= 1e-9
    assert tight.epsilon_cor <= 1e-30 < loose.epsilon_cor
    # ε_cor = L / p: L blocks of w bits in GF(2^q - 1).
    assert collision_bound(10**6, 61) == pytest.approx(-(-(10**6) // 56) / (2**61 - 1))


def test_polynomial_hash_matches_a_plain_big_integer_evaluation() -> None:
    key = _key(5, 1000)
    point, exponent = 123_456_789_123, 89
    modulus = (1 << exponent) - 1
    width = 88  # whole bytes below q
    padded = np.concatenate([key, np.zeros(-key.size % width, dtype=np.bool_)])
    blocks = [
        int("".join("1" if b else "0" for b in padded[i : i + width]), 2)
        for i in range(0, padded.size, width)
    ]
    expected = (
        sum(block * pow(point, len(blocks) - i, modulus) for i, block in enumerate(blocks))
        % modulus
    )
    assert polynomial_hash(key, point, exponent) == expected


def test_seeded_runs_reproduce_the_same_point() -> None:
    key = _key(6)
    sent: list[bytes] = []

    class Spy(VerifyAlice):
        def on_message(self, message: Message) -> Message | None:
            if "point" in message.fields:
                point = message.fields["point"]
                assert isinstance(point, bytes)
                sent.append(point)
            return super().on_message(message)

    for _ in range(2):
        channel = ClassicalChannel()
        channel.attach(Role.ALICE, Spy(key))
        verify_bob(key, channel, np.random.default_rng(7), epsilon_cor=1e-15)
    assert sent[0] == sent[1]


def test_alice_rejects_a_length_mismatch() -> None:
    key = _key(8)
    channel, _ = _link(key)
    with pytest.raises(InvalidRequestError, match="Alice holds"):
        verify_bob(key[:-1], channel, np.random.default_rng(0), epsilon_cor=1e-15)
