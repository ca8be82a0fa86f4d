package io.lightvibes.service.link;

import io.lightvibes.service.sealing.HpkeOpener;
import io.lightvibes.service.sealing.HpkeSealer;
import io.lightvibes.service.sealing.RecipientPrivateKey;
import io.lightvibes.service.sealing.RecipientPublicKey;
import io.lightvibes.service.sealing.SealSuite;
import io.lightvibes.service.secrets.SecretBytes;
import java.security.SecureRandom;
import java.util.Locale;

/**
 * How pool bits travel from the link's leader to a replica through the database: RFC 9180 HPKE
 * base mode to the replica's in-memory key pair, with the info string binding the share's id and
 * pool generation ({@code "lightvibes/v1:link-share/" || generation || "/" || share_id}), so a
 * share cannot be replayed under another id or into a later generation. The suite is X-Wing
 * (ML-KEM-768 + X25519): pool bits are QKD key, and a database copy recorded today must not open
 * to a quantum computer tomorrow.
 */
final class PoolShares {

    static final SealSuite SUITE = SealSuite.MLKEM768_X25519;

    private PoolShares() {
    }

    static byte[] seal(RecipientPublicKey replica, SecretBytes bits, long generation, String shareId,
            SecureRandom random) {
        return new HpkeSealer(replica, random).seal(bits, context(generation, shareId));
    }

    /** The bits, or {@link io.lightvibes.service.sealing.UnsealException} if the share is not this key's, id's and generation's. */
    static SecretBytes open(RecipientPrivateKey key, byte[] sealed, long generation, String shareId) {
        return HpkeOpener.open(key, sealed, context(generation, shareId));
    }

    private static String context(long generation, String shareId) {
        return String.format(Locale.ROOT, "link-share/%d/%s", generation, shareId);
    }
}
