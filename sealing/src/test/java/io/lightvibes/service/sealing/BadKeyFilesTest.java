package io.lightvibes.service.sealing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Every kind of wrong key file is refused with a message naming the file and the kind expected, never key bytes. */
class BadKeyFilesTest {

    private static final String HYBRID_PUBLIC = "LIGHTVIBES MLKEM768-X25519 PUBLIC KEY";
    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path directory;

    static Stream<Arguments> otherAlgorithms() throws Exception {
        return OtherKeyFiles.otherAlgorithms().entrySet().stream()
                .map(entry -> Arguments.of(entry.getKey(), entry.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("otherAlgorithms")
    void keysOfOtherAlgorithmsAreRefusedByName(String algorithm, OtherKeyFiles.Pair pems) throws Exception {
        Path privateFile = write("k.key", pems.privatePem());
        Path publicFile = write("k.pub", pems.publicPem());
        assertThatThrownBy(() -> KeyFiles.loadPrivateKey(privateFile))
                .isInstanceOf(RecipientKeyException.class)
                .hasMessage(privateFile + ": holds a key of another algorithm (" + algorithm + "); expected "
                        + KeyFilePem.EXPECTED_PRIVATE + ".");
        assertThatThrownBy(() -> KeyFiles.loadPublicKey(publicFile))
                .isInstanceOf(RecipientKeyException.class)
                .hasMessage(publicFile + ": holds a key of another algorithm (" + algorithm + "); expected "
                        + KeyFilePem.EXPECTED_PUBLIC + ".");
    }

    @Test
    void traditionalRsaFileIsRefusedByItsLabel() throws Exception {
        String pem = OtherKeyFiles.armour("RSA PRIVATE KEY", new byte[] {0x30, 0x00});
        byte[] bytes = pem.getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> KeyFilePem.parsePrivateKey(bytes, "rsa.key"))
                .hasMessage("rsa.key: holds a 'BEGIN RSA PRIVATE KEY' block; expected " + KeyFilePem.EXPECTED_PRIVATE + ".");
        assertThatThrownBy(() -> KeyFilePem.parsePublicKey(bytes, "rsa.key"))
                .hasMessageContaining("where a public key was expected");
    }

    @ParameterizedTest
    @EnumSource(SealSuite.class)
    void privateKeyWherePublicExpectedAndTheReverse(SealSuite suite) {
        KeyFiles.WrittenKeyPair written = KeyFiles.writeKeyPair(directory, RecipientPrivateKey.generate(suite, RANDOM), false);
        assertThatThrownBy(() -> KeyFiles.loadPublicKey(written.privateKeyFile()))
                .isInstanceOf(RecipientKeyException.class)
                .hasMessageStartingWith(written.privateKeyFile() + ": holds a private key (")
                .hasMessageContaining("where a public key was expected; give the recipient's .pub file");
        assertThatThrownBy(() -> KeyFiles.loadPrivateKey(written.publicKeyFile()))
                .isInstanceOf(RecipientKeyException.class)
                .hasMessageStartingWith(written.publicKeyFile() + ": holds a public key (")
                .hasMessageContaining("where a private key was expected; give the recipient's .key file");
    }

    @Test
    void encryptedPkcs8IsRefused() throws Exception {
        byte[] pkcs8 = OtherKeyFiles.bodyOf(KeyFilePem.privateKeyToPem(RecipientPrivateKey.generate(SealSuite.X25519, RANDOM)));
        byte[] pem = OtherKeyFiles.encrypted(pkcs8).getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> KeyFilePem.parsePrivateKey(pem, "locked.key"))
                .hasMessageStartingWith("locked.key: is a password-protected PKCS#8 key");
    }

    @ParameterizedTest
    @EnumSource(SealSuite.class)
    void messagesNeverContainKeyMaterial(SealSuite suite) {
        RecipientPrivateKey recipient = RecipientPrivateKey.generate(suite, RANDOM);
        String privatePem = KeyFilePem.privateKeyToPem(recipient);
        Throwable thrown = catchThrowable(
                () -> KeyFilePem.parsePublicKey(privatePem.getBytes(StandardCharsets.US_ASCII), "x"));
        String message = thrown.getMessage();
        privatePem.lines().filter(line -> !line.startsWith("-----"))
                .forEach(line -> assertThat(message).doesNotContain(line.substring(0, Math.min(16, line.length()))));
        assertThat(message).doesNotContain(HexFormat.of().formatHex(recipient.privateBytes()).substring(0, 16));
    }

    static Stream<Arguments> garbledPublicFiles() {
        return Stream.of(
                Arguments.of("empty", "", "no complete PEM block"),
                Arguments.of("text", "hello, world\n", "no complete PEM block"),
                Arguments.of("der", "\u0030\u0082\u0001\n", "not a PEM file"),
                Arguments.of("certificate", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
                        "holds a 'BEGIN CERTIFICATE' block"),
                Arguments.of("hybrid-short", OtherKeyFiles.armour(HYBRID_PUBLIC, versioned(1, 100)), "truncated"),
                Arguments.of("hybrid-long", OtherKeyFiles.armour(HYBRID_PUBLIC, versioned(1, 1217)), "truncated"),
                Arguments.of("hybrid-v2", OtherKeyFiles.armour(HYBRID_PUBLIC, versioned(2, 1216)), "has version 2"),
                Arguments.of("hybrid-empty", OtherKeyFiles.armour(HYBRID_PUBLIC, new byte[0]), "has an empty body"),
                Arguments.of("spki-garbled", "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VuAyEA!!!\n-----END PUBLIC KEY-----\n",
                        "damaged"),
                Arguments.of("hybrid-garbled", "-----BEGIN " + HYBRID_PUBLIC + "-----\nAQ*=\n-----END " + HYBRID_PUBLIC + "-----\n",
                        "not valid base64"),
                Arguments.of("spki-low-order",
                        OtherKeyFiles.armour("PUBLIC KEY", HexFormat.of().parseHex("302a300506032b656e032100" + "00".repeat(32))),
                        "low-order"),
                Arguments.of("spki-with-parameters",
                        OtherKeyFiles.armour("PUBLIC KEY", HexFormat.of().parseHex("302c300706032b656e0500032100" + "09".repeat(32))),
                        "X25519 with parameters"),
                Arguments.of("mismatched-end", "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
                        "no complete PEM block"));
    }

    private static byte[] versioned(int version, int length) {
        byte[] body = new byte[1 + length];
        body[0] = (byte) version;
        return body;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("garbledPublicFiles")
    void garbledPublicFilesAreRefused(String name, String content, String match) throws Exception {
        Path file = directory.resolve("recipient.pub");
        Files.write(file, content.getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> KeyFiles.loadPublicKey(file))
                .isInstanceOf(RecipientKeyException.class)
                .hasMessageStartingWith(file + ": ")
                .hasMessageContaining(match)
                .hasMessageNotContaining(file + ": " + file);
    }

    static Stream<Arguments> damages() {
        Map<String, UnaryOperator<String>> damages = Map.of(
                "cut-in-half", pem -> pem.substring(0, pem.length() / 2),
                "no-end-line", pem -> pem.replace("-----END", "-----FIN"),
                "extra-char", pem -> pem.replaceFirst("\n", "\nA"),
                "two-blocks", pem -> pem + pem,
                "short-line", pem -> {
                    String[] lines = pem.split("\n", -1);
                    lines[1] = lines[1].substring(0, lines[1].length() - 4);
                    return String.join("\n", lines);
                });
        return Stream.of(SealSuite.values()).flatMap(suite -> damages.entrySet().stream()
                .map(entry -> Arguments.of(suite, entry.getKey(), entry.getValue())));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("damages")
    void damagedPrivateFilesAreRefused(SealSuite suite, String name, UnaryOperator<String> damage) throws Exception {
        Path file = write("recipient.key", damage.apply(KeyFilePem.privateKeyToPem(RecipientPrivateKey.generate(suite, RANDOM))));
        assertThatThrownBy(() -> KeyFiles.loadPrivateKey(file))
                .isInstanceOf(RecipientKeyException.class)
                .hasMessageStartingWith(file + ": ")
                .hasMessageNotContaining(file + ": " + file);
    }

    @Test
    void hybridPrivateFileOfAnotherVersionIsRefused() throws Exception {
        byte[] body = new byte[33];
        body[0] = 0x00;
        Path file = write("recipient.key", OtherKeyFiles.armour("LIGHTVIBES MLKEM768-X25519 PRIVATE KEY", body));
        assertThatThrownBy(() -> KeyFiles.loadPrivateKey(file))
                .hasMessage(file + ": the LIGHTVIBES MLKEM768-X25519 PRIVATE KEY block has version 0; this build reads version 1.");
    }

    @Test
    void missingFileAndDirectoryAreRefusedWithTheirNames() {
        Path absent = directory.resolve("absent.pub");
        assertThatThrownBy(() -> KeyFiles.loadPublicKey(absent))
                .isInstanceOf(RecipientKeyException.class)
                .hasMessage(absent + ": cannot read the recipient public key: no such file or directory.");
        assertThatThrownBy(() -> KeyFiles.loadPrivateKey(directory))
                .isInstanceOf(RecipientKeyException.class)
                .hasMessageStartingWith(directory + ": cannot read the recipient private key: ");
    }

    @Test
    void oversizedFileIsRefused() throws Exception {
        Path file = write("huge.pub", "A".repeat(64 * 1024 + 1));
        assertThatThrownBy(() -> KeyFiles.loadPublicKey(file))
                .hasMessage(file + ": is larger than 65536 bytes; not a recipient public key.");
    }

    @Test
    void aLongHostileLabelIsShortenedInTheMessage() throws Exception {
        String label = "X".repeat(5000);
        Path file = write("odd.pub", "-----BEGIN " + label + "-----\nAAAA\n-----END " + label + "-----\n");
        Throwable thrown = catchThrowable(() -> KeyFiles.loadPublicKey(file));
        assertThat(thrown.getMessage()).hasSizeLessThan(400).contains("X".repeat(64) + "...");
    }

    @Test
    void jdkX25519KeysAreAcceptedToo() throws Exception {
        var pair = KeyPairGenerator.getInstance("X25519").generateKeyPair();
        RecipientPrivateKey fromJdk = KeyFilePem.parsePrivateKey(
                OtherKeyFiles.armour("PRIVATE KEY", pair.getPrivate().getEncoded()).getBytes(StandardCharsets.US_ASCII), "jdk.key");
        RecipientPublicKey publicFromJdk = KeyFilePem.parsePublicKey(
                OtherKeyFiles.armour("PUBLIC KEY", pair.getPublic().getEncoded()).getBytes(StandardCharsets.US_ASCII), "jdk.pub");
        assertThat(fromJdk.publicKey()).isEqualTo(publicFromJdk);
    }

    private Path write(String name, String content) throws Exception {
        Path file = directory.resolve(name);
        Files.writeString(file, content, StandardCharsets.US_ASCII);
        return file;
    }
}
