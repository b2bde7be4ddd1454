package dev.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.model.Secrets;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainTest {
    final Cli cli = new Cli();

    @Test
    void versionAndHelp() {
        assertEquals(0, cli.run("--version"));
        assertTrue(cli.out.startsWith("runner "), cli.out);
        assertEquals(0, cli.run("--help"));
        String mainHelp = cli.out;
        for (String cmd : new String[] {"validate", "plan", "graph", "schema"}) {
            assertTrue(mainHelp.contains("  " + cmd + " "), mainHelp);
            assertEquals(0, cli.run(cmd, "--help"), cmd);
            assertTrue(cli.out.startsWith("Usage: runner " + cmd), cli.out);
            assertTrue(cli.out.contains("Exit codes:"), cmd + " documents its exit codes");
        }
        assertEquals(0, cli.run("help", "plan"));
        assertTrue(cli.out.contains("--params-file"), cli.out);
        for (String cmd : new String[] {"validate", "plan"}) { // one built in code, one from annotations
            assertEquals(0, cli.run(cmd, "-V"), cmd);
            assertTrue(cli.out.startsWith("runner "), cmd + ": " + cli.out);
        }
    }

    @Test
    void usageErrorsExitTwoWithoutStackTrace() {
        assertEquals(2, cli.run("frobnicate"));
        assertEquals("runner: unknown command 'frobnicate'\nsee 'runner --help'\n", cli.err);
        assertEquals(2, cli.run("valdate", "x.yaml"));
        assertEquals("runner: unknown command 'valdate' (did you mean 'validate'?)\nsee 'runner --help'\n", cli.err);
        assertEquals(2, cli.run("plan", Cli.file("hello.yaml"), "-p", "loud"));
        assertTrue(cli.err.startsWith("runner: Value for option '--param' (KEY=VALUE) should be in KEY=VALUE format"),
                cli.err);
        assertTrue(cli.err.endsWith("\nsee 'runner plan --help'\n"), cli.err);
        cli.assertNoStackTrace();
        assertEquals(2, cli.run());
        assertTrue(cli.err.contains("Usage: runner"), cli.err);
        assertEquals(2, cli.run("plan", "--output", "xml", Cli.file("hello.yaml")));
        cli.assertNoStackTrace();
        assertEquals(2, cli.run("validate"));
        assertTrue(cli.err.contains("Missing required parameter: 'FILE'"), cli.err);
    }

    /** main() itself, in a JVM of its own: it returns or calls System.exit, and the process must say the same. */
    @Test
    void theProcessExitsWithTheCommandsCode() throws Exception {
        assertEquals(0, mainProcess("validate", Cli.file("hello.yaml")));
        assertEquals(2, mainProcess("validate", Cli.file("broken.yaml")));
        assertEquals(2, mainProcess("frobnicate"));
    }

    private static int mainProcess(String... args) throws Exception {
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(java.util.List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "runner did not exit: " + cmd);
        return p.exitValue();
    }

    @Test
    void pluginsAddCommands() {
        assertEquals(0, cli.run("plugin-hello"));
        assertTrue(cli.out.startsWith("hello from a plugin; step types: ["), cli.out);
        assertTrue(cli.out.contains(" log,") && cli.out.contains(" shell"), cli.out);
    }

    @Test
    void internalErrorsAreOneLineUnlessDebugging() {
        Secrets secrets = new Secrets();
        secrets.add("hunter2");
        StringWriter quiet = new StringWriter();
        int code = new ErrorHandler(secrets, false).handle(new IllegalStateException("boom hunter2"),
                new PrintWriter(quiet));
        assertEquals(1, code);
        assertEquals("runner: boom *** (internal error; set RUNNER_DEBUG=1 for details)\n", quiet.toString());
        StringWriter loud = new StringWriter();
        new ErrorHandler(secrets, true).handle(new IllegalStateException("boom hunter2"), new PrintWriter(loud));
        assertTrue(loud.toString().contains("\tat "), loud.toString());
        assertFalse(loud.toString().contains("hunter2"), loud.toString());
        StringWriter user = new StringWriter();
        assertEquals(2, new ErrorHandler(secrets, false).handle(new UserError("no such run"), new PrintWriter(user)));
        assertEquals("runner: no such run\n", user.toString());
    }

    @Test
    void clusterOptionsBecomeSettings() {
        ClusterOptions opts = new ClusterOptions();
        new CommandLine(new Object() {
            @CommandLine.Mixin
            ClusterOptions o = opts;
        }).parseArgs("--context", "prod", "-n", "db");
        assertEquals(Map.of("kubeconfig", "/k/config", "context", "prod", "namespace", "db"),
                opts.settings(Map.of("KUBECONFIG", "/k/config")));
        new CommandLine(new Object() {
            @CommandLine.Mixin
            ClusterOptions o = opts;
        }).parseArgs("--kubeconfig", "/mine");
        assertEquals("/mine", opts.settings(Map.of("KUBECONFIG", "/k/config")).get("kubeconfig"));
    }
}
