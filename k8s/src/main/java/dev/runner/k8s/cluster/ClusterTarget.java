package dev.runner.k8s.cluster;

import io.fabric8.kubernetes.client.KubernetesClient;

/** One kube context as a step sees it: its client and the namespace the step works in. */
public record ClusterTarget(String context, KubernetesClient client, String namespace) {

    /** {@code context/namespace}, for messages. */
    public String where() {
        return (context == null ? "(current context)" : context) + "/" + namespace;
    }

    public ClusterTarget inNamespace(String ns) {
        return new ClusterTarget(context, client, ns);
    }
}
