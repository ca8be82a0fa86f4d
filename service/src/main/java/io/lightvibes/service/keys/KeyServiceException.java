package io.lightvibes.service.keys;

/**
 * A request the key service cannot serve as asked. Each subtype maps to one HTTP status in the
 * one problem mapper; messages never contain key material.
 */
public abstract sealed class KeyServiceException extends RuntimeException
        permits KeyNotFoundException, SessionNotFoundException, KeySourceUnavailableException,
                InvalidRequestException {

    protected KeyServiceException(String message) {
        super(message);
    }
}
