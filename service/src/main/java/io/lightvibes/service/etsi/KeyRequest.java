package io.lightvibes.service.etsi;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The Key request of enc_keys (ETSI GS QKD 014 §6.2), parsed but not yet checked against the
 * limits of {@link EtsiLimits}.
 *
 * @param number how many keys; empty: 1
 * @param size key length in bits; empty: the default key_size
 * @param additionalSlaveSaeIds further slaves that get the same keys
 * @param extensionMandatory extensions the master requires (none is supported: any is a 400)
 * @param extensionOptional extensions the master would like (ignored)
 */
public record KeyRequest(OptionalInt number, OptionalInt size, List<String> additionalSlaveSaeIds,
        List<Map<String, Object>> extensionMandatory, List<Map<String, Object>> extensionOptional) {

    public KeyRequest {
        additionalSlaveSaeIds = List.copyOf(additionalSlaveSaeIds);
        extensionMandatory = List.copyOf(extensionMandatory);
        extensionOptional = List.copyOf(extensionOptional);
    }

    /** The GET form: {@code ?number=&size=} only. */
    public static KeyRequest of(OptionalInt number, OptionalInt size) {
        return new KeyRequest(number, size, List.of(), List.of(), List.of());
    }
}
