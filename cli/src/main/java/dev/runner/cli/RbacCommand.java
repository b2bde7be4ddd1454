package dev.runner.cli;

import dev.runner.cli.rbac.AssumedAccess;
import dev.runner.cli.rbac.RbacRules;
import dev.runner.cli.rbac.RoleYaml;
import dev.runner.load.BoundParams;
import dev.runner.load.LoadException;
import dev.runner.model.Workflow;
import dev.runner.plan.AccessPlanner;
import dev.runner.step.ApiAccess;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "rbac", mixinStandardHelpOptions = true,
        description = {"Print the least Role (and ClusterRole, if any cluster-wide access is needed) a workflow needs,",
                "as YAML for `kubectl apply -f -`. Each step type declares the API access it needs with the",
                "step's inputs; params are bound as for `runner run`. Nothing is read from a cluster."},
        footer = {"", "Example:  runner rbac workflows/configure-backup.yaml -n hasura -p namespace=hasura"
                + " --service-account runner | kubectl apply -f -",
                "", "Access that cannot be told before the run (a manifest named by a step's output) is listed as a"
                + " note on stderr and in the YAML; grant it with --assume.",
                "", "Exit codes: 0 printed, 2 invalid workflow, parameters or options."})
final class RbacCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "Workflow file.")
    Path file;

    @Mixin
    ParamsOptions params;

    @Mixin
    ClusterOptions cluster;

    @Option(names = "--name", paramLabel = "NAME",
            description = "Name of the Role/ClusterRole (and bindings); default runner-<workflow name>.")
    String name;

    @Option(names = "--service-account", paramLabel = "NAME",
            description = "Also bind the roles to this ServiceAccount of the -n namespace.")
    String serviceAccount;

    @Option(names = "--assume", paramLabel = "RESOURCE[.GROUP]=VERBS",
            description = "Grant access the workflow's steps cannot declare before the run, e.g. "
                    + "cronjobs.batch=get,create,update or pods/exec=create (in the run's namespace; :cluster at the end for a"
                    + " cluster-wide grant). Repeatable.")
    List<String> assumed = new ArrayList<>();

    @Override
    public Integer call() throws LoadException {
        Workflow wf = main.load(file);
        BoundParams bound = params.bind(wf, main, RunDriver.warner(main, spec));
        String namespace = cluster.settings(main.env()).get("namespace");
        if (serviceAccount != null && namespace == null) {
            throw new UserError("--service-account needs -n NAMESPACE (the ServiceAccount's namespace)");
        }
        List<ApiAccess> access = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (AccessPlanner.StepAccess s : new AccessPlanner(main.registry()).plan(wf, bound, main.env())) {
            access.addAll(s.access());
            s.unknowns().forEach(u -> notes.add(s.stepId() + " (" + s.type() + "): " + u));
        }
        for (String a : assumed) {
            access.add(AssumedAccess.parse(a));
        }
        String roleName = name != null ? name : "runner-" + wf.name();
        PrintWriter err = spec.commandLine().getErr();
        notes.forEach(n -> err.println("runner: note: " + main.secrets().mask(n)));
        err.flush();
        PrintWriter out = spec.commandLine().getOut();
        out.print(main.secrets().mask(render(wf, RbacRules.of(access, namespace), roleName, namespace, notes)));
        out.flush();
        return ExitCode.OK;
    }

    private String render(Workflow wf, RbacRules rules, String roleName, String namespace, List<String> notes) {
        List<String> docs = new ArrayList<>();
        StringBuilder head = new StringBuilder("# Least RBAC for workflow " + wf.name() + " (runner rbac "
                + file + ")\n");
        notes.forEach(n -> head.append("# note: cannot be told before the run, not granted: ").append(n).append('\n'));
        if (rules.scopes().isEmpty()) {
            head.append("# the workflow's steps need no Kubernetes API access\n");
        }
        for (RbacRules.Scope s : rules.scopes()) {
            StringBuilder doc = new StringBuilder();
            if (docs.isEmpty()) {
                doc.append(head);
            }
            if (s.context() != null) {
                doc.append("# for kube context ").append(s.context()).append(" (kubectl --context ")
                        .append(s.context()).append(" apply -f ...)\n");
            }
            if (!s.cluster() && s.namespace() == null) {
                doc.append("# in the run's namespace (-n not given): kubectl apply -n NAMESPACE\n");
            }
            doc.append(RoleYaml.role(roleName, s, rules.rules(s)));
            docs.add(doc.toString());
            if (serviceAccount != null && s.context() == null) {
                docs.add(RoleYaml.binding(roleName, s, namespace, serviceAccount));
            }
        }
        if (docs.isEmpty()) {
            return head.toString();
        }
        return String.join("---\n", docs);
    }
}
