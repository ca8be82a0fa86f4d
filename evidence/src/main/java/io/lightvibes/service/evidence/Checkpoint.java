package io.lightvibes.service.evidence;

import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A log's tree head as c2sp.org/tlog-checkpoint writes it: the origin line, the tree size in
 * decimal, the root hash in base64, and optional extension lines, each ending in a newline.
 * Sizes are limited to 2^63 - 1 here (a Java {@code long}), far beyond any log.
 *
 * @param origin the log's unique name, one line
 * @param treeSize how many entries the tree holds
 * @param rootHash the RFC 9162 root of those entries, 32 bytes
 * @param extensions further non-empty lines (LIGHTVIBES writes none)
 */
public record Checkpoint(String origin, long treeSize, byte[] rootHash, List<String> extensions) {

    // c2sp.org/tlog-checkpoint, Note text: the tree size is ASCII decimal without leading zeroes.
    private static final Pattern TREE_SIZE = Pattern.compile("0|[1-9][0-9]*");

    public Checkpoint {
        if (!NoteText.isLine(origin)) {
            throw new IllegalArgumentException("a checkpoint origin is one non-empty line without control characters");
        }
        if (treeSize < 0) {
            throw new IllegalArgumentException("tree size " + treeSize + " is negative");
        }
        if (rootHash == null || rootHash.length != Merkle.HASH_SIZE) {
            throw new IllegalArgumentException("a root hash is " + Merkle.HASH_SIZE + " bytes");
        }
        extensions = List.copyOf(extensions);
        if (!extensions.stream().allMatch(NoteText::isLine)) {
            throw new IllegalArgumentException("extension lines must be non-empty lines without control characters");
        }
        rootHash = rootHash.clone();
    }

    /** A checkpoint without extension lines. */
    public Checkpoint(String origin, long treeSize, byte[] rootHash) {
        this(origin, treeSize, rootHash, List.of());
    }

    @Override
    public byte[] rootHash() {
        return rootHash.clone();
    }

    /** The note text: origin, tree size, base64 root, extensions, each line ending in a newline. */
    public String body() {
        StringBuilder body = new StringBuilder()
                .append(origin).append('\n')
                .append(treeSize).append('\n')
                .append(Base64.getEncoder().encodeToString(rootHash)).append('\n');
        extensions.forEach(line -> body.append(line).append('\n'));
        return body.toString();
    }

    /**
     * Reads a checkpoint body (the text of a verified note), strict about every line.
     *
     * @throws MalformedEvidenceException naming the first line that is wrong
     */
    public static Checkpoint parse(String body) {
        if (body == null || body.length() > SignedNotes.MAX_NOTE_BYTES) {
            throw malformed("not a text of at most 64 KiB.");
        }
        if (!body.endsWith("\n")) {
            throw malformed("the text must end with a newline.");
        }
        List<String> lines = List.of(body.substring(0, body.length() - 1).split("\n", -1));
        if (lines.size() < 3) {
            throw malformed("expected origin, tree size and root hash lines.");
        }
        if (!lines.stream().allMatch(NoteText::isLine)) {
            throw malformed("every line must be non-empty, without control characters.");
        }
        String sizeText = lines.get(1);
        long size;
        try {
            size = TREE_SIZE.matcher(sizeText).matches() ? Long.parseLong(sizeText) : -1;
        } catch (NumberFormatException beyondLong) {
            size = -1;
        }
        if (size < 0) {
            throw malformed(String.format(Locale.ROOT,
                    "tree size '%s' is not a decimal integer below 2^63 without leading zeroes.", sizeText));
        }
        byte[] root = NoteText.strictBase64(lines.get(2)).orElse(null);
        if (root == null || root.length != Merkle.HASH_SIZE) {
            throw malformed("the root hash is not the padded standard base64 of " + Merkle.HASH_SIZE + " bytes.");
        }
        return new Checkpoint(lines.get(0), size, root, lines.subList(3, lines.size()));
    }

    private static MalformedEvidenceException malformed(String problem) {
        return new MalformedEvidenceException("Malformed checkpoint: " + problem);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Checkpoint that
                && origin.equals(that.origin)
                && treeSize == that.treeSize
                && Arrays.equals(rootHash, that.rootHash)
                && extensions.equals(that.extensions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(origin, treeSize, Arrays.hashCode(rootHash), extensions);
    }

    @Override
    public String toString() {
        return "Checkpoint[" + body().replace("\n", " | ") + "]";
    }
}
