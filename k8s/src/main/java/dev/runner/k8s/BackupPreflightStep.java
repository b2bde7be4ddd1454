package dev.runner.k8s;

import dev.runner.k8s.access.Access;
import dev.runner.step.AccessArgs;
import dev.runner.step.ApiAccess;
import java.util.List;
import dev.runner.k8s.pg.BackupPreflight;
import dev.runner.step.StepOutputs;

/** {@code backup-preflight}: check a recovery target against the repository's recoverable window. */
public final class BackupPreflightStep extends KubeStepType {
    public BackupPreflightStep() {
        super("backup-preflight", "Check a recovery target against the backup repository's recoverable window and"
                + " name the backup set to restore (read-only)", true, StepOutputs.of("backupSet", "type", "target", "targetUtc", "timeline", "windowStart", "windowEnd",
                "windowEndSource", "windowEndLsn"),
                BackupPreflight::new);
    }

    // asks the running server (psql, pgbackrest in its pod) for its window and archiver state

    @Override
    public List<ApiAccess> apiAccess(AccessArgs args) {
        return Access.of(args).execInPod().list();
    }
}
