package dev.runner.cli.fleet;

import dev.runner.state.Hashing;
import dev.runner.state.StateDir;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import tools.jackson.databind.json.JsonMapper;

/**
 * Which run each target of a fleet has, so that {@code resume --targets} finds them: one small JSON file per
 * targets file in the state dir ({@code fleets/<hash of its path>.json}), rewritten whole (write, then rename)
 * each time a target's run starts. Each run's own state is the ordinary run dir.
 */
public final class FleetRecord {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The stored form. */
    record Data(String workflow, String targets, Map<String, String> runs) {
    }

    private final Path file;
    private final Data data;

    private FleetRecord(Path file, Data data) {
        this.file = file;
        this.data = data;
    }

    static Path fileOf(StateDir dir, Path targets) {
        String key = targets.toAbsolutePath().normalize().toString();
        return dir.root().resolve("fleets").resolve(
                Hashing.sha256(key.getBytes(StandardCharsets.UTF_8)).substring(0, 16) + ".json");
    }

    static FleetRecord create(StateDir dir, Path workflow, Path targets) {
        return new FleetRecord(fileOf(dir, targets), new Data(workflow.toAbsolutePath().normalize().toString(),
                targets.toAbsolutePath().normalize().toString(), new TreeMap<>()));
    }

    public static Optional<FleetRecord> read(StateDir dir, Path targets) throws IOException {
        Path f = fileOf(dir, targets);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        Data d = JSON.readValue(Files.readString(f), Data.class);
        return Optional.of(new FleetRecord(f, new Data(d.workflow(), d.targets(), new TreeMap<>(d.runs()))));
    }

    public Path workflow() {
        return Path.of(data.workflow());
    }

    synchronized Optional<String> run(String target) {
        return Optional.ofNullable(data.runs().get(target));
    }

    synchronized void put(String target, String runId) throws IOException {
        data.runs().put(target, runId);
        save();
    }

    synchronized void save() throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, JSON.writeValueAsString(data));
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
