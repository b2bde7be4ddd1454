package dev.runner.workflows;

import dev.runner.k8s.cluster.ExecResult;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The postgres pod and its pgBackRest repository as the workflows see them through exec. Answers depend on
 * the pod's spec the way the real container's would: pgBackRest exists only in the archiver image,
 * {@code check} and {@code backup} need {@code archive_mode=on} in the container's args, {@code show
 * archive_mode} reports those args, and a pod whose template carries the restore initContainer restores
 * (once per RESTORE_ID: the marker) and then recovers for a few polls of {@code recovery.signal}.
 * Shell scripts the workflows send ({@code sh -c ...}) really run, locally, with {@code psql} and
 * {@code runner-pg.sh} stand-ins on the PATH that print what the server/pgBackRest would.
 */
final class FakePostgres {
    /** The instance {@link FakePodExec} (created by the runner by class name) talks to. */
    static volatile FakePostgres current;

    final String archiverImage;
    private final Path bin;
    boolean stanza;
    int backups;
    int checks;
    int restores;
    int timeline = 1;
    private int recoveryPolls;
    private final Set<String> markers = new HashSet<>();
    final List<String> commands = new ArrayList<>();
    /** Login roles of the database and their passwords (stored as md5 verifiers, as pg_authid would). */
    final Map<String, String> roles = new java.util.HashMap<>();

    FakePostgres(String archiverImage, Path workDir) {
        this.archiverImage = archiverImage;
        this.bin = workDir.resolve("fake-bin");
        try {
            Files.createDirectories(bin);
            tool("psql", "cat \"$FAKE_PSQL_ANSWER\"\n");
            tool("runner-pg.sh", "[ \"$1\" = info ] || { echo \"fake runner-pg.sh: only info here\" >&2; exit 2; }\n"
                    + "cat \"$FAKE_INFO\"\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void tool(String name, String body) throws IOException {
        Path p = bin.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** The fake kubelet started {@code pod}: run its restore initContainer the way runner-pg.sh restore does. */
    synchronized void podStarted(Pod pod) {
        var inits = pod.getSpec().getInitContainers();
        if (inits == null) {
            return;
        }
        for (Container c : inits) {
            if (!"pgbackrest-restore".equals(c.getName())) {
                continue;
            }
            String id = env(c, "RESTORE_ID").orElseThrow(() -> new AssertionError("restore without RESTORE_ID"));
            if (markers.add(id)) {
                restores++;
                timeline++;
                recoveryPolls = 2;
            }
        }
    }

    synchronized ExecResult exec(Pod pod, String containerName, List<String> cmd) {
        commands.add(String.join(" ", cmd));
        Container c = pod.getSpec().getContainers().stream().filter(x -> x.getName().equals(containerName))
                .findFirst().orElseThrow(() -> new AssertionError("no container " + containerName));
        boolean archiver = archiverImage.equals(c.getImage());
        boolean archiving = c.getArgs() != null && c.getArgs().contains("archive_mode=on");
        if (cmd.get(0).equals("runner-pg.sh")) {
            if (!archiver) {
                return new ExecResult(127, "", "exec: \"runner-pg.sh\": executable file not found in $PATH");
            }
            return pgbackrest(cmd.get(1), archiving);
        }
        if (cmd.size() >= 3 && cmd.get(0).equals("sh") && cmd.get(1).equals("-c")) {
            return shell(cmd, archiving);
        }
        if (String.join(" ", cmd).contains("recovery.signal")) {
            boolean exists = recoveryPolls > 0;
            if (exists) {
                recoveryPolls--;
            }
            return new ExecResult(exists ? 0 : 1, "", "");
        }
        return new ExecResult(127, "", "fake pod: unexpected command " + cmd);
    }

    private ExecResult pgbackrest(String command, boolean archiving) {
        switch (command) {
            case "stanza-create":
                stanza = true;
                return ok("INFO: stanza-create command end: completed successfully");
            case "check":
            case "backup":
                if (!stanza) {
                    return new ExecResult(55, "", "ERROR: [055]: unable to load info file 'archive.info'");
                }
                if (!archiving) {
                    return new ExecResult(87, "", "ERROR: [087]: archive_mode must be enabled");
                }
                if (command.equals("check")) {
                    checks++;
                } else {
                    backups++;
                }
                return ok("INFO: " + command + " command end: completed successfully");
            default:
                return new ExecResult(2, "", "fake pgbackrest: unexpected command " + command);
        }
    }

    /** Runs the script for real with the stand-ins; psql's answer is chosen from the query argument. */
    private ExecResult shell(List<String> cmd, boolean archiving) {
        try {
            Path answer = Files.createTempFile(bin.getParent(), "psql", ".out");
            Path info = Files.createTempFile(bin.getParent(), "info", ".out");
            String query = cmd.size() > 5 ? cmd.get(5) : "";
            Files.writeString(answer, psql(query, archiving) + "\n");
            Files.writeString(info, infoText());
            ProcessBuilder pb = new ProcessBuilder(cmd);
            Map<String, String> env = pb.environment();
            env.put("PATH", bin + ":" + env.get("PATH"));
            env.put("FAKE_PSQL_ANSWER", answer.toString());
            env.put("FAKE_INFO", info.toString());
            Process p = pb.start();
            byte[] out = p.getInputStream().readAllBytes();
            byte[] err = p.getErrorStream().readAllBytes();
            p.waitFor(10, TimeUnit.SECONDS);
            Files.delete(answer);
            Files.delete(info);
            return new ExecResult(p.exitValue(), new String(out, StandardCharsets.UTF_8),
                    new String(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String psql(String query, boolean archiving) {
        if (query.equals("show archive_mode")) {
            return archiving ? "on" : "off";
        }
        if (query.equals("select pg_is_in_recovery()")) {
            return recoveryPolls > 0 ? "t" : "f";
        }
        if (query.contains("from pg_authid where rolname = '")) {
            String user = query.replaceAll("(?s).*rolname = '([^']*)'.*", "$1");
            String password = roles.get(user);
            // bool || text reads true/false in PostgreSQL
            return password == null ? "" : "md5" + md5(password + user) + "|true|false";
        }
        if (query.contains("pg_last_wal_replay_lsn()")) {
            return "timeline " + timeline + ", last replayed WAL location 0/5000A28, last replayed transaction"
                    + " committed at 2026-11-20 09:59:58.1+00";
        }
        return "fake psql: unexpected query " + query;
    }

    /** What `pgbackrest info` prints for the stanza (the text form the workflows count backups in). */
    private String infoText() {
        if (!stanza) {
            return "stanza: main\n    status: error (missing stanza path)\n";
        }
        StringBuilder sb = new StringBuilder("stanza: main\n    status: ").append(backups == 0
                ? "error (no valid backups)" : "ok").append("\n    cipher: none\n\n    db (current)\n");
        for (int i = 1; i <= backups; i++) {
            sb.append("        full backup: 20261120-0").append(i).append("0000F\n")
                    .append("            timestamp start/stop: 2026-11-20 0").append(i).append(":00:00+00\n");
        }
        return sb.toString();
    }

    private static String md5(String s) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5")
                    .digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ExecResult ok(String stdout) {
        return new ExecResult(0, stdout + "\n", "");
    }

    private static Optional<String> env(Container c, String name) {
        return c.getEnv() == null ? Optional.empty()
                : c.getEnv().stream().filter(e -> e.getName().equals(name)).map(EnvVar::getValue).findFirst();
    }
}
