package dev.runner.local.api.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/** The RBAC objects read from the API server's storage on every decision (no cache: a change applies at once). */
public final class StoredPolicy implements PolicySource {
    private static final String RBAC = "/apis/rbac.authorization.k8s.io/v1";
    private final Function<String, JsonNode> read;

    /** {@code read}: the stored object or list at a path, or null. */
    public StoredPolicy(Function<String, JsonNode> read) {
        this.read = read;
    }

    @Override
    public List<JsonNode> clusterRoleBindings() {
        return items(RBAC + "/clusterrolebindings");
    }

    @Override
    public List<JsonNode> roleBindings(String namespace) {
        return items(RBAC + "/namespaces/" + namespace + "/rolebindings");
    }

    @Override
    public JsonNode clusterRole(String name) {
        return read.apply(RBAC + "/clusterroles/" + name);
    }

    @Override
    public JsonNode role(String namespace, String name) {
        return read.apply(RBAC + "/namespaces/" + namespace + "/roles/" + name);
    }

    private List<JsonNode> items(String path) {
        JsonNode list = read.apply(path);
        List<JsonNode> out = new ArrayList<>();
        if (list != null) {
            list.path("items").forEach(out::add);
        }
        return out;
    }
}
