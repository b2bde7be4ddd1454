package dev.runner.workflows;

import dev.runner.k8s.cluster.ExecResult;
import dev.runner.k8s.cluster.PodExec;
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
    /** The database's system identifier (pg_control_system()); the repository's stanza was made by it. */
    String systemId = "7300000000000000001";
    /** The running server's system identifier until a restore: null = systemId (the source itself, in place). */
    String runningSystemId;
    /** A repository path whose stanza belongs to another database (repo-guard must refuse it). */
    String foreignRepoPath = "/someone-else";
    /** The archiver image's PostgreSQL major and glibc (runner-pg.sh versions in the preflight Job). */
    String imageMajor = "15";
    String imageGlibc = "2.36";
    /** The running server's major and its database's datcollversion. */
    String serverVersions = "15 2.36";
    /** When set, the server that comes up after a restore has this system identifier (not the restored data). */
    String systemIdAfterRestore;
    /** The server's data_directory; a test moves it to model a server that started on other data. */
    String dataDirectory = "/var/lib/postgresql/data";
    private int recoveryPolls;
    private final Set<String> markers = new HashSet<>();
    final List<String> commands = new ArrayList<>();
    /** Login roles of the database and their passwords (stored as md5 verifiers, as pg_authid would). */
    final Map<String, String> roles = new java.util.HashMap<>();

    /** A fake database that every pod exec of the run under test reaches (through {@link FakePodExec}). */
    static FakePostgres install(String archiverImage, Path workDir) {
        System.setProperty(PodExec.PROPERTY, FakePodExec.class.getName());
        FakePostgres pg = new FakePostgres(archiverImage, workDir);
        current = pg;
        return pg;
    }

    private FakePostgres(String archiverImage, Path workDir) {
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
                if (systemIdAfterRestore != null) {
                    systemId = systemIdAfterRestore;
                }
                restores++;
                runningSystemId = null;   // the restored database is the source's
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
        if (query.contains("pg_control_system()") && query.contains("pg_stat_archiver")) {
            return (runningSystemId == null ? systemId : runningSystemId) + " {\"archived_count\":9,\"last_archived_wal\":\"" + lastWal() + "\","
                    + "\"last_archived_time\":\"2026-11-20T11:00:00+00:00\",\"failed_count\":0,"
                    + "\"last_failed_wal\":null,\"last_failed_time\":null,\"stats_reset\":null}";
        }
        if (query.contains("datcollversion")) {
            return serverVersions;
        }
        if (query.contains("/.runner-restored-")) {
            String id = query.replaceAll("(?s).*/\\.runner-restored-([A-Za-z0-9._-]*)'.*", "$1");
            return dataDirectory + " marker=" + (markers.contains(id) && dataDirectory.equals("/var/lib/postgresql/data"));
        }
        if (query.contains("pg_last_wal_replay_lsn()")) {
            return "timeline " + timeline + ", last replayed WAL location 0/5000A28, last replayed transaction"
                    + " committed at 2026-11-20 09:59:58.1+00";
        }
        return "fake psql: unexpected query " + query;
    }

    /**
     * The log of a Job of the archiver image: the repository check (repo-check.yaml: info text, then the JSON
     * line run-job reads) or the backup verification (VERIFY_RESULT).
     */
    synchronized String jobLog(io.fabric8.kubernetes.api.model.batch.v1.Job job) {
        Container c = job.getSpec().getTemplate().getSpec().getContainers().get(0);
        commands.add("job " + job.getMetadata().getName());
        if (env(c, "VERIFY_SQL").isPresent()) {
            return "runner-pg: verify: restored backup set " + latestLabel() + " in 3s\n"
                    + "VERIFY_RESULT={\"ok\":" + verifyOk + ",\"message\":\"" + (verifyOk ? "ok" : "expected '1042'")
                    + "\",\"backupSet\":\"" + latestLabel() + "\",\"result\":\"" + verifyAnswer + "\",\"seconds\":7}\n";
        }
        String path = env(c, "REPO_PATH").filter(v -> !v.isEmpty()).orElse("/hasura/postgres"); // else the ConfigMap's
        boolean foreign = foreignRepoPath.equals(path);
        return "ARCHIVER_VERSIONS={\"pgMajor\":\"" + imageMajor + "\",\"glibc\":\"" + imageGlibc
                + "\",\"pgbackrest\":\"2.45\"}\n" + infoText() + "PGBACKREST_INFO_JSON="
                + infoJson(foreign ? "7999999999999999999" : systemId,
                foreign || stanza) + "\n";
    }

    /** What checkSql answers in the verification Job. */
    String verifyAnswer = "1042";
    /** Whether the verification Job reports success (its pod fails otherwise, see FakeController.jobOutcome). */
    volatile boolean verifyOk = true;

    private String latestLabel() {
        return "20261120-0" + backups + "0000F";
    }

    private String lastWal() {
        return String.format("0000000100000000%08X", backups + 4);
    }

    /** `pgbackrest info --output=json`: backups i=1..n taken at 0i:00 UTC on 2026-11-20, WAL archived after them. */
    private String infoJson(String stanzaSystemId, boolean exists) {
        if (!exists) {
            return "[{\"archive\":[],\"backup\":[],\"cipher\":\"none\",\"db\":[],\"name\":\"main\",\"repo\":[],"
                    + "\"status\":{\"code\":1,\"message\":\"missing stanza path\"}}]";
        }
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= backups; i++) {
            long start = java.time.Instant.parse("2026-11-20T0" + i + ":00:00Z").getEpochSecond();
            String wal = String.format("0000000100000000%08X", i);
            b.append(i > 1 ? "," : "").append("{\"archive\":{\"start\":\"").append(wal).append("\",\"stop\":\"")
                    .append(wal).append("\"},\"database\":{\"id\":1},\"error\":false,\"info\":{\"size\":1000,"
                    + "\"delta\":1000,\"repository\":{\"size\":100,\"delta\":100}},\"label\":\"20261120-0").append(i)
                    .append("0000F\",\"lsn\":{\"start\":\"0/").append(i).append("000028\",\"stop\":\"0/").append(i)
                    .append("000100\"},\"prior\":null,\"reference\":null,\"timestamp\":{\"start\":").append(start)
                    .append(",\"stop\":").append(start + 10).append("},\"type\":\"full\"}");
        }
        String archive = backups == 0 ? "" : "{\"database\":{\"id\":1},\"id\":\"15-1\",\"max\":\"" + lastWal()
                + "\",\"min\":\"000000010000000000000001\"}";
        return "[{\"archive\":[" + archive + "],\"backup\":[" + b + "],\"cipher\":\"none\",\"db\":[{\"id\":1,"
                + "\"system-id\":" + stanzaSystemId + ",\"version\":\"15\"}],\"name\":\"main\",\"repo\":[],"
                + "\"status\":" + (backups == 0 ? "{\"code\":2,\"message\":\"no valid backups\"}"
                        : "{\"code\":0,\"message\":\"ok\"}") + "}]";
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
