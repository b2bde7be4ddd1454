package dev.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** What the module split promises at run time: one provider list for the cold path, and no fabric8 on it. */
class ModuleBoundariesTest {
    static final String STEP_TYPES = "META-INF/services/dev.runner.step.StepType";

    @Test
    void theClisProviderFileListsExactlyTheTypesOfEngineAndK8s() throws IOException {
        Set<String> cli = new TreeSet<>();
        Set<String> modules = new TreeSet<>();
        for (URL u : Collections.list(getClass().getClassLoader().getResources(STEP_TYPES))) {
            String where = u.toExternalForm();
            if (where.contains("/cli/target/classes/") || where.contains("runner-cli")) {
                cli.addAll(providers(u));
            } else if (where.contains("/engine/") || where.contains("/k8s/")) {
                modules.addAll(providers(u));
            }
        }
        assertTrue(modules.contains("dev.runner.k8s.ApplyStep") && modules.contains("dev.runner.step.builtin.LogStep"),
                modules.toString());
        assertEquals(modules, cli, "cli/src/main/resources/" + STEP_TYPES + " must list the engine's and k8s' types");
    }

    @Test
    void validateOfTheShippedWorkflowsLoadsNoFabric8Class() throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:class+load=info", "-cp", System.getProperty("java.class.path"), Main.class.getName(), "validate"));
        try (Stream<Path> s = Files.list(Path.of("..", "workflows"))) {
            s.filter(p -> p.toString().endsWith(".yaml")).sorted().map(Path::toString).forEach(cmd::add);
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out.lines().filter(l -> !l.contains("[class,load]")).collect(Collectors.joining("\n")));
        assertTrue(out.contains("dev.runner.k8s.ApplyStep"), "the k8s types were loaded (their schemas are read)");
        List<String> fabric8 = out.lines().filter(l -> l.contains(" io.fabric8.")).limit(5).toList();
        assertEquals(List.of(), fabric8, "validate must not load fabric8");
    }

    private static Set<String> providers(URL u) throws IOException {
        try (InputStream in = u.openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).collect(Collectors.toCollection(TreeSet::new));
        }
    }
}
