package io.lightvibes.service.etsi;

/**
 * The Status object of ETSI GS QKD 014 §6.1, every field.
 */
public record EtsiStatus(String sourceKmeId, String targetKmeId, String masterSaeId, String slaveSaeId, int keySize,
        long storedKeyCount, int maxKeyCount, int maxKeyPerRequest, int maxKeySize, int minKeySize,
        int maxSaeIdCount) {
}
