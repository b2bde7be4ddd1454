package dev.runner.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Writes a kubeconfig for mock API servers: one cluster and context per entry, the first one current. */
public final class TestKubeconfig {
    private TestKubeconfig() {}

    /** {@code servers}: context name → server URL, in order; every context's namespace is {@code ns}. */
    public static Path write(Path dir, String ns, Map<String, String> servers) {
        StringBuilder sb = new StringBuilder("apiVersion: v1\nkind: Config\nclusters:\n");
        servers.forEach((name, url) ->
                sb.append("- name: ").append(name).append("\n  cluster:\n    server: ").append(url).append('\n'));
        sb.append("users:\n- name: u\n  user:\n    token: not-a-secret\ncontexts:\n");
        servers.keySet().forEach(name -> sb.append("- name: ").append(name).append("\n  context:\n    cluster: ")
                .append(name).append("\n    user: u\n    namespace: ").append(ns).append('\n'));
        sb.append("current-context: ").append(servers.keySet().iterator().next()).append('\n');
        try {
            Path p = dir.resolve("kubeconfig");
            Files.writeString(p, sb);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
