package dev.runner.local.api.auth;

import java.util.List;
import tools.jackson.databind.JsonNode;

/** The RBAC objects authorization reads (from the API server's own storage), as JSON trees. */
public interface PolicySource {
    List<JsonNode> clusterRoleBindings();

    List<JsonNode> roleBindings(String namespace);

    /** The ClusterRole, or null when there is none of that name. */
    JsonNode clusterRole(String name);

    /** The Role, or null when there is none of that name in the namespace. */
    JsonNode role(String namespace, String name);
}
