package io.lightvibes.service.sealing;

import io.lightvibes.service.secrets.SecretBytes;
import java.util.Arrays;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.RuntimeCryptoException;

/**
 * Opens sealed keys with the recipient's private key: OpenBase(enc, skR, info, aad = "",
 * ciphertext) (RFC 9180 §6.1). Every failure, whatever its cause (wrong private key or suite, wrong
 * key_ref, a flipped bit, truncation, a bad encoding), is the same {@link UnsealException} with the
 * same message and no cause, so a failure tells nothing about which check failed.
 */
public final class HpkeOpener {

    private static final byte[] NO_AAD = new byte[0];

    private HpkeOpener() {
    }

    /** Opens the {@code key_sealed} text of a blob sealed for {@code keyRef}. */
    public static SecretBytes open(RecipientPrivateKey privateKey, String keySealed, String keyRef) {
        return open(privateKey, KeySealed.decode(keySealed), keyRef);
    }

    /** Opens the raw {@code enc || ciphertext} of a blob sealed for {@code keyRef}. */
    public static SecretBytes open(RecipientPrivateKey privateKey, byte[] sealed, String keyRef) {
        SealSuite suite = privateKey.suite();
        int encLength = suite.encLength();
        // A sealed key is never empty, so a blob with no room for one byte of plaintext is refused.
        if (sealed.length <= encLength + SealSuite.AEAD_TAG_LENGTH || keyRef.isEmpty()) {
            throw new UnsealException();
        }
        byte[] enc = Arrays.copyOf(sealed, encLength);
        byte[] ciphertext = Arrays.copyOfRange(sealed, encLength, sealed.length);
        try {
            byte[] key = suite.newHpke()
                    .setupBaseR(enc, privateKey.hpkeKeyPair(), HpkeInfo.forKeyRef(keyRef))
                    .open(NO_AAD, ciphertext);
            return SecretBytes.adopt(key);
        } catch (InvalidCipherTextException | RuntimeCryptoException | IllegalArgumentException
                | IllegalStateException e) {
            // Deliberately without the cause: its type and message would say which check failed.
            throw new UnsealException();
        }
    }
}
