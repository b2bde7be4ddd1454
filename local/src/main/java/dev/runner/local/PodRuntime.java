package dev.runner.local;

import dev.runner.local.kubelet.LocalImages;
import dev.runner.local.kubelet.Podman;

/**
 * How a local cluster's kubelet runs pods: as podman containers from the images scripts/build-images.sh builds
 * (the default, as on a real node), or as host processes (an explicit choice, e.g. {@code runner demo
 * --processes}, for machines without root or podman).
 */
public enum PodRuntime {
    CONTAINERS, PROCESSES;

    /**
     * Containers wherever podman is usable as root. Elsewhere: with CI=true a loud failure (a container test must
     * never quietly become a process test there), otherwise the process runtime with one line on stderr.
     */
    public static PodRuntime auto() {
        String missing = Podman.missing();
        if (missing == null) {
            return CONTAINERS;
        }
        if ("true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("CI=true and pods cannot run as containers here: " + missing);
        }
        System.err.println("local cluster: pods run as host processes (" + missing + ")");
        return PROCESSES;
    }

    /** The images the kubelet runs pods from (built once per machine, then found by hash), or null for processes. */
    LocalImages images() {
        return this == CONTAINERS ? LocalImages.build(ImageScript.home()) : null;
    }
}
