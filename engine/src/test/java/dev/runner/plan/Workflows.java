package dev.runner.plan;

import dev.runner.model.Param;
import dev.runner.model.ParamType;
import dev.runner.model.SourcePos;
import dev.runner.model.Step;
import dev.runner.model.Workflow;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds model records for tests that do not go through the loader. */
final class Workflows {
    static final Path FILE = Path.of("/tmp/wf/test.yaml");

    private Workflows() {
    }

    static Step step(String id, String type, Map<String, Object> with, String... needs) {
        return new Step(id, type, Arrays.asList(needs), Optional.empty(), with, Optional.empty(), Optional.empty(),
                false, Optional.empty(), Optional.empty(), new SourcePos(FILE, 1, 1));
    }

    static Step when(Step s, String condition) {
        return new Step(s.id(), s.type(), s.needs(), Optional.of(condition), s.with(), s.timeout(), s.retry(),
                s.continueOnError(), s.idempotent(), s.description(), s.pos());
    }

    static Param param(String name, String dflt, boolean secret, String description) {
        return new Param(name, ParamType.STRING, Optional.ofNullable(dflt), dflt == null, description, secret,
                Optional.empty(), List.of(), new SourcePos(FILE, 1, 1));
    }

    static Workflow workflow(List<Param> params, Step... steps) {
        Map<String, Param> byName = new java.util.LinkedHashMap<>();
        params.forEach(p -> byName.put(p.name(), p));
        return new Workflow(FILE, "test", "A test workflow", byName, Optional.empty(), Optional.empty(),
                Optional.empty(), List.of(steps));
    }
}
