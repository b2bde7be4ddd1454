package dev.runner.local;

import java.util.Map;

/** Renders a kubeconfig with one cluster, user and context per local cluster (default namespace hasura). */
final class Kubeconfig {
    private Kubeconfig() {}

    static String render(Map<String, String> servers, String current) {
        StringBuilder clusters = new StringBuilder("clusters:\n");
        StringBuilder users = new StringBuilder("users:\n");
        StringBuilder contexts = new StringBuilder("contexts:\n");
        servers.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            String n = e.getKey();
            clusters.append("- name: ").append(n).append("\n  cluster:\n    server: ").append(e.getValue())
                    .append('\n');
            users.append("- name: ").append(n).append("-admin\n  user:\n    token: local-").append(n).append('\n');
            contexts.append("- name: ").append(n).append("\n  context:\n    cluster: ").append(n)
                    .append("\n    user: ").append(n).append("-admin\n    namespace: hasura\n");
        });
        return "apiVersion: v1\nkind: Config\npreferences: {}\n" + clusters + users + contexts
                + "current-context: " + current + "\n";
    }
}
