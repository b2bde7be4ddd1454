package dev.runner.local.demo;

import dev.runner.cli.Main;
import dev.runner.local.ImageScript;
import dev.runner.local.LocalEnvironment;
import dev.runner.local.store.S3ProxyServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The real CLI against one context of the local clusters, with the demo's S3Proxy repository settings and one
 * state directory: in-process ({@link #run}, {@link #plan}, {@link #cli}) or as its own process ({@link #process},
 * a kill -9 target; its output goes to {@code last.log} in {@code dir}).
 */
record WorkflowCli(LocalEnvironment env, S3ProxyServer s3, Path dir, String context, String bucket) {

    record Result(int exit, String text) {
    }

    Result run(String workflow, String... extra) {
        return cli(args("run", workflow, extra));
    }

    /** A workflow without repository params (stop-backup, post-recovery): only pgUser and {@code extra}. */
    Result runWithoutRepository(String workflow, String... extra) {
        List<String> args = new ArrayList<>(List.of("run", ImageScript.home().resolve("workflows/" + workflow
                + ".yaml").toString(), "--context", context, "-p", "pgUser=" + StartingState.PG_USER));
        for (String p : extra) {
            args.addAll(List.of("-p", p));
        }
        return cli(args);
    }

    Result plan(String workflow, String... extra) {
        return cli(args("plan", workflow, extra));
    }

    /** {@code runner backups} for this context's namespace hasura (no state directory). */
    Result backups() {
        return cli(new ArrayList<>(List.of("backups", "--context", context, "-n", StartingState.NS)));
    }

    Result resume() {
        return cli(new ArrayList<>(List.of("resume", "--context", context)));
    }

    /** The CLI as its own process, with runner.fault.killAfter when given; output appended to last.log. */
    Process process(String killAfter, List<String> args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path")));
        if (killAfter != null) {
            cmd.add("-Drunner.fault.killAfter=" + killAfter);
        }
        cmd.add("dev.runner.cli.Main");
        cmd.addAll(withCluster(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("last.log").toFile()));
        pb.environment().putAll(vars());
        return pb.start();
    }

    /** {@code command workflows/<workflow>.yaml --context <context>} with the repository params and {@code extra}. */
    List<String> args(String command, String workflow, String... extra) {
        List<String> args = new ArrayList<>(List.of(command, ImageScript.home().resolve("workflows/" + workflow
                + ".yaml").toString(), "--context", context));
        for (String p : List.of("repoType=s3-compatible", "s3Bucket=" + bucket, "s3Endpoint=" + s3.endpoint(),
                "verifyTls=n", "image=runner/postgres-pgbackrest:15", "pgUser=" + StartingState.PG_USER)) {
            args.addAll(List.of("-p", p));
        }
        for (String p : extra) {
            args.addAll(List.of("-p", p));
        }
        return args;
    }

    Result cli(List<String> args) {
        withCluster(args);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        int code = Main.run(args.toArray(String[]::new), out, out, vars());
        String text = bytes.toString(StandardCharsets.UTF_8);
        System.out.println("$ runner " + String.join(" ", args) + "\n" + text);
        return new Result(code, text);
    }

    private List<String> withCluster(List<String> args) {
        args.addAll(List.of("--kubeconfig", env.kubeconfig().toString()));
        if (!args.get(0).equals("plan") && !args.get(0).equals("backups")) {
            args.addAll(List.of("--state-dir", dir.resolve("state").toString()));
        }
        return args;
    }

    private Map<String, String> vars() {
        Map<String, String> vars = new HashMap<>(System.getenv());
        vars.put("AWS_ACCESS_KEY_ID", S3ProxyServer.ACCESS_KEY);
        vars.put("AWS_SECRET_ACCESS_KEY", S3ProxyServer.SECRET_KEY);
        return vars;
    }
}
