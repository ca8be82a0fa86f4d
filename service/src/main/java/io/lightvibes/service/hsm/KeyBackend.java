package io.lightvibes.service.hsm;

import java.util.Locale;

/** Where the at-rest key wrapper and the evidence signing key live ({@code LIGHTVIBES_KEY_BACKEND}). */
public enum KeyBackend {
    /** In this process's memory: they die with it (the evidence signing key is new at every start). */
    MEMORY,
    /** In a PKCS#11 token (an HSM, or SoftHSM2) through the JDK's SunPKCS11 provider. */
    PKCS11;

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
