package dev.runner.local.kubelet;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Map;

/**
 * How a pod reaches its cluster's API server: the one place where the kubelet hands a pod its credentials.
 * Kubernetes gives every pod KUBERNETES_SERVICE_HOST/PORT and, unless the pod or its ServiceAccount sets
 * {@code automountServiceAccountToken: false}, a projected ServiceAccount token
 * (https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/). The token is a projected
 * volume of the pod spec (the API server's ServiceAccount admission adds it, {@link ProjectedVolume} writes it), so
 * an in-cluster client acts as the pod's ServiceAccount under RBAC. Only a host process without mount namespaces
 * cannot see it at its in-cluster path: it gets this cluster's kubeconfig instead.
 */
final class PodCredentials {
    static final String KUBECONFIG_PATH = "/etc/runner-local/kubeconfig";

    private PodCredentials() {}

    /** The service variables and credential mounts of a container of {@code pod}. */
    static void forContainer(NodeContext node, Pod pod, Map<String, String> env, List<Mount> mounts) {
        service(node, env);
    }

    /** The same for a host process (the process runtime): the kubeconfig's own path. */
    static void forProcess(NodeContext node, Pod pod, Map<String, String> env) {
        service(node, env);
        if (node.kubeconfig() != null && automount(pod) && !node.launcher().usesNamespaces()) {
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
