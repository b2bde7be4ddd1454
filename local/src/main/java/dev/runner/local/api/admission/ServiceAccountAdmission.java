package dev.runner.local.api.admission;

import java.security.SecureRandom;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The ServiceAccount admission plugin on Pod create (plugin/pkg/admission/serviceaccount;
 * https://kubernetes.io/docs/reference/access-authn-authz/service-accounts-admin/#serviceaccount-admission-controller):
 * an empty {@code spec.serviceAccountName} becomes {@code default}; the ServiceAccount must exist (else 403
 * {@code error looking up service account NS/NAME: serviceaccount "NAME" not found}); unless the Pod, or else the
 * ServiceAccount, sets {@code automountServiceAccountToken: false}, a projected volume {@code kube-api-access-XXXXX}
 * (a bound token, ca.crt from the {@code kube-root-ca.crt} ConfigMap, the namespace from the downward API) is added
 * and mounted read-only at {@value #MOUNT_PATH} in every container and init container that does not mount something
 * there already.
 */
public final class ServiceAccountAdmission {
    public static final String MOUNT_PATH = "/var/run/secrets/kubernetes.io/serviceaccount";
    /** The lifetime the plugin asks for; the API server extends tokens asked for with exactly this value. */
    public static final long TOKEN_SECONDS = 3607;
    private static final String ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789"; // utilrand's alphabet
    private static final SecureRandom RANDOM = new SecureRandom();

    private ServiceAccountAdmission() {}

    /** Mutates {@code pod} (being created in {@code namespace}); {@code read}: a stored object at an API path. */
    public static void admit(ObjectNode pod, String namespace, Function<String, JsonNode> read)
            throws AdmissionRefused {
        ObjectNode spec = pod.get("spec") instanceof ObjectNode s ? s : pod.putObject("spec");
        String sa = spec.path("serviceAccountName").asString("");
        if (sa.isEmpty()) {
            sa = spec.path("serviceAccount").asString("");
        }
        if (sa.isEmpty()) {
            sa = "default";
        }
        spec.put("serviceAccountName", sa);
        spec.put("serviceAccount", sa); // the deprecated alias the server keeps in step
        JsonNode account = read.apply("/api/v1/namespaces/" + namespace + "/serviceaccounts/" + sa);
        if (account == null) {
            JsonNode meta = pod.path("metadata");
            String name = meta.path("name").asString("");
            throw new AdmissionRefused("", "pods", name.isEmpty() ? meta.path("generateName").asString("") : name,
                    "error looking up service account " + namespace + "/" + sa + ": serviceaccount \"" + sa
                            + "\" not found");
        }
        JsonNode podAutomount = spec.get("automountServiceAccountToken");
        boolean automount = podAutomount != null && podAutomount.isBoolean() ? podAutomount.asBoolean()
                : account.path("automountServiceAccountToken").asBoolean(true);
        if (automount) {
            mountToken(spec);
        }
    }

    private static void mountToken(ObjectNode spec) {
        String volume = "kube-api-access-" + suffix();
        boolean used = false;
        for (String list : new String[] {"initContainers", "containers"}) {
            for (JsonNode c : spec.path(list)) {
                if (c instanceof ObjectNode container && !mountsTokenPath(container)) {
                    ArrayNode mounts = container.get("volumeMounts") instanceof ArrayNode a ? a
                            : container.putArray("volumeMounts");
                    ObjectNode m = mounts.addObject();
                    m.put("name", volume);
                    m.put("readOnly", true);
                    m.put("mountPath", MOUNT_PATH);
                    used = true;
                }
            }
        }
        if (!used) {
            return;
        }
        ArrayNode volumes = spec.get("volumes") instanceof ArrayNode a ? a : spec.putArray("volumes");
        ObjectNode v = volumes.addObject();
        v.put("name", volume);
        ObjectNode projected = v.putObject("projected");
        ArrayNode sources = projected.putArray("sources");
        ObjectNode token = sources.addObject().putObject("serviceAccountToken");
        token.put("expirationSeconds", TOKEN_SECONDS);
        token.put("path", "token");
        ObjectNode ca = sources.addObject().putObject("configMap");
        ca.put("name", "kube-root-ca.crt");
        ObjectNode item = ca.putArray("items").addObject();
        item.put("key", "ca.crt");
        item.put("path", "ca.crt");
        ObjectNode ns = sources.addObject().putObject("downwardAPI").putArray("items").addObject();
        ns.put("path", "namespace");
        ObjectNode field = ns.putObject("fieldRef");
        field.put("apiVersion", "v1");
        field.put("fieldPath", "metadata.namespace");
        projected.put("defaultMode", 420);
    }

    private static boolean mountsTokenPath(JsonNode container) {
        for (JsonNode m : container.path("volumeMounts")) {
            if (m.path("mountPath").asString("").equals(MOUNT_PATH)) {
                return true;
            }
        }
        return false;
    }

    private static String suffix() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            b.append(ALPHANUMS.charAt(RANDOM.nextInt(ALPHANUMS.length())));
        }
        return b.toString();
    }
}
