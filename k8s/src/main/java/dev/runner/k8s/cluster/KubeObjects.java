package dev.runner.k8s.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;

/** Between plain maps (manifests, diffs) and fabric8's typed objects (API calls). */
public final class KubeObjects {
    private KubeObjects() {
    }

    public static HasMetadata typed(KubernetesClient c, Map<String, Object> o) {
        KubernetesResource r = c.getKubernetesSerialization().convertValue(o, KubernetesResource.class);
        if (!(r instanceof HasMetadata h)) {
            throw new IllegalArgumentException("not a Kubernetes object: " + o.get("kind"));
        }
        return h;
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(KubernetesClient c, Object typed) {
        return c.getKubernetesSerialization().convertValue(typed, Map.class);
    }

    /** The live object named by {@code o} as a map, or null when absent. */
    public static Map<String, Object> live(ClusterTarget t, Map<String, Object> o) {
        HasMetadata h = t.client().resource(typed(t.client(), o)).get();
        return h == null ? null : map(t.client(), h);
    }
}
