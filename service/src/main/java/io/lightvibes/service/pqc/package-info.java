/**
 * ML-KEM-768 (FIPS 203) key establishment between the two ends of a link, expanded by HKDF-SHA256
 * (RFC 5869). {@link io.lightvibes.service.pqc.MlKemKeySource} is the {@link
 * io.lightvibes.service.pqc.PqcKeySource}; {@link io.lightvibes.service.pqc.MlKemResponder} and
 * {@link io.lightvibes.service.pqc.MlKemInitiator} are its two ends, which exchange only bytes;
 * {@link io.lightvibes.service.pqc.MlKem768} is the primitive, from Bouncy Castle or the JDK.
 */
package io.lightvibes.service.pqc;
