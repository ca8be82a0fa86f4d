"""The authenticated classical channel between the two ends of a QKD link.

Alice and Bob never touch each other's memory: everything one end learns about the other passes
through :class:`ClassicalChannel`, which copies each payload on delivery and counts every bit it
carries. Two counts matter:

* ``wire_bits`` — all traffic, both directions (what a network link would carry);
* ``disclosed_bits`` — bits of information *about the key* a message reveals to an eavesdropper
  (Cascade parities, the verification tag, a disclosed QBER sample). The sender declares them;
  their sum is the ``leak_EC`` term of the secret-key-length formula.

Today both ends run in one process and ``request`` is a direct call; the same message shapes can
later be serialised to run the ends on two nodes.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np
import numpy.typing as npt

__all__ = ["ChannelStats", "ClassicalChannel", "Field", "Message", "Peer", "Role", "wire_bits"]

Field = npt.NDArray[np.generic] | int | float | bytes | str


class Role(enum.StrEnum):
    ALICE = "alice"
    BOB = "bob"

    @property
    def other(self) -> Role:
        return Role.BOB if self is Role.ALICE else Role.ALICE


@dataclass(frozen=True, slots=True)
class Message:
    """One classical message. ``disclosed_bits`` is what it reveals about the key to Eve."""

    topic: str
    fields: Mapping[str, Field] = field(default_factory=dict)
    disclosed_bits: int = 0


class Peer(Protocol):
    """One end of the link: answers the messages the other end sends it."""

    def on_message(self, message: Message) -> Message | None: ...


def _field_bits(value: Field) -> int:
    if isinstance(value, np.ndarray):
        if value.dtype == np.bool_:
            return int(value.size)  # bit-packed on the wire
        return int(value.size) * value.dtype.itemsize * 8
    if isinstance(value, bool | int | float):
        return 64
    if isinstance(value, bytes):
        return 8 * len(value)
    return 8 * len(value.encode())


def wire_bits(message: Message) -> int:
    """Size of the message on the wire: topic, field names and packed values."""
    size = 8 * len(message.topic.encode())
    for name, value in message.fields.items():
        size += 8 * len(name.encode()) + _field_bits(value)
    return size


def _copied(message: Message) -> Message:
    """A copy the receiver may keep: arrays are copied and frozen, so no memory is shared."""
    fields: dict[str, Field] = {}
    for name, value in message.fields.items():
        if isinstance(value, np.ndarray):
            value = value.copy()
            value.setflags(write=False)
        fields[name] = value
    return Message(message.topic, fields, message.disclosed_bits)


@dataclass(slots=True)
class ChannelStats:
    messages: int = 0
    wire_bits_alice_to_bob: int = 0
    wire_bits_bob_to_alice: int = 0
    disclosed_bits: int = 0

    @property
    def wire_bits(self) -> int:
        return self.wire_bits_alice_to_bob + self.wire_bits_bob_to_alice


class ClassicalChannel:
    """Carries messages between the attached Alice and Bob, counting every bit."""

    def __init__(self) -> None:
        self._peers: dict[Role, Peer] = {}
        self.stats = ChannelStats()

    def attach(self, role: Role, peer: Peer) -> None:
        self._peers[role] = peer

    def _carry(self, sender: Role, message: Message) -> Message | None:
        self.stats.messages += 1
        self.stats.disclosed_bits += message.disclosed_bits
        if sender is Role.ALICE:
            self.stats.wire_bits_alice_to_bob += wire_bits(message)
        else:
            self.stats.wire_bits_bob_to_alice += wire_bits(message)
        try:
            receiver = self._peers[sender.other]
        except KeyError:
            raise RuntimeError(f"no {sender.other} attached to the channel") from None
        return receiver.on_message(_copied(message))

    def post(self, sender: Role, message: Message) -> None:
        """Send one message; the receiver must not answer."""
        if self._carry(sender, message) is not None:
            raise RuntimeError(f"{sender.other} answered a one-way {message.topic!r} message")

    def request(self, sender: Role, message: Message) -> Message:
        """Send one message and return the other end's answer (itself carried and counted)."""
        reply = self._carry(sender, message)
        if reply is None:
            raise RuntimeError(f"{sender.other} did not answer {message.topic!r}")
        self.stats.messages += 1
        self.stats.disclosed_bits += reply.disclosed_bits
        if sender is Role.ALICE:
            self.stats.wire_bits_bob_to_alice += wire_bits(reply)
        else:
            self.stats.wire_bits_alice_to_bob += wire_bits(reply)
        return _copied(reply)
