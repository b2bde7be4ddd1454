package dev.runner.load;

import dev.runner.model.Workflow;
import dev.runner.step.StepRegistry;
import java.nio.file.Path;

/**
 * Loads and validates a workflow file: YAML with positions, the JSON Schema envelope and each step
 * type's {@code with} schema, ids, needs, cycles, expressions, and composite step files ({@code uses:}),
 * which are expanded into the returned workflow's steps. Every problem found is reported at once.
 */
public final class WorkflowLoader {
    private final StepRegistry registry;

    public WorkflowLoader(StepRegistry registry) {
        this.registry = registry;
    }

    public Workflow load(Path file) throws LoadException {
        Problems problems = new Problems();
        FileSet files = new FileSet(registry, problems);
        var loaded = files.loadTop(file);
        problems.throwIfAny();
        ParsedFile top = loaded.orElseThrow().file();
        var steps = new Flattener().flatten(loaded.get());
        return new Workflow(file, top.name(), top.description(), top.params(), top.defaultTimeout(),
                top.defaultRetry(), top.runTimeout(), steps);
    }
}
