package io.lightvibes.service.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

/** The body of {@code POST /lightvibes/admin/link}: {@code {eve_fraction?, distance_km?, restore?}}. */
final class LinkDrillParser {

    private static final Set<String> FIELDS = Set.of("eve_fraction", "distance_km", "restore");

    private LinkDrillParser() {
    }

    record Drill(OptionalDouble eveFraction, OptionalDouble distanceKm, boolean restore) {
    }

    static Drill parse(JsonNode body) {
        if (!body.isObject()) {
            throw new InvalidFieldsException(List.of(
                    new FieldError(List.of(), "Input should be a valid dictionary or object to extract fields from")));
        }
        var errors = new ArrayList<FieldError>();
        OptionalDouble eve = number(body.get("eve_fraction"), "eve_fraction", 0.0, 1.0, errors);
        OptionalDouble distance = number(body.get("distance_km"), "distance_km", 0.0, 500.0, errors);
        boolean restore = false;
        JsonNode flag = body.get("restore");
        if (flag != null && !flag.isNull()) {
            if (flag.isBoolean()) {
                restore = flag.booleanValue();
            } else {
                errors.add(new FieldError(List.of("restore"), "Input should be a valid boolean"));
            }
        }
        for (Map.Entry<String, JsonNode> field : body.properties()) {
            if (!FIELDS.contains(field.getKey())) {
                errors.add(new FieldError(List.of(field.getKey()), "Extra inputs are not permitted"));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidFieldsException(errors);
        }
        return new Drill(eve, distance, restore);
    }

    private static OptionalDouble number(JsonNode node, String name, double min, double max, List<FieldError> errors) {
        if (node == null || node.isNull()) {
            return OptionalDouble.empty();
        }
        if (!node.isNumber()) {
            errors.add(new FieldError(List.of(name), "Input should be a valid number"));
            return OptionalDouble.empty();
        }
        double value = node.doubleValue();
        if (!(value >= min)) {
            errors.add(new FieldError(List.of(name), "Input should be greater than or equal to " + Views.plain(min)));
            return OptionalDouble.empty();
        }
        if (!(value <= max)) {
            errors.add(new FieldError(List.of(name), "Input should be less than or equal to " + Views.plain(max)));
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(value);
    }
}
