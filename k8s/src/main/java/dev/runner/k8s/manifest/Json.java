package dev.runner.k8s.manifest;

import java.util.Map;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Plain JSON for maps: compact text for annotations, and deep copies. */
public final class Json {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Json() {
    }

    public static String write(Object o) {
        return MAPPER.writeValueAsString(o);
    }

    public static Map<String, Object> readMap(String json) {
        return MAPPER.readValue(json, new TypeReference<Map<String, Object>>() { });
    }

    public static Map<String, Object> copy(Map<String, Object> o) {
        return readMap(write(o));
    }
}
