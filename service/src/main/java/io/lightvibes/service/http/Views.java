package io.lightvibes.service.http;

import io.lightvibes.service.keys.DeliveredKey;
import io.lightvibes.service.keys.IssuedSession;
import io.lightvibes.service.keys.SealInfo;
import io.lightvibes.service.keys.ServiceHealth;
import io.lightvibes.service.store.SessionRecord;
import io.lightvibes.service.link.LinkControl;
import io.lightvibes.sim.link.LinkHealth;
import io.lightvibes.sim.photonics.LinkParameters;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The JSON bodies of the answers, field for field and in the order the prototype (and
 * {@code openapi.yaml}) give them. Fields may be added, never renamed or removed.
 */
final class Views {

    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MICROS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    private Views() {
    }

    static Map<String, Object> sessionCreated(IssuedSession issued) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("session_id", issued.sessionId());
        body.put("key_ref", issued.keyRef());
        body.put("health", health(issued.health().qber(), issued.health().rateBps()));
        body.put("mode", issued.mode().name());
        body.put("ttl_s", issued.ttlS());
        body.put("expires_at", time(issued.expiresAt()));
        body.put("key_bits", issued.keyBits());
        body.put("seal", seal(issued.seal()));
        return body;
    }

    static Map<String, Object> keyDelivery(DeliveredKey key) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("key_ref", key.keyRef());
        body.put("key_sealed", key.keySealed());
        body.put("ttl_s", key.ttlS());
        body.put("mode", key.mode().name());
        body.put("seal", seal(key.seal()));
        return body;
    }

    static Map<String, Object> session(SessionRecord record) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("session_id", record.sessionId());
        body.put("peer_id", record.peerId());
        body.put("state", record.state().wireName());
        body.put("mode", record.mode());
        body.put("key_bits", record.keyBits());
        body.put("ttl_s", record.ttlS());
        body.put("created_at", time(record.createdAt()));
        body.put("expires_at", time(record.expiresAt()));
        body.put("closed_at", record.closedAt().map(Views::time).orElse(null));
        body.put("health", health(record.qber(), record.rateBps()));
        body.put("seal", seal(new SealInfo(record.sealSuite(), record.recipientKeyId())));
        return body;
    }

    static Map<String, Object> serviceHealth(ServiceHealth health, LinkControl drivers) {
        LinkHealth link = health.link();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("mode", health.mode().name());
        body.put("link_state", link.state().wireName());
        body.put("qber", orNull(link.qber()));
        body.put("rate_bps", link.rateBps());
        body.put("pool_bits", link.poolBits());
        body.put("qber_threshold", health.qberThreshold());
        body.put("secret_fraction", orNull(link.secretFraction()));
        body.put("blocks", link.blocks());
        body.put("driver", drivers.driver());
        body.put("driver_reason", drivers.driverReason());
        return body;
    }

    static Map<String, Object> linkControl(LinkControl.Outcome outcome) {
        LinkHealth health = outcome.health();
        Map<String, Object> link = new LinkedHashMap<>();
        link.put("state", health.state().wireName());
        link.put("qber", orNull(health.qber()));
        link.put("rate_bps", health.rateBps());
        link.put("pool_bits", health.poolBits());
        link.put("secret_fraction", orNull(health.secretFraction()));
        link.put("blocks", health.blocks());
        link.put("last_block", health.lastBlock().orElse(null));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("link", link);
        body.put("parameters", outcome.parameters().map(Views::parameters).orElse(null));
        return body;
    }

    private static Map<String, Object> parameters(LinkParameters p) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("distance_km", p.distanceKm());
        body.put("eve_fraction", p.eveFraction());
        body.put("mu", p.mu());
        body.put("nu", p.nu());
        body.put("alpha_db_per_km", p.alphaDbPerKm());
        body.put("detector_efficiency", p.detectorEfficiency());
        body.put("dark_count_probability", p.darkCountProbability());
        body.put("misalignment", p.misalignment());
        body.put("repetition_rate_hz", p.repetitionRateHz());
        body.put("pulses_per_block", p.pulsesPerBlock());
        return body;
    }

    static String plain(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }

    static Map<String, Object> health(OptionalDouble qber, double rateBps) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("qber", orNull(qber));
        body.put("rate_bps", rateBps);
        return body;
    }

    private static Map<String, Object> seal(SealInfo seal) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("suite", seal.suite());
        body.put("recipient_key_id", seal.recipientKeyId());
        return body;
    }

    static Object orNull(OptionalDouble value) {
        return value.isPresent() ? value.getAsDouble() : null;
    }

    /** RFC 3339 in UTC with a Z, microseconds shown only when there are any (as the prototype). */
    static String time(Instant instant) {
        Instant micros = instant.truncatedTo(ChronoUnit.MICROS);
        return micros.getNano() == 0 ? SECONDS.format(micros) : MICROS.format(micros);
    }
}
