package io.lightvibes.service.keys;

import io.lightvibes.service.pqc.PqcKeySource;
import io.lightvibes.service.secrets.SecretBytes;
import io.lightvibes.sim.link.Link;
import io.lightvibes.sim.link.LinkHealth;
import io.lightvibes.sim.link.LinkState;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The mode decision (DESIGN.md §2, step 2): key bits from the QKD link when it is fit to serve,
 * otherwise from ML-KEM-768 when the request allows it, otherwise a 503 with Retry-After.
 */
public final class ModeController {

    private final Link link;
    private final PqcKeySource pqc;
    private final double qberThreshold;
    private final int retryAfterS;

    public ModeController(Link link, PqcKeySource pqc, double qberThreshold, int retryAfterS) {
        this.link = Objects.requireNonNull(link, "link");
        this.pqc = Objects.requireNonNull(pqc, "pqc");
        this.qberThreshold = qberThreshold;
        this.retryAfterS = retryAfterS;
    }

    /** A key and the health the decision was taken on. The caller closes the key once sealed. */
    public record SourcedKey(Mode mode, SecretBytes key, LinkHealth health) {
    }

    /** QMK only from a healthy link at or below the threshold, with a positive rate and enough pool. */
    public boolean linkServes(LinkHealth health, int bits) {
        return health.state() == LinkState.HEALTHY
                && health.qber().isPresent()
                && health.qber().getAsDouble() <= qberThreshold
                && health.rateBps() > 0
                && health.poolBits() >= bits;
    }

    /** The mode a request would get now, without taking any key bits; empty means 503. */
    public Optional<Mode> modeFor(int bits, Fallback fallback) {
        if (linkServes(link.health(), bits)) {
            return Optional.of(Mode.QMK);
        }
        return fallback == Fallback.PQC ? Optional.of(Mode.PQC) : Optional.empty();
    }

    /** Takes {@code bits} from the link's pool, or derives them by ML-KEM-768 with {@code context}. */
    public SourcedKey sourceKey(int bits, Fallback fallback, byte[] context) {
        LinkHealth health = link.health();
        if (linkServes(health, bits)) {
            Optional<byte[]> pooled = link.takeKey(bits);
            if (pooled.isPresent()) { // empty: another session drained the pool meanwhile
                return new SourcedKey(Mode.QMK, SecretBytes.adopt(pooled.get()), health);
            }
        }
        if (fallback == Fallback.PQC) {
            return new SourcedKey(Mode.PQC, pqc.deriveKey(bits, context), health);
        }
        throw new KeySourceUnavailableException(String.format(Locale.ROOT,
                "The QKD link cannot serve %d bits now (state %s, pool %d bits) and the request allows no "
                        + "fallback. Retry later or send \"fallback\": \"PQC\".",
                bits, health.state().wireName(), health.poolBits()), retryAfterS);
    }

    public Link link() {
        return link;
    }

    public double qberThreshold() {
        return qberThreshold;
    }
}
