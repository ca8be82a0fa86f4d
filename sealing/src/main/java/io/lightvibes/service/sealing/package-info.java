/**
 * Sealing keys to recipients with RFC 9180 HPKE base mode (DHKEM(X25519) or the MLKEM768-X25519
 * hybrid, HKDF-SHA256, AES-256-GCM), the recipient key files, and the one opaque unseal failure.
 * The formats are those of {@code docs/KEY_FORMATS.md}, byte for byte.
 *
 * <p>{@link io.lightvibes.service.sealing.HpkeSealer} is the {@link io.lightvibes.service.sealing.Sealer};
 * {@link io.lightvibes.service.sealing.HpkeOpener} opens; {@link io.lightvibes.service.sealing.KeySealed}
 * is the {@code key_sealed} text; {@link io.lightvibes.service.sealing.RecipientPublicKey} and
 * {@link io.lightvibes.service.sealing.RecipientPrivateKey} are the keys, which
 * {@link io.lightvibes.service.sealing.KeyFiles} reads and writes in the PEM forms of
 * {@link io.lightvibes.service.sealing.KeyFilePem}.
 */
package io.lightvibes.service.sealing;
