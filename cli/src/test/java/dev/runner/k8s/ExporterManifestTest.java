package dev.runner.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** k8s/monitoring/runner-backup-exporter.yaml: its args are a valid runner command, its Role covers what it does. */
class ExporterManifestTest {
    static final Path MANIFEST = Path.of("..", "k8s", "monitoring", "runner-backup-exporter.yaml");

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(String kind) throws Exception {
        for (Object o : new Load(LoadSettings.builder().build()).loadAllFromString(Files.readString(MANIFEST))) {
            Map<String, Object> m = (Map<String, Object>) o;
            if (kind.equals(m.get("kind"))) {
                return m;
            }
        }
        throw new AssertionError("no " + kind + " in " + MANIFEST);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theContainerRunsAValidBackupsServeCommand() throws Exception {
        Map<String, Object> spec = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) object("Deployment")
                .get("spec")).get("template")).get("spec");
        Map<String, Object> c = ((List<Map<String, Object>>) spec.get("containers")).get(0);
        List<String> args = new ArrayList<>((List<String>) c.get("args"));
        assertEquals("backups", args.get(0));
        assertTrue(String.join(" ", args).contains("--serve :9187"), args.toString());
        args.add("--help");   // parses every option, runs nothing
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args.toArray(String[]::new), new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), Map.of());
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        assertEquals("runner-backup-exporter", spec.get("serviceAccountName"));
        Map<String, Object> probe = (Map<String, Object>) ((Map<String, Object>) c.get("livenessProbe")).get("httpGet");
        assertEquals("/healthz", probe.get("path"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theRoleGrantsExecPodsTheDrillJobsAndWritesOnlyTheDrillsConfigMap() throws Exception {
        List<Map<String, Object>> rules = (List<Map<String, Object>>) object("Role").get("rules");
        assertTrue(grants(rules, "pods", "list") && grants(rules, "pods", "get"), rules.toString());
        assertTrue(grants(rules, "pods/exec", "create") && grants(rules, "pods/exec", "get"), rules.toString());
        assertTrue(grants(rules, "configmaps", "get"), rules.toString());
        assertTrue(grants(rules, "jobs", "list") && grants(rules, "pods/log", "get"), "scheduled drills: " + rules);
        for (Map<String, Object> r : rules) {
            List<String> verbs = (List<String>) r.get("verbs");
            assertTrue(verbs.stream().noneMatch(v -> List.of("create", "patch", "delete", "deletecollection", "*")
                    .contains(v)) || ((List<String>) r.get("resources")).equals(List.of("pods/exec")), "rule " + r);
            if (verbs.contains("update")) {
                assertEquals(List.of("configmaps"), r.get("resources"), "writes only the drills' ConfigMap: " + r);
                assertEquals(List.of("runner-verify-postgres"), r.get("resourceNames"), r.toString());
            }
        }
    }

    @SuppressWarnings("unchecked")
    static boolean grants(List<Map<String, Object>> rules, String resource, String verb) {
        return rules.stream().anyMatch(r -> ((List<String>) r.get("resources")).contains(resource)
                && ((List<String>) r.get("verbs")).contains(verb));
    }
}
