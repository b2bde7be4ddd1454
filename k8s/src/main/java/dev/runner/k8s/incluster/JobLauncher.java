package dev.runner.k8s.incluster;

import dev.runner.k8s.cluster.Calls;
import dev.runner.k8s.cluster.ClusterTarget;
import dev.runner.k8s.cluster.Clusters;
import dev.runner.launch.ClusterLauncher;
import dev.runner.launch.LaunchException;
import dev.runner.launch.LaunchRequest;
import dev.runner.step.StepException;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.security.SecureRandom;
import java.util.Locale;

/**
 * {@code runner run --in-cluster}: creates the run's objects ({@link LaunchObjects}) in the target namespace,
 * starts the Job and follows its pod ({@link JobFollower}) until the run ends; its exit code is the run's. Ctrl-C
 * detaches (the Job goes on; how to follow it is printed) or, with {@code --cancel}, deletes the Job and so stops
 * the run (https://kubernetes.io/docs/concepts/workloads/controllers/job/#job-termination-and-cleanup).
 */
public final class JobLauncher implements ClusterLauncher {
    private static final SecureRandom RANDOM = new SecureRandom();

    @Override
    public int launch(LaunchRequest req) throws LaunchException, InterruptedException {
        ClusterTarget t;
        try (Clusters clusters = new Clusters(req.settings(), System.getenv())) {
            try {
                t = clusters.target(null, null);
            } catch (StepException e) {
                throw new LaunchException(e.getMessage(), e);
            }
            String name = name(req.workflowName());
            LaunchObjects objects = new LaunchObjects(req, name, t.namespace());
            try {
                for (HasMetadata o : objects.prerequisites()) {
                    t.client().resource(o).create();
                }
                t.client().resource(objects.job()).create();
            } catch (KubernetesClientException e) {
                throw new LaunchException("cannot start the run in namespace " + t.namespace() + ": "
                        + Calls.reason(e) + cleanup(t, name), e);
            }
            req.out().accept("runner: started Job " + t.namespace() + "/" + name + " (image " + req.image()
                    + ", ServiceAccount " + name + " with the workflow's declared access)");
            JobFollower.Outcome outcome = new JobFollower(t, name, req.out(), req.cancellation()).follow();
            return switch (outcome.kind()) {
                case FINISHED -> outcome.exitCode();
                case INTERRUPTED -> interrupted(req, t, name);
            };
        }
    }

    private static int interrupted(LaunchRequest req, ClusterTarget t, String name) {
        if (req.cancel()) {
            t.client().batch().v1().jobs().inNamespace(t.namespace()).withName(name)
                    .withPropagationPolicy(DeletionPropagation.FOREGROUND).delete();
            req.out().accept("runner: --cancel: deleted Job " + t.namespace() + "/" + name
                    + " and its pod; the run is stopped where it was" + cleanup(t, name));
        } else {
            req.out().accept("runner: detached; the run goes on in Job " + t.namespace() + "/" + name
                    + ". Follow it: kubectl -n " + t.namespace() + " logs -f job/" + name
                    + "; stop it: kubectl -n " + t.namespace() + " delete job " + name);
        }
        return 3;
    }

    private static String cleanup(ClusterTarget t, String name) {
        return ". Remove its objects: kubectl -n " + t.namespace() + " delete job,configmap,secret,serviceaccount,role,"
                + "rolebinding -l " + LaunchObjects.LABEL + "=" + name + " (and clusterrole,clusterrolebinding"
                + " with that label, if any)";
    }

    /** runner-WORKFLOW-xxxxx: a DNS-1123 label (the Job's pods add their own suffix to it). */
    static String name(String workflow) {
        String w = workflow.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-").replaceAll("-+", "-")
                .replaceAll("^-|-$", "");
        if (w.length() > 30) {
            w = w.substring(0, 30).replaceAll("-$", "");
        }
        StringBuilder suffix = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            suffix.append("bcdfghjklmnpqrstvwxz2456789".charAt(RANDOM.nextInt(27)));
        }
        return "runner-" + (w.isEmpty() ? "" : w + "-") + suffix;
    }
}
