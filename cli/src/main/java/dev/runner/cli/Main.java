package dev.runner.cli;

import dev.runner.load.LoadException;
import dev.runner.load.WorkflowLoader;
import dev.runner.model.Secrets;
import dev.runner.model.Workflow;
import dev.runner.step.StepRegistry;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code runner}: the command line. Subcommands reach what they share (environment, step registry,
 * loader, secrets of this invocation) through {@code @ParentCommand Main main}, or, when their model is
 * built in code like {@link ValidateCommand}'s, through their constructor.
 */
public final class Main implements Callable<Integer> {
    private final Map<String, String> env;
    private final Secrets secrets = new Secrets();
    private StepRegistry registry;
    private final CommandSpec spec;

    Main(Map<String, String> env) {
        this.env = Map.copyOf(env);
        // built in code, not from annotations, as ValidateCommand explains
        spec = StandardOptions.addTo(CommandSpec.wrapWithoutInspection(this).name("runner"));
        spec.usageMessage()
                .description("Runs declarative YAML workflows against Kubernetes, with durable, resumable state.")
                .footer("", "Exit codes: 0 ok, 1 a step failed, 2 invalid input or usage, 3 interrupted (resumable),"
                        + " 4 locked by another run.", "Set RUNNER_DEBUG=1 to see stack traces of internal errors.");
    }

    public static void main(String[] args) {
        // SLF4J (which networknt logs to) would look for its provider with a ServiceLoader, and the first
        // class-path-wide lookup opens every jar (see StepRegistry); the only provider there is slf4j-nop
        setIfAbsent("slf4j.provider", "org.slf4j.nop.NOPServiceProvider");
        setIfAbsent("slf4j.internal.verbosity", "WARN"); // else it reports the provider it was told to use
        int code = run(args, System.out, System.err);
        // Runtime.exit looks up a System.Logger to log the call (JDK 21+), whose first lookup searches every
        // jar for a logging provider: ~40 ms of a cold `runner validate`. Returning from main exits with 0
        // the same way (shutdown hooks run), so that is done when nothing else would keep the JVM alive.
        if (code != ExitCode.OK || otherThreadsAlive()) {
            System.exit(code);
        }
    }

    private static void setIfAbsent(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }

    /** Whether a thread other than this one would keep the JVM running after main returns. */
    private static boolean otherThreadsAlive() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] threads = new Thread[root.activeCount() + 8];
        int n = root.enumerate(threads, true);
        for (int i = 0; i < n; i++) {
            if (threads[i] != Thread.currentThread() && threads[i].isAlive() && !threads[i].isDaemon()) {
                return true;
            }
        }
        return n == threads.length; // more threads than counted: do not guess
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, System.getenv());
    }

    /** Runs one command line in-process; {@code env} stands in for the process environment. */
    public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        return run(args, out, err, env, null);
    }

    /** As {@link #run(String[], PrintStream, PrintStream, Map)} with the given step types (null: discover them). */
    static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env, StepRegistry types) {
        Main main = new Main(env);
        main.registry = types;
        ErrorHandler errors = new ErrorHandler(main.secrets, "1".equals(env.get("RUNNER_DEBUG")));
        PrintWriter errWriter = new PrintWriter(err, true, StandardCharsets.UTF_8);
        try {
            CommandLine cl = commandLine(main, args);
            cl.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
            cl.setErr(errWriter);
            cl.setExecutionExceptionHandler(errors);
            cl.setParameterExceptionHandler(new UsageErrors(main.secrets));
            return cl.execute(args);
        } catch (RuntimeException | Error e) {
            return errors.handle(e, errWriter);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** A built-in subcommand: its name, and how to make it (an annotated {@code @Command} or a CommandSpec). */
    private record BuiltIn(String name, Function<Main, Object> create) {
    }

    /** The built-in subcommands, in the order help lists them. A new command is one more line here. */
    private static final List<BuiltIn> BUILT_IN = List.of(
            new BuiltIn("validate", m -> new ValidateCommand(m).spec()),
            new BuiltIn("plan", m -> new PlanCommand()),
            new BuiltIn("rbac", m -> new RbacCommand()),
            new BuiltIn("graph", m -> new GraphCommand()),
            new BuiltIn("schema", m -> new SchemaCommand()),
            new BuiltIn("run", m -> new RunCommand()),
            new BuiltIn("resume", m -> new ResumeCommand()),
            new BuiltIn("status", m -> new StatusCommand()),
            new BuiltIn("runs", m -> new RunsCommand()),
            new BuiltIn("backups", m -> new BackupsCommand()));

    /**
     * Picocli reflects over every registered command up front, which is a good part of a cold start; so
     * when the first argument names a command, only that one is registered. Anything else (help,
     * --version, a typo) gets them all, so listings and suggestions stay complete. Built-in names are
     * matched without reading annotations; plugin commands only when the name is not a built-in one.
     */
    private static CommandLine commandLine(Main main, String[] args) {
        CommandLine cl = new CommandLine(main.spec);
        String first = args.length > 0 ? args[0] : "";
        Optional<BuiltIn> builtIn = BUILT_IN.stream().filter(b -> b.name().equals(first)).findFirst();
        if (builtIn.isPresent()) {
            cl.addSubcommand(first, builtIn.get().create().apply(main));
        } else {
            List<Object> plugins = pluginCommands();
            Optional<Object> plugin = plugins.stream().filter(c -> name(c).equals(first)).findFirst();
            if (plugin.isPresent()) {
                cl.addSubcommand(plugin.get());
            } else {
                for (BuiltIn b : BUILT_IN) {
                    cl.addSubcommand(b.name(), b.create().apply(main));
                }
                plugins.forEach(cl::addSubcommand);
                cl.addSubcommand(new CommandLine.HelpCommand());
            }
        }
        for (CommandLine sub : cl.getSubcommands().values()) { // so that `runner plan -V` prints it too
            if (sub.getCommandSpec().versionProvider() == null) {
                sub.getCommandSpec().versionProvider(main.spec.versionProvider());
            }
        }
        // set after the subcommands are added: these settings propagate only to existing subcommands
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExpandAtFiles(false);
        cl.setUsageHelpWidth(100);
        return cl;
    }

    private static List<Object> pluginCommands() {
        List<Object> all = new ArrayList<>();
        for (CommandPlugin plugin : ServiceLoader.load(CommandPlugin.class, Main.class.getClassLoader())) {
            all.addAll(plugin.commands());
        }
        return all;
    }

    private static String name(Object command) {
        Command c = command.getClass().getAnnotation(Command.class);
        if (c == null) {
            throw new IllegalStateException(command.getClass().getName() + " is not a picocli @Command");
        }
        return c.name();
    }

    /** {@code runner} without a command: show what there is and exit 2. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCode.INVALID;
    }

    public Map<String, String> env() {
        return env;
    }

    /** Values of this invocation that every message printed by the CLI is masked with. */
    public Secrets secrets() {
        return secrets;
    }

    public synchronized StepRegistry registry() {
        if (registry == null) {
            registry = StepRegistry.discover();
        }
        return registry;
    }

    /** Loads and validates a workflow file; problems escape as {@link LoadException} (exit 2). */
    public Workflow load(Path file) throws LoadException {
        return new WorkflowLoader(registry()).load(file);
    }
}
