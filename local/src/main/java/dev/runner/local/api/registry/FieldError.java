package dev.runner.local.api.registry;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One entry of a 422 Invalid answer, as k8s.io/apimachinery/pkg/util/validation/field builds it: a field path, a
 * cause type (the Status cause {@code reason}) and its detail. {@link #message()} is what the server prints, e.g.
 * {@code spec.containers[0].image: Required value}.
 */
record FieldError(String type, String field, String detail) {
    static FieldError required(String field, String detail) {
        return new FieldError("FieldValueRequired", field, "Required value" + suffix(detail));
    }

    static FieldError invalid(String field, Object value, String detail) {
        return new FieldError("FieldValueInvalid", field, "Invalid value: " + GoValue.of(value) + suffix(detail));
    }

    static FieldError notSupported(String field, Object value, List<String> supported) {
        return new FieldError("FieldValueNotSupported", field, "Unsupported value: " + GoValue.of(value)
                + ": supported values: " + supported.stream().map(s -> "\"" + s + "\"")
                .collect(Collectors.joining(", ")));
    }

    static FieldError forbidden(String field, String detail) {
        return new FieldError("FieldValueForbidden", field, "Forbidden" + suffix(detail));
    }

    static FieldError duplicate(String field, Object value) {
        return new FieldError("FieldValueDuplicate", field, "Duplicate value: " + GoValue.of(value));
    }

    static FieldError notFound(String field, Object value) {
        return new FieldError("FieldValueNotFound", field, "Not found: " + GoValue.of(value));
    }

    static FieldError immutable(String field, Object value) {
        return invalid(field, value, "field is immutable");
    }

    String message() {
        return field + ": " + detail;
    }

    private static String suffix(String detail) {
        return detail == null || detail.isEmpty() ? "" : ": " + detail;
    }
}
