package io.lightvibes.service.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Evidence entries: canonical RFC 8785 bytes, strict decoding, and no key material, ever. */
class EntriesTest {

    static final Instant TIME = Instant.parse("2025-03-04T05:06:07.890123Z");
    static final Map<String, Object> FIELDS = Map.of(
            "key_ref", "kr_1", "bits", 256, "mode", "QMK", "seal_suite", "x25519",
            "recipient_key_id", "6f9b", "qber", 0.031);
    static final byte[] CANONICAL = entry(FIELDS);

    static byte[] entry(Map<String, ?> fields) {
        return Entries.encode(12, TIME, EntryType.KEY_ISSUED, "peer-alice", fields);
    }

    static String text(byte[] data) {
        return new String(data, StandardCharsets.UTF_8);
    }

    @Test
    void entryBytesAreRfc8785Canonical() {
        assertThat(text(CANONICAL)).isEqualTo(
                "{\"actor\":\"peer-alice\",\"fields\":{\"bits\":256,\"key_ref\":\"kr_1\",\"mode\":\"QMK\","
                        + "\"qber\":0.031,\"recipient_key_id\":\"6f9b\",\"seal_suite\":\"x25519\"},\"seq\":12,"
                        + "\"time\":\"2025-03-04T05:06:07.890123Z\",\"type\":\"key.issued\"}");
        // Insertion order, non-ASCII and number spelling do not change the bytes.
        Map<String, Object> first = new LinkedHashMap<>();
        first.put("y", 1.0);
        first.put("x", "ü");
        Map<String, Object> second = new LinkedHashMap<>();
        second.put("x", "ü");
        second.put("y", 1);
        byte[] a = Entries.encode(0, TIME, "a.b", "é", first);
        byte[] b = Entries.encode(0, TIME, "a.b", "é", second);
        assertThat(a).isEqualTo(b).isEqualTo(
                "{\"actor\":\"é\",\"fields\":{\"x\":\"ü\",\"y\":1},\"seq\":0,\"time\":\"2025-03-04T05:06:07.890123Z\",\"type\":\"a.b\"}"
                        .getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void documentedExampleIsWhatTheEncoderWrites() {
        // docs/EVIDENCE.md, Entries: the example entry, byte for byte.
        byte[] data = Entries.encode(12, Instant.parse("2025-03-04T05:06:07.890123Z"), "key.issued", "peer-alice",
                Map.of("bits", 256, "key_ref", "kr_1", "mode", "QMK"));
        assertThat(text(data)).isEqualTo("{\"actor\":\"peer-alice\",\"fields\":{\"bits\":256,\"key_ref\":\"kr_1\",\"mode\":\"QMK\"},\"seq\":12,"
                + "\"time\":\"2025-03-04T05:06:07.890123Z\",\"type\":\"key.issued\"}");
    }

    @Test
    void roundTripsAndTimesAreUtcToTheMicrosecond() {
        Instant paris = OffsetDateTime.of(2025, 3, 4, 6, 6, 7, 890123999, ZoneOffset.ofHours(1)).toInstant();
        byte[] data = Entries.encode(12, paris, EntryType.KEY_ISSUED, "peer-alice", FIELDS);
        assertThat(data).isEqualTo(CANONICAL); // nanoseconds are truncated, the offset is gone
        EvidenceEntry decoded = Entries.decode(data);
        assertThat(decoded.time()).isEqualTo(TIME);
        assertThat(decoded.seq()).isEqualTo(12);
        assertThat(decoded.type()).isEqualTo("key.issued");
        assertThat(decoded.entryType()).contains(EntryType.KEY_ISSUED);
        assertThat(decoded.actor()).isEqualTo("peer-alice");
        assertThat(decoded.fields()).containsEntry("bits", 256L).containsEntry("qber", 0.031);
        assertThat(decoded.encode()).isEqualTo(data);
        assertThat(Entries.formatTime(Instant.parse("0007-01-02T00:00:00Z"))).isEqualTo("0007-01-02T00:00:00.000000Z");
        assertThat(Entries.formatTime(Instant.parse("1969-12-31T23:59:59.999999999Z"))).isEqualTo("1969-12-31T23:59:59.999999Z");
    }

    @Test
    void everyKnownTypeEncodesAndDecodes() {
        assertThat(Arrays.stream(EntryType.values()).map(EntryType::value)).contains(
                "session.created", "key.issued", "key.delivered", "key.destroyed", "mode.changed",
                "link.quarantined", "link.restored", "link.degraded", "link.healthy", "log.started", "guard.denied");
        for (EntryType type : EntryType.values()) {
            byte[] data = Entries.encode(type.ordinal(), TIME, type, "svc", Map.of());
            assertThat(Entries.decode(data).entryType()).contains(type);
        }
        // A newer log's type decodes in an older auditor.
        assertThat(Entries.decode(Entries.encode(0, TIME, "key.rotated_later", "svc", Map.of())).entryType()).isEmpty();
    }

    @Test
    void logStartedFieldsCarryOriginAndVerifier() {
        Map<String, Object> fields = Entries.logStartedFields("lv.example/log", "lv.example/log+01234567+AQID");
        assertThat(fields).isEqualTo(Map.of(Entries.LOG_STARTED_ORIGIN_FIELD, "lv.example/log",
                Entries.LOG_STARTED_VERIFIER_FIELD, "lv.example/log+01234567+AQID"));
        Entries.encode(0, TIME, EntryType.LOG_STARTED, "svc", fields);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "key", "keys", "Key", "KEY", "key_sealed", "keySealed", "sealed_key", "session_key", "pool-key",
        "raw_key", "key_bytes", "keyHex", "key.value", "secret", "client_secret", "private", "private_key",
        "privateKey", "seed", "password", "plaintext", "key_material", "kek",
    })
    void fieldsNamedLikeKeyMaterialAreRefusedAtAnyDepth(String name) {
        assertThat(Entries.isKeyMaterialName(name)).isTrue();
        assertThatThrownBy(() -> entry(Map.of(name, "x")))
                .isInstanceOf(UnloggableEventException.class).hasMessageContaining("named like key material");
        assertThatThrownBy(() -> entry(Map.of("outer", List.of(Map.of("deeper", Map.of(name, 1))))))
                .isInstanceOf(UnloggableEventException.class)
                .hasMessage("fields.outer[0].deeper." + name + ": a field named like key material is never logged");
    }

    @ParameterizedTest
    @ValueSource(strings = {"key_ref", "key_id", "recipient_key_id", "keyRef", "bits", "mode", "qber", "peer", "monkey"})
    void referencesToKeysAreAllowed(String name) {
        assertThat(Entries.isKeyMaterialName(name)).isFalse();
        assertThat(Entries.decode(entry(Map.of(name, "kr_1"))).fields()).isEqualTo(Map.of(name, "kr_1"));
    }

    @Test
    void keyMaterialNamesSplitIntoWordsAsThePrototypeSplitsThem() {
        // Each answer is the prototype's is_key_material_name for the same name.
        Map<String, Boolean> prototype = new LinkedHashMap<>();
        prototype.put("KEYSealed", false);
        prototype.put("keyID", false);
        prototype.put("apiKey", true);
        prototype.put("x2Key", true);
        prototype.put("K\u00c9Y", false);
        prototype.put("\u212aey", true); // KELVIN SIGN lowercases to an ASCII k
        prototype.put("session.KEY", true);
        prototype.put("my--key--ref", false);
        prototype.put("keyring", false);
        prototype.put("key2", false);
        prototype.put("Keys_count", false);
        prototype.put("private_ref", true);
        prototype.put("seedling", false);
        prototype.put("__", false);
        prototype.put("", false);
        prototype.forEach((name, material) -> assertThat(Entries.isKeyMaterialName(name)).as(name).isEqualTo(material));
    }

    @Test
    void bytesValuesAreRefusedAtAnyDepth() {
        for (Object value : List.of(new byte[32], ByteBuffer.wrap(new byte[] {1}), List.of(new byte[1]),
                Map.of("a", Map.of("b", new byte[1])))) {
            assertThatThrownBy(() -> entry(Map.of("blob_ref", value)))
                    .isInstanceOf(UnloggableEventException.class).hasMessageContaining("bytes are never logged");
        }
    }

    @Test
    void unloggableEventsAreRefusedWithTheirReason() {
        Map<String, Object> withNull = new HashMap<>();
        withNull.put("n", null);
        assertThat(Entries.decode(entry(withNull)).fields()).containsEntry("n", null);
        refused(() -> Entries.encode(-1, TIME, "key.issued", "a", Map.of()), "seq");
        refused(() -> Entries.encode(0, null, "key.issued", "a", Map.of()), "time");
        refused(() -> Entries.encode(0, Instant.parse("+10000-01-01T00:00:00Z"), "key.issued", "a", Map.of()), "years");
        refused(() -> Entries.encode(0, TIME, "Key.Issued", "a", Map.of()), "type");
        refused(() -> Entries.encode(0, TIME, "issued", "a", Map.of()), "type");
        refused(() -> Entries.encode(0, TIME, "key.issued", "", Map.of()), "actor");
        refused(() -> Entries.encode(0, TIME, "key.issued", "a", null), "mapping");
        refused(() -> entry(Map.of("outer", Map.of(1, "a"))), "strings");
        refused(() -> entry(Map.of("at", TIME)), "not a JSON value");
        refused(() -> entry(Map.of("n", 1L << 53)), "canonical JSON");
        refused(() -> entry(Map.of("n", Double.NaN)), "canonical JSON");
        refused(() -> entry(Map.of("s", "\ud800")), "canonical JSON");
        refused(() -> entry(Map.of("s", "x".repeat(70_000))), "at most");
    }

    @Test
    void tooDeepNestingIsRefused() {
        Map<String, Object> nested = Map.of("v", 1);
        for (int i = 0; i < 12; i++) {
            nested = Map.of("n", nested);
        }
        Map<String, Object> deep = nested;
        refused(() -> entry(deep), "nested deeper");
    }

    static List<byte[]> nonCanonical() {
        String c = text(CANONICAL);
        return List.of(
                c.replaceFirst(",", ", "), // whitespace
                c.replace("\"bits\":256", "\"bits\":256.0"),
                c.replace("\"bits\":256", "\"bits\":2.56e2"),
                c.replace("\"seq\":12", "\"seq\":12,\"seq\":12"), // duplicate name
                c.replace("\"seq\":12", "\"seq\":12,\"extra\":1"),
                c.replace("\"seq\":12,", ""),
                c.replace("\"seq\":12", "\"seq\":12.0"),
                c.replace("\"seq\":12", "\"seq\":\"12\""),
                c.replace("\"seq\":12", "\"seq\":-12"),
                c.replace("\"actor\":\"peer-alice\"", "\"actor\":\"\""),
                c.replace("\"type\":\"key.issued\"", "\"type\":7"),
                c.replace(".890123Z", ".890Z"),
                c.replace("05:06:07", "25:06:07"),
                c.replace("2025-03-04", "2025-02-30"),
                c.replace("2025-03-04", "0000-03-04"),
                c.replace("05:06:07", "05:06:60"),
                c.replace("\"qber\":0.031", "\"qber\":NaN"),
                c.replace("\"kr_1\"", "\"\\u006br_1\""), // escaped where RFC 8785 writes plain
                c.replace("\"key_ref\"", "\"key_sealed\""),
                c.replace("\"fields\":{", "\"fields\":[{").replace("},\"seq\"", "}],\"seq\""),
                "[" + c + "]",
                "not json",
                c + " ",
                c + c).stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
    }

    @Test
    void decodeRefusesAnythingEncodeWouldNotWrite() {
        for (byte[] data : nonCanonical()) {
            assertThat(Arrays.equals(data, CANONICAL)).isFalse();
            assertThatThrownBy(() -> Entries.decode(data)).as(text(data)).isInstanceOf(MalformedEvidenceException.class);
        }
        byte[] invalidUtf8 = new byte[CANONICAL.length + 1];
        invalidUtf8[0] = (byte) 0xff;
        System.arraycopy(CANONICAL, 0, invalidUtf8, 1, CANONICAL.length);
        assertThatThrownBy(() -> Entries.decode(invalidUtf8)).hasMessageContaining("UTF-8");
        assertThatThrownBy(() -> Entries.decode(null)).hasMessageContaining("bytes");
        assertThatThrownBy(() -> Entries.decode(new byte[Entries.MAX_ENTRY_BYTES + 1])).hasMessageContaining("at most");
    }

    @Test
    void decodeNamesThePreciseProblem() {
        String c = text(CANONICAL);
        malformed(c.replace("\"seq\":12,", ""), "an entry is an object with exactly [actor, fields, seq, time, type]");
        malformed(c.replace(".890123Z", ".890Z"), "an entry time is RFC 3339 UTC with microseconds, e.g. ...05.123456Z");
        malformed(c.replace("2025-03-04", "2025-02-30"), "entry time '2025-02-30T05:06:07.890123Z' is not a real instant");
        malformed(c.replace("\"seq\":12", "\"seq\":12.0"), "an entry seq is a non-negative integer");
        malformed(c.replace("\"bits\":256", "\"bits\":256.0"), "an entry must be in RFC 8785 canonical form");
        malformed(c.replace("\"key_ref\"", "\"key_sealed\""), "fields.key_sealed: a field named like key material is never logged");
        malformed(c.replace("\"seq\":12", "\"seq\":12,\"seq\":12"), "an entry is UTF-8 JSON: Duplicate field 'seq'");
    }

    @Test
    void decodeThrowsOnlyMalformedEvidenceOnRandomBytes() {
        Random random = new Random(8785);
        for (int round = 0; round < 2000; round++) {
            byte[] mutated = CANONICAL.clone();
            mutated[random.nextInt(mutated.length)] ^= (byte) (1 << random.nextInt(8));
            byte[] noise = new byte[random.nextInt(80)];
            random.nextBytes(noise);
            for (byte[] data : List.of(mutated, noise)) {
                try {
                    assertThat(Entries.decode(data).encode()).isEqualTo(data);
                } catch (MalformedEvidenceException expected) {
                    assertThat(expected.getMessage()).isNotBlank();
                }
            }
        }
    }

    private static void refused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOf(UnloggableEventException.class).hasMessageContaining(message);
    }

    private static void malformed(String data, String message) {
        assertThatThrownBy(() -> Entries.decode(data.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedEvidenceException.class).hasMessageStartingWith(message);
    }
}
