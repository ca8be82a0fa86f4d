package io.lightvibes.service.keys;

/** Which suite and recipient key a key was sealed with, so a client with several keys picks the right one. */
public record SealInfo(String suite, String recipientKeyId) {
}
