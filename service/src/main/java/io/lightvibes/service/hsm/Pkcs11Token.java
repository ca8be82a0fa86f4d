package io.lightvibes.service.hsm;

import io.lightvibes.service.config.ConfigException;
import io.lightvibes.service.config.Settings;
import java.io.IOException;
import java.nio.file.Path;
import java.security.AuthProvider;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.Provider;
import java.security.ProviderException;
import java.security.SecureRandom;
import java.security.Security;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.security.auth.login.LoginException;

/**
 * One logged-in session on a PKCS#11 token through the JDK's SunPKCS11 provider: the token is found
 * by label ({@link Pkcs11Slots}), the user logs in with the PIN, and the keys the service keeps
 * there are found by label, or generated there on first use. Keys generated here are sensitive and
 * not extractable: their bytes never leave the token, and SunPKCS11 runs AES-GCM inside it.
 *
 * <p>Every set-up failure (no module, no token, a refused PIN) is a {@link ConfigException} of one
 * line naming the setting, never the PIN; start-up stops with it.
 */
public final class Pkcs11Token implements AutoCloseable {

    /** Label of the token's AES-256 key that wraps key material kept at rest. */
    public static final String WRAPPING_KEY_LABEL = "lightvibes-wrap";

    /**
     * Keys SunPKCS11 generates are session objects with these attributes; {@link #keyWrapper} copies
     * one to a labelled token object, which keeps them (PKCS#11 lets a copy only tighten them).
     */
    private static final String GENERATED_SECRET_KEYS = """
            attributes(generate, CKO_SECRET_KEY, CKK_AES) = {
              CKA_SENSITIVE = true
              CKA_EXTRACTABLE = false
              CKA_ENCRYPT = true
              CKA_DECRYPT = true
            }
            """;

    private final Provider provider;
    private final KeyStore keyStore;
    private final String label;

    private Pkcs11Token(Provider provider, KeyStore keyStore, String label) {
        this.provider = provider;
        this.keyStore = keyStore;
        this.label = label;
    }

    /** Finds the token the settings name and logs in; a {@link ConfigException} naming the problem otherwise. */
    public static Pkcs11Token open(Settings.Hsm settings) {
        Path module = settings.pkcs11Module().orElseThrow(() -> new ConfigException(
                "LIGHTVIBES_PKCS11_MODULE: required with LIGHTVIBES_KEY_BACKEND=pkcs11 (SoftHSM2's is "
                        + "/usr/lib/softhsm/libsofthsm2.so)"));
        String label = settings.tokenLabel();
        char[] pin = TokenPin.read(settings);
        try {
            long slot = Pkcs11Slots.slotOf(module, label);
            Provider provider = configure(module, slot);
            return new Pkcs11Token(provider, login(provider, pin, label), label);
        } finally {
            Arrays.fill(pin, '\0');
        }
    }

    private static Provider configure(Path module, long slot) {
        String library = module.toAbsolutePath().toString();
        if (library.contains("\"") || library.contains("${") || library.chars().anyMatch(Character::isISOControl)) {
            throw new ConfigException("LIGHTVIBES_PKCS11_MODULE: a module path with quotes, '${' or control "
                    + "characters cannot be given to SunPKCS11; move or link the module elsewhere");
        }
        String config = "--name = lightvibes\nlibrary = \"" + library + "\"\nslot = " + slot + "\n"
                + GENERATED_SECRET_KEYS;
        Provider base = Security.getProvider("SunPKCS11");
        if (base == null) {
            throw new ConfigException("LIGHTVIBES_KEY_BACKEND=pkcs11 needs the JDK's SunPKCS11 provider "
                    + "(module jdk.crypto.cryptoki), which this runtime lacks");
        }
        try {
            return base.configure(config);
        } catch (ProviderException | IllegalArgumentException e) {
            throw new ConfigException("LIGHTVIBES_PKCS11_MODULE: SunPKCS11 could not open slot " + slot + " of "
                    + module + " (" + rootMessage(e) + ")");
        }
    }

    private static KeyStore login(Provider provider, char[] pin, String label) {
        try {
            KeyStore keyStore = KeyStore.getInstance("PKCS11", provider);
            keyStore.load(null, pin);
            return keyStore;
        } catch (IOException | GeneralSecurityException | ProviderException e) {
            String reason = pkcs11Code(e).orElse(rootMessage(e));
            throw new ConfigException(refusal(label, reason));
        }
    }

    private static String refusal(String label, String reason) {
        return switch (reason) {
            case "CKR_PIN_INCORRECT" -> "LIGHTVIBES_PKCS11_PIN: the token '" + label + "' refused the PIN "
                    + "(CKR_PIN_INCORRECT); check LIGHTVIBES_PKCS11_PIN or LIGHTVIBES_PKCS11_PIN_FILE";
            case "CKR_PIN_LOCKED" -> "LIGHTVIBES_PKCS11_PIN: the token '" + label + "' has locked its user PIN "
                    + "(CKR_PIN_LOCKED); its security officer must reset it";
            case "CKR_PIN_LEN_RANGE" -> "LIGHTVIBES_PKCS11_PIN: the PIN has a length the token '" + label
                    + "' does not accept (CKR_PIN_LEN_RANGE)";
            case "CKR_USER_PIN_NOT_INITIALIZED" -> "LIGHTVIBES_PKCS11_TOKEN_LABEL: the token '" + label
                    + "' has no user PIN yet (CKR_USER_PIN_NOT_INITIALIZED); initialise it";
            default -> "LIGHTVIBES_PKCS11_PIN: could not log in to the token '" + label + "' (" + reason + ")";
        };
    }

    /** The CKR_* code in the cause chain (SunPKCS11 puts it in the message of its PKCS11Exception). */
    private static Optional<String> pkcs11Code(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            String message = cause.getMessage();
            if (message != null && message.matches("CKR_[A-Z_]+")) {
                return Optional.of(message);
            }
        }
        return Optional.empty();
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null || message.isBlank() ? root.getClass().getSimpleName()
                : message.strip().lines().findFirst().orElse(root.getClass().getSimpleName());
    }

    /** The token's label. */
    public String label() {
        return label;
    }

    /** AES-256-GCM inside the token under its {@link #WRAPPING_KEY_LABEL} key, generated there on first use. */
    public KeyWrapper keyWrapper(SecureRandom random) {
        return keyWrapper(WRAPPING_KEY_LABEL, random);
    }

    KeyWrapper keyWrapper(String keyLabel, SecureRandom random) {
        SecretKey key = secretKey(keyLabel).orElseGet(() -> generate(keyLabel));
        return new AesGcmKeyWrapper(key, Optional.of(provider), random, String.format(Locale.ROOT,
                "pkcs11 token '%s', key '%s' (AES-256-GCM)", label, keyLabel));
    }

    /** The token's secret key labelled {@code keyLabel}, if it holds one. */
    Optional<SecretKey> secretKey(String keyLabel) {
        try {
            if (!keyStore.containsAlias(keyLabel)) {
                return Optional.empty();
            }
            Key key = keyStore.getKey(keyLabel, null);
            if (!(key instanceof SecretKey secret) || !secret.getAlgorithm().equals("AES")) {
                throw new ConfigException("LIGHTVIBES_PKCS11_TOKEN_LABEL: the token '" + label + "' holds an object "
                        + "labelled '" + keyLabel + "' that is not an AES key; remove or relabel it");
            }
            return Optional.of(secret);
        } catch (GeneralSecurityException | ProviderException e) {
            throw new TokenException("Could not read the key '" + keyLabel + "' of the token '" + label + "' ("
                    + rootMessage(e) + ")", e);
        }
    }

    private SecretKey generate(String keyLabel) {
        try {
            KeyGenerator generator = KeyGenerator.getInstance("AES", provider);
            generator.init(256);
            // A session object until setEntry copies it to the token under its label.
            keyStore.setEntry(keyLabel, new KeyStore.SecretKeyEntry(generator.generateKey()), null);
        } catch (GeneralSecurityException | ProviderException e) {
            throw new TokenException("Could not generate the key '" + keyLabel + "' in the token '" + label + "' ("
                    + rootMessage(e) + ")", e);
        }
        return secretKey(keyLabel).orElseThrow(() -> new TokenException(
                "The token '" + label + "' did not keep the key '" + keyLabel + "' it generated", null));
    }

    /** Removes the key labelled {@code keyLabel} (tests clean up after themselves). */
    void deleteKey(String keyLabel) {
        try {
            keyStore.deleteEntry(keyLabel);
        } catch (GeneralSecurityException | ProviderException e) {
            throw new TokenException("Could not delete the key '" + keyLabel + "' of the token '" + label + "'", e);
        }
    }

    /** The provider running this token's session (tests probe what it offers). */
    Provider provider() {
        return provider;
    }

    /** Logs out; the keys stay in the token. */
    @Override
    public void close() {
        try {
            ((AuthProvider) provider).logout();
        } catch (LoginException | ProviderException e) {
            // The session is gone either way; nothing is left to release.
        }
    }

    @Override
    public String toString() {
        return "Pkcs11Token[" + label + "]";
    }
}
