package dev.runner.cli;

import dev.runner.pgbackrest.InfoException;
import dev.runner.pgbackrest.Inventory;
import dev.runner.pgbackrest.InventoryReport;
import dev.runner.pgbackrest.InventorySource;
import java.io.PrintWriter;
import java.time.Duration;
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
                "", "Exit codes: 0 healthy, 1 unhealthy (archiving failing or stale, no backup, repository error)"
                        + " or the pod could not be asked, 2 invalid usage."})
final class BackupsCommand implements Callable<Integer> {
    enum Output { TEXT, JSON }

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

    @Option(names = {"-o", "--output"}, paramLabel = "text|json", defaultValue = "text",
            description = "Output format: text (default) or json.")
    Output output;

    @Override
    public Integer call() throws InterruptedException {
        Duration archiveAge = duration("--max-archive-age", maxArchiveAge);
        Optional<Duration> backupAge = Optional.ofNullable(maxBackupAge).map(v -> duration("--max-backup-age", v));
        Map<String, String> settings = new java.util.LinkedHashMap<>(cluster.settings(main.env()));
        settings.putIfAbsent("namespace", "hasura");
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Inventory inv;
        try {
            inv = InventorySource.load().read(settings, new InventorySource.Query(pod, pod == null ? selector : null,
                    container, null, stanza, duration("--timeout", timeout)));
        } catch (InfoException e) {
            err.println("runner backups: " + main.secrets().mask(e.getMessage()));
            return ExitCode.STEP_FAILED;
        }
        List<String> problems = inv.problems(archiveAge, backupAge);
        out.print(main.secrets().mask(output == Output.JSON ? InventoryReport.json(inv, problems) + "\n"
                : InventoryReport.table(inv, problems)));
        out.flush();
        return problems.isEmpty() ? ExitCode.OK : ExitCode.STEP_FAILED;
    }

    private static Duration duration(String option, String value) {
        return dev.runner.model.Durations.parse(value).orElseThrow(() -> new UserError(option + ": '" + value
                + "' is not a duration (use e.g. 30s, 15m, 1h, 2d)"));
    }
}
