package dev.runner.local.api.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Name and label syntax, with the API server's messages: IsDNS1123Subdomain, IsDNS1123Label, IsDNS1035Label,
 * IsQualifiedName, IsValidLabelValue of
 * https://github.com/kubernetes/kubernetes/blob/master/staging/src/k8s.io/apimachinery/pkg/util/validation/validation.go
 */
final class Names {
    private static final String LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private static final String SUBDOMAIN = LABEL + "(\\." + LABEL + ")*";
    private static final String DNS1035 = "[a-z]([-a-z0-9]*[a-z0-9])?";
    private static final String QUALIFIED = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
    private static final String VALUE = "(" + QUALIFIED + ")?";

    private Names() {}

    /** The problems of {@code value} as a DNS-1123 subdomain (most object names); empty when it is one. */
    static List<String> subdomain(String value) {
        List<String> out = new ArrayList<>();
        if (value.length() > 253) {
            out.add("must be no more than 253 characters");
        }
        if (!value.matches(SUBDOMAIN)) {
            out.add("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.',"
                    + " and must start and end with an alphanumeric character (e.g. 'example.com', regex used for"
                    + " validation is '" + SUBDOMAIN + "')");
        }
        return out;
    }

    /** DNS-1123 label: container, volume, port and namespace names. */
    static List<String> label(String value) {
        List<String> out = new ArrayList<>();
        if (value.length() > 63) {
            out.add("must be no more than 63 characters");
        }
        if (!value.matches(LABEL)) {
            out.add("a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must"
                    + " start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for"
                    + " validation is '" + LABEL + "')");
        }
        return out;
    }

    /** DNS-1035 label: Service names. */
    static List<String> dns1035(String value) {
        List<String> out = new ArrayList<>();
        if (value.length() > 63) {
            out.add("must be no more than 63 characters");
        }
        if (!value.matches(DNS1035)) {
            out.add("a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an"
                    + " alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or"
                    + " 'abc-123', regex used for validation is '" + DNS1035 + "')");
        }
        return out;
    }

    /** A label or annotation key: an optional DNS subdomain prefix and a name part. */
    static List<String> qualifiedName(String key) {
        List<String> out = new ArrayList<>();
        String[] parts = key.split("/", -1);
        String name = parts[parts.length - 1];
        if (parts.length > 2) {
            out.add("a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and"
                    + " end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used"
                    + " for validation is '" + QUALIFIED + "') with an optional DNS subdomain prefix and '/' (e.g."
                    + " 'example.com/MyName')");
            return out;
        }
        if (parts.length == 2) {
            if (parts[0].isEmpty()) {
                out.add("prefix part must be non-empty");
            } else {
                subdomain(parts[0]).forEach(m -> out.add("prefix part " + m));
            }
        }
        if (name.isEmpty()) {
            out.add("name part must be non-empty");
        } else {
            if (name.length() > 63) {
                out.add("name part must be no more than 63 characters");
            }
            if (!name.matches(QUALIFIED)) {
                out.add("name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end"
                        + " with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used"
                        + " for validation is '" + QUALIFIED + "')");
            }
        }
        return out;
    }

    static List<String> labelValue(String value) {
        List<String> out = new ArrayList<>();
        if (value.length() > 63) {
            out.add("must be no more than 63 characters");
        }
        if (!value.matches(VALUE)) {
            out.add("a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.',"
                    + " and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or"
                    + " '12345', regex used for validation is '" + VALUE + "')");
        }
        return out;
    }
}
