"""The QKD link: simulated decoy-state BB84 photonics and the real post-processing.

Only the photonics (:mod:`._photonics`) are simulated. Sifting, decoy-state parameter
estimation, Cascade, verification, Toeplitz privacy amplification and the key-length bounds are
the real algorithms, run between an Alice and a Bob that share nothing but a
:class:`ClassicalChannel`. See docs/PHYSICS.md.
"""

from lightvibes.quantum._block import POINT_FIELDS, BlockResult, run_block
from lightvibes.quantum._cascade import (
    CascadeAlice,
    CascadeParams,
    CascadeResult,
    binary_entropy,
    cascade_bob,
    reconciliation_efficiency,
)
from lightvibes.quantum._classical import (
    ChannelStats,
    ClassicalChannel,
    Message,
    Peer,
    Role,
    wire_bits,
)
from lightvibes.quantum._endpoints import AliceEnd, BobEnd, BobOutcome
from lightvibes.quantum._estimation import DecoyBounds, DecoyCounts, estimate_decoy_bounds
from lightvibes.quantum._keyrate import (
    gllp_key_rate,
    plob_bound,
    secret_key_length,
    theory_key_rate,
)
from lightvibes.quantum._link import AbsentLink, Link, LinkHealth, LinkState
from lightvibes.quantum._monitor import (
    BlockObservation,
    EventSink,
    LinkMonitor,
    LinkTransition,
    LoggingEventSink,
    MonitorPolicy,
)
from lightvibes.quantum._params import Intensity, LinkParameters
from lightvibes.quantum._photonics import (
    DetectionLog,
    TransmitterLog,
    expected_error_rate,
    expected_gain,
    single_photon_error_rate,
    single_photon_yield,
    transmit,
)
from lightvibes.quantum._pool import KeyPool
from lightvibes.quantum._running import SimulatedLink
from lightvibes.quantum._simulate import TheoryCurve, plot_key_rate, simulate_points, theory_curve
from lightvibes.quantum._toeplitz import toeplitz_hash, toeplitz_hash_direct, toeplitz_seed_bits
from lightvibes.quantum._verify import VerificationResult, VerifyAlice, verify_bob

__all__ = [
    "POINT_FIELDS",
    "AbsentLink",
    "AliceEnd",
    "BlockObservation",
    "BlockResult",
    "BobEnd",
    "BobOutcome",
    "CascadeAlice",
    "CascadeParams",
    "CascadeResult",
    "ChannelStats",
    "ClassicalChannel",
    "DecoyBounds",
    "DecoyCounts",
    "DetectionLog",
    "EventSink",
    "Intensity",
    "KeyPool",
    "Link",
    "LinkHealth",
    "LinkMonitor",
    "LinkParameters",
    "LinkState",
    "LinkTransition",
    "LoggingEventSink",
    "Message",
    "MonitorPolicy",
    "Peer",
    "Role",
    "SimulatedLink",
    "TheoryCurve",
    "TransmitterLog",
    "VerificationResult",
    "VerifyAlice",
    "binary_entropy",
    "cascade_bob",
    "estimate_decoy_bounds",
    "expected_error_rate",
    "expected_gain",
    "gllp_key_rate",
    "plob_bound",
    "plot_key_rate",
    "reconciliation_efficiency",
    "run_block",
    "secret_key_length",
    "simulate_points",
    "single_photon_error_rate",
    "single_photon_yield",
    "theory_curve",
    "theory_key_rate",
    "toeplitz_hash",
    "toeplitz_hash_direct",
    "toeplitz_seed_bits",
    "transmit",
    "verify_bob",
    "wire_bits",
]
