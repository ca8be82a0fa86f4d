/**
 * Sealing keys to recipients with RFC 9180 HPKE base mode (DHKEM(X25519) or the MLKEM768-X25519
 * hybrid, HKDF-SHA256, AES-256-GCM), the recipient key files, and the one opaque unseal failure.
 * The formats are those of {@code docs/KEY_FORMATS.md}, byte for byte.
 */
package io.lightvibes.service.sealing;
