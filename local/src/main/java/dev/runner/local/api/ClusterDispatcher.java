package dev.runner.local.api;

import dev.runner.local.api.admission.Admission;
import dev.runner.local.api.registry.Registry;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The API server's request path on top of fabric8's CRUD store: the {@link SecurityStages} (authentication,
 * impersonation, RBAC, their admission plugins) once they are set, then the {@link RequestFilter}s; writes of the
 * modelled kinds through {@link AdmittedWrites} (patch, decode, defaults, admission, validation, immutability,
 * managedFields), other writes straight to the store; reads with discovery documents, field selectors, server-side
 * tables, the pods/exec (websocket) and pods/log subresources and a plain HTTP watch for kubectl.
 * https://kubernetes.io/docs/concepts/security/controlling-access/
 */
public final class ClusterDispatcher extends KubernetesCrudDispatcher {
    private static final Pattern POD_SUBRESOURCE =
            Pattern.compile("/api/v1/namespaces/([^/]+)/pods/([^/]+)/(exec|log|attach|portforward)");
    private static final Pattern RESOURCE =
            Pattern.compile("/(?:api/v1|apis/[^/]+/[^/]+)(?:/namespaces/[^/]+)?/([a-z]+)(?:/[^/]+)?");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ExecutorService execThreads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "local-exec");
        t.setDaemon(true);
        return t;
    });
    private final List<RequestFilter> filters = new CopyOnWriteArrayList<>();
    private final Admission admission = new Admission();
    private final AdmittedWrites writes = new AdmittedWrites(super::handleGet, super::dispatch, admission);
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
    public MockResponse dispatch(RecordedRequest raw) {
        SecurityStages stages = security;
        if (stages == null) {
            return route(raw);
        }
        ApiRequest request = ApiRequest.of(raw);
        return stages.handle(raw, request.path(), request.query(), this::route);
    }

    /** Adds a stage before the handlers (authentication, authorization …), after those already added. */
    void addFilter(RequestFilter filter) {
        filters.add(filter);
    }

    Admission admission() {
        return admission;
    }

    /**
     * After the security stages: the filters in order, then the handler the request is for. Writes are serialised,
     * so a patch's read-modify-write of the stored object is atomic.
     */
    private MockResponse route(RecordedRequest raw) {
        ApiRequest request = ApiRequest.of(raw);
        for (RequestFilter f : filters) {
            MockResponse refused = f.filter(request);
            if (refused != null) {
                return refused;
            }
        }
        if (ScaleSubresource.handles(request.ref())) {
            synchronized (writes) {
                return ScaleSubresource.handle(request, writes);
            }
        }
        if (request.isWrite()) {
            synchronized (writes) {
                if (Registry.handles(request.ref())) {
                    return StoreErrors.worded(request, writes.handle(request));
                }
                return StoreErrors.worded(request, request.params("dryRun").contains("All")
                        ? dryRunUnmodelled(request) : super.dispatch(raw));
            }
        }
        return StoreErrors.worded(request, serveRead(request));
    }

    /**
     * A dry run of a kind without a strategy here: nothing is stored; a create answers the object sent, a delete
     * the object as it is, other writes the stored object unchanged (this server cannot patch or check those kinds).
     * https://kubernetes.io/docs/reference/using-api/api-concepts/#dry-run
     */
    private MockResponse dryRunUnmodelled(ApiRequest request) {
        if ("POST".equals(request.method())) {
            return new MockResponse().setResponseCode(201).setHeader("Content-Type", "application/json")
                    .setBody(new String(request.body(), StandardCharsets.UTF_8));
        }
        return super.handleGet(request.path());
    }

    private MockResponse serveRead(ApiRequest request) {
        RecordedRequest raw = request.raw();
        String path = request.path();
        String full = request.fullPath();
        if ("GET".equals(request.method())) {
            if (path.equals("/healthz") || path.equals("/readyz") || path.equals("/livez")) {
                return new MockResponse().setResponseCode(200).setBody("ok");
            }
            if (path.startsWith("/openapi")) {
                Object spec = OpenApiV3.answer(path);
                return spec == null ? status(404, "NotFound", "the server could not find the requested resource")
                        : json(200, JSON.writeValueAsString(spec));
            }
            Object doc = Discovery.answer(path, serverAddress);
            if (doc != null) {
                return json(200, JSON.writeValueAsString(doc));
            }
        }
        Matcher m = POD_SUBRESOURCE.matcher(path);
        if (m.matches()) {
            return podSubresource(m.group(1), m.group(2), m.group(3), request);
        }
        boolean watch = "true".equals(request.param("watch"));
        if ("GET".equals(request.method()) && watch && raw.getHeader("Upgrade") == null) {
            return httpWatch(full);
        }
        if (!"GET".equals(request.method()) || watch) {
            return typed(super.dispatch(raw));
        }
        MockResponse plain = list(request);
        Matcher list = RESOURCE.matcher(path);
        String accept = raw.getHeader("Accept");
        if (accept != null && accept.contains("as=Table") && list.matches() && plain.code() == 200
                && plain.getBody() != null) {
            return json(200, Tables.render(JSON, list.group(1), JSON.readTree(plain.getBody().getBytes())));
        }
        return typed(plain);
    }

    /**
     * A real API server names the type of every body. The mock leaves it out of some (a list with a labelSelector),
     * and client-go then decodes with the type it asked for: kubectl's pod client asks for protobuf first, so
     * `kubectl exec deploy/NAME` failed with "provided data does not appear to be a protobuf message".
     */
    private static MockResponse typed(MockResponse response) {
        byte[] body = response.getBody() == null ? null : response.getBody().getBytes();
        if (response.header("Content-Type") == null && body != null && body.length > 0 && body[0] == '{') {
            response.setHeader("Content-Type", "application/json");
        }
        return response;
    }

    /**
     * A GET; a list is filtered by its fieldSelector (which the CRUD store ignores) and named as its kind's list
     * (EventList, not the store's generic List: typed clients such as kubectl describe's event search decode it).
     */
    private MockResponse list(ApiRequest request) {
        FieldSelector selector;
        try {
            selector = FieldSelector.parse(request.param("fieldSelector"));
        } catch (IllegalArgumentException e) {
            return status(400, "BadRequest", e.getMessage());
        }
        RecordedRequest raw = request.raw();
        if (selector != null) {
            String unselected = raw.getPath().replaceAll("([?&])fieldSelector=[^&]*&?", "$1")
                    .replaceAll("[?&]$", "");
            raw = new RecordedRequest(raw.getHttpVersion(), raw.method(), unselected, raw.getHeaders(),
                    raw.getBody());
        }
        MockResponse plain = super.dispatch(raw);
        String kind = request.ref() == null || request.ref().name() != null ? null
                : Discovery.kindOf(request.ref().resource());
        if (kind == null || plain.code() != 200 || plain.getBody() == null) {
            return plain;
        }
        JsonNode body = JSON.readTree(plain.getBody().getBytes());
        if (!(body instanceof ObjectNode obj) || !obj.has("items")) {
            return plain;
        }
        ObjectNode out = selector == null ? obj : selector.filter(obj);
        out.put("kind", kind + "List");
        return json(200, JSON.writeValueAsString(out));
    }

    private MockResponse podSubresource(String ns, String pod, String kind, ApiRequest request) {
        PodBackend b = backend;
        if (b == null || !kind.equals("exec") && !kind.equals("log")) {
            return status(400, "BadRequest", "pods/" + kind + " is not supported by the local cluster");
        }
        if (super.handleGet("/api/v1/namespaces/" + ns + "/pods/" + pod).code() != 200) {
            return status(404, "NotFound", "pods \"" + pod + "\" not found");
        }
        String container = request.param("container");
        if (kind.equals("log")) {
            Path file = b.logFile(ns, pod, container, "true".equals(request.param("previous")));
            if (file == null) {
                return status(400, "BadRequest", "container is not valid for pod " + pod);
            }
            try {
                String text = Files.exists(file) ? Files.readString(file) : "";
                String tail = request.param("tailLines");
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
        List<String> command = request.params("command");
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
