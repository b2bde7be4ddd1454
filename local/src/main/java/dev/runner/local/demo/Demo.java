package dev.runner.local.demo;

import dev.runner.local.ImageScript;
import dev.runner.local.LocalEnvironment;
import dev.runner.local.PodRuntime;
import dev.runner.local.kubelet.LocalImages;
import dev.runner.local.store.S3ProxyServer;
import dev.runner.local.store.TlsCert;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code runner demo}: two local clusters (old, new) and a local S3-compatible store; the original setup in both;
 * configure-backup on old; rows written, a point in time recorded, rows written that must not come back;
 * recovery to that point on new; post-recovery; a summary. Every workflow runs through the real CLI.
 */
public final class Demo {
    static final String BUCKET = "backups";

    /** A phase failed for a reason the user can act on (the message says which); exitCode is the demo's. */
    public static final class Failure extends RuntimeException {
        private final int exitCode;

        public Failure(String message) {
            this(message, 1);
        }

        Failure(String message, int exitCode) {
            super(message);
            this.exitCode = exitCode;
        }

        public int exitCode() {
            return exitCode;
        }
    }

    /**
     * workDir: where clusters, store and state live; keep: leave everything up until Ctrl-C; runtime: pods as
     * podman containers (the default) or as host processes.
     */
    public record Options(Path workDir, boolean keep, boolean clusterOnly, PodRuntime runtime) {
        public Options(Path workDir, boolean keep, boolean clusterOnly) {
            this(workDir, keep, clusterOnly, PodRuntime.CONTAINERS);
        }
    }

    private final Options options;
    private final PrintStream out;
    private final WorkflowRunner runner;
    private final Path home;
    private final Phases phases;
    private LocalEnvironment env;
    private S3ProxyServer s3;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean finished;

    public Demo(Options options, PrintStream out, WorkflowRunner runner) {
        this.options = options;
        this.out = out;
        this.runner = runner;
        this.home = ImageScript.home();
        this.phases = new Phases(out);
    }

    public int run() throws Exception {
        Thread hook = new Thread(this::close, "demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        boolean stayUp = options.keep() || options.clusterOnly();
        try {
            phases.run("prerequisites (scripts/install-deps.sh)", () -> Prereqs.ensure(out, home, options.runtime()));
            if (options.runtime() == PodRuntime.CONTAINERS) {
                phases.run("images (scripts/build-images.sh: built once, then found by content hash)",
                        () -> LocalImages.build(home));
            }
            phases.run("start: clusters old + new, S3 store", this::start);
            phases.run("starting state in both clusters", this::startingState);
            if (!options.clusterOnly()) {
                Scenario scenario = new Scenario(env.cluster("old").client(), env.cluster("new").client(), out);
                scenario.rememberTemplate();
                phases.run("configure-backup on old", () -> workflow("configure-backup", "old", repoParams()));
                phases.run("write rows, record the target, write rows that must not come back", scenario::write);
                List<String> recovery = new ArrayList<>(repoParams());
                // windowContext: old's postgres tells the window's end time (pg_stat_archiver)
                recovery.addAll(List.of("target=time", "targetValue=" + scenario.target(), "windowContext=old"));
                phases.run("recovery on new to the target", () -> workflow("recovery", "new", recovery));
                phases.run("post-recovery old -> new", () -> workflow("post-recovery", null,
                        List.of("fromContext=old", "toContext=new")));
                phases.run("stop-backup on old", () -> workflow("stop-backup", "old", List.of(pgUser())));
                scenario.checkStopped();
                scenario.summary(phases.times(), env.kubeconfig());
                if (!scenario.verified()) {
                    return 1;
                }
            }
            if (options.clusterOnly()) {
                new YourOwnRuns(home, env.kubeconfig(), options.workDir(), repoParams()).print(out);
            }
            if (stayUp) {
                out.println("\nThe clusters stay up. Look around:\n  kubectl --kubeconfig " + env.kubeconfig()
                        + " --context old get pods -n hasura\n  kubectl --kubeconfig " + env.kubeconfig()
                        + " --context new get deploy,pods -n hasura\nCtrl-C stops everything.");
                finished = true;
                stopped.await();
            }
            return 0;
        } finally {
            close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // shutting down: the hook is running
            }
        }
    }

    /**
     * Ends a demo that has done its work and stays up (--keep, --cluster-only): {@link #run()} returns 0. False
     * while it still works (then an interruption is one).
     */
    public boolean stopIfFinished() {
        if (finished) {
            stopped.countDown();
        }
        return finished;
    }

    private void start() throws Exception {
        Files.createDirectories(options.workDir());
        env = LocalEnvironment.start(options.workDir().resolve("clusters"), ImageScript.locate(), true,
                List.of("old", "new"), options.runtime());
        Path store = options.workDir().resolve("s3");
        Files.createDirectories(store);
        s3 = S3ProxyServer.start(s3proxyJar(), store, TlsCert.create(options.workDir().resolve("tls")), BUCKET);
        out.println("    API servers: old " + env.cluster("old").url() + ", new " + env.cluster("new").url()
                + "; S3 store https://" + s3.endpoint() + " (bucket " + BUCKET + ")");
        out.println("    kubeconfig: " + env.kubeconfig());
        out.println("    pods run as " + (options.runtime() == PodRuntime.CONTAINERS
                ? "podman containers from the images above" : "host processes (--processes)"));
    }

    private void startingState() throws Exception {
        KubernetesClient old = env.cluster("old").client();
        KubernetesClient fresh = env.cluster("new").client();
        StartingState.create(old, "old-pg-" + Long.toHexString(System.nanoTime()),
                "old-admin-" + Long.toHexString(System.nanoTime()));
        StartingState.create(fresh, "new-pg-" + Long.toHexString(System.nanoTime()),
                "new-admin-" + Long.toHexString(System.nanoTime()));
        for (KubernetesClient c : List.of(old, fresh)) {
            for (String app : List.of("postgres", "auth", "data")) {
                Pods.ready(c, app, java.time.Duration.ofMinutes(3));
            }
        }
        Scenario.seed(old);
    }

    private List<String> repoParams() {
        return List.of("repoType=s3-compatible", "s3Bucket=" + BUCKET, "s3Endpoint=" + s3.endpoint(),
                "verifyTls=n", "image=runner/postgres-pgbackrest:15", pgUser());
    }

    private static String pgUser() {
        return "pgUser=" + StartingState.PG_USER;
    }

    private void workflow(String name, String context, List<String> params) {
        List<String> args = new ArrayList<>(List.of("run", home.resolve("workflows/" + name + ".yaml").toString(),
                "--kubeconfig", env.kubeconfig().toString()));
        if (context != null) {
            args.addAll(List.of("--context", context));
        }
        for (String p : params) {
            args.addAll(List.of("-p", p));
        }
        Map<String, String> vars = new HashMap<>(System.getenv());
        vars.put("AWS_ACCESS_KEY_ID", S3ProxyServer.ACCESS_KEY);
        vars.put("AWS_SECRET_ACCESS_KEY", S3ProxyServer.SECRET_KEY);
        vars.put("KUBECONFIG", env.kubeconfig().toString());
        vars.put("RUNNER_STATE_DIR", options.workDir().resolve("state").toString());
        int code = runner.run(args, vars);
        if (code == dev.runner.exec.RunOutcome.INTERRUPTED.exitCode()) {
            throw new Failure("runner run workflows/" + name + ".yaml was interrupted (its state is in "
                    + options.workDir().resolve("state") + ")", code);
        }
        if (code != 0) {
            throw new Failure("runner run workflows/" + name + ".yaml failed (exit " + code + ")");
        }
    }

    private Path s3proxyJar() {
        Path jar = home.resolve("local/target/s3proxy/s3proxy.jar");
        return Files.isRegularFile(jar) ? jar : S3ProxyServer.defaultJar();
    }

    private synchronized void close() {
        if (env != null) {
            env.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }
}
