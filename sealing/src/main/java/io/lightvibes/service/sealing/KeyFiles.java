package io.lightvibes.service.sealing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Recipient key files on disk: {@code recipient.key} (mode 0600) and {@code recipient.pub} (0644)
 * in one directory, in the PEM forms of {@link KeyFilePem}. A private key file never exists with a
 * wider mode than 0600, not even for a moment, and a crash leaves the old key or the new one, never
 * half of either. Every failure is a {@link RecipientKeyException} naming the path.
 */
public final class KeyFiles {

    public static final String PRIVATE_KEY_FILE = "recipient.key";
    public static final String PUBLIC_KEY_FILE = "recipient.pub";
    /** A recipient key file is a few kilobytes at most; anything larger is not read. */
    public static final int MAX_KEY_FILE_BYTES = 64 * 1024;

    private static final Set<PosixFilePermission> PRIVATE_MODE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> PUBLIC_MODE = PosixFilePermissions.fromString("rw-r--r--");
    private static final String REFUSE_OVERWRITE =
            "already exists; refusing to overwrite a recipient key (remove it, or ask to overwrite).";

    /** The files of a written key pair, and its public key (for the {@code key_id}). */
    public record WrittenKeyPair(Path privateKeyFile, Path publicKeyFile, RecipientPublicKey publicKey) {
    }

    private KeyFiles() {
    }

    /** Reads a recipient public key file ({@code recipient.pub}). */
    public static RecipientPublicKey loadPublicKey(Path path) {
        return KeyFilePem.parsePublicKey(read(path, "public"), path.toString());
    }

    /** Reads a recipient private key file ({@code recipient.key}). */
    public static RecipientPrivateKey loadPrivateKey(Path path) {
        byte[] pem = read(path, "private");
        try {
            return KeyFilePem.parsePrivateKey(pem, path.toString());
        } finally {
            Arrays.fill(pem, (byte) 0);
        }
    }

    /** Generates a key pair of {@code suite} from {@code random} and writes it into {@code directory}. */
    public static WrittenKeyPair writeKeyPair(Path directory, SealSuite suite, boolean overwrite, SecureRandom random) {
        return writeKeyPair(directory, RecipientPrivateKey.generate(suite, random), overwrite);
    }

    /**
     * Writes {@code key} as {@code recipient.key} and {@code recipient.pub} into {@code directory}
     * (created if needed). Without {@code overwrite}, an existing file (or symlink) of either name
     * is never replaced; with it, each file is replaced by an atomic rename of a fresh temporary file.
     */
    public static WrittenKeyPair writeKeyPair(Path directory, RecipientPrivateKey key, boolean overwrite) {
        Path privateFile = directory.resolve(PRIVATE_KEY_FILE);
        Path publicFile = directory.resolve(PUBLIC_KEY_FILE);
        if (!overwrite) {
            for (Path existing : List.of(privateFile, publicFile)) {
                if (Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
                    throw new RecipientKeyException(existing + ": " + REFUSE_OVERWRITE);
                }
            }
        }
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new RecipientKeyException(directory + ": cannot create the key directory: " + reason(e) + ".", e);
        }
        byte[] privatePem = KeyFilePem.privateKeyToPem(key).getBytes(StandardCharsets.US_ASCII);
        byte[] publicPem = KeyFilePem.publicKeyToPem(key.publicKey()).getBytes(StandardCharsets.US_ASCII);
        List<Path> written = new ArrayList<>();
        try {
            write(privateFile, privatePem, PRIVATE_MODE, overwrite, "private", written);
            write(publicFile, publicPem, PUBLIC_MODE, overwrite, "public", written);
        } catch (RecipientKeyException e) {
            // Leave no half of a new pair behind (an overwritten pair is replaced file by file).
            written.forEach(KeyFiles::deleteQuietly);
            throw e;
        } finally {
            Arrays.fill(privatePem, (byte) 0);
        }
        return new WrittenKeyPair(privateFile, publicFile, key.publicKey());
    }

    private static byte[] read(Path path, String kind) {
        byte[] data;
        try (InputStream in = Files.newInputStream(path)) {
            data = in.readNBytes(MAX_KEY_FILE_BYTES + 1);
        } catch (IOException e) {
            throw new RecipientKeyException(path + ": cannot read the recipient " + kind + " key: " + reason(e) + ".", e);
        }
        if (data.length > MAX_KEY_FILE_BYTES) {
            throw new RecipientKeyException(String.format(Locale.ROOT,
                    "%s: is larger than %d bytes; not a recipient %s key.", path, MAX_KEY_FILE_BYTES, kind));
        }
        return data;
    }

    private static void write(Path target, byte[] content, Set<PosixFilePermission> mode, boolean overwrite,
            String kind, List<Path> written) {
        try {
            if (overwrite) {
                replace(target, content, mode);
            } else {
                create(target, content, mode);
                written.add(target);
            }
            syncDirectory(target.getParent());
        } catch (FileAlreadyExistsException e) {
            throw new RecipientKeyException(target + ": " + REFUSE_OVERWRITE, e);
        } catch (IOException e) {
            throw new RecipientKeyException(
                    target + ": cannot write the recipient " + kind + " key: " + reason(e) + ".", e);
        }
    }

    /** O_CREAT|O_EXCL|O_NOFOLLOW with the final mode, which the umask can only narrow. */
    private static void create(Path target, byte[] content, Set<PosixFilePermission> mode) throws IOException {
        FileChannel channel = FileChannel.open(target,
                Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW, LinkOption.NOFOLLOW_LINKS),
                PosixFilePermissions.asFileAttribute(mode));
        try (channel) {
            fill(channel, target, content, mode);
        } catch (IOException | RuntimeException e) {
            // The file is ours (CREATE_NEW succeeded): never leave it half-written.
            deleteQuietly(target);
            throw e;
        }
    }

    /** A fresh temporary file (0600 from its creation) in the same directory, renamed over the target. */
    private static void replace(Path target, byte[] content, Set<PosixFilePermission> mode) throws IOException {
        Path temporary = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".tmp",
                PosixFilePermissions.asFileAttribute(PRIVATE_MODE));
        try {
            try (FileChannel channel = FileChannel.open(temporary,
                    Set.of(StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS))) {
                fill(channel, temporary, content, mode);
            }
            // rename(2): whoever reads the target sees the old file or the new one, never a mix.
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(temporary);
            throw e;
        }
    }

    private static void fill(FileChannel channel, Path path, byte[] content, Set<PosixFilePermission> mode)
            throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(content);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        // Set exactly the mode asked for, whatever the umask took away; never through a symlink.
        Files.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).setPermissions(mode);
        channel.force(true);
    }

    /** Makes the new directory entry durable; a file system that cannot open directories keeps its own order. */
    private static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Not every platform can fsync a directory; the rename itself is still atomic.
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // Best effort: the caller reports the original failure.
        }
    }

    /** What went wrong, in words: the JDK's messages for these are only the path again. */
    private static String reason(IOException e) {
        return switch (e) {
            case NoSuchFileException ignored -> "no such file or directory";
            case AccessDeniedException ignored -> "permission denied";
            case NotDirectoryException ignored -> "not a directory";
            case FileAlreadyExistsException ignored -> "a file of that name exists and is not a directory";
            default -> e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        };
    }
}
