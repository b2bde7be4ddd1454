package dev.runner.local.kubelet;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Map;

/**
 * How a pod reaches its cluster's API server: the one place where the kubelet hands a pod its credentials.
 * Kubernetes gives every pod KUBERNETES_SERVICE_HOST/PORT and, unless the pod or its ServiceAccount sets
 * {@code automountServiceAccountToken: false}, a projected ServiceAccount token
 * (https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/). The local API server has
 * no tokens yet: a pod gets this cluster's kubeconfig, read-only, with KUBECONFIG pointing at it (kubectl images use
 * it as they would use the in-cluster config). A ServiceAccount token mount replaces {@link #forContainer}'s body.
 */
final class PodCredentials {
    static final String KUBECONFIG_PATH = "/etc/runner-local/kubeconfig";

    private PodCredentials() {}

    /** The service variables and credential mounts of a container of {@code pod}. */
    static void forContainer(NodeContext node, Pod pod, Map<String, String> env, List<Mount> mounts) {
        service(node, env);
        if (node.kubeconfig() != null && automount(pod)) {
            env.put("KUBECONFIG", KUBECONFIG_PATH);
            mounts.add(new Mount(node.kubeconfig(), KUBECONFIG_PATH, true));
        }
    }

    /** The same for a host process (the process runtime): the kubeconfig's own path. */
    static void forProcess(NodeContext node, Pod pod, Map<String, String> env) {
        service(node, env);
        if (node.kubeconfig() != null && automount(pod)) {
            env.put("KUBECONFIG", node.kubeconfig().toString());
        }
    }

    private static void service(NodeContext node, Map<String, String> env) {
        env.put("KUBERNETES_SERVICE_HOST", "127.0.0.1");
        env.put("KUBERNETES_SERVICE_PORT", String.valueOf(node.apiPort()));
    }

    private static boolean automount(Pod pod) {
        return !Boolean.FALSE.equals(pod.getSpec().getAutomountServiceAccountToken());
    }
}
