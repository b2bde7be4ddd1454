package dev.runner.k8s;

import dev.runner.k8s.access.Access;
import dev.runner.step.AccessArgs;
import dev.runner.step.ApiAccess;
import java.util.List;
import dev.runner.k8s.action.Apply;
import dev.runner.step.StepOutputs;

/** {@code apply}: create or update Kubernetes objects from files or inline manifests. */
public final class ApplyStep extends KubeStepType {
    public ApplyStep() {
        super("apply", "Create or update Kubernetes objects from manifest files or inline manifests", true,
                StepOutputs.of("objects", "created", "updated", "unchanged"),
                () -> new Apply());
    }

    /** Read the live object, then create or update it (server-side apply: patch). */
    static String[] verbs(AccessArgs args) {
        return "server-side".equals(args.with().get("strategy")) ? new String[] {"get", "patch"}
                : new String[] {"get", "create", "update"};
    }

    @Override
    public List<ApiAccess> apiAccess(AccessArgs args) {
        return Access.of(args).objects(ApplyStep.verbs(args)).roleRules().list();
    }
}
