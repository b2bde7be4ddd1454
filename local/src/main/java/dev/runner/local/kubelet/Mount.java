package dev.runner.local.kubelet;

import java.nio.file.Path;

/** A local directory (or file) seen inside a pod at {@code target}. */
record Mount(Path source, String target, boolean readOnly) {}
