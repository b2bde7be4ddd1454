package dev.runner.k8s;

import dev.runner.k8s.action.PgdataMountCheck;
import dev.runner.step.StepOutputs;

/** {@code pgdata-mount}: see {@link PgdataMountCheck}. */
public final class PgdataMountStep extends KubeStepType {
    public PgdataMountStep() {
        super("pgdata-mount", "Read where the postgres container keeps PGDATA (its env and the volumeMount holding it);"
                + " refuse a container with no volume for it", true,
                StepOutputs.of("pgdata", "volume", "mountPath", "subPath"), PgdataMountCheck::new);
    }
}
