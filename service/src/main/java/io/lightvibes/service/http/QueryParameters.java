package io.lightvibes.service.http;

import io.helidon.common.parameters.Parameters;
import java.util.List;
import java.util.OptionalLong;

/** Whole-number query parameters, strict like the body fields: each bad one is a 422 naming it. */
final class QueryParameters {

    private QueryParameters() {
    }

    /** The parameter as a number {@code >= min}; absent gives {@code fallback} (empty: required). */
    static OptionalLong wholeNumber(Parameters query, String name, long min, OptionalLong fallback) {
        List<String> values = query.all(name, List::of);
        if (values.isEmpty()) {
            if (fallback.isEmpty()) {
                throw new InvalidFieldsException(List.of(new FieldError(List.of(name), "Field required")));
            }
            return fallback;
        }
        long value;
        try {
            value = Long.parseLong(values.getLast().strip());
        } catch (NumberFormatException e) {
            throw new InvalidFieldsException(List.of(new FieldError(List.of(name),
                    "Input should be a valid integer, unable to parse string as an integer")));
        }
        if (value < min) {
            throw new InvalidFieldsException(List.of(new FieldError(List.of(name),
                    "Input should be greater than or equal to " + min)));
        }
        return OptionalLong.of(value);
    }

    static long required(Parameters query, String name, long min) {
        return wholeNumber(query, name, min, OptionalLong.empty()).getAsLong();
    }

    static long optional(Parameters query, String name, long min, long fallback) {
        return wholeNumber(query, name, min, OptionalLong.of(fallback)).getAsLong();
    }
}
