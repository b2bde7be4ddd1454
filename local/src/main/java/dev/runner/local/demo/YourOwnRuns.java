package dev.runner.local.demo;

import dev.runner.local.store.S3ProxyServer;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code runner demo --cluster-only}: what the user needs to run the workflows against the demo's clusters
 * themselves. The store's settings and keys go into a params file of the work dir, readable by the owner only
 * because it holds the keys (params files may set secret params, as -p may); the command that uses it is printed
 * as it is to be typed, from the project's directory.
 */
final class YourOwnRuns {
    static final String PARAMS_FILE = "configure-backup.params.yaml";

    private final Path home;
    private final Path kubeconfig;
    private final Path paramsFile;
    private final Map<String, String> params = new LinkedHashMap<>();

    /** repoParams: the store's settings as the demo passes them to configure-backup, {@code name=value}. */
    YourOwnRuns(Path home, Path kubeconfig, Path workDir, List<String> repoParams) {
        this.home = home;
        this.kubeconfig = kubeconfig;
        this.paramsFile = workDir.resolve(PARAMS_FILE);
        for (String p : repoParams) {
            int eq = p.indexOf('=');
            params.put(p.substring(0, eq), p.substring(eq + 1));
        }
        params.put("s3Key", S3ProxyServer.ACCESS_KEY);
        params.put("s3KeySecret", S3ProxyServer.SECRET_KEY);
    }

    /** Writes the params file (0600) and prints it with the command that uses it. */
    void print(PrintStream out) {
        write();
        out.println("\nRun the workflows yourself. The local store's settings and its (fixed, local-only) keys are in "
                + paramsFile + " (mode 0600):");
        params.forEach((k, v) -> out.println("  " + k + ": " + quoted(v)));
        out.println("From " + home + ":");
        out.println("  " + command());
        out.println("The same file serves workflows/recovery.yaml (e.g. with --context new -p target=latest).");
    }

    /** The configure-backup command line, as printed. */
    String command() {
        return "./runner run workflows/configure-backup.yaml --kubeconfig " + kubeconfig + " --context old"
                + " --params-file " + paramsFile;
    }

    Path paramsFile() {
        return paramsFile;
    }

    private void write() {
        StringBuilder yaml = new StringBuilder("# runner demo --cluster-only: params of the local store for"
                + " configure-backup and recovery\n");
        params.forEach((k, v) -> yaml.append(k).append(": ").append(quoted(v)).append('\n'));
        try {
            Files.deleteIfExists(paramsFile);
            Files.createFile(paramsFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(paramsFile, yaml, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + paramsFile, e);
        }
    }

    /** A YAML single-quoted scalar: every value stays a string, whatever it looks like. */
    private static String quoted(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
