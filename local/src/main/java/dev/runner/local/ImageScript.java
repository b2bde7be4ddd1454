package dev.runner.local;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the archiver image's entrypoint, {@code k8s/image/runner-pg.sh} of the runner checkout: from the system
 * property {@code runner.home} or env RUNNER_HOME, else upwards from the working directory, else upwards from
 * where this class was loaded (local/target/…).
 */
public final class ImageScript {
    static final String RELATIVE = "k8s/image/runner-pg.sh";

    private ImageScript() {}

    public static Path locate() {
        List<Path> starts = new ArrayList<>();
        String home = System.getProperty("runner.home", System.getenv("RUNNER_HOME"));
        if (home != null) {
            starts.add(Path.of(home));
        }
        starts.add(Path.of("").toAbsolutePath());
        try {
            starts.add(Path.of(ImageScript.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        } catch (URISyntaxException | RuntimeException e) {
            // no code source: the other starts remain
        }
        for (Path start : starts) {
            for (Path p = start; p != null; p = p.getParent()) {
                if (Files.isRegularFile(p.resolve(RELATIVE))) {
                    return p.resolve(RELATIVE).toAbsolutePath();
                }
            }
        }
        return Path.of(RELATIVE).toAbsolutePath();
    }
}
