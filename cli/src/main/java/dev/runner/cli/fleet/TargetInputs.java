package dev.runner.cli.fleet;

import dev.runner.load.BoundParams;
import dev.runner.load.LoadException;
import dev.runner.load.ParamBinder;
import dev.runner.load.ParamInputs;
import dev.runner.load.RepositoryProfile;
import dev.runner.load.Problem;
import dev.runner.model.Workflow;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one target's run gets: its params (the targets file's, then {@code -p}, which wins, over --params-file,
 * --repository, the environment and the defaults; a workflow param named {@code namespace} gets the target's namespace unless
 * set) and its cluster settings (the command's, with the target's context and namespace, and its name).
 */
record TargetInputs(Target target, BoundParams params, Map<String, String> settings) {
    static final String NAMESPACE_PARAM = "namespace";
    /** The target's name in the run's settings (recorded with the run; the runs of a fleet are found by it). */
    static final String TARGET_SETTING = "target";

    /** Every target's inputs, or every problem of every target at once (nothing has run yet). */
    static List<TargetInputs> bindAll(Workflow wf, List<Target> targets, Map<String, String> cliParams,
            Optional<Path> paramsFile, Optional<RepositoryProfile> repository, Map<String, String> baseSettings,
            Map<String, String> env) throws LoadException {
        List<TargetInputs> out = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        for (Target t : targets) {
            Map<String, String> given = new LinkedHashMap<>(t.params());
            given.putAll(cliParams);
            if (wf.params().containsKey(NAMESPACE_PARAM) && !given.containsKey(NAMESPACE_PARAM)) {
                given.put(NAMESPACE_PARAM, t.namespace());
            }
            try {
                out.add(new TargetInputs(t, new ParamBinder().bind(wf,
                        ParamInputs.of(given, paramsFile).withRepository(repository), env), settings(t, baseSettings)));
            } catch (LoadException e) {
                e.problems().forEach(p -> problems.add(new Problem(p.pos(), "target '" + t.name() + "': " + p.message())));
            }
        }
        if (!problems.isEmpty()) {
            throw new LoadException(problems);
        }
        return out;
    }

    static Map<String, String> settings(Target t, Map<String, String> base) {
        Map<String, String> s = new LinkedHashMap<>(base);
        if (t.context() != null) {
            s.put("context", t.context());
        }
        s.put("namespace", t.namespace());
        s.put(TARGET_SETTING, t.name());
        return s;
    }
}
