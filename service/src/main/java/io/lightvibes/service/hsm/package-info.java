/**
 * Keys that must not live in the database in plaintext: the at-rest {@link
 * io.lightvibes.service.hsm.KeyWrapper} (AES-256-GCM, its key in memory or in a PKCS#11 token) and
 * the evidence signing key ({@link io.lightvibes.service.hsm.EvidenceSigningKeys}: new in memory at
 * every start, or one identity kept wrapped by the token). The token is reached through the JDK's
 * SunPKCS11 provider ({@link io.lightvibes.service.hsm.Pkcs11Token}); docs/HSM.md says what lives where.
 */
package io.lightvibes.service.hsm;
