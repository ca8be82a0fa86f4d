package io.lightvibes.service.etsi;

import io.lightvibes.service.evidence.EntryType;
import io.lightvibes.service.evidence.EvidenceEvent;
import io.lightvibes.service.hsm.KeyWrapper;
import io.lightvibes.service.hsm.UnwrapException;
import io.lightvibes.service.identity.Principal;
import io.lightvibes.service.keys.EvidenceEvents;
import io.lightvibes.service.keys.Fallback;
import io.lightvibes.service.keys.KeySourceUnavailableException;
import io.lightvibes.service.keys.ModeController;
import io.lightvibes.service.keys.Recipients;
import io.lightvibes.service.store.EtsiKeyRecord;
import io.lightvibes.service.store.EtsiKeyStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * ETSI GS QKD 014 on LIGHTVIBES's key sources (DESIGN.md §2: QMK when the link serves, else PQC).
 * enc_keys answers the master with its keys and keeps one copy per slave, wrapped at rest by the
 * {@link KeyWrapper} and bound to key_ID and both SAE IDs; dec_keys hands the slave its copies
 * once, all the named keys or none. Every step is evidenced in the store's transaction.
 */
public final class EtsiKeyService {

    /** Evidence {@code interface} field of the entries this API writes. */
    static final String INTERFACE = "etsi-gs-qkd-014";
    private static final Pattern SAE_ID = Principal.PEER_ID;

    private final ModeController modes;
    private final EtsiKeyStore store;
    private final KeyWrapper wrapper;
    private final Recipients registered;
    private final Clock clock;
    private final EtsiLimits limits;
    private final boolean evidence;

    /**
     * @param registered which SAE IDs are active registered peers (a slave must be one)
     * @param evidence write entries (false only when the evidence log is off)
     */
    public EtsiKeyService(ModeController modes, EtsiKeyStore store, KeyWrapper wrapper, Recipients registered,
            Clock clock, EtsiLimits limits, boolean evidence) {
        this.modes = Objects.requireNonNull(modes, "modes");
        this.store = Objects.requireNonNull(store, "store");
        this.wrapper = Objects.requireNonNull(wrapper, "wrapper");
        this.registered = Objects.requireNonNull(registered, "registered");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.evidence = evidence;
    }

    public EtsiLimits limits() {
        return limits;
    }

    /** The Status of the link from {@code master} to {@code slaveSaeId} (§5.2). */
    public EtsiStatus status(Principal master, String slaveSaeId) {
        String slave = slave(master, slaveSaeId);
        long stored = store.count(sae(master), slave, clock.instant());
        return new EtsiStatus(limits.kmeId(), limits.kmeId(), sae(master), slave, limits.keySize(), stored,
                limits.maxKeyCount(), limits.maxKeyPerRequest(), limits.maxKeySize(), limits.minKeySize(),
                limits.maxSaeIdCount());
    }

    /** Get key (§5.3): new keys for {@code master}, a copy of each kept for every slave. */
    public List<EtsiKey> encKeys(Principal master, String slaveSaeId, KeyRequest request) {
        String masterId = sae(master);
        List<String> slaves = slaves(master, slaveSaeId, request.additionalSlaveSaeIds());
        if (!request.extensionMandatory().isEmpty()) {
            String names = String.join(", ", request.extensionMandatory().stream()
                    .flatMap(extension -> extension.keySet().stream()).toList());
            throw EtsiException.badRequest("not all extension_mandatory parameters are supported",
                    "extension_mandatory_unsupported", names.isEmpty() ? "(unnamed)" : names);
        }
        int number = request.number().orElse(1);
        if (number < 1 || number > limits.maxKeyPerRequest()) {
            throw EtsiException.badRequest(String.format(Locale.ROOT,
                    "number must be from 1 to max_key_per_request (%d), got %d", limits.maxKeyPerRequest(), number));
        }
        int size = request.size().orElse(limits.keySize());
        if (size % 8 != 0 || size < limits.minKeySize() || size > limits.maxKeySize()) {
            throw EtsiException.badRequest(String.format(Locale.ROOT,
                    "size must be a multiple of 8 from min_key_size (%d) to max_key_size (%d), got %d",
                    limits.minKeySize(), limits.maxKeySize(), size));
        }
        Instant now = clock.instant();
        for (String slave : slaves) {
            if (store.count(masterId, slave, now) + number > limits.maxKeyCount()) {
                throw EtsiException.unavailable(String.format(Locale.ROOT,
                        "%s already has max_key_count (%d) keys waiting for %s", slave, limits.maxKeyCount(), masterId),
                        limits.keyTtlS());
            }
        }
        Instant expiresAt = now.plusSeconds(limits.keyTtlS());
        List<EtsiKey> keys = new ArrayList<>(number);
        List<EtsiKeyRecord> copies = new ArrayList<>(number * slaves.size());
        List<EvidenceEvent> events = new ArrayList<>();
        try {
            for (int i = 0; i < number; i++) {
                String keyId = UUID.randomUUID().toString();
                ModeController.SourcedKey sourced;
                try {
                    sourced = modes.sourceKey(size, Fallback.PQC, keyId.getBytes(StandardCharsets.US_ASCII));
                } catch (KeySourceUnavailableException e) {
                    throw EtsiException.unavailable("no key source can serve now: " + e.getMessage(), e.retryAfterS());
                }
                keys.add(new EtsiKey(keyId, sourced.key()));
                for (String slave : slaves) {
                    copies.add(new EtsiKeyRecord(keyId, slave, masterId, wrapper.wrap(sourced.key(),
                            aad(keyId, masterId, slave)), size, sourced.mode().name(), now, expiresAt));
                    events.add(event(EntryType.KEY_ISSUED, masterId, fields(keyId, slave, "bits", size, "mode",
                            sourced.mode().name(), "wrapped_by", wrapper.description())));
                }
                events.add(event(EntryType.KEY_DELIVERED, masterId, fields(keyId, masterId, "bits", size, "mode",
                        sourced.mode().name())));
            }
            store.insert(List.copyOf(copies), evidence ? List.copyOf(events) : List.of());
            return List.copyOf(keys);
        } catch (RuntimeException e) {
            keys.forEach(EtsiKey::close);
            throw e;
        }
    }

    /** Get key with key IDs (§5.4): the slave's copies of {@code keyIds} from {@code masterSaeId}, once. */
    public List<EtsiKey> decKeys(Principal slave, String masterSaeId, List<String> keyIds) {
        String slaveId = sae(slave);
        String masterId = validSaeId(masterSaeId, "master_SAE_ID");
        if (keyIds.isEmpty()) {
            throw EtsiException.badRequest("key_IDs names no key");
        }
        if (keyIds.size() > limits.maxKeyPerRequest()) {
            throw EtsiException.badRequest(String.format(Locale.ROOT,
                    "at most max_key_per_request (%d) key_IDs per request", limits.maxKeyPerRequest()));
        }
        List<String> canonical = new ArrayList<>(keyIds.size());
        for (String keyId : keyIds) {
            canonical.add(keyIdOf(keyId));
        }
        if (new LinkedHashSet<>(canonical).size() != canonical.size()) {
            throw EtsiException.badRequest("a key_ID is named twice");
        }
        List<EtsiKeyRecord> taken = store.takeAll(masterId, slaveId, canonical, clock.instant(),
                copies -> evidence ? copies.stream().map(copy -> event(EntryType.KEY_DELIVERED, slaveId,
                        fields(copy.keyId(), slaveId, "bits", copy.keyBits(), "mode", copy.mode()))).toList()
                        : List.of())
                .orElseThrow(() -> EtsiException.badRequest(
                        "not every key_ID names a key from " + masterId + " waiting for " + slaveId
                                + " (unknown, already taken, expired, or for another SAE); none was delivered"));
        List<EtsiKey> keys = new ArrayList<>(taken.size());
        for (EtsiKeyRecord copy : taken) {
            try {
                keys.add(new EtsiKey(copy.keyId(), wrapper.unwrap(copy.wrapped(),
                        aad(copy.keyId(), copy.masterSaeId(), copy.slaveSaeId()))));
            } catch (UnwrapException e) {
                keys.forEach(EtsiKey::close);
                // Taken but unreadable: wrapped by a key this process does not hold (memory backend
                // after a restart, or another replica's). Gone either way; say so plainly.
                throw EtsiException.unavailable("the key wrapper cannot open key " + copy.keyId()
                        + " (it was stored under another wrapping key); request new keys", 1);
            }
        }
        return List.copyOf(keys);
    }

    /** Destroys expired slave copies; returns how many. */
    public int sweep() {
        return store.sweep(clock.instant(), copies -> evidence ? copies.stream()
                .map(copy -> event(EntryType.KEY_DESTROYED, EvidenceEvents.ACTOR_SWEEPER,
                        fields(copy.keyId(), copy.slaveSaeId(), "reason", "expired"))).toList() : List.of()).size();
    }

    /** The caller's SAE ID: its peer identity. Without authentication there is none. */
    private static String sae(Principal caller) {
        if (!caller.authenticated()) {
            throw EtsiException.unauthorized("ETSI GS QKD 014 needs an authenticated SAE: serve with "
                    + "LIGHTVIBES_AUTH=mtls (or token) and register each SAE with `lightvibes peers add`");
        }
        return caller.peerId();
    }

    private String slave(Principal master, String slaveSaeId) {
        String slave = validSaeId(slaveSaeId, "slave_SAE_ID");
        if (slave.equals(sae(master))) {
            throw EtsiException.badRequest("slave_SAE_ID names the caller itself");
        }
        if (registered.of(slave).isEmpty()) {
            throw EtsiException.badRequest("slave_SAE_ID '" + slave + "' is not an active registered SAE");
        }
        return slave;
    }

    private List<String> slaves(Principal master, String slaveSaeId, List<String> additional) {
        if (additional.size() > limits.maxSaeIdCount()) {
            throw EtsiException.badRequest(String.format(Locale.ROOT,
                    "additional_slave_SAE_IDs may name at most max_SAE_ID_count (%d)", limits.maxSaeIdCount()));
        }
        LinkedHashSet<String> slaves = new LinkedHashSet<>();
        slaves.add(slave(master, slaveSaeId));
        for (String other : additional) {
            if (!slaves.add(slave(master, other))) {
                throw EtsiException.badRequest("additional_slave_SAE_IDs names '" + other + "' twice");
            }
        }
        return List.copyOf(slaves);
    }

    private static String validSaeId(String saeId, String what) {
        if (saeId == null || !SAE_ID.matcher(saeId).matches()) {
            throw EtsiException.badRequest(what + " must be 1 to 128 of A-Z a-z 0-9 . _ : -");
        }
        return saeId;
    }

    /** A key_ID in its canonical (lower-case) UUID form; anything else is a 400. */
    static String keyIdOf(String text) {
        try {
            if (text != null && text.length() == 36) {
                UUID id = UUID.fromString(text);
                if (id.toString().equalsIgnoreCase(text)) {
                    return id.toString();
                }
            }
        } catch (IllegalArgumentException e) {
            // falls through to the refusal
        }
        throw EtsiException.badRequest("key_ID must be a UUID (8-4-4-4-12 hex digits)", "key_ID",
                text == null ? "(missing)" : text.length() > 64 ? text.substring(0, 64) + "..." : text);
    }

    /** What a wrapped copy is bound to: it opens for this key, master and slave only. */
    private static byte[] aad(String keyId, String master, String slave) {
        return ("lightvibes/etsi014/v1:" + keyId + ":" + master + ":" + slave).getBytes(StandardCharsets.UTF_8);
    }

    private EvidenceEvent event(EntryType type, String actor, Map<String, Object> fields) {
        return new EvidenceEvent(type.value(), actor, clock.instant(), fields);
    }

    private static Map<String, Object> fields(String keyId, String party, Object... more) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("interface", INTERFACE);
        fields.put("key_id", keyId);
        fields.put("party", party);
        for (int i = 0; i + 1 < more.length; i += 2) {
            fields.put((String) more[i], more[i + 1]);
        }
        return fields;
    }
}
