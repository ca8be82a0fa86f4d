package io.lightvibes.service.sealing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lightvibes.service.secrets.SecretBytes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Key files: PEM round trips, file modes, no overwriting, OpenSSL interoperability. */
class KeyFilesTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Map<SealSuite, RecipientPrivateKey> RECIPIENTS = new EnumMap<>(SealSuite.class);

    static {
        for (SealSuite suite : SealSuite.values()) {
            RECIPIENTS.put(suite, RecipientPrivateKey.generate(suite, RANDOM));
        }
    }

    @TempDir
    Path directory;

    static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    @ParameterizedTest
    @EnumSource(SealSuite.class)
    void writtenKeyPairLoadsBackAndSeals(SealSuite suite) {
        RecipientPrivateKey recipient = RECIPIENTS.get(suite);
        KeyFiles.WrittenKeyPair written = KeyFiles.writeKeyPair(directory.resolve("keys"), recipient, false);
        assertThat(written.privateKeyFile().getFileName()).hasToString("recipient.key");
        assertThat(written.publicKeyFile().getFileName()).hasToString("recipient.pub");
        assertThat(written.publicKey()).isEqualTo(recipient.publicKey());
        RecipientPrivateKey loadedPrivate = KeyFiles.loadPrivateKey(written.privateKeyFile());
        RecipientPublicKey loadedPublic = KeyFiles.loadPublicKey(written.publicKeyFile());
        assertThat(loadedPrivate.suite()).isSameAs(suite);
        assertThat(loadedPrivate.privateBytes()).isEqualTo(recipient.privateBytes());
        assertThat(loadedPublic).isEqualTo(recipient.publicKey());
        byte[] sealed = new HpkeSealer(loadedPublic, RANDOM).seal(SecretBytes.copyOf(new byte[32]), "ref");
        try (SecretBytes opened = HpkeOpener.open(loadedPrivate, sealed, "ref")) {
            assertThat(opened.reveal()).isEqualTo(new byte[32]);
        }
    }

    @Test
    void writeKeyPairGeneratesFromTheInjectedRandom() throws IOException {
        KeyFiles.WrittenKeyPair first = KeyFiles.writeKeyPair(directory.resolve("a"), SealSuite.MLKEM768_X25519,
                false, CountingRandom.from(5));
        KeyFiles.WrittenKeyPair second = KeyFiles.writeKeyPair(directory.resolve("b"), SealSuite.MLKEM768_X25519,
                false, CountingRandom.from(5));
        assertThat(first.publicKey().keyId()).isEqualTo(second.publicKey().keyId());
        assertThat(Files.readString(first.privateKeyFile())).isEqualTo(Files.readString(second.privateKeyFile()));
    }

    @ParameterizedTest
    @EnumSource(SealSuite.class)
    void pemLabelsAndLayout(SealSuite suite) {
        RecipientPrivateKey recipient = RECIPIENTS.get(suite);
        String privatePem = KeyFilePem.privateKeyToPem(recipient);
        String publicPem = KeyFilePem.publicKeyToPem(recipient.publicKey());
        if (suite == SealSuite.X25519) {
            assertThat(privatePem).startsWith("-----BEGIN PRIVATE KEY-----\n");
            assertThat(publicPem).startsWith("-----BEGIN PUBLIC KEY-----\n");
        } else {
            assertThat(privatePem).startsWith("-----BEGIN LIGHTVIBES MLKEM768-X25519 PRIVATE KEY-----\n");
            assertThat(publicPem).startsWith("-----BEGIN LIGHTVIBES MLKEM768-X25519 PUBLIC KEY-----\n");
        }
        for (String pem : List.of(privatePem, publicPem)) {
            assertThat(pem.lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(64));
            assertThat(pem).endsWith("-----\n");
        }
    }

    @Test
    void x25519FilesAreTheStandardPkcs8AndSpkiEncodings() {
        RecipientPrivateKey recipient = RECIPIENTS.get(SealSuite.X25519);
        // RFC 8410 §10.3 layout, as OpenSSL writes it: 16-byte prefixes, then the raw key.
        byte[] pkcs8 = OtherKeyFiles.bodyOf(KeyFilePem.privateKeyToPem(recipient));
        assertThat(HexFormat.of().formatHex(pkcs8, 0, 16)).isEqualTo("302e020100300506032b656e04220420");
        assertThat(Arrays.copyOfRange(pkcs8, 16, 48)).isEqualTo(recipient.privateBytes());
        byte[] spki = OtherKeyFiles.bodyOf(KeyFilePem.publicKeyToPem(recipient.publicKey()));
        assertThat(HexFormat.of().formatHex(spki, 0, 12)).isEqualTo("302a300506032b656e032100");
        assertThat(Arrays.copyOfRange(spki, 12, 44)).isEqualTo(recipient.publicKey().publicBytes());
    }

    @Test
    void hybridBodyIsTheVersionThenTheSerializedKey() {
        RecipientPrivateKey recipient = RECIPIENTS.get(SealSuite.MLKEM768_X25519);
        byte[] privateBody = OtherKeyFiles.bodyOf(KeyFilePem.privateKeyToPem(recipient));
        byte[] publicBody = OtherKeyFiles.bodyOf(KeyFilePem.publicKeyToPem(recipient.publicKey()));
        assertThat(privateBody).hasSize(33).startsWith(0x01).endsWith(recipient.privateBytes());
        assertThat(publicBody).hasSize(1 + 1184 + 32).startsWith(0x01).endsWith(recipient.publicKey().publicBytes());
    }

    @ParameterizedTest
    @EnumSource(SealSuite.class)
    void explanatoryTextAroundTheBlockAndCrlfAreAccepted(SealSuite suite) {
        RecipientPrivateKey recipient = RECIPIENTS.get(suite);
        String pem = "recipient for peer bob\n" + KeyFilePem.publicKeyToPem(recipient.publicKey()) + "\n# end\n";
        assertThat(KeyFilePem.parsePublicKey(pem.getBytes(StandardCharsets.US_ASCII), "bob.pub"))
                .isEqualTo(recipient.publicKey());
        String crlf = KeyFilePem.privateKeyToPem(recipient).replace("\n", "\r\n");
        assertThat(KeyFilePem.parsePrivateKey(crlf.getBytes(StandardCharsets.US_ASCII), "bob.key").keyId())
                .isEqualTo(recipient.keyId());
    }

    @ParameterizedTest
    @EnumSource(SealSuite.class)
    void modesAre0600And0644(SealSuite suite) throws IOException {
        KeyFiles.WrittenKeyPair written = KeyFiles.writeKeyPair(directory, RECIPIENTS.get(suite), false);
        assertThat(mode(written.privateKeyFile())).isEqualTo("rw-------");
        assertThat(mode(written.publicKeyFile())).isEqualTo("rw-r--r--");
    }

    @ParameterizedTest
    @EnumSource(SealSuite.class)
    void refusesToOverwrite(SealSuite suite) throws IOException {
        KeyFiles.WrittenKeyPair written = KeyFiles.writeKeyPair(directory, RECIPIENTS.get(suite), false);
        String before = Files.readString(written.privateKeyFile()) + Files.readString(written.publicKeyFile());
        RecipientPrivateKey other = RecipientPrivateKey.generate(suite, RANDOM);
        assertThatThrownBy(() -> KeyFiles.writeKeyPair(directory, other, false))
                .isInstanceOf(RecipientKeyException.class)
                .hasMessage(written.privateKeyFile()
                        + ": already exists; refusing to overwrite a recipient key (remove it, or ask to overwrite).");
        assertThat(Files.readString(written.privateKeyFile()) + Files.readString(written.publicKeyFile()))
                .isEqualTo(before);
    }

    @Test
    void refusesWhenOnlyThePublicFileExists() {
        writeString(directory.resolve("recipient.pub"), "someone else's key");
        assertThatThrownBy(() -> KeyFiles.writeKeyPair(directory, RECIPIENTS.get(SealSuite.X25519), false))
                .isInstanceOf(RecipientKeyException.class).hasMessageContaining("recipient.pub");
        assertThat(directory.resolve("recipient.key")).doesNotExist();
    }

    @Test
    void doesNotFollowASymlink() throws IOException {
        Path target = directory.resolve("elsewhere");
        Files.createSymbolicLink(directory.resolve("recipient.key"), target);
        assertThatThrownBy(() -> KeyFiles.writeKeyPair(directory, RECIPIENTS.get(SealSuite.X25519), false))
                .isInstanceOf(RecipientKeyException.class).hasMessageContaining("refusing to overwrite");
        assertThat(target).doesNotExist();
    }

    @ParameterizedTest
    @EnumSource(SealSuite.class)
    void overwriteReplacesBothFilesAtomically(SealSuite suite) throws IOException {
        KeyFiles.writeKeyPair(directory, RecipientPrivateKey.generate(suite, RANDOM), false);
        RecipientPrivateKey recipient = RECIPIENTS.get(suite);
        KeyFiles.WrittenKeyPair written = KeyFiles.writeKeyPair(directory, recipient, true);
        assertThat(KeyFiles.loadPrivateKey(written.privateKeyFile()).keyId()).isEqualTo(recipient.keyId());
        assertThat(KeyFiles.loadPublicKey(written.publicKeyFile())).isEqualTo(recipient.publicKey());
        assertThat(mode(written.privateKeyFile())).isEqualTo("rw-------");
        assertThat(mode(written.publicKeyFile())).isEqualTo("rw-r--r--");
        try (Stream<Path> files = Files.list(directory)) {
            assertThat(files.map(path -> path.getFileName().toString())).containsExactlyInAnyOrder(
                    "recipient.key", "recipient.pub");
        }
    }

    @Test
    void outDirThatIsAFileIsRefusedWithItsName() {
        Path blocker = directory.resolve("not-a-dir");
        writeString(blocker, "");
        assertThatThrownBy(() -> KeyFiles.writeKeyPair(blocker, RECIPIENTS.get(SealSuite.X25519), false))
                .isInstanceOf(RecipientKeyException.class)
                .hasMessageContaining("not-a-dir").hasMessageContaining("cannot create the key directory");
    }

    @Test
    void openSslReadsOurX25519FilesAndWeReadItsKeys() throws Exception {
        assumeTrue(openSslAvailable(), "openssl is not on PATH");
        RecipientPrivateKey recipient = RECIPIENTS.get(SealSuite.X25519);
        KeyFiles.WrittenKeyPair written = KeyFiles.writeKeyPair(directory.resolve("ours"), recipient, false);
        String derivedPublic = run("openssl", "pkey", "-in", written.privateKeyFile().toString(), "-pubout");
        assertThat(KeyFilePem.parsePublicKey(derivedPublic.getBytes(StandardCharsets.US_ASCII), "openssl"))
                .isEqualTo(recipient.publicKey());
        assertThat(run("openssl", "pkey", "-pubin", "-in", written.publicKeyFile().toString()))
                .isEqualTo(KeyFilePem.publicKeyToPem(recipient.publicKey()));
        Path theirs = directory.resolve("openssl.key");
        run("openssl", "genpkey", "-algorithm", "X25519", "-out", theirs.toString());
        RecipientPrivateKey loaded = KeyFiles.loadPrivateKey(theirs);
        assertThat(loaded.suite()).isSameAs(SealSuite.X25519);
        assertThat(KeyFilePem.privateKeyToPem(loaded)).isEqualTo(Files.readString(theirs));
    }

    static boolean openSslAvailable() {
        try {
            return new ProcessBuilder("openssl", "version").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command)).isZero();
        return out;
    }

    static void writeString(Path path, String content) {
        try {
            Files.writeString(path, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
