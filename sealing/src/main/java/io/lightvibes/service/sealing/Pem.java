package io.lightvibes.service.sealing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** RFC 7468 textual encoding: one labelled block of base64 in a file that may hold other text. */
final class Pem {

    /** RFC 7468 §2: generators wrap base64 at exactly 64 characters. */
    private static final int LINE_CHARACTERS = 64;
    /** Labels are echoed in messages; a hostile file must not make a message kilobytes long. */
    private static final int LABEL_ECHO_LIMIT = 64;
    /**
     * RFC 7468 §3: a label starts and ends with a printable non-hyphen and may hold hyphens and
     * spaces inside; the END line must repeat the BEGIN label.
     */
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([\\x21-\\x2c\\x2e-\\x7e](?:[\\x20-\\x7e]*?[\\x21-\\x2c\\x2e-\\x7e])?)-----"
                    + "(.*?)-----END \\1-----",
            Pattern.DOTALL);
    private static final Pattern WHITESPACE = Pattern.compile("[ \\t\\r\\n]+");

    /** The one block of a file: its label and the text between the armour lines. */
    record Block(String label, String base64Text) {

        /** The label as messages may quote it. */
        String quotedLabel() {
            String shown = label.length() <= LABEL_ECHO_LIMIT ? label : label.substring(0, LABEL_ECHO_LIMIT) + "...";
            return "'BEGIN " + shown + "'";
        }

        /**
         * The body: RFC 4648 §4 base64 with padding; whitespace (line breaks, CRLF) is ignored and
         * anything else outside the alphabet, or a non-canonical spelling, makes it empty.
         */
        Optional<byte[]> body() {
            String compact = WHITESPACE.matcher(base64Text).replaceAll("");
            if (compact.length() % 4 != 0) {
                return Optional.empty();
            }
            try {
                byte[] body = Base64.getDecoder().decode(compact);
                return Base64.getEncoder().encodeToString(body).equals(compact) ? Optional.of(body) : Optional.empty();
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
    }

    private Pem() {
    }

    /**
     * The one PEM block in {@code file}. RFC 7468 §5.2 lets explanatory text sit around it; two
     * blocks would make the choice of key ambiguous, so they are refused.
     *
     * @throws RecipientKeyException naming {@code source} and {@code expected}
     */
    static Block singleBlock(byte[] file, String source, String expected) {
        for (byte b : file) {
            if (b < 0) {
                throw new RecipientKeyException(source + ": not a PEM file; expected " + expected + ".");
            }
        }
        Matcher matcher = BLOCK.matcher(new String(file, StandardCharsets.US_ASCII));
        List<Block> blocks = new ArrayList<>();
        while (matcher.find()) {
            blocks.add(new Block(matcher.group(1), matcher.group(2)));
        }
        if (blocks.isEmpty()) {
            throw new RecipientKeyException(source + ": no complete PEM block; expected " + expected + ".");
        }
        if (blocks.size() > 1) {
            throw new RecipientKeyException(String.format(Locale.ROOT,
                    "%s: holds %d PEM blocks; expected exactly one, %s.", source, blocks.size(), expected));
        }
        return blocks.getFirst();
    }

    /** {@code body} armoured under {@code label}, wrapped at 64 characters, ending in a newline. */
    static String armour(String label, byte[] body) {
        String base64 = Base64.getEncoder().encodeToString(body);
        StringBuilder pem = new StringBuilder("-----BEGIN ").append(label).append("-----\n");
        for (int start = 0; start < base64.length(); start += LINE_CHARACTERS) {
            pem.append(base64, start, Math.min(base64.length(), start + LINE_CHARACTERS)).append('\n');
        }
        return pem.append("-----END ").append(label).append("-----\n").toString();
    }
}
