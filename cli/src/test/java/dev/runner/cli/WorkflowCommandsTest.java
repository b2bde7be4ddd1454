package dev.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.step.StepRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class WorkflowCommandsTest {
    static final String SECRET = "pa55-w0rd-from-env";
    final Cli cli = new Cli();

    @Test
    void validateReportsEveryFile() {
        assertEquals(0, cli.run("validate", Cli.file("hello.yaml")));
        assertEquals(Cli.file("hello.yaml") + ": valid (5 steps)\n", cli.out);
        assertEquals(2, cli.run("validate", Cli.file("hello.yaml"), Cli.file("broken.yaml")));
        assertTrue(cli.out.contains("hello.yaml: valid"), cli.out);
        assertTrue(cli.err.contains("broken.yaml:6:11: unknown step type 'lgo' (did you mean 'log'?)"), cli.err);
        assertTrue(cli.err.contains("broken.yaml:10:13: unknown step 'three'"), cli.err);
        cli.assertNoStackTrace();
    }

    @Test
    void unreadableInputIsAUserErrorToo() {
        assertEquals(2, cli.run("validate", Cli.file("steps"), Cli.file("missing.yaml")));
        assertTrue(cli.err.contains(Cli.file("steps") + ":1:1: is a directory, not a workflow file\n"), cli.err);
        assertTrue(cli.err.contains(Cli.file("missing.yaml") + ":1:1: no such file\n"), cli.err);
        cli.assertNoStackTrace();
        assertEquals(2, cli.run("plan", Cli.file("hello.yaml"), "--params-file", Cli.file("missing.yaml")));
        assertTrue(cli.err.contains("missing.yaml:1:1: no such file"), cli.err);
        cli.assertNoStackTrace();
    }

    @Test
    void planPrintsStepsAndMasksSecrets() {
        cli.env.put("RUNNER_TEST_PW", SECRET);
        assertEquals(0, cli.run("plan", Cli.file("hello.yaml")));
        assertFalse((cli.out + cli.err).contains(SECRET), cli.out);
        assertTrue(cli.out.startsWith("Workflow hello ("), cli.out);
        assertTrue(cli.out.contains("  password   ***     Store password (secret)  [from env RUNNER_TEST_PW]\n"),
                cli.out);
        assertTrue(cli.out.contains("  namespace  hasura  Namespace to greet\n"), cli.out);
        assertTrue(cli.out.contains("  1. greet (shell)\n     ~ run a shell command\n         $ echo hello hasura\n"
                + "     with:\n       run: echo hello hasura\n"), cli.out);
        assertTrue(cli.out.contains("  2. login (shell)  needs: greet\n     ~ run a shell command\n"), cli.out);
        assertTrue(cli.out.contains("env PASSWORD=***\n"), cli.out);
        assertTrue(cli.out.contains("env GREETING=<output of step greet>\n"), cli.out);
        assertTrue(cli.out.contains("  3. shout (log)  needs: greet\n     when: ${params.loud} (false)\n     - skipped"),
                cli.out);
        assertTrue(cli.out.endsWith("\n5 steps: 3 will change, 1 skipped\n"), cli.out);

        assertEquals(0, cli.run("plan", Cli.file("hello.yaml"), "-p", "loud=true", "-p", "password=" + SECRET + "2"));
        assertFalse(cli.out.contains(SECRET), cli.out);
        assertTrue(cli.out.endsWith("\n5 steps: 3 will change, 0 skipped\n"), cli.out);
    }

    @Test
    void planAsJson() {
        cli.env.put("RUNNER_TEST_PW", SECRET);
        assertEquals(0, cli.run("plan", "--output", "json", Cli.file("hello.yaml")));
        assertFalse((cli.out + cli.err).contains(SECRET), cli.out);
        JsonNode plan = JsonMapper.shared().readTree(cli.out);
        assertEquals("hello", plan.get("workflow").get("name").asString());
        assertEquals(List.of("greet", "login", "shout", "notify.compose", "notify.send"),
                plan.get("steps").valueStream().map(s -> s.get("id").asString()).toList());
        assertEquals("***", plan.get("steps").get(1).get("with").get("env").get("PASSWORD").asString());
        assertEquals("skipped", plan.get("steps").get(2).get("status").asString());
        assertEquals(5, plan.get("summary").get("steps").asInt());
    }

    @Test
    void planOfAnInvalidFileExitsTwo() {
        assertEquals(2, cli.run("plan", Cli.file("broken.yaml")));
        assertTrue(cli.err.contains("broken.yaml:6:11: unknown step type"), cli.err);
        assertEquals("", cli.out);
        cli.assertNoStackTrace();
    }

    @Test
    void graphInBothFormats() {
        assertEquals(0, cli.run("graph", Cli.file("hello.yaml")));
        assertTrue(cli.out.startsWith("flowchart TD\n"), cli.out);
        assertTrue(cli.out.contains("  subgraph g0[\"notify\"]\n    s3[\"notify.compose<br/>log\"]\n"), cli.out);
        assertTrue(cli.out.contains("  s2 --> s3\n"), cli.out);
        assertEquals(0, cli.run("graph", "--format", "dot", Cli.file("hello.yaml")));
        assertTrue(cli.out.startsWith("digraph \"hello\" {\n"), cli.out);
        assertTrue(cli.out.contains("  subgraph \"cluster_notify\" {\n"), cli.out);
        assertTrue(cli.out.contains("  \"shout\" -> \"notify.compose\";\n"), cli.out);
        assertEquals(2, cli.run("graph", Cli.file("broken.yaml")));
    }

    @Test
    void schemaIsJsonWithEveryTypesWithSchema() {
        assertEquals(0, cli.run("schema"));
        JsonNode schema = JsonMapper.shared().readTree(cli.out);
        JsonNode defs = schema.get("$defs");
        assertEquals("object", defs.get("with-log").get("type").asString());
        assertTrue(defs.get("with-log").get("properties").has("message"));
        assertTrue(defs.get("with-shell").get("properties").has("run"));
        assertFalse(defs.get("with-shell").get("additionalProperties").asBoolean());
        for (String type : StepRegistry.discover().names()) {
            assertTrue(defs.has("with-" + type), "schema lacks the with of " + type);
        }
    }
}
