"""The one exception tree of LIGHTVIBES.

Every error the package raises on purpose derives from :class:`LightvibesError`. The HTTP layer
maps the tree to RFC 9457 problem documents in one handler and the CLI catches the root once;
domain code never knows about HTTP::

    LightvibesError
    ├── ConfigError                 a setting or file the operator supplied is unusable
    ├── InvalidRequestError         a request that is well-formed but cannot be served as asked
    ├── AccessDenied                the caller may not use this operation
    ├── NotFoundError               (opaque: consumed, expired, unknown and not-yours look alike)
    │   ├── KeyNotFound
    │   └── SessionNotFound
    ├── KeySourceUnavailable        no source may serve the request now (carries retry_after_s)
    ├── KeyAgreementError           the two ends of a link derived different keys
    ├── ServiceUnreachable          (client) the LIGHTVIBES server cannot be reached
    ├── SealingError
    │   ├── RecipientKeyError       a recipient key file cannot be read or has the wrong kind
    │   └── UnsealError             opening a sealed key failed (opaque, like Fernet's InvalidToken)
    └── StoreError
        └── StoreUnavailable        the database cannot be reached or is locked for too long

Messages never contain key material.
"""

from __future__ import annotations

__all__ = [
    "AccessDenied",
    "ConfigError",
    "InvalidRequestError",
    "KeyAgreementError",
    "KeyNotFound",
    "KeySourceUnavailable",
    "LightvibesError",
    "NotFoundError",
    "RecipientKeyError",
    "SealingError",
    "ServiceUnreachable",
    "SessionNotFound",
    "StoreError",
    "StoreUnavailable",
    "UnsealError",
]


class LightvibesError(Exception):
    """Root of every error LIGHTVIBES raises on purpose.

    ``title`` is a short, stable, human summary of the error class; ``detail`` (the message) says
    what happened in this occurrence and, where possible, what the caller can do about it.
    """

    title = "LIGHTVIBES error"

    def __init__(self, detail: str | None = None) -> None:
        self.detail = detail or self.title
        super().__init__(self.detail)


class ConfigError(LightvibesError):
    title = "Invalid configuration"


class InvalidRequestError(LightvibesError):
    title = "Invalid request"


class AccessDenied(LightvibesError):
    title = "Access denied"


class NotFoundError(LightvibesError):
    title = "Not found"


class KeyNotFound(NotFoundError):
    """The key_ref is unknown, already delivered, expired, revoked or not the caller's."""

    title = "Key not found"

    def __init__(self) -> None:
        # One message for every cause, so the answer reveals nothing about the key_ref.
        super().__init__("No key is available for this key_ref.")


class SessionNotFound(NotFoundError):
    title = "Session not found"

    def __init__(self) -> None:
        super().__init__("No session exists with this session_id.")


class KeySourceUnavailable(LightvibesError):
    """Neither the QKD link nor an allowed fallback can serve the request right now."""

    title = "Key source unavailable"

    def __init__(self, detail: str, *, retry_after_s: int) -> None:
        super().__init__(detail)
        self.retry_after_s = retry_after_s


class KeyAgreementError(LightvibesError):
    title = "Key agreement failed"


class ServiceUnreachable(LightvibesError):
    title = "Service unreachable"


class SealingError(LightvibesError):
    title = "Sealing failed"


class RecipientKeyError(SealingError):
    title = "Unusable recipient key"


class UnsealError(SealingError):
    """A sealed key could not be opened: wrong key, wrong key_ref, or a corrupted blob."""

    title = "Cannot unseal"

    def __init__(self) -> None:
        super().__init__("The sealed key cannot be opened with this private key and key_ref.")


class StoreError(LightvibesError):
    title = "Store error"


class StoreUnavailable(StoreError):
    title = "Store unavailable"
