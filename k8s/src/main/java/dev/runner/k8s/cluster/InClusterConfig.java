package dev.runner.k8s.cluster;

import io.fabric8.kubernetes.client.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The pod's own credentials when the runner runs inside a cluster (runner run --in-cluster) and no kubeconfig is
 * given: KUBERNETES_SERVICE_HOST/PORT and the ServiceAccount token, CA and namespace the kubelet mounts, as
 * client-go's rest.InClusterConfig reads them
 * (https://kubernetes.io/docs/tasks/run-application/access-api-from-pod/#directly-accessing-the-rest-api).
 */
final class InClusterConfig {
    static final Path TOKEN = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token");

    private InClusterConfig() {
    }

    static boolean available(Map<String, String> env) {
        String host = env.get("KUBERNETES_SERVICE_HOST");
        return host != null && !host.isBlank() && Files.isReadable(TOKEN);
    }

    /** fabric8's auto-configuration, which falls back to exactly these files when there is no kubeconfig. */
    static Config config() {
        return Config.autoConfigure(null);
    }
}
