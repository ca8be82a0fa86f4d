package io.lightvibes.service.evidence;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Evidence entries as bytes: one RFC 8785 canonical JSON object per event, never key material.
 *
 * <p>An entry's bytes are exactly the Merkle leaf, so an event has one spelling only:
 * {@link #decode} refuses anything that does not re-encode to the very same bytes. The object is
 * {@code {"actor":..., "fields":{...}, "seq":n, "time":"2025-01-02T03:04:05.123456Z", "type":"key.issued"}}
 * ({@code docs/EVIDENCE.md}, Entries). The encoder refuses any field, at any depth, whose name
 * says key material, and any {@code byte[]} value.
 */
public final class Entries {

    /** Far above any real event; bounds what a verifier parses from an untrusted log. */
    public static final int MAX_ENTRY_BYTES = 64 * 1024;
    /** The {@code log.started} field holding the log's origin line. */
    public static final String LOG_STARTED_ORIGIN_FIELD = "origin";
    /** The {@code log.started} field holding the checkpoint verifier key text. */
    public static final String LOG_STARTED_VERIFIER_FIELD = "verifier";

    private static final int MAX_DEPTH = 8;
    private static final Set<String> ENTRY_MEMBERS = Set.of("seq", "time", "type", "actor", "fields");
    private static final String MEMBERS_TEXT = "[actor, fields, seq, time, type]";
    private static final Pattern TYPE_NAME = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+");

    private Entries() {}

    /**
     * The canonical bytes of one event at position {@code seq}; the time is taken to the
     * microsecond (truncated).
     *
     * @throws UnloggableEventException if it cannot be logged: key material, a bad seq, time,
     *     type or actor, values that are not JSON, more than {@link #MAX_ENTRY_BYTES}
     */
    public static byte[] encode(long seq, Instant time, String type, String actor, Map<String, ?> fields) {
        if (seq < 0) {
            throw new UnloggableEventException("an entry seq is a non-negative integer");
        }
        String timeText = formatTime(time);
        checkType(type);
        if (actor == null || actor.isEmpty()) {
            throw new UnloggableEventException("an entry actor is a non-empty string");
        }
        if (fields == null) {
            throw new UnloggableEventException("entry fields are a mapping of names to JSON values");
        }
        checkValue(fields, "fields", 0);
        byte[] encoded;
        try {
            encoded = CanonicalJson.encode(
                    Map.of("seq", seq, "time", timeText, "type", type, "actor", actor, "fields", fields));
        } catch (IllegalArgumentException error) {
            throw new UnloggableEventException("entry is not canonical JSON: " + error.getMessage());
        }
        if (encoded.length > MAX_ENTRY_BYTES) {
            throw new UnloggableEventException(String.format(
                    Locale.ROOT, "an entry is at most %d bytes, got %d", MAX_ENTRY_BYTES, encoded.length));
        }
        return encoded;
    }

    /** The canonical bytes of {@code type}'s entry: {@link #encode(long, Instant, String, String, Map)}. */
    public static byte[] encode(long seq, Instant time, EntryType type, String actor, Map<String, ?> fields) {
        return encode(seq, time, type.value(), actor, fields);
    }

    /**
     * Reads one entry's bytes, refusing anything {@link #encode} would not have written.
     *
     * @throws MalformedEvidenceException naming the first thing wrong with them
     */
    public static EvidenceEntry decode(byte[] data) {
        if (data == null) {
            throw new MalformedEvidenceException("an entry is bytes");
        }
        if (data.length > MAX_ENTRY_BYTES) {
            throw new MalformedEvidenceException("an entry is at most " + MAX_ENTRY_BYTES + " bytes");
        }
        Object document;
        try {
            document = StrictJson.parse(strictUtf8(data));
        } catch (IllegalArgumentException error) {
            throw new MalformedEvidenceException("an entry is UTF-8 JSON: " + error.getMessage());
        }
        if (!(document instanceof Map<?, ?> members) || !members.keySet().equals(ENTRY_MEMBERS)) {
            throw new MalformedEvidenceException("an entry is an object with exactly " + MEMBERS_TEXT);
        }
        Instant time = EntryTime.parse(members.get("time"));
        if (!(members.get("fields") instanceof Map<?, ?> fields)) {
            throw new MalformedEvidenceException("entry fields are a JSON object");
        }
        if (!(members.get("seq") instanceof Long seq) || seq < 0) {
            throw new MalformedEvidenceException("an entry seq is a non-negative integer");
        }
        if (!(members.get("type") instanceof String type)) {
            throw new MalformedEvidenceException("an entry type is a dotted lowercase name such as 'key.issued'");
        }
        if (!(members.get("actor") instanceof String actor)) {
            throw new MalformedEvidenceException("an entry actor is a non-empty string");
        }
        @SuppressWarnings("unchecked") // StrictJson's objects have string keys
        EvidenceEntry entry = new EvidenceEntry(seq, time, type, actor, (Map<String, Object>) fields);
        byte[] again;
        try {
            again = entry.encode();
        } catch (UnloggableEventException refused) {
            throw new MalformedEvidenceException(refused.getMessage());
        }
        if (!Arrays.equals(again, data)) {
            throw new MalformedEvidenceException("an entry must be in RFC 8785 canonical form");
        }
        return entry;
    }

    /** RFC 3339 in UTC with six fraction digits and {@code Z}: {@code 2025-01-02T03:04:05.123456Z}. */
    public static String formatTime(Instant time) {
        return EntryTime.format(time);
    }

    /** The fields of a {@code log.started} entry: the log's origin and this process's verifier key. */
    public static Map<String, Object> logStartedFields(String origin, String verifierKey) {
        return Map.of(LOG_STARTED_ORIGIN_FIELD, origin, LOG_STARTED_VERIFIER_FIELD, verifierKey);
    }

    /** Whether a field name says it holds key material ({@code key}, {@code key_sealed}, {@code secret}...). */
    public static boolean isKeyMaterialName(String name) {
        return KeyMaterialNames.isKeyMaterialName(name);
    }

    private static void checkType(String type) {
        if (type == null || !TYPE_NAME.matcher(type).matches()) {
            throw new UnloggableEventException("an entry type is a dotted lowercase name such as 'key.issued'");
        }
    }

    /** Refuses bytes, non-JSON values and key-material names anywhere inside {@code value}. */
    private static void checkValue(Object value, String where, int depth) {
        if (depth > MAX_DEPTH) {
            throw new UnloggableEventException(where + ": nested deeper than " + MAX_DEPTH + " levels");
        }
        switch (value) {
            case byte[] ignored -> throw new UnloggableEventException(
                    where + ": bytes are never logged (key material stays out of evidence)");
            case ByteBuffer ignored -> throw new UnloggableEventException(
                    where + ": bytes are never logged (key material stays out of evidence)");
            case List<?> list -> {
                for (int i = 0; i < list.size(); i++) {
                    checkValue(list.get(i), where + "[" + i + "]", depth + 1);
                }
            }
            case Map<?, ?> map -> {
                for (Map.Entry<?, ?> member : map.entrySet()) {
                    if (!(member.getKey() instanceof String name)) {
                        throw new UnloggableEventException(where + ": field names are strings");
                    }
                    if (KeyMaterialNames.isKeyMaterialName(name)) {
                        throw new UnloggableEventException(
                                where + "." + name + ": a field named like key material is never logged");
                    }
                    checkValue(member.getValue(), where + "." + name, depth + 1);
                }
            }
            case null, default -> {
                // Scalars: CanonicalJson decides which are JSON values.
            }
        }
    }

    private static String strictUtf8(byte[] data) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(data))
                    .toString();
        } catch (CharacterCodingException error) {
            throw new IllegalArgumentException("not valid UTF-8");
        }
    }
}
