package dev.runner.state;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The state directory: {@code runs/<run-id>/} (journal.jsonl, snapshot.json, lock) and {@code locks/} (one
 * lock per workflow + target). Location: {@code --state-dir}, else {@code $RUNNER_STATE_DIR}, else
 * {@code .runner} in the current directory.
 */
public record StateDir(Path root) {
    public static final String ENV = "RUNNER_STATE_DIR";
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    public static StateDir resolve(Path option, Map<String, String> env) {
        if (option != null) {
            return new StateDir(option);
        }
        String e = env.get(ENV);
        return new StateDir(Path.of(e != null && !e.isBlank() ? e : ".runner"));
    }

    public Path runs() {
        return root.resolve("runs");
    }

    public Path runDir(String runId) {
        return runs().resolve(runId);
    }

    public static Path runLockFile(Path runDir) {
        return runDir.resolve("lock");
    }

    /** Sortable by start time; the random tail keeps two runs started in the same second apart. */
    public static String newRunId() {
        byte[] r = new byte[3];
        new SecureRandom().nextBytes(r);
        return ZonedDateTime.now(ZoneOffset.UTC).format(ID_TIME) + "-" + HexFormat.of().formatHex(r);
    }

    /** One lock per workflow file and target (kube context, namespace, kubeconfig): two runs must not race there. */
    public Path targetLockFile(Path workflow, Map<String, String> settings) {
        Map<String, String> target = new TreeMap<>();
        for (String k : List.of("context", "namespace", "kubeconfig")) {
            if (settings.get(k) != null) {
                target.put(k, settings.get(k));
            }
        }
        String key = workflow.toAbsolutePath().normalize() + "\n" + target;
        String h = Hashing.sha256(key.getBytes(java.nio.charset.StandardCharsets.UTF_8)).substring(0, 16);
        return root.resolve("locks").resolve(h + ".lock");
    }

    public record Entry(String id, Path dir, RunState state, String problem) {
        public boolean active() {
            return RunLock.isHeld(runLockFile(dir));
        }

        /** The state to show: a RUNNING journal whose lock is free belongs to a process that died. */
        public String label() {
            if (state == null) {
                return "unreadable";
            }
            return state.phase() == RunPhase.RUNNING && !active() ? "crashed" : state.phase().label();
        }
    }

    /** All runs, oldest first. Unreadable run dirs are listed with their problem rather than hidden. */
    public List<Entry> list() throws IOException {
        if (!Files.isDirectory(runs())) {
            return List.of();
        }
        List<Entry> out = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(runs())) {
            for (Path d : dirs.filter(Files::isDirectory).sorted(Comparator.comparing(Path::toString)).toList()) {
                try {
                    out.add(new Entry(d.getFileName().toString(), d, RunStore.load(d), null));
                } catch (IOException | RuntimeException e) {
                    out.add(new Entry(d.getFileName().toString(), d, null, e.getMessage()));
                }
            }
        }
        return out;
    }

    /** The newest run that did not succeed and is not running now: what {@code runner resume} picks by default. */
    public Optional<Entry> latestUnfinished() throws IOException {
        List<Entry> all = list();
        for (int i = all.size() - 1; i >= 0; i--) {
            Entry e = all.get(i);
            if (e.state() != null && e.state().phase() != RunPhase.SUCCEEDED && !e.active()) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }
}
