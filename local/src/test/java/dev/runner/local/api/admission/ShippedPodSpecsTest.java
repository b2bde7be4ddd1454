package dev.runner.local.api.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.local.ImageScript;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every pod spec the shipped workflows and manifests create (issue #18 item 5) — each Job template, the backup
 * CronJob's, and the restore initContainer recovery adds to the user's Deployment — is admitted in a namespace that
 * enforces Pod Security "restricted"; and each one with any single restricted field taken away is refused, so the
 * admission checks bite on exactly these specs
 * (https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted).
 */
class ShippedPodSpecsTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String USERS = "users-postgres";
    private static final Map<String, String> RESTRICTED = Map.of("pod-security.kubernetes.io/enforce", "restricted");
    /** The user's postgres container as a restricted Deployment may have it: every field on the container itself. */
    private static final String USER_CONTAINER = "{'name':'" + USERS + "','image':'postgres:15','securityContext':"
            + "{'runAsNonRoot':true,'runAsUser':999,'allowPrivilegeEscalation':false,'capabilities':{'drop':['ALL']},"
            + "'seccompProfile':{'type':'RuntimeDefault'}}}";

    /** A restricted field taken away, and the reason Pod Security admission then gives. */
    private record Removal(String field, String reason) {}

    private static final List<Removal> REMOVALS = List.of(
            new Removal("allowPrivilegeEscalation", "allowPrivilegeEscalation != false"),
            new Removal("capabilities", "unrestricted capabilities"),
            new Removal("runAsNonRoot", "runAsNonRoot != true"),
            new Removal("seccompProfile", "seccompProfile"));

    @Test
    void everyShippedPodSpecIsAdmittedAsRestrictedAndRefusedWithoutAnyOneOfItsFields() throws Exception {
        Map<String, ObjectNode> pods = shippedPods();
        assertEquals(List.of("k8s/backup-cronjob.yaml", "workflows/recovery.yaml", "workflows/steps/repo-check.yaml",
                "workflows/verify-backup.yaml"), pods.keySet().stream().map(k -> k.substring(0, k.indexOf('#')))
                .distinct().sorted().toList(), "the files that create pods: " + pods.keySet());
        for (var e : pods.entrySet()) {
            assertEquals(List.of(), PodSecurityAdmission.admit("pods", e.getValue(), null, RESTRICTED), e.getKey());
            for (Removal r : REMOVALS) {
                ObjectNode without = e.getValue().deepCopy();
                assertTrue(removeFromOurs((ObjectNode) without.get("spec"), r.field()), e.getKey() + " sets " + r.field());
                AdmissionRefused refused = assertThrows(AdmissionRefused.class,
                        () -> PodSecurityAdmission.admit("pods", without, null, RESTRICTED), e.getKey() + " - " + r);
                assertTrue(refused.getMessage().contains("violates PodSecurity \"restricted:latest\": " + r.reason()),
                        e.getKey() + " - " + r.field() + ": " + refused.getMessage());
            }
            ObjectNode hostPath = e.getValue().deepCopy();
            ((ObjectNode) hostPath.get("spec")).withArray("volumes").add(JSON.readTree("{\"name\":\"h\",\"hostPath\":{\"path\":\"/\"}}"));
            AdmissionRefused refused = assertThrows(AdmissionRefused.class,
                    () -> PodSecurityAdmission.admit("pods", hostPath, null, RESTRICTED));
            assertTrue(refused.getMessage().contains("restricted volume types (volumes [\"h\"] have restricted types)"),
                    refused.getMessage());
        }
    }

    /**
     * The pods of every YAML file in workflows/, workflows/steps/ and k8s/, by "file#path": a map with
     * {@code containers} is a pod spec; one with only {@code initContainers} (patch-deployment's with) adds them to
     * the user's pod, which is modelled by {@link #USER_CONTAINER} and no pod-level securityContext.
     */
    private static Map<String, ObjectNode> shippedPods() throws IOException {
        Path home = ImageScript.home();
        Map<String, ObjectNode> out = new LinkedHashMap<>();
        List<Path> files = new ArrayList<>();
        for (String dir : List.of("workflows", "workflows/steps", "k8s")) {
            try (Stream<Path> s = Files.list(home.resolve(dir))) {
                s.filter(f -> f.toString().endsWith(".yaml")).sorted().forEach(files::add);
            }
        }
        for (Path f : files) {
            int doc = 0;
            for (Object o : new Load(LoadSettings.builder().build()).loadAllFromString(Files.readString(f))) {
                collect(home.relativize(f) + "#" + doc++, JSON.valueToTree(o), out);
            }
        }
        return out;
    }

    private static void collect(String path, JsonNode node, Map<String, ObjectNode> out) {
        if (node.isObject()) {
            if (node.path("containers").isArray() || node.path("initContainers").isArray()) {
                ObjectNode spec = (ObjectNode) node.deepCopy();
                if (!spec.path("containers").isArray()) {
                    spec.putArray("containers").add(JSON.readTree(USER_CONTAINER.replace('\'', '"')));
                    spec.remove(List.of("name", "namespace", "container", "image", "command", "args", "env",
                            "envFrom", "volumeMounts", "pgdataTo", "defaultPgdata"));
                }
                ObjectNode pod = JSON.createObjectNode();
                pod.putObject("metadata").put("name", "shipped");
                pod.set("spec", spec);
                out.put(path, pod);
                return;
            }
            node.properties().forEach(e -> collect(path + "/" + e.getKey(), e.getValue(), out));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collect(path + "/" + i, node.get(i), out);
            }
        }
    }

    /** Removes {@code field} from the pod's securityContext and our containers' (never the user's container's). */
    private static boolean removeFromOurs(ObjectNode spec, String field) {
        boolean removed = spec.path("securityContext") instanceof ObjectNode pod && pod.remove(field) != null;
        for (String list : new String[] {"initContainers", "containers"}) {
            if (spec.path(list) instanceof ArrayNode containers) {
                for (JsonNode c : containers) {
                    if (!c.path("name").asString("").equals(USERS)) {
                        removed |= c.path("securityContext") instanceof ObjectNode sc && sc.remove(field) != null;
                    }
                }
            }
        }
        return removed;
    }
}
