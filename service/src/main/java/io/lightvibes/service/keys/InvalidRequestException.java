package io.lightvibes.service.keys;

/** A well-formed request that cannot be served as asked (e.g. a drill without a simulated link). */
public final class InvalidRequestException extends KeyServiceException {

    public InvalidRequestException(String message) {
        super(message);
    }
}
