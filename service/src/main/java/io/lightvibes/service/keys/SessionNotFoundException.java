package io.lightvibes.service.keys;

/** No session exists with this session_id (or it is not a session id at all). */
public final class SessionNotFoundException extends KeyServiceException {

    public static final String MESSAGE = "No session exists with this session_id.";

    public SessionNotFoundException() {
        super(MESSAGE);
    }
}
