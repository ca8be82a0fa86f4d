/**
 * ETSI GS QKD 014 v1.1.1 key delivery on the service's key sources, store and evidence log: the
 * master SAE asks for keys with enc_keys naming its slave, the slave takes the same keys once with
 * dec_keys naming the master. SAE identity is the caller's peer identity (mTLS, or a token).
 */
package io.lightvibes.service.etsi;
