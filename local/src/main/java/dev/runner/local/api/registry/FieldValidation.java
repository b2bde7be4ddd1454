package dev.runner.local.api.registry;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The {@code fieldValidation} query parameter: Strict refuses unknown fields (400), Warn (the server's default when
 * the parameter is absent) answers with a {@code Warning} header per field, Ignore drops them silently; under Warn
 * and Ignore the unknown fields are not stored (kubectl sends Strict unless {@code --validate=false|warn}).
 * https://kubernetes.io/docs/reference/using-api/api-concepts/#field-validation
 */
enum FieldValidation {
    IGNORE, WARN, STRICT;

    static FieldValidation of(String param) {
        if (param == null || param.isEmpty()) {
            return WARN;
        }
        return switch (param) {
            case "Ignore" -> IGNORE;
            case "Strict" -> STRICT;
            default -> WARN;
        };
    }

    /** The warnings to send, or an exception under Strict. */
    List<String> judge(ResourceRef ref, SchemaDecoder.Result decoded) throws ApiException {
        String prefix = ref.kind() + " in version \"" + ref.version() + "\" cannot be handled as a " + ref.kind()
                + ": ";
        if (decoded.typeError() != null) {
            throw ApiException.badRequest(ref, prefix + decoded.typeError());
        }
        List<String> unknown = decoded.unknownFields().stream().map(f -> "unknown field \"" + f + "\"").toList();
        if (this == STRICT && !unknown.isEmpty()) {
            throw ApiException.badRequest(ref, prefix + "strict decoding error: "
                    + unknown.stream().collect(Collectors.joining(", ")));
        }
        decoded.dropUnknown();
        return this == IGNORE ? List.of() : unknown;
    }
}
