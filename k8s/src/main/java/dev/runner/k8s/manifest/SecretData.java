package dev.runner.k8s.manifest;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Secret values in manifests. {@code stringData} is folded into {@code data} before anything is sent, as the API
 * server would do (the mock server does not), so diffs and no-op detection compare like with like.
 */
public final class SecretData {
    private SecretData() {
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> fold(Map<String, Object> o) {
        if (!"Secret".equals(o.get("kind")) || !(o.get("stringData") instanceof Map<?, ?> sd)) {
            return o;
        }
        Map<String, Object> copy = new LinkedHashMap<>(o);
        Map<String, Object> data = new LinkedHashMap<>();
        if (o.get("data") instanceof Map<?, ?> d) {
            data.putAll((Map<String, Object>) d);
        }
        sd.forEach((k, v) -> data.put(String.valueOf(k),
                Base64.getEncoder().encodeToString(String.valueOf(v).getBytes(StandardCharsets.UTF_8))));
        copy.put("data", data);
        copy.remove("stringData");
        return copy;
    }

    /** Hands every value of a Secret (decoded and base64) to {@code sink}, so the engine masks them. */
    public static void register(Map<String, Object> o, Consumer<String> sink) {
        if (!"Secret".equals(o.get("kind"))) {
            return;
        }
        if (o.get("data") instanceof Map<?, ?> d) {
            d.values().forEach(v -> {
                sink.accept(String.valueOf(v));
                decode(String.valueOf(v), sink);
            });
        }
        if (o.get("stringData") instanceof Map<?, ?> sd) {
            sd.values().forEach(v -> sink.accept(String.valueOf(v)));
        }
    }

    private static void decode(String b64, Consumer<String> sink) {
        try {
            sink.accept(new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException notBase64) {
            // the server will refuse it; nothing to hide beyond the raw value
        }
    }
}
