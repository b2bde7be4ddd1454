package dev.runner.cli.fleet;

import dev.runner.load.BoundParams;
import dev.runner.load.LoadException;
import dev.runner.model.Workflow;
import dev.runner.plan.Plan;
import dev.runner.plan.PlanJson;
import dev.runner.plan.PlanText;
import dev.runner.plan.PlannedStep;
import dev.runner.plan.Planner;
import dev.runner.step.StepLog;
import dev.runner.step.StepRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import tools.jackson.databind.json.JsonMapper;

/** {@code plan --targets}: every target's plan, bound as {@code run --targets} binds it; nothing is written. */
public final class FleetPlan {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private record Entry(Target target, Plan plan) {
    }

    private final List<Entry> entries = new ArrayList<>();

    /**
     * @param logs what a step type says while planning, by target name and step id
     * @param register registers each target's secret values for masking
     */
    public static FleetPlan of(StepRegistry registry, Workflow wf, Path targetsFile, Map<String, String> cliParams,
            Optional<Path> paramsFile, Optional<dev.runner.load.RepositoryProfile> repository,
            Map<String, String> baseSettings, Map<String, String> env,
            Consumer<BoundParams> register, BiFunction<String, String, StepLog> logs) throws LoadException {
        FleetPlan fp = new FleetPlan();
        for (TargetInputs t : TargetInputs.bindAll(wf, TargetsFile.load(targetsFile, wf), cliParams, paramsFile,
                repository, baseSettings, env)) {
            register.accept(t.params());
            String name = t.target().name();
            fp.entries.add(new Entry(t.target(), new Planner(registry).plan(wf, t.params(), t.settings(), env,
                    id -> logs.apply(name, id))));
        }
        return fp;
    }

    /** One section per target, each headed by its name and context/namespace. */
    public String text() {
        StringBuilder b = new StringBuilder();
        for (Entry e : entries) {
            b.append("== target ").append(e.target().name()).append(" (").append(e.target().where()).append(")\n");
            b.append(PlanText.render(e.plan()));
            b.append('\n');
        }
        return b.toString();
    }

    /** One JSON document: {@code {"targets": [{"name", "context", "namespace", "plan": {…}}, …]}}. */
    public String json() {
        StringBuilder b = new StringBuilder("{\"targets\":[");
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            b.append(i == 0 ? "" : ",").append("{\"name\":").append(JSON.writeValueAsString(e.target().name()))
                    .append(",\"context\":").append(JSON.writeValueAsString(e.target().context()))
                    .append(",\"namespace\":").append(JSON.writeValueAsString(e.target().namespace()))
                    .append(",\"plan\":").append(PlanJson.render(e.plan())).append('}');
        }
        return b.append("]}").toString();
    }

    /** How many steps of all targets have {@code status}. */
    public long count(PlannedStep.Status status) {
        return entries.stream().mapToLong(e -> e.plan().count(status)).sum();
    }
}
