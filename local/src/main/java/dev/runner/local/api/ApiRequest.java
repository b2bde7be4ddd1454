package dev.runner.local.api;

import dev.runner.local.api.registry.ResourceRef;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One request as the stages of the request path see it: method, path, query, headers, body, the resource it names
 * (null for discovery and other non-resource paths) and, once an authentication filter has run, who sent it.
 * https://kubernetes.io/docs/concepts/security/controlling-access/
 */
public final class ApiRequest {
    private final RecordedRequest raw;
    private final String path;
    private final Map<String, List<String>> query;
    private final ResourceRef ref;
    private volatile UserInfo user;

    private ApiRequest(RecordedRequest raw) {
        this.raw = raw;
        String full = raw.getPath();
        int q = full.indexOf('?');
        this.path = q < 0 ? full : full.substring(0, q);
        this.query = parseQuery(q < 0 ? "" : full.substring(q + 1));
        this.ref = ResourceRef.parse(path);
    }

    public static ApiRequest of(RecordedRequest raw) {
        return new ApiRequest(raw);
    }

    public RecordedRequest raw() {
        return raw;
    }

    public String method() {
        return raw.getMethod();
    }

    /** The path without the query. */
    public String path() {
        return path;
    }

    /** The path with its query, as sent. */
    public String fullPath() {
        return raw.getPath();
    }

    /** The first non-empty value of a query parameter, or null. */
    public String param(String name) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() || v.get(0).isEmpty() ? null : v.get(0);
    }

    /** Every query parameter with its values, in the order sent. */
    public Map<String, List<String>> query() {
        return query;
    }

    public List<String> params(String name) {
        return query.getOrDefault(name, List.of());
    }

    public String header(String name) {
        return raw.getHeader(name);
    }

    public byte[] body() {
        return raw.getBody() == null ? new byte[0] : raw.getBody().getBytes();
    }

    /** The resource the path names, or null (discovery, /version, /healthz …). */
    public ResourceRef ref() {
        return ref;
    }

    /** Who sent the request, as the authentication stage found; null before it ran (or when none is installed). */
    public UserInfo user() {
        return user;
    }

    public void authenticatedAs(UserInfo who) {
        this.user = who;
    }

    public boolean isWrite() {
        return switch (method()) {
            case "POST", "PUT", "PATCH", "DELETE" -> true;
            default -> false;
        };
    }

    private static Map<String, List<String>> parseQuery(String raw) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        return out;
    }
}
