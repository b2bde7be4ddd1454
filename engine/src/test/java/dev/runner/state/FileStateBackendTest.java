package dev.runner.state;

import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The state directory against the backend contract. */
class FileStateBackendTest extends StateBackendContract {
    @TempDir
    Path tmp;

    @Override
    protected StateBackend backend() {
        return new StateDir(tmp.resolve("state"));
    }

    @Override
    protected String storedText(String runId) throws Exception {
        try (Stream<Path> files = Files.list(new StateDir(tmp.resolve("state")).runDir(runId))) {
            return files.filter(Files::isRegularFile).map(f -> {
                try {
                    return Files.readString(f);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).collect(Collectors.joining("\n"));
        }
    }
}
