package io.lightvibes.service.http;

import java.util.List;
import java.util.stream.Collectors;

/** A request body that parsed as JSON but does not fit the schema: a 422 naming every bad field. */
final class InvalidBodyException extends RuntimeException {

    private final List<FieldError> errors;

    InvalidBodyException(List<FieldError> errors) {
        super(errors.stream().map(FieldError::summary).collect(Collectors.joining("; ")));
        this.errors = List.copyOf(errors);
    }

    List<FieldError> errors() {
        return errors;
    }
}
