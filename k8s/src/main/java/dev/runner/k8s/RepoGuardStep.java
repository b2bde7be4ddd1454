package dev.runner.k8s;

import dev.runner.k8s.access.Access;
import dev.runner.step.AccessArgs;
import dev.runner.step.ApiAccess;
import java.util.List;
import dev.runner.k8s.pg.RepoGuardAction;
import dev.runner.step.StepOutputs;

/** {@code repo-guard}: refuse a repository path that holds another database's backups and WAL. */
public final class RepoGuardStep extends KubeStepType {
    public RepoGuardStep() {
        super("repo-guard", "Refuse to archive into a repository path that belongs to another database"
                + " (system identifier check, read-only)", true, StepOutputs.of("outcome", "inPlace", "systemId"),
                RepoGuardAction::new);
    }

    // asks the running server (psql, pgbackrest in its pod) for its identity

    @Override
    public List<ApiAccess> apiAccess(AccessArgs args) {
        return Access.of(args).execInPod().list();
    }
}
