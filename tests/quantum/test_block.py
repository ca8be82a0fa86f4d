"""One block end to end: simulated photonics, then the real post-processing between two ends.

Physics checks cite their source: Shor & Preskill, Phys. Rev. Lett. 85, 441 (2000) (no key above
11 % QBER); Pirandola et al., Nat. Commun. 8, 15043 (2017) (rate below -log2(1 - eta));
Lim et al., Phys. Rev. A 89, 022307 (2014), Eq. (1) (finite key below the asymptotic one).
"""

from __future__ import annotations

import json
import math
from dataclasses import replace

import numpy as np
import pytest

from lightvibes.errors import InvalidRequestError, KeyAgreementError
from lightvibes.quantum import (
    POINT_FIELDS,
    AliceEnd,
    BobEnd,
    CascadeParams,
    ClassicalChannel,
    LinkParameters,
    Message,
    Role,
    binary_entropy,
    run_block,
    theory_key_rate,
    transmit,
)
from lightvibes.quantum._block import agreed_final_key

# Small blocks keep these tests fast; asymptotic key lengths let them still produce keys.
SMALL = LinkParameters(pulses_per_block=10_000_000)
SHORT = LinkParameters(pulses_per_block=100_000_000, distance_km=0.0)


def test_both_ends_derive_the_same_key_through_the_channel_only() -> None:
    rng = np.random.default_rng(1)
    alice_log, bob_log = transmit(SMALL, rng)
    channel = ClassicalChannel()
    alice = AliceEnd(alice_log, np.random.default_rng(2))
    bob = BobEnd(SMALL, bob_log, np.random.default_rng(3), asymptotic=True)
    channel.attach(Role.ALICE, alice)
    channel.attach(Role.BOB, bob)
    outcome = bob.run(channel)
    assert outcome.key is not None and outcome.key.size == outcome.secret_bits > 0
    assert alice.final_key is not None
    assert np.array_equal(alice.final_key, outcome.key)
    assert channel.stats.messages > 4
    # The final key is a hash of the sifted key, not a copy of it.
    assert 0.4 < float(outcome.key.mean()) < 0.6


def test_run_block_returns_the_agreed_key_and_its_statistics() -> None:
    result = run_block(SMALL, np.random.default_rng(4), asymptotic=True)
    assert result.aborted is None and result.verified
    assert result.key.size == result.secret_bits > 0
    assert result.pulses == SMALL.pulses_per_block
    assert result.sifted_bits + result.test_bits <= result.detections
    assert 0.0 < result.qber < 0.06
    assert abs(result.qber - result.qber_estimate) < 0.02
    assert result.secret_key_rate_per_pulse == result.secret_bits / result.pulses
    assert 0 < result.secret_fraction < 1
    # Cascade cannot beat the Slepian-Wolf limit: leak >= n h(QBER).
    assert result.leaked_bits >= result.sifted_bits * binary_entropy(result.qber)
    assert result.ec_efficiency is not None and 1.0 <= result.ec_efficiency < 1.3


def test_finite_key_is_shorter_than_asymptotic_for_the_same_block() -> None:
    finite = run_block(SHORT, np.random.default_rng(5))
    asymptotic = run_block(SHORT, np.random.default_rng(5), asymptotic=True)
    assert finite.sifted_bits == asymptotic.sifted_bits
    assert finite.leaked_bits == asymptotic.leaked_bits
    assert 0 < finite.secret_bits < asymptotic.secret_bits


@pytest.mark.parametrize("eve_fraction", [0.5, 1.0])
@pytest.mark.parametrize("asymptotic", [True, False])
def test_no_key_above_the_shor_preskill_threshold(eve_fraction: float, asymptotic: bool) -> None:
    params = replace(SMALL, eve_fraction=eve_fraction)
    result = run_block(params, np.random.default_rng(6), asymptotic=asymptotic)
    assert result.qber_estimate > 0.11
    assert result.secret_bits == 0 and result.key.size == 0
    assert result.aborted is not None
    assert result.leaked_bits == 0  # stopped before error correction disclosed anything


def test_an_eavesdropper_costs_key_before_the_threshold() -> None:
    honest = run_block(SMALL, np.random.default_rng(7), asymptotic=True)
    attacked = run_block(
        replace(SMALL, eve_fraction=0.1), np.random.default_rng(7), asymptotic=True
    )
    assert attacked.qber > honest.qber + 0.015
    assert attacked.secret_bits < honest.secret_bits


def test_failed_verification_yields_no_key() -> None:
    # One Cascade pass leaves errors behind; the universal hash must catch them.
    result = run_block(
        replace(SMALL, distance_km=0.0),
        np.random.default_rng(8),
        asymptotic=True,
        cascade=CascadeParams(passes=1),
    )
    assert not result.verified
    assert result.aborted is not None and "verification" in result.aborted
    assert result.secret_bits == 0 and result.key.size == 0
    assert result.leaked_bits > 0


def test_seeded_blocks_are_reproducible() -> None:
    first = run_block(SMALL, np.random.default_rng(9), asymptotic=True)
    second = run_block(SMALL, np.random.default_rng(9), asymptotic=True)
    other = run_block(SMALL, np.random.default_rng(10), asymptotic=True)
    assert np.array_equal(first.key, second.key)
    assert first.to_point() == second.to_point()
    assert not np.array_equal(first.key[:64], other.key[:64])


def test_simulated_rates_stay_below_plob_and_near_the_theory() -> None:
    rng = np.random.default_rng(11)
    for distance_km, pulses in ((0.0, 3e7), (25.0, 3e8), (50.0, 3e8), (100.0, 3e7), (160.0, 3e7)):
        params = replace(SMALL, distance_km=distance_km, pulses_per_block=int(pulses))
        result = run_block(params, rng, asymptotic=True)
        assert result.secret_key_rate_per_pulse <= result.plob_bound_per_pulse
        assert result.plob_bound_per_pulse == pytest.approx(-math.log2(1 - params.transmittance))
        if distance_km <= 50.0:
            # With the f Cascade achieved, the infinite-decoy theory differs from the block only
            # by the vacuum + weak decoy bounds (slightly looser) and sampling noise.
            assert result.ec_efficiency is not None
            theory = theory_key_rate(
                replace(params, ec_efficiency=result.ec_efficiency), distance_km
            )
            assert 0.75 < result.secret_key_rate_per_pulse / theory < 1.05
    assert result.secret_bits == 0  # 160 km: beyond the GYS reach


def test_points_have_exactly_the_simulate_json_fields() -> None:
    point = run_block(SMALL, np.random.default_rng(12), asymptotic=True).to_point()
    assert tuple(point) == POINT_FIELDS
    assert json.loads(json.dumps(point)) == point


def test_final_keys_must_agree() -> None:
    key = np.array([True, False, True])
    assert np.array_equal(agreed_final_key(key, key.copy()), key)
    assert agreed_final_key(None, None).size == 0
    with pytest.raises(KeyAgreementError) as raised:
        agreed_final_key(key, ~key)
    assert "True" not in str(raised.value)  # no key material in the message
    with pytest.raises(KeyAgreementError):
        agreed_final_key(key, None)


def test_ends_refuse_out_of_order_or_malformed_messages() -> None:
    alice_log, bob_log = transmit(SMALL, np.random.default_rng(13))
    alice = AliceEnd(alice_log, np.random.default_rng(14))
    bob = BobEnd(SMALL, bob_log, np.random.default_rng(15))
    with pytest.raises(InvalidRequestError):
        alice.on_message(Message("amplify.seed", {"output_bits": 8}))
    with pytest.raises(InvalidRequestError):
        alice.on_message(Message("sift.bases", {"basis_z": np.zeros(3, dtype=np.bool_)}))
    with pytest.raises(InvalidRequestError):
        alice.on_message(Message("estimate.test_bits", {"bits": np.zeros(3, dtype=np.bool_)}))
    with pytest.raises(InvalidRequestError):
        bob.on_message(Message("sift.bases"))


@pytest.mark.slow
def test_default_link_delivers_a_finite_key() -> None:
    # The default: 10^9 pulses at 25 km with the GYS parameters, finite-key bound.
    result = run_block(LinkParameters(), np.random.default_rng(16))
    assert result.verified and result.aborted is None
    assert result.qber < 0.05
    assert result.secret_bits > 100_000
    assert result.secret_key_rate_per_pulse < result.bound_key_rate_per_pulse
