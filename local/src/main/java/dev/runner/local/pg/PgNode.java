package dev.runner.local.pg;

import dev.runner.local.proc.Command;
import dev.runner.local.proc.ManagedProcess;
import dev.runner.local.proc.Ports;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One PostgreSQL "pod" on this machine: a home dir with {@code data/} (PGDATA) and {@code sock/}, a port, and the
 * container environment. Everything goes through {@code k8s/image/runner-pg.sh}, the image's entrypoint: start
 * the server, restore, backup, info... exactly as the Deployment, initContainer and CronJob run it.
 */
public final class PgNode implements AutoCloseable {
    public static final String PASSWORD = "local-postgres-password";

    private final PgTools tools;
    private final Path home;
    private final int port;
    private final Map<String, String> env;
    private ManagedProcess server;

    /** @param containerEnv the env the workflows give the container (PGBACKREST_* from the Secret/ConfigMap...) */
    public PgNode(PgTools tools, Path home, Map<String, String> containerEnv) {
        this.tools = tools;
        this.home = tools.ownedDir(home);
        tools.ownedDir(home.resolve("sock"));
        this.port = Ports.free();
        Map<String, String> e = new LinkedHashMap<>(tools.baseEnv());
        e.put("PGDATA", dataDir().toString());
        e.put("POSTGRES_PASSWORD", PASSWORD);
        // What the image gets from its defaults (/var/run/postgresql, 5432): here a socket dir and port per node.
        e.put("PGBACKREST_PG1_SOCKET_PATH", socketDir().toString());
        e.put("PGBACKREST_PG1_PORT", Integer.toString(port));
        e.putAll(containerEnv);
        this.env = Map.copyOf(e);
    }

    public Path home() { return home; }
    public Path dataDir() { return home.resolve("data"); }
    public Path socketDir() { return home.resolve("sock"); }
    public int port() { return port; }
    public Map<String, String> env() { return env; }

    /** Runs {@code runner-pg.sh <args>} to completion (restore, backup, info, stanza-create, check). */
    public Command.Result script(Map<String, String> extraEnv, Duration timeout, String... args) {
        Map<String, String> e = new LinkedHashMap<>(env);
        e.putAll(extraEnv);
        List<String> cmd = new ArrayList<>(List.of(tools.script().toString()));
        cmd.addAll(List.of(args));
        return Command.run(tools.asPgUser(cmd), e, home, timeout);
    }

    public Command.Result script(Duration timeout, String... args) {
        return script(Map.of(), timeout, args);
    }

    /** Starts the server through the entrypoint's normal mode (initialising an empty PGDATA) and waits for it. */
    public void start(List<String> postgresArgs) {
        if (server != null && server.isAlive()) throw new IllegalStateException("already running: " + home);
        List<String> cmd = new ArrayList<>(List.of(tools.script().toString(), "postgres",
                "-c", "port=" + port, "-c", "listen_addresses=127.0.0.1",
                "-c", "unix_socket_directories=" + socketDir(), "-c", "fsync=off"));
        cmd.addAll(postgresArgs);
        try {
            server = ManagedProcess.start("postgres " + home.getFileName(), tools.asPgUser(cmd), env, home,
                    home.resolve("postgres.log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.awaitReady(Duration.ofSeconds(120), () -> Command.run(tools.asPgUser(List.of(
                tools.bin("pg_isready").toString(), "-q", "-h", socketDir().toString(), "-p", Integer.toString(port))),
                env, home, Duration.ofSeconds(10)).ok());
    }

    /** Runs SQL with psql over the socket; returns the unaligned, tuples-only output, trimmed. */
    public String sql(String sql) {
        return Command.check(tools.asPgUser(List.of(tools.bin("psql").toString(), "-X", "-q", "-A", "-t",
                "-v", "ON_ERROR_STOP=1", "-h", socketDir().toString(), "-p", Integer.toString(port),
                "-U", "postgres", "-d", "postgres", "-c", sql)), env, home, Duration.ofSeconds(120)).trim();
    }

    /** Waits until recovery has ended and the server is promoted (pg_is_in_recovery() = false). */
    public void awaitPromoted(Duration timeout) {
        server.awaitReady(timeout, () -> {
            try {
                return "f".equals(sql("select pg_is_in_recovery()"));
            } catch (IllegalStateException e) {
                return false;   // still starting up, or shutting down to promote
            }
        });
    }

    /** Fast shutdown (pg_ctl stop -m fast), then waits for the entrypoint process to end. */
    public void stop() {
        if (server == null || !server.isAlive()) return;
        Command.run(tools.asPgUser(List.of(tools.bin("pg_ctl").toString(), "-D", dataDir().toString(), "-m", "fast",
                "-w", "-t", "60", "stop")), env, home, Duration.ofSeconds(90));
        server.close();
    }

    public ManagedProcess server() { return server; }

    @Override
    public void close() {
        stop();
    }
}
