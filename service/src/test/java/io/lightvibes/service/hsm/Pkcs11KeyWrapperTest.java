package io.lightvibes.service.hsm;

import io.lightvibes.service.testing.TestToken;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The token's wrapper: AES-256-GCM run inside the PKCS#11 token under a key that never leaves it. */
class Pkcs11KeyWrapperTest extends KeyWrapperContract {

    private Pkcs11Token token;
    private KeyWrapper wrapper;
    private KeyWrapper other;
    private final String otherLabel = "lightvibes-test-" + UUID.randomUUID();

    @BeforeEach
    void openToken() {
        token = Pkcs11Token.open(TestToken.fromEnvironment().settings());
        wrapper = token.keyWrapper(RANDOM);
        other = token.keyWrapper(otherLabel, RANDOM);
    }

    @AfterEach
    void closeToken() {
        if (token != null) {
            token.deleteKey(otherLabel);
            token.close();
        }
    }

    @Override
    KeyWrapper wrapper() {
        return wrapper;
    }

    @Override
    KeyWrapper otherWrapper() {
        return other;
    }
}
