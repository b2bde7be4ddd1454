package dev.runner.cli.incluster;

import dev.runner.cli.ExitCode;
import dev.runner.cli.UserError;
import dev.runner.exec.Cancellation;
import dev.runner.exec.Interrupts;
import dev.runner.launch.ClusterLauncher;
import dev.runner.launch.LaunchException;
import dev.runner.launch.LaunchRequest;
import dev.runner.load.BoundParams;
import dev.runner.model.Secrets;
import dev.runner.model.Workflow;
import dev.runner.plan.AccessPlanner;
import dev.runner.step.ApiAccess;
import dev.runner.step.StepRegistry;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Consumer;

/**
 * {@code runner run FILE --in-cluster}: ships the workflow, its files and params to the cluster and runs it there
 * as a Job (the k8s module's {@link ClusterLauncher}), its ServiceAccount bound to exactly the access the steps
 * declare (as {@code runner rbac} prints it); this terminal follows the run and takes its exit code.
 */
public final class InClusterRun {
    private InClusterRun() {
    }

    public static int start(InClusterOptions options, Workflow wf, BoundParams bound, Map<String, String> settings,
            Map<String, String> env, StepRegistry registry, Secrets secrets, String version, PrintWriter out,
            Consumer<String> warn) {
        List<ApiAccess> access = new ArrayList<>();
        for (AccessPlanner.StepAccess s : new AccessPlanner(registry).plan(wf, bound, env)) {
            for (ApiAccess a : s.access()) {
                if (a.context() != null) {
                    throw new UserError("step " + s.stepId() + " works through kube context " + a.context()
                            + ": a run inside the cluster reaches only its own cluster; run it from here instead");
                }
                access.add(a);
            }
            s.unknowns().forEach(u -> warn.accept(s.stepId() + " (" + s.type() + "): " + u
                    + " — the run's ServiceAccount is not granted it"));
        }
        Map<String, String> params = new LinkedHashMap<>();
        Map<String, String> secretParams = new LinkedHashMap<>();
        bound.values().forEach((k, v) -> (bound.secretNames().contains(k) ? secretParams : params).put(k, v));
        WorkflowFiles files = WorkflowFiles.of(wf);
        String image = options.image != null ? options.image
                : env.getOrDefault("RUNNER_IMAGE", "runner:" + version);
        ClusterLauncher launcher = ServiceLoader.load(ClusterLauncher.class, InClusterRun.class.getClassLoader())
                .findFirst().orElseThrow(() -> new UserError("--in-cluster needs the Kubernetes module (k8s) on the"
                        + " class path"));
        Cancellation cancellation = new Cancellation();
        Consumer<String> lines = line -> {
            out.println(secrets.mask(line));
            out.flush();
        };
        LaunchRequest req = new LaunchRequest(wf.name(), files.files(), files.entry(), params, secretParams, access,
                settings, image, options.cancel, cancellation, lines);
        try (Interrupts ignored = Interrupts.install(cancellation, m -> lines.accept("runner: " + m))) {
            return launcher.launch(req);
        } catch (LaunchException e) {
            lines.accept("runner: " + e.getMessage());
            return ExitCode.STEP_FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCode.INTERRUPTED;
        }
    }
}
