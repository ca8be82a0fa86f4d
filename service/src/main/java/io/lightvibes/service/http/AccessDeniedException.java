package io.lightvibes.service.http;

/** The caller may not use this operation (e.g. link drills from a non-loopback address). */
public final class AccessDeniedException extends RuntimeException {

    public AccessDeniedException(String message) {
        super(message);
    }
}
