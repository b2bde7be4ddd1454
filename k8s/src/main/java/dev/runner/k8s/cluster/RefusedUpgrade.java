package dev.runner.k8s.cluster;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.WebSocketHandshakeException;
import java.lang.reflect.Method;
import java.util.Optional;

/**
 * An exec whose WebSocket upgrade the API server refused (401/403 from authorization, 404 for a gone pod) as the
 * {@link KubernetesClientException} with the server's {@link Status} that a plain request would give — fabric8
 * reports only "WebSocket upgrade failure: 403", an IOException that would be retried as a network fault, and drops
 * the body, whose message names the user, verb and resource. Vert.x, fabric8's HTTP client, keeps the body in the
 * cause it wraps (UpgradeRejectedException.getBody); it is read reflectively so this compiles against fabric8's
 * API alone, and a client without it gets a Status that still names the subresource.
 */
final class RefusedUpgrade {
    private RefusedUpgrade() {
    }

    static Optional<KubernetesClientException> of(Throwable failure, KubernetesClient client, String namespace,
            String pod) {
        WebSocketHandshakeException handshake = null;
        for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof WebSocketHandshakeException h) {
                handshake = h;
            }
        }
        if (handshake == null || handshake.getResponse() == null || handshake.getResponse().code() < 400) {
            return Optional.empty();
        }
        int code = handshake.getResponse().code();
        Status status = body(handshake).flatMap(b -> parse(client, b)).orElseGet(() -> new StatusBuilder()
                .withCode(code).withStatus("Failure").withMessage("exec in pod " + namespace + "/" + pod
                        + " refused (" + code + "): it needs create and get on pods/exec").build());
        if (status.getCode() == null) {
            status.setCode(code);
        }
        return Optional.of(new KubernetesClientException(status));
    }

    private static Optional<String> body(Throwable handshake) {
        for (Throwable t = handshake; t != null && t.getCause() != t; t = t.getCause()) {
            try {
                Method m = t.getClass().getMethod("getBody");
                Object body = m.invoke(t);
                if (body != null && !body.toString().isBlank()) {
                    return Optional.of(body.toString());
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                // not the client's rejection with a body: look further down the chain
            }
        }
        return Optional.empty();
    }

    private static Optional<Status> parse(KubernetesClient client, String body) {
        try {
            Status s = client.getKubernetesSerialization().unmarshal(body, Status.class);
            return s != null && s.getMessage() != null ? Optional.of(s) : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
