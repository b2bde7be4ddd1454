package dev.runner.local.api.registry;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;
import java.lang.reflect.Field;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads a request body against the typed fabric8 model of its kind (generated from the Kubernetes OpenAPI schema),
 * as the API server's decoder reads it into the Go type: fields the type does not have are <em>unknown fields</em>
 * (refused or warned about per {@code fieldValidation}, KEP-2885), values of the wrong JSON type are decoding
 * errors. https://kubernetes.io/docs/reference/using-api/api-concepts/#field-validation
 */
final class SchemaDecoder {
    /**
     * What decoding found: the unknown fields' paths and the first type mismatch (or null). {@link #dropUnknown}
     * removes the unknown fields from the body, as decoding into the Go type loses them.
     */
    record Result(List<String> unknownFields, String typeError, List<Runnable> removals) {
        void dropUnknown() {
            removals.forEach(Runnable::run);
        }
    }

    private static final Map<Class<?>, Map<String, Type>> PROPERTIES = new ConcurrentHashMap<>();

    private final List<String> unknown = new ArrayList<>();
    private final List<Runnable> removals = new ArrayList<>();
    private String typeError;

    private SchemaDecoder() {}

    static Result decode(JsonNode body, Class<?> type) {
        SchemaDecoder d = new SchemaDecoder();
        d.walk(body, type, "");
        return new Result(List.copyOf(d.unknown), d.typeError, List.copyOf(d.removals));
    }

    private void walk(JsonNode node, Type type, String path) {
        if (node == null || node.isNull()) {
            return;
        }
        Class<?> raw = raw(type);
        if (raw == Object.class || JsonNode.class.isAssignableFrom(raw)) {
            return; // free-form (e.g. RawExtension-like fields)
        }
        if (List.class.isAssignableFrom(raw)) {
            if (!node.isArray()) {
                mismatch(node, "[]" + goType(argument(type, 0)), path);
                return;
            }
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), argument(type, 0), path + "[" + i + "]");
            }
            return;
        }
        if (Map.class.isAssignableFrom(raw)) {
            if (!node.isObject()) {
                mismatch(node, "map[string]" + goType(argument(type, 1)), path);
                return;
            }
            node.properties().forEach(e -> walk(e.getValue(), argument(type, 1), path + "[" + e.getKey() + "]"));
            return;
        }
        if (leaf(raw, node, path)) {
            return;
        }
        if (!node.isObject()) {
            mismatch(node, "struct", path);
            return;
        }
        Map<String, Type> props = properties(raw);
        if (props.isEmpty()) {
            return; // a type of no declared fields keeps whatever it is sent (FieldsV1, RawExtension)
        }
        for (var e : node.properties()) {
            String child = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
            Type t = props.get(e.getKey());
            if (t == null) {
                if (!e.getKey().equals("apiVersion") && !e.getKey().equals("kind")) {
                    unknown.add(child);
                    ObjectNode parent = (ObjectNode) node;
                    String key = e.getKey();
                    removals.add(() -> parent.remove(key));
                }
            } else {
                walk(e.getValue(), t, child);
            }
        }
    }

    /** Checks a scalar; true when {@code raw} is a scalar type. */
    private boolean leaf(Class<?> raw, JsonNode node, String path) {
        if (raw == String.class) {
            check(node.isString(), node, "string", path);
        } else if (raw == Integer.class || raw == int.class) {
            check(node.isIntegralNumber(), node, "int32", path);
        } else if (raw == Long.class || raw == long.class) {
            check(node.isIntegralNumber(), node, "int64", path);
        } else if (raw == Boolean.class || raw == boolean.class) {
            check(node.isBoolean(), node, "bool", path);
        } else if (raw == Double.class || raw == Float.class) {
            check(node.isNumber(), node, "float64", path);
        } else if (raw == IntOrString.class) {
            check(node.isString() || node.isIntegralNumber(), node, "intstr.IntOrString", path);
        } else if (raw == Quantity.class) {
            check(node.isString() || node.isNumber(), node, "resource.Quantity", path);
        } else if (java.time.temporal.TemporalAccessor.class.isAssignableFrom(raw)) {
            check(node.isString(), node, "string", path); // metav1.Time / MicroTime: RFC 3339 text (Lease renewTime)
        } else {
            return raw.isEnum() || raw.isPrimitive();
        }
        return true;
    }

    private void check(boolean ok, JsonNode node, String goType, String path) {
        if (!ok) {
            mismatch(node, goType, path);
        }
    }

    private void mismatch(JsonNode node, String goType, String path) {
        if (typeError == null) {
            String got = node.isString() ? "string" : node.isNumber() ? "number" : node.isBoolean() ? "bool"
                    : node.isArray() ? "array" : "object";
            typeError = "json: cannot unmarshal " + got + " into Go struct field " + path + " of type " + goType;
        }
    }

    private static Map<String, Type> properties(Class<?> type) {
        return PROPERTIES.computeIfAbsent(type, t -> {
            Map<String, Type> props = new ConcurrentHashMap<>();
            for (Class<?> c = t; c != null && c != Object.class; c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    JsonProperty p = f.getAnnotation(JsonProperty.class);
                    if (p != null) {
                        props.putIfAbsent(p.value().isEmpty() ? f.getName() : p.value(), f.getGenericType());
                    }
                }
            }
            return props;
        });
    }

    private static String goType(Type t) {
        Class<?> raw = raw(t);
        return raw == String.class ? "string" : raw == Integer.class ? "int32" : raw.getSimpleName();
    }

    private static Class<?> raw(Type t) {
        if (t instanceof Class<?> c) {
            return c;
        }
        if (t instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        return Object.class;
    }

    private static Type argument(Type t, int i) {
        return t instanceof ParameterizedType p && p.getActualTypeArguments().length > i
                ? p.getActualTypeArguments()[i] : Object.class;
    }
}
