package dev.runner.k8s;

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
}
