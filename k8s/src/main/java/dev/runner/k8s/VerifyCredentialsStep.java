package dev.runner.k8s;

import dev.runner.k8s.access.Access;
import dev.runner.step.AccessArgs;
import dev.runner.step.ApiAccess;
import java.util.List;
import dev.runner.k8s.pg.VerifyCredentials;
import dev.runner.step.StepOutputs;

/** {@code verify-credentials}: the password in a Secret must open its role in the (recovered) database. */
public final class VerifyCredentialsStep extends KubeStepType {
    public VerifyCredentialsStep() {
        super("verify-credentials", "Check that the password in a Secret opens its role in the running database"
                + " (the password never leaves the runner)", true, StepOutputs.of("user"),
                VerifyCredentials::new);
    }

    // reads the password from its Secret and tries it with psql in the pod

    @Override
    public List<ApiAccess> apiAccess(AccessArgs args) {
        return Access.of(args).add("", "secrets", "get").execInPod().list();
    }
}
