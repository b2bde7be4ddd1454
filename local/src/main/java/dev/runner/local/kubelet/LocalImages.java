package dev.runner.local.kubelet;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The images the local cluster runs, built by {@code scripts/build-images.sh} (debootstrapped bookworm, a stand-in
 * for postgres:15, the archiver image from k8s/image/Dockerfile, kubectl, a placeholder), each tagged by a hash of
 * its inputs so a machine builds them once. No registry is reachable, so a pod's image name is mapped to one of
 * these: see {@link #resolve}.
 */
public final class LocalImages {
    private static LocalImages built;
    private final Map<String, String> refs;
    private final Path runnerHome;
    private String runner;

    LocalImages(Map<String, String> refs) {
        this(refs, null);
    }

    private LocalImages(Map<String, String> refs, Path runnerHome) {
        this.refs = Map.copyOf(refs);
        this.runnerHome = runnerHome;
    }

    /**
     * Builds (or finds, by input hash) the images; the script's progress lines go to stderr. Once per JVM: the
     * script is cheap when nothing changed, but still a few podman calls.
     */
    public static synchronized LocalImages build(Path runnerHome) {
        if (built == null) {
            built = new LocalImages(script(runnerHome), runnerHome);
        }
        return built;
    }

    /**
     * The runner's own image (cli/image/Dockerfile), built from the packaged CLI in cli/target when its inputs
     * changed ({@code build-images.sh runner}); its reference.
     */
    public static String runner(Path runnerHome) {
        String ref = script(runnerHome, "runner").get("runner");
        if (ref == null) {
            throw new IllegalStateException("scripts/build-images.sh runner did not report the runner image");
        }
        return ref;
    }

    private synchronized String runnerImage() {
        if (runner == null) {
            runner = runner(runnerHome);
        }
        return runner;
    }

    /** Runs the script; its stdout lines NAME=REFERENCE. */
    private static Map<String, String> script(Path runnerHome, String... args) {
        try {
            java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of(
                    runnerHome.resolve("scripts/build-images.sh").toString()));
            cmd.addAll(java.util.List.of(args));
            Process p = new ProcessBuilder(cmd).directory(runnerHome.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            p.getOutputStream().close();
            Map<String, String> refs = new LinkedHashMap<>();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    int eq = line.indexOf('=');
                    if (eq > 0) {
                        refs.put(line.substring(0, eq), line.substring(eq + 1));
                    }
                }
            }
            int code = p.waitFor();
            if (code != 0) {
                throw new IllegalStateException("scripts/build-images.sh failed (exit " + code + "; its output is above)");
            }
            return refs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while building images", e);
        }
    }

    /** The built image called {@code name} (bookworm, postgres, archiver, kubectl, placeholder). */
    public String ref(String name) {
        String ref = refs.get(name);
        if (ref == null) {
            throw new IllegalStateException("scripts/build-images.sh did not report an image named " + name);
        }
        return ref;
    }

    /**
     * The local image for a pod's image name: {@code postgres} is the stand-in for the official image; a name with
     * {@code postgres} or {@code runner-pg} in it otherwise is the archiver image (k8s/image/Dockerfile); kubectl
     * images are Debian's kubectl; general-purpose bases (busybox, debian, …) are the bookworm base; anything else
     * (the auth and data apps) is the placeholder. An image named {@code runner} is the runner's own
     * (cli/image/Dockerfile), built from the packaged CLI the first time a pod asks for it.
     */
    String resolve(String image) {
        String repo = ImageKind.repository(image);
        String last = repo.substring(repo.lastIndexOf('/') + 1);
        if (last.equals("postgres")) {
            return ref("postgres");
        }
        if (last.equals("runner") && runnerHome != null) {
            return runnerImage();
        }
        return switch (ImageKind.of(image)) {
            case ARCHIVER -> ref("archiver");
            case SHELL -> last.equals("kubectl") ? ref("kubectl") : ref("bookworm");
            case PLACEHOLDER -> ref("placeholder");
        };
    }
}
