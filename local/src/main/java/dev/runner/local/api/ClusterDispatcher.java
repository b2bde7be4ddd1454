package dev.runner.local.api;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The CRUD dispatcher plus what a real API server also does and the mock does not: discovery documents, the
 * pods/exec (websocket) and pods/log subresources, and ignoring {@code status} on a plain PUT of objects that have a
 * status subresource (so a read-modify-write by a client never rolls back what the kubelet reported). Every request
 * first passes the {@link SecurityStages} (authentication, authorization, admission) once they are set.
 */
public final class ClusterDispatcher extends KubernetesCrudDispatcher {
    private static final Pattern POD_SUBRESOURCE =
            Pattern.compile("/api/v1/namespaces/([^/]+)/pods/([^/]+)/(exec|log|attach|portforward)");
    private static final Pattern STATUS_OWNERS =
            Pattern.compile("/(api/v1|apis/apps/v1|apis/batch/v1)/namespaces/[^/]+/"
                    + "(pods|deployments|replicasets|jobs|cronjobs)/[^/]+");
    private static final Pattern RESOURCE =
            Pattern.compile("/(?:api/v1|apis/[^/]+/[^/]+)(?:/namespaces/[^/]+)?/([a-z]+)(?:/[^/]+)?");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ExecutorService execThreads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "local-exec");
        t.setDaemon(true);
        return t;
    });
    private volatile PodBackend backend;
    private volatile String serverAddress = "127.0.0.1:0";
    private volatile SecurityStages security;

    public void backend(PodBackend backend) {
        this.backend = backend;
    }

    void serverAddress(String address) {
        this.serverAddress = address;
    }

    void security(SecurityStages stages) {
        this.security = stages;
    }

    /** Reads the stored object or list at {@code path} past every check (null when there is none). */
    JsonNode read(String path) {
        MockResponse r = super.handleGet(path);
        return r.code() == 200 && r.getBody() != null ? JSON.readTree(r.getBody().getBytes()) : null;
    }

    /** Stores {@code body} in the collection at {@code path} past every check. */
    MockResponse create(String path, byte[] body) {
        return super.handleCreate(new RecordedRequest("HTTP/1.1", HttpMethod.POST, path,
                Headers.builder().add("Content-Type", "application/json").build(), new Buffer(body)));
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        SecurityStages stages = security;
        if (stages == null) {
            return route(request);
        }
        String full = request.getPath();
        int q = full.indexOf('?');
        return stages.handle(request, q < 0 ? full : full.substring(0, q), query(q < 0 ? "" : full.substring(q + 1)),
                this::route);
    }

    private MockResponse route(RecordedRequest request) {
        String full = request.getPath();
        int q = full.indexOf('?');
        String path = q < 0 ? full : full.substring(0, q);
        Map<String, List<String>> query = query(q < 0 ? "" : full.substring(q + 1));
        String method = request.getMethod();
        if ("GET".equals(method)) {
            if (path.startsWith("/openapi") || path.equals("/healthz") || path.equals("/readyz")) {
                return path.startsWith("/openapi") ? status(404, "NotFound", "openapi is not served")
                        : new MockResponse().setResponseCode(200).setBody("ok");
            }
            Object doc = Discovery.answer(path, serverAddress);
            if (doc != null) {
                return json(200, JSON.writeValueAsString(doc));
            }
        }
        Matcher m = POD_SUBRESOURCE.matcher(path);
        if (m.matches()) {
            return podSubresource(m.group(1), m.group(2), m.group(3), query);
        }
        if ("GET".equals(method) && full.contains("watch=true") && request.getHeader("Upgrade") == null) {
            return httpWatch(full);
        }
        Matcher list = RESOURCE.matcher(path);
        String accept = request.getHeader("Accept");
        if ("GET".equals(method) && accept != null && accept.contains("as=Table") && list.matches()
                && !full.contains("watch=true")) {
            MockResponse plain = super.dispatch(request);
            if (plain.code() != 200 || plain.getBody() == null) {
                return plain;
            }
            return json(200, Tables.render(JSON, list.group(1), JSON.readTree(plain.getBody().getBytes())));
        }
        if ("PUT".equals(method) && STATUS_OWNERS.matcher(path).matches()) {
            return super.dispatch(keepStatus(request, path));
        }
        return super.dispatch(request);
    }

    private MockResponse podSubresource(String ns, String pod, String kind, Map<String, List<String>> query) {
        PodBackend b = backend;
        if (b == null || !kind.equals("exec") && !kind.equals("log")) {
            return status(400, "BadRequest", "pods/" + kind + " is not supported by the local cluster");
        }
        if (super.handleGet("/api/v1/namespaces/" + ns + "/pods/" + pod).code() != 200) {
            return status(404, "NotFound", "pods \"" + pod + "\" not found");
        }
        String container = first(query, "container");
        if (kind.equals("log")) {
            Path file = b.logFile(ns, pod, container, "true".equals(first(query, "previous")));
            if (file == null) {
                return status(400, "BadRequest", "container is not valid for pod " + pod);
            }
            try {
                String text = Files.exists(file) ? Files.readString(file) : "";
                String tail = first(query, "tailLines");
                if (tail != null) {
                    List<String> lines = text.lines().toList();
                    int n = Math.min(lines.size(), Integer.parseInt(tail));
                    text = lines.subList(lines.size() - n, lines.size()).stream().map(l -> l + "\n")
                            .reduce("", String::concat);
                }
                return new MockResponse().setResponseCode(200).setHeader("Content-Type", "text/plain")
                        .setBody(text);
            } catch (IOException | NumberFormatException e) {
                return status(500, "InternalError", e.getMessage());
            }
        }
        List<String> command = query.getOrDefault("command", List.of());
        if (command.isEmpty()) {
            return status(400, "BadRequest", "you must specify at least 1 command");
        }
        return new MockResponse().withWebSocketUpgrade(
                new ExecListener(b, execThreads, ns, pod, container, command));
    }

    /**
     * A watch over plain HTTP (kubectl's, not fabric8's websocket): the current objects as ADDED events, then the
     * stream ends after a second — a short watch that the client renews, enough for rollout status and exec.
     */
    private MockResponse httpWatch(String full) {
        String path = full.replaceAll("([?&])watch=true&?", "$1").replaceAll("[?&]$", "");
        MockResponse plain = super.handleGet(path);
        if (plain.code() != 200 || plain.getBody() == null) {
            return plain;
        }
        JsonNode body = JSON.readTree(plain.getBody().getBytes());
        StringBuilder events = new StringBuilder();
        for (JsonNode item : body.has("items") ? body.get("items") : List.of(body)) {
            events.append("{\"type\":\"ADDED\",\"object\":").append(JSON.writeValueAsString(item)).append("}\n");
        }
        return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json")
                .setBodyDelay(Duration.ofSeconds(1)).setBody(events.toString());
    }

    private RecordedRequest keepStatus(RecordedRequest request, String path) {
        MockResponse current = super.handleGet(path);
        if (current.code() != 200 || current.getBody() == null) {
            return request;
        }
        try {
            JsonNode stored = JSON.readTree(current.getBody().getBytes());
            JsonNode body = JSON.readTree(request.getBody().getBytes());
            if (!(body instanceof ObjectNode obj)) {
                return request;
            }
            if (stored.has("status")) {
                obj.set("status", stored.get("status"));
            } else {
                obj.remove("status");
            }
            return new RecordedRequest(request.getHttpVersion(), request.method(), request.getPath(),
                    request.getHeaders(), new Buffer(JSON.writeValueAsBytes(obj)));
        } catch (RuntimeException e) {
            return request; // not JSON: let the CRUD handler answer it
        }
    }

    private static Map<String, List<String>> query(String raw) {
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

    private static String first(Map<String, List<String>> query, String key) {
        List<String> v = query.get(key);
        return v == null || v.isEmpty() || v.get(0).isEmpty() ? null : v.get(0);
    }

    private static MockResponse json(int code, String body) {
        return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json").setBody(body);
    }

    private static MockResponse status(int code, String reason, String message) {
        return json(code, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
                + "\"message\":" + ExecListener.quote(message) + ",\"reason\":\"" + reason + "\",\"code\":" + code
                + "}");
    }

    @Override
    public void shutdown() {
        execThreads.shutdownNow();
        super.shutdown();
    }
}
