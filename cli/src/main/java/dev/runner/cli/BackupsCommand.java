package dev.runner.cli;

import dev.runner.cli.fleet.FleetBackups;
import dev.runner.load.LoadException;
import dev.runner.pgbackrest.InfoException;
import dev.runner.pgbackrest.Inventory;
import dev.runner.pgbackrest.InventoryReport;
import dev.runner.pgbackrest.InventorySource;
import dev.runner.pgbackrest.VerifyHistory;
import dev.runner.pgbackrest.metrics.BackupMetrics;
import dev.runner.pgbackrest.metrics.BackupTarget;
import dev.runner.pgbackrest.metrics.Exposition;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "backups", mixinStandardHelpOptions = true,
        description = {"Show the backup inventory and whether WAL archiving is healthy.",
                "Runs `pgbackrest info --output=json` and reads pg_stat_archiver in the postgres pod: backup sets,",
                "the recoverable window, archived/failed WAL counts and the age of the last archived WAL."},
        footer = {"", "Example:  runner backups --context prod -n hasura --max-archive-age 10m -o json",
                "          runner backups -n hasura --serve :9187     (Prometheus exporter: /metrics, /healthz)",
                "", "Exit codes: 0 healthy, 1 unhealthy (archiving failing or stale, no backup, repository error)"
                        + " or the pod could not be asked, 2 invalid usage.",
                "With -o openmetrics: 0 when the metrics were read (health is in them), 1 when the pod could not"
                        + " be asked. --serve runs until stopped (SIGTERM/Ctrl-C)."})
final class BackupsCommand implements Callable<Integer> {
    enum Output { TEXT, JSON, OPENMETRICS }

    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Mixin
    ClusterOptions cluster;

    @Option(names = "--selector", defaultValue = "app=postgres", paramLabel = "LABELS",
            description = "Label selector of the postgres pod (default: ${DEFAULT-VALUE}).")
    String selector;

    @Option(names = "--pod", paramLabel = "NAME", description = "The postgres pod by name, instead of --selector.")
    String pod;

    @Option(names = {"-c", "--container"}, paramLabel = "NAME", description = "Container (default: the pod's default).")
    String container;

    @Option(names = "--stanza", paramLabel = "NAME", description = "Stanza, when the repository has several.")
    String stanza;

    @Option(names = "--max-archive-age", defaultValue = "15m", paramLabel = "DURATION",
            description = "Unhealthy when the last archived WAL is older (default: ${DEFAULT-VALUE}).")
    String maxArchiveAge;

    @Option(names = "--max-backup-age", paramLabel = "DURATION",
            description = "Unhealthy when the latest backup is older (default: not checked).")
    String maxBackupAge;

    @Option(names = "--timeout", defaultValue = "2m", paramLabel = "DURATION",
            description = "Timeout of each command in the pod (default: ${DEFAULT-VALUE}).")
    String timeout;

    @Option(names = {"-o", "--output"}, paramLabel = "text|json|openmetrics", defaultValue = "text",
            description = "Output format: text (default), json, or openmetrics (the exporter's metrics, once).")
    Output output;

    @Option(names = "--serve", paramLabel = "[HOST]:PORT",
            description = "Serve the metrics over HTTP (GET /metrics, /healthz) until stopped, e.g. :9187.")
    String serve;

    @Option(names = "--deployment", defaultValue = "postgres", paramLabel = "NAME",
            description = "The postgres Deployment the metrics are labelled with (default: ${DEFAULT-VALUE}).")
    String deployment;

    @Option(names = "--cache-ttl", defaultValue = "15s", paramLabel = "DURATION",
            description = "--serve reads the inventory again only when the last reading is older (default: ${DEFAULT-VALUE}).")
    String cacheTtl;

    @Option(names = "--targets", paramLabel = "TARGETS.yaml",
            description = "The backup health of every target (namespace, context) of this targets file: one table"
                    + " (or one JSON document); healthy only when every target is.")
    Path targets;

    @Override
    public Integer call() throws InterruptedException, LoadException {
        Duration archiveAge = duration("--max-archive-age", maxArchiveAge);
        Optional<Duration> backupAge = Optional.ofNullable(maxBackupAge).map(v -> duration("--max-backup-age", v));
        Map<String, String> settings = new java.util.LinkedHashMap<>(cluster.settings(main.env()));
        settings.putIfAbsent("namespace", "hasura");
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        InventorySource.Query query = new InventorySource.Query(pod, pod == null ? selector : null, container, null,
                stanza, timeout("--timeout", timeout));
        if (targets != null) {
            return fleet(query, archiveAge, backupAge, out, err);
        }
        BackupTarget target = new BackupTarget(settings.get("namespace"), deployment, stanza);
        if (serve != null) {
            return serve(address(serve), () -> reading(settings, query, target, err), archiveAge, backupAge, out);
        }
        if (output == Output.OPENMETRICS) {
            BackupMetrics.Reading r = reading(settings, query, target, err);
            out.print(main.secrets().mask(Exposition.OPENMETRICS.render(
                    BackupMetrics.of(List.of(r), Instant.now(), archiveAge, backupAge))));
            out.flush();
            return r.inventory().isPresent() ? ExitCode.OK : ExitCode.STEP_FAILED;
        }
        BackupMetrics.Reading r = inventory(settings, query, target, err);
        if (r.inventory().isEmpty()) {
            return ExitCode.STEP_FAILED;
        }
        Inventory inv = r.inventory().get();
        VerifyHistory drills = drills(settings, err);
        List<String> problems = inv.problems(archiveAge, backupAge);
        out.print(main.secrets().mask(output == Output.JSON ? InventoryReport.json(inv, problems, drills) + "\n"
                : InventoryReport.table(inv, problems, drills)));
        out.flush();
        return problems.isEmpty() ? ExitCode.OK : ExitCode.STEP_FAILED;
    }

    private int fleet(InventorySource.Query query, Duration archiveAge, Optional<Duration> backupAge, PrintWriter out,
            PrintWriter err) throws LoadException {
        if (serve != null || output == Output.OPENMETRICS) {
            throw new UserError("--targets shows a table or JSON (-o text|json); --serve and -o openmetrics read one"
                    + " target");
        }
        FleetBackups fleet = FleetBackups.read(targets, cluster.settings(main.env()), settings -> {
            BackupTarget target = new BackupTarget(settings.get("namespace"), deployment, stanza);
            BackupMetrics.Reading r = inventory(settings, query, target, err);
            if (r.inventory().isEmpty()) {
                return FleetBackups.Reading.failed(r.error() == null ? "could not be read" : r.error());
            }
            Inventory inv = r.inventory().get();
            return new FleetBackups.Reading(Optional.of(inv), inv.problems(archiveAge, backupAge), drills(settings, err),
                    null);
        });
        out.print(main.secrets().mask(output == Output.JSON ? fleet.json() + "\n" : fleet.table()));
        out.flush();
        return fleet.healthy() ? ExitCode.OK : ExitCode.STEP_FAILED;
    }

    /**
     * One reading of the target with its last restore drill; a failure is reported on stderr and becomes
     * {@code runner_backup_up 0}.
     */
    private BackupMetrics.Reading reading(Map<String, String> settings, InventorySource.Query query, BackupTarget target,
            PrintWriter err) {
        return inventory(settings, query, target, err).withVerify(drills(settings, err).last());
    }

    private BackupMetrics.Reading inventory(Map<String, String> settings, InventorySource.Query query,
            BackupTarget target, PrintWriter err) {
        try {
            return BackupMetrics.Reading.of(target, InventorySource.load().read(settings, query));
        } catch (InfoException e) {
            String why = main.secrets().mask(e.getMessage());
            err.println("runner backups: " + why);
            err.flush();
            return BackupMetrics.Reading.failed(target, why);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return BackupMetrics.Reading.failed(target, "interrupted");
        }
    }

    /** The restore drills recorded for --deployment; none (with a warning) when they cannot be read. */
    private VerifyHistory drills(Map<String, String> settings, PrintWriter err) {
        try {
            return InventorySource.load().verifyHistory(settings, deployment);
        } catch (InfoException e) {
            err.println("runner backups: restore drills: " + main.secrets().mask(e.getMessage()));
            err.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new VerifyHistory(List.of());
    }

    private int serve(InetSocketAddress address, java.util.function.Supplier<BackupMetrics.Reading> read,
            Duration archiveAge, Optional<Duration> backupAge, PrintWriter out) {
        CachedReading<BackupMetrics.Reading> cache = new CachedReading<>(read, duration("--cache-ttl", cacheTtl),
                Clock.systemUTC());
        java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);
        Thread hook = new Thread(stopped::countDown, "metrics-stop");
        try (MetricsServer server = new MetricsServer(address, format -> main.secrets().mask(format.render(
                BackupMetrics.of(List.of(cache.get()), Instant.now(), archiveAge, backupAge))))) {
            Runtime.getRuntime().addShutdownHook(hook);
            out.println("serving backup metrics on http://" + address.getHostString() + ":" + server.port() + "/metrics");
            out.flush();
            stopped.await();
        } catch (InterruptedException e) {
            return ExitCode.INTERRUPTED;
        } catch (IOException e) {
            throw new UserError("--serve " + serve + ": cannot listen: " + e.getMessage());
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is stopping: the hook has run
            }
        }
        return ExitCode.OK;
    }

    /** {@code :9187} (all interfaces), {@code 127.0.0.1:9187}, {@code [::1]:9187}. */
    static InetSocketAddress address(String value) {
        int colon = value.lastIndexOf(':');
        String host = colon < 0 ? "" : value.substring(0, colon);
        String port = value.substring(colon + 1);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int p;
        try {
            p = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            p = -1;
        }
        if (colon < 0 || p < 0 || p > 65535) {
            throw new UserError("--serve: '" + value + "' is not [HOST]:PORT (e.g. :9187 or 127.0.0.1:9187)");
        }
        return host.isEmpty() ? new InetSocketAddress(p) : new InetSocketAddress(host, p);
    }

    /** A limit on a command: zero would stop it at once. */
    private static Duration timeout(String option, String value) {
        return duration(option, value, true);
    }

    private static Duration duration(String option, String value) {
        return duration(option, value, false); // 0s is meaningful: read every time (--cache-ttl), no slack (ages)
    }

    private static Duration duration(String option, String value, boolean positive) {
        dev.runner.model.Durations.problem(value, positive).ifPresent(why -> {
            throw new UserError(option + ": " + why);
        });
        return dev.runner.model.Durations.parse(value).orElseThrow();
    }

}
