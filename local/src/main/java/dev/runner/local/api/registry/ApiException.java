package dev.runner.local.api.registry;

import java.util.List;

/**
 * A request the API server refuses, with the HTTP code, Status reason and the field errors that become
 * {@code Status.details.causes} (k8s.io/apimachinery/pkg/api/errors: NewInvalid, NewBadRequest, NewConflict).
 */
public final class ApiException extends Exception {
    private final int code;
    private final String reason;
    private final transient ResourceRef ref;
    private final List<FieldError> causes;

    ApiException(int code, String reason, String message, ResourceRef ref, List<FieldError> causes) {
        super(message, null, false, false);
        this.code = code;
        this.reason = reason;
        this.ref = ref;
        this.causes = causes;
    }

    static ApiException invalid(ResourceRef ref, String name, List<FieldError> errors) {
        String list = errors.size() == 1 ? errors.get(0).message()
                : "[" + String.join(", ", errors.stream().map(FieldError::message).toList()) + "]";
        return new ApiException(422, "Invalid", ref.qualifiedKind() + " \"" + name + "\" is invalid: " + list,
                ref.withName(name), errors);
    }

    public static ApiException badRequest(ResourceRef ref, String message) {
        return new ApiException(400, "BadRequest", message, ref, List.of());
    }

    /** 409 AlreadyExists: a create of a name that is taken. */
    public static ApiException alreadyExists(ResourceRef ref, String name) {
        return new ApiException(409, "AlreadyExists", ref.resourceWithGroup() + " \"" + name + "\" already exists",
                ref.withName(name), List.of());
    }

    /** 409 Conflict: an update whose resourceVersion is not the stored one (optimistic concurrency). */
    public static ApiException staleResourceVersion(ResourceRef ref, String name) {
        return new ApiException(409, "Conflict", "Operation cannot be fulfilled on " + ref.resourceWithGroup()
                + " \"" + name + "\": the object has been modified; please apply your changes to the latest version"
                + " and try again", ref.withName(name), List.of());
    }

    /** 403 Forbidden, for authorization and admission refusals: {@code <resource> "<name>" is forbidden: why}. */
    public static ApiException forbidden(ResourceRef ref, String name, String why) {
        String what = name == null ? ref.resourceWithGroup() : ref.resourceWithGroup() + " \"" + name + "\"";
        return new ApiException(403, "Forbidden", what + " is forbidden: " + why, ref.withName(name), List.of());
    }

    static ApiException conflict(ResourceRef ref, String message, List<FieldError> causes) {
        return new ApiException(409, "Conflict", message, ref, causes);
    }

    public static ApiException notFound(ResourceRef ref, String name) {
        return new ApiException(404, "NotFound", ref.resourceWithGroup() + " \"" + name + "\" not found", ref,
                List.of());
    }

    static ApiException unsupportedMediaType(ResourceRef ref, String type) {
        return new ApiException(415, "UnsupportedMediaType", "the body of the request was in an unknown format - "
                + "accepted media types include: application/json-patch+json, application/merge-patch+json, "
                + "application/apply-patch+yaml, application/strategic-merge-patch+json (got " + type + ")", ref,
                List.of());
    }

    public int code() {
        return code;
    }

    public String reason() {
        return reason;
    }

    ResourceRef ref() {
        return ref;
    }

    List<FieldError> causes() {
        return causes;
    }
}
