package dev.runner.local.kubelet;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.concurrent.atomic.AtomicLong;

/** Records core/v1 Events, as the kubelet and controllers do, so `kubectl describe`/`get events` explain things. */
final class Events {
    private static final AtomicLong SEQ = new AtomicLong(System.nanoTime());

    private static final java.util.Set<String> FAILED_CREATES = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private Events() {}

    /**
     * A controller could not create a pod (admission refused it, e.g. Pod Security): Warning FailedCreate
     * "Error creating: MESSAGE" on the owner, once per owner and message (a real recorder counts repeats).
     */
    static void failedCreate(KubernetesClient client, HasMetadata owner, KubernetesClientException e,
                             String component) {
        String message = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage()
                : e.getMessage();
        if (FAILED_CREATES.add(owner.getMetadata().getUid() + "\n" + message)) {
            record(client, owner, "Warning", "FailedCreate", "Error creating: " + message, component);
        }
    }

    static void record(KubernetesClient client, HasMetadata obj, String type, String reason, String message,
                       String component) {
        String now = ContainerRun.now();
        var meta = obj.getMetadata();
        try {
            client.v1().events().inNamespace(meta.getNamespace()).resource(new EventBuilder()
                    .withNewMetadata().withName(meta.getName() + "." + Long.toHexString(SEQ.incrementAndGet()))
                    .withNamespace(meta.getNamespace()).endMetadata()
                    .withNewInvolvedObject().withKind(obj.getKind()).withApiVersion(obj.getApiVersion())
                    .withName(meta.getName()).withNamespace(meta.getNamespace()).withUid(meta.getUid())
                    .endInvolvedObject()
                    .withType(type).withReason(reason).withMessage(message).withCount(1)
                    .withFirstTimestamp(now).withLastTimestamp(now)
                    .withNewSource().withComponent(component).withHost("local").endSource().build()).create();
        } catch (KubernetesClientException e) {
            // events are best effort, as in Kubernetes
        }
    }
}
