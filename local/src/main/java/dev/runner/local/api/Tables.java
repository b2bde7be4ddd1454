package dev.runner.local.api;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Server-side printing ({@code Accept: application/json;as=Table;g=meta.k8s.io}), which kubectl asks for to show
 * the familiar columns — READY/STATUS/RESTARTS for pods, UP-TO-DATE/AVAILABLE for deployments … — instead of only
 * NAME and AGE.
 */
final class Tables {
    private static final Map<String, List<String>> COLUMNS = Map.of(
            "pods", List.of("Name", "Ready", "Status", "Restarts", "Age"),
            "deployments", List.of("Name", "Ready", "Up-to-date", "Available", "Age"),
            "replicasets", List.of("Name", "Desired", "Current", "Ready", "Age"),
            "jobs", List.of("Name", "Status", "Completions", "Age"),
            "cronjobs", List.of("Name", "Schedule", "Suspend", "Active", "Age"),
            "secrets", List.of("Name", "Type", "Data", "Age"),
            "configmaps", List.of("Name", "Data", "Age"),
            "events", List.of("Last Seen", "Type", "Reason", "Object", "Message"));

    private Tables() {}

    static String render(JsonMapper json, String plural, JsonNode body) {
        List<String> columns = COLUMNS.getOrDefault(plural, List.of("Name", "Age"));
        ObjectNode table = json.createObjectNode();
        table.put("kind", "Table").put("apiVersion", "meta.k8s.io/v1");
        ObjectNode meta = table.putObject("metadata");
        if (body.path("metadata").has("resourceVersion")) {
            meta.put("resourceVersion", body.path("metadata").path("resourceVersion").asString());
        }
        ArrayNode defs = table.putArray("columnDefinitions");
        for (String c : columns) {
            defs.addObject().put("name", c).put("type", "string").put("format", c.equals("Name") ? "name" : "")
                    .put("description", c).put("priority", 0);
        }
        ArrayNode rows = table.putArray("rows");
        List<JsonNode> items = new ArrayList<>();
        if (body.has("items")) {
            body.get("items").forEach(items::add);
        } else {
            items.add(body);
        }
        for (JsonNode item : items) {
            ObjectNode row = rows.addObject();
            ArrayNode cells = row.putArray("cells");
            cells(plural, item).forEach(cells::add);
            ObjectNode object = row.putObject("object");
            object.put("kind", "PartialObjectMetadata").put("apiVersion", "meta.k8s.io/v1");
            object.set("metadata", item.path("metadata"));
        }
        return json.writeValueAsString(table);
    }

    private static List<String> cells(String plural, JsonNode o) {
        String name = o.path("metadata").path("name").asString("");
        String age = age(o.path("metadata").path("creationTimestamp").asString(""));
        JsonNode s = o.path("status");
        JsonNode spec = o.path("spec");
        return switch (plural) {
            case "pods" -> List.of(name, readyCount(spec, s), podStatus(o), String.valueOf(restarts(s)), age);
            case "deployments" -> List.of(name, s.path("readyReplicas").asInt(0) + "/" + spec.path("replicas").asInt(1),
                    String.valueOf(s.path("updatedReplicas").asInt(0)),
                    String.valueOf(s.path("availableReplicas").asInt(0)), age);
            case "replicasets" -> List.of(name, String.valueOf(spec.path("replicas").asInt(1)),
                    String.valueOf(s.path("replicas").asInt(0)), String.valueOf(s.path("readyReplicas").asInt(0)), age);
            case "jobs" -> List.of(name, jobStatus(s), s.path("succeeded").asInt(0) + "/"
                    + spec.path("completions").asInt(1), age);
            case "cronjobs" -> List.of(name, spec.path("schedule").asString(""),
                    String.valueOf(spec.path("suspend").asBoolean(false)),
                    String.valueOf(s.path("active").size()), age);
            case "secrets" -> List.of(name, o.path("type").asString("Opaque"),
                    String.valueOf(o.path("data").size() + o.path("stringData").size()), age);
            case "configmaps" -> List.of(name, String.valueOf(o.path("data").size()), age);
            case "events" -> List.of(age(o.path("lastTimestamp").asString("")), o.path("type").asString(""),
                    o.path("reason").asString(""), o.path("involvedObject").path("kind").asString("").toLowerCase()
                            + "/" + o.path("involvedObject").path("name").asString(""), o.path("message").asString(""));
            default -> List.of(name, age);
        };
    }

    /** Ready containers of all the spec's containers (kubectl shows 0/1 for a pod not started yet). */
    private static String readyCount(JsonNode spec, JsonNode s) {
        int ready = 0;
        for (JsonNode c : s.path("containerStatuses")) {
            ready += c.path("ready").asBoolean(false) ? 1 : 0;
        }
        return ready + "/" + spec.path("containers").size();
    }

    private static int restarts(JsonNode s) {
        int n = 0;
        for (JsonNode c : s.path("containerStatuses")) {
            n += c.path("restartCount").asInt(0);
        }
        return n;
    }

    /** kubectl's pod STATUS column, in short: init progress or failure, a container's waiting/terminated reason. */
    static String podStatus(JsonNode pod) {
        JsonNode s = pod.path("status");
        String reason = s.path("phase").asString("Pending");
        JsonNode inits = s.path("initContainerStatuses");
        for (int i = 0; i < inits.size(); i++) {
            JsonNode st = inits.get(i).path("state");
            if (st.has("terminated") && st.path("terminated").path("exitCode").asInt(0) == 0) {
                continue;
            }
            if (st.has("terminated")) {
                return "Init:" + st.path("terminated").path("reason").asString("Error");
            }
            String waiting = st.path("waiting").path("reason").asString("");
            return !waiting.isEmpty() && !waiting.equals("PodInitializing") ? "Init:" + waiting
                    : "Init:" + i + "/" + inits.size();
        }
        for (JsonNode c : s.path("containerStatuses")) {
            JsonNode st = c.path("state");
            if (st.has("waiting") && !st.path("waiting").path("reason").asString("").isEmpty()) {
                reason = st.path("waiting").path("reason").asString();
            } else if (st.has("terminated")) {
                reason = st.path("terminated").path("reason").asString("Error");
            }
        }
        return pod.path("metadata").has("deletionTimestamp") ? "Terminating" : reason;
    }

    private static String jobStatus(JsonNode s) {
        for (JsonNode c : s.path("conditions")) {
            if ("True".equals(c.path("status").asString()) && ("Complete".equals(c.path("type").asString())
                    || "Failed".equals(c.path("type").asString()))) {
                return c.path("type").asString();
            }
        }
        return "Running";
    }

    static String age(String timestamp) {
        try {
            long sec = Math.max(0, Duration.between(Instant.parse(timestamp), Instant.now()).getSeconds());
            return sec < 120 ? sec + "s" : sec < 7200 ? sec / 60 + "m" : sec < 172800 ? sec / 3600 + "h"
                    : sec / 86400 + "d";
        } catch (RuntimeException e) {
            return "<unknown>";
        }
    }
}
