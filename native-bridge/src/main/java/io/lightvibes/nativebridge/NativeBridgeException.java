package io.lightvibes.nativebridge;

/**
 * A failure of the native bridge: the library could not be used ({@link LibraryLoadException}) or
 * a call into it returned an error status ({@link NativeStatusException}). Messages say what
 * failed and never carry key material.
 */
public sealed class NativeBridgeException extends RuntimeException
        permits LibraryLoadException, NativeStatusException {

    NativeBridgeException(String message) {
        super(message);
    }

    NativeBridgeException(String message, Throwable cause) {
        super(message, cause);
    }
}
