package dev.runner.state;

import dev.runner.model.Secrets;

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
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The state directory: {@code runs/<run-id>/} (journal.jsonl, snapshot.json, lock) and {@code locks/} (one
 * lock per workflow + target). Location: {@code --state-dir}, else {@code $RUNNER_STATE_DIR}, else
 * {@code .runner} in the current directory.
 */
public record StateDir(Path root) implements StateBackend {
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

    @Override
    public String where() {
        return root.toString();
    }

    @Override
    public TargetLock lockTarget(Path workflow, String workflowName, Map<String, String> settings, String runId,
                                 Consumer<String> warn) throws IOException, LockedException {
        return RunLock.acquire(targetLockFile(workflow, settings), runId, warn);
    }

    @Override
    public TargetLock lockRun(String runId, Consumer<String> warn) throws IOException, LockedException {
        return RunLock.acquire(runLockFile(runDir(runId)), runId, warn);
    }

    @Override
    public RunStorage create(String runId, Event runStarted, Secrets secrets) throws IOException {
        return RunStore.create(runDir(runId), runStarted, secrets);
    }

    @Override
    public RunStorage open(String runId, Secrets secrets) throws IOException {
        return RunStore.open(runDir(runId), secrets);
    }

    @Override
    public Optional<RunState> find(String runId) throws IOException {
        Path d = runDir(runId);
        return Files.isDirectory(d) ? Optional.of(RunStore.load(d)) : Optional.empty();
    }

    /** All runs, oldest first. Unreadable run dirs are listed with their problem rather than hidden. */
    @Override
    public List<RunEntry> list() throws IOException {
        if (!Files.isDirectory(runs())) {
            return List.of();
        }
        List<RunEntry> out = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(runs())) {
            for (Path d : dirs.filter(Files::isDirectory).sorted(Comparator.comparing(Path::toString)).toList()) {
                String id = d.getFileName().toString();
                boolean active = RunLock.isHeld(runLockFile(d));
                try {
                    out.add(new RunEntry(id, RunStore.load(d), null, active));
                } catch (IOException | RuntimeException e) {
                    out.add(new RunEntry(id, null, e.getMessage(), active));
                }
            }
        }
        return out;
    }
}
