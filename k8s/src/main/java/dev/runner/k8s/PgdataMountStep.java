package dev.runner.k8s;

import dev.runner.k8s.access.Access;
import dev.runner.step.AccessArgs;
import dev.runner.step.ApiAccess;
import java.util.List;
import dev.runner.k8s.action.PgdataMountCheck;
import dev.runner.step.StepOutputs;

/** {@code pgdata-mount}: see {@link PgdataMountCheck}. */
public final class PgdataMountStep extends KubeStepType {
    public PgdataMountStep() {
        super("pgdata-mount", "Read where the postgres container keeps PGDATA (its env and the volumeMount holding it);"
                + " refuse a container with no volume for it", true,
                StepOutputs.of("pgdata", "volume", "mountPath", "subPath"), PgdataMountCheck::new);
    }

    @Override
    public List<ApiAccess> apiAccess(AccessArgs args) {
        return Access.of(args).add("apps", "deployments", "get").list();
    }
}
