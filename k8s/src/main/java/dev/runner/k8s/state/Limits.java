package dev.runner.k8s.state;

import java.time.Duration;

/**
 * Sizes and times of the cluster state. etcd refuses a request over 1.5 MiB and the API server an object of
 * kind ConfigMap whose data exceeds 1 MiB (https://kubernetes.io/docs/concepts/configuration/configmap/#motivation,
 * "The data stored in a ConfigMap cannot exceed 1 MiB"), so every object stays well below that: a journal chunk
 * takes events until {@code chunkBytes} (one event alone may take up to {@code eventBytes}), and a snapshot is
 * written only while it is at most {@code snapshotBytes}.
 *
 * @param leaseDuration leaseDurationSeconds of the lock; renewed every third of it
 */
public record Limits(int chunkBytes, int eventBytes, int snapshotBytes, Duration leaseDuration) {
    public static final Limits DEFAULT = new Limits(64 * 1024, 256 * 1024, 512 * 1024, Duration.ofSeconds(15));

    public Limits {
        if (eventBytes < chunkBytes || leaseDuration.toSeconds() < 1) {
            throw new IllegalArgumentException("an event must fit a chunk and a lease last at least a second");
        }
    }

    public Limits withLeaseDuration(Duration d) {
        return new Limits(chunkBytes, eventBytes, snapshotBytes, d);
    }
}
