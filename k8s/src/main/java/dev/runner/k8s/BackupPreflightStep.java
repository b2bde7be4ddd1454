package dev.runner.k8s;

import dev.runner.k8s.pg.BackupPreflight;

/** {@code backup-preflight}: check a recovery target against the repository's recoverable window. */
public final class BackupPreflightStep extends KubeStepType {
    public BackupPreflightStep() {
        super("backup-preflight", "Check a recovery target against the backup repository's recoverable window and"
                + " name the backup set to restore (read-only)", true, BackupPreflight::new);
    }
}
