package dev.runner.local.api.registry;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * PrepareForCreate of the kinds with a status subresource: a create never sets status; it starts empty, a Pod's as
 * {@code phase: Pending} with its QoS class, a Namespace's as Active, a PersistentVolumeClaim's as Pending
 * (pkg/registry/core/pod/strategy.go, namespace/strategy.go, persistentvolumeclaim/strategy.go, and the
 * apps/batch strategies that reset status). https://github.com/kubernetes/kubernetes/tree/master/pkg/registry
 */
final class StatusOnCreate {
    private StatusOnCreate() {}

    static void reset(String kind, ObjectNode obj) {
        ObjectNode status = Json.MAPPER.createObjectNode();
        switch (kind) {
            case "Pod" -> status.put("phase", "Pending").put("qosClass", qosClass(obj.path("spec")));
            case "Namespace" -> status.put("phase", "Active");
            case "PersistentVolumeClaim" -> status.put("phase", "Pending");
            default -> { }
        }
        if (status.isEmpty()) {
            obj.remove("status");
        } else {
            obj.set("status", status);
        }
    }

    /**
     * The pod's QoS class: BestEffort without requests or limits, Guaranteed when every container's cpu and memory
     * limits are set and equal to its requests, Burstable otherwise.
     * https://kubernetes.io/docs/concepts/workloads/pods/pod-qos/
     */
    static String qosClass(JsonNode spec) {
        boolean any = false;
        boolean guaranteed = true;
        for (String list : new String[] {"initContainers", "containers"}) {
            for (JsonNode c : Json.arrayOrEmpty(spec, list)) {
                JsonNode limits = c.path("resources").path("limits");
                JsonNode requests = c.path("resources").path("requests");
                any |= !limits.isEmpty() || !requests.isEmpty();
                for (String r : new String[] {"cpu", "memory"}) {
                    JsonNode limit = limits.get(r);
                    JsonNode request = requests.get(r) == null ? limit : requests.get(r);
                    guaranteed &= limit != null && limit.asString().equals(request.asString());
                }
            }
        }
        return !any ? "BestEffort" : guaranteed ? "Guaranteed" : "Burstable";
    }
}
