package dev.runner.local.api.auth;

import dev.runner.local.api.admission.ServiceAccountAdmission;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The TokenRequest API, {@code POST /api/v1/namespaces/NS/serviceaccounts/NAME/token}
 * (https://kubernetes.io/docs/reference/kubernetes-api/authentication-resources/token-request-v1/): a token for the
 * ServiceAccount, optionally bound to a Pod, valid for {@code spec.expirationSeconds} (default 1 h, at least 10 min),
 * returned in {@code status.token} with {@code status.expirationTimestamp}. The kubelet asks for one per pod and
 * projects it into the pod.
 */
public final class TokenRequests {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final ServiceAccountTokens tokens;

    public TokenRequests(ServiceAccountTokens tokens) {
        this.tokens = tokens;
    }

    public static boolean handles(String method, String path) {
        return method.equals("POST") && path.matches("/api/v1/namespaces/[^/]+/serviceaccounts/[^/]+/token");
    }

    /**
     * The answered TokenRequest; {@code serviceAccountUid} is the stored ServiceAccount's, {@code podUid} the bound
     * pod's (null when it names no pod or the pod does not exist — then the request is refused by the caller).
     */
    public String answer(String namespace, String serviceAccount, String serviceAccountUid, byte[] body,
            PodLookup pods) throws BoundObjectMissing {
        ObjectNode request = JSON.readTree(body) instanceof ObjectNode o ? o : JSON.createObjectNode();
        JsonNode spec = request.path("spec");
        long seconds = Math.max(600, spec.path("expirationSeconds").asLong(3600));
        JsonNode bound = spec.path("boundObjectRef");
        // --service-account-extend-token-expiration (on by default): the kubelet's projected tokens, asked for with
        // exactly the admission plugin's 3607 s, are valid for a year so that old clients that never reread the
        // file keep working (https://kubernetes.io/docs/reference/command-line-tools-reference/kube-apiserver/)
        long valid = seconds == ServiceAccountAdmission.TOKEN_SECONDS && bound.path("kind").asString("").equals("Pod")
                ? Duration.ofDays(365).toSeconds() : seconds;
        Instant expires = Instant.now().plus(Duration.ofSeconds(valid)).truncatedTo(ChronoUnit.SECONDS);
        String podName = "";
        String podUid = "";
        if (bound.path("kind").asString("").equals("Pod")) {
            podName = bound.path("name").asString("");
            podUid = pods.uid(namespace, podName);
            String asked = bound.path("uid").asString("");
            if (podUid == null || !asked.isEmpty() && !asked.equals(podUid)) {
                throw new BoundObjectMissing("pods \"" + podName + "\" not found");
            }
        }
        List<String> audiences = new ArrayList<>();
        spec.path("audiences").forEach(a -> audiences.add(a.asString("")));
        String token = tokens.issue(new ServiceAccountTokens.Claims(namespace, serviceAccount, serviceAccountUid,
                podName, podUid, expires), audiences);
        ObjectNode out = request.deepCopy();
        out.put("kind", "TokenRequest");
        out.put("apiVersion", "authentication.k8s.io/v1");
        ObjectNode meta = out.putObject("metadata");
        meta.put("name", serviceAccount);
        meta.put("namespace", namespace);
        ObjectNode outSpec = out.putObject("spec");
        outSpec.set("audiences", JSON.valueToTree(audiences.isEmpty() ? List.of(ServiceAccountTokens.ISSUER)
                : audiences));
        outSpec.put("expirationSeconds", seconds);
        if (!bound.isMissingNode()) {
            outSpec.set("boundObjectRef", bound);
        }
        ObjectNode status = out.putObject("status");
        status.put("token", token);
        status.put("expirationTimestamp", expires.toString());
        return JSON.writeValueAsString(out);
    }

    /** The uid of a pod, or null. */
    public interface PodLookup {
        String uid(String namespace, String name);
    }

    /** The object a token is to be bound to does not exist. */
    public static final class BoundObjectMissing extends Exception {
        BoundObjectMissing(String message) {
            super(message);
        }
    }
}
