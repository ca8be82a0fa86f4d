package io.lightvibes.service.http;

import java.util.List;
import java.util.stream.Collectors;

/** Request fields (body or query) that parsed but do not fit the schema: a 422 naming every bad one. */
final class InvalidFieldsException extends RuntimeException {

    private final List<FieldError> errors;

    InvalidFieldsException(List<FieldError> errors) {
        super(errors.stream().map(FieldError::summary).collect(Collectors.joining("; ")));
        this.errors = List.copyOf(errors);
    }

    List<FieldError> errors() {
        return errors;
    }
}
