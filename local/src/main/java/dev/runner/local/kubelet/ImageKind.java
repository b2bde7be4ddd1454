package dev.runner.local.kubelet;

import java.util.Locale;
import java.util.Set;

/**
 * How the local kubelet runs a container, decided by its image name (registry, tag and digest ignored):
 * <ul>
 * <li>{@link #ARCHIVER}: the name contains {@code postgres} or {@code runner-pg} — the archiver image (postgres +
 * pgBackRest). Runs {@code k8s/image/runner-pg.sh} (the image's entrypoint) with the container's command/args, as
 * user {@code postgres}, with the installed PostgreSQL's bin directory on PATH;</li>
 * <li>{@link #SHELL}: a general-purpose base image (busybox, alpine, debian, ubuntu, bash) or a kubectl image — its
 * command runs as given on this machine (kubectl is pointed at this cluster's API server);</li>
 * <li>{@link #PLACEHOLDER}: anything else (the auth and data apps …) — a tiny shell process that prints its
 * environment variable names and then idles, Ready at once, so restarts and env values are observable.</li>
 * </ul>
 */
enum ImageKind {
    ARCHIVER, SHELL, PLACEHOLDER;

    private static final Set<String> SHELL_IMAGES = Set.of("busybox", "alpine", "debian", "ubuntu", "bash", "kubectl");

    static ImageKind of(String image) {
        String name = repository(image);
        if (name.contains("postgres") || name.contains("runner-pg")) {
            return ARCHIVER;
        }
        String last = name.substring(name.lastIndexOf('/') + 1);
        return SHELL_IMAGES.contains(last) ? SHELL : PLACEHOLDER;
    }

    /** The image name without registry port, tag or digest, lower-cased. */
    static String repository(String image) {
        String s = image == null ? "" : image.toLowerCase(Locale.ROOT);
        int at = s.indexOf('@');
        if (at >= 0) {
            s = s.substring(0, at);
        }
        int colon = s.lastIndexOf(':');
        if (colon > s.lastIndexOf('/')) {
            s = s.substring(0, colon);
        }
        return s;
    }
}
