package io.lightvibes.service.testing;

import io.lightvibes.service.sealing.SealSuite;
import io.lightvibes.service.sealing.Sealer;
import io.lightvibes.service.secrets.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A stand-in sealer for routing tests: XORs the key with a SHA-256 stream of the key_ref, so a test
 * can "unseal" and so the stored blob is not the key. Never a real cipher.
 */
public final class FakeSealer implements Sealer {

    @Override
    public SealSuite suite() {
        return SealSuite.X25519;
    }

    @Override
    public String recipientKeyId() {
        return "00112233445566778899aabbccddeeff";
    }

    @Override
    public byte[] seal(SecretBytes key, String keyRef) {
        return xor(key.reveal(), keyRef);
    }

    /** The inverse of {@link #seal}. */
    public static byte[] open(byte[] sealed, String keyRef) {
        return xor(sealed, keyRef);
    }

    private static byte[] xor(byte[] data, String keyRef) {
        byte[] out = new byte[data.length];
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] block = new byte[0];
            for (int i = 0; i < data.length; i++) {
                if (i % 32 == 0) {
                    sha.update(keyRef.getBytes(StandardCharsets.UTF_8));
                    sha.update((byte) (i / 32));
                    block = sha.digest();
                }
                out[i] = (byte) (data[i] ^ block[i % 32]);
            }
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
        return out;
    }
}
