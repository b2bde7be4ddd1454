package dev.runner.local;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * Renders a kubeconfig with one cluster, user and context per local cluster (default namespace hasura): the HTTPS
 * listener with its CA embedded, and the admin's bearer token (client-go sends a token only over TLS).
 */
final class Kubeconfig {
    /** Where a cluster's API server is and the PEM CA that signs its certificate. */
    record Endpoint(String url, String caPem) {}

    private Kubeconfig() {}

    /** The bearer token of cluster {@code name}'s admin user (system:masters on that cluster's API server). */
    static String adminToken(String name) {
        return "local-" + name;
    }

    static String render(Map<String, Endpoint> servers, String current) {
        StringBuilder clusters = new StringBuilder("clusters:\n");
        StringBuilder users = new StringBuilder("users:\n");
        StringBuilder contexts = new StringBuilder("contexts:\n");
        servers.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            String n = e.getKey();
            clusters.append("- name: ").append(n).append("\n  cluster:\n    server: ").append(e.getValue().url())
                    .append("\n    certificate-authority-data: ").append(Base64.getEncoder().encodeToString(
                            e.getValue().caPem().getBytes(StandardCharsets.UTF_8))).append('\n');
            users.append("- name: ").append(n).append("-admin\n  user:\n    token: ").append(adminToken(n))
                    .append('\n');
            contexts.append("- name: ").append(n).append("\n  context:\n    cluster: ").append(n)
                    .append("\n    user: ").append(n).append("-admin\n    namespace: hasura\n");
        });
        return "apiVersion: v1\nkind: Config\npreferences: {}\n" + clusters + users + contexts
                + "current-context: " + current + "\n";
    }
}
