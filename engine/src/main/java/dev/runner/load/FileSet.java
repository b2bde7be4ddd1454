package dev.runner.load;

import dev.runner.model.InputFile;
import dev.runner.model.Param;
import dev.runner.model.SourcePos;
import dev.runner.model.Step;
import dev.runner.step.StepRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * Reads a workflow file and, through {@code uses:}, the step files it depends on (each once), checking
 * each in its own right and each use of a step file against that file's params. Cycles across files are
 * refused with the chain of files.
 */
final class FileSet {
    static final int MAX_FILE_DEPTH = 16;

    /** A checked file and, by the id of each of its {@code uses:} steps, the step file it uses. */
    record Loaded(ParsedFile file, Map<String, Loaded> composites) {
    }

    private final StepRegistry registry;
    private final Problems problems;
    private final Map<Path, Optional<Loaded>> cache = new HashMap<>();

    FileSet(StepRegistry registry, Problems problems) {
        this.registry = registry;
        this.problems = problems;
    }

    Optional<Loaded> loadTop(Path file) {
        return load(file, new ArrayList<>(), null);
    }

    private Optional<Loaded> load(Path file, List<Path> chain, SourcePos usedAt) {
        Path key = file.toAbsolutePath().normalize();
        List<Path> keys = chain.stream().map(p -> p.toAbsolutePath().normalize()).toList();
        if (keys.contains(key)) {
            List<Path> cycle = new ArrayList<>(chain.subList(keys.indexOf(key), chain.size()));
            cycle.add(file);
            problems.add(usedAt, "step files use each other in a cycle: "
                    + cycle.stream().map(Path::toString).collect(Collectors.joining(" -> ")));
            return Optional.empty();
        }
        if (chain.size() >= MAX_FILE_DEPTH) {
            problems.add(usedAt, "step files are nested more than " + MAX_FILE_DEPTH + " deep");
            return Optional.empty();
        }
        if (usedAt != null) {
            Optional<String> unusable = InputFile.unusable(file, "step file");
            if (unusable.isPresent()) {
                problems.add(usedAt, unusable.get().equals(InputFile.MISSING) ? "step file not found: " + file
                        : file + " " + unusable.get());
                return Optional.empty();
            }
        }
        if (cache.containsKey(key)) {
            return cache.get(key);
        }
        cache.put(key, Optional.empty()); // reentry is a cycle and is caught above
        Optional<Loaded> loaded = read(file, chain, usedAt != null);
        cache.put(key, loaded);
        return loaded;
    }

    private Optional<Loaded> read(Path file, List<Path> chain, boolean composite) {
        Optional<MappingNode> root = YamlReader.readMapping(file, problems);
        if (root.isEmpty()) {
            return Optional.empty();
        }
        SchemaCheck.envelope(file, root.get(), problems);
        ParsedFile parsed = new FileParser(file, problems).parse(root.get());
        if (composite) {
            stepFileOnly(parsed);
        }
        StepChecks checks = new StepChecks(parsed, problems);
        checks.structure(registry);
        List<Path> inner = new ArrayList<>(chain);
        inner.add(file);
        Map<String, Loaded> composites = new LinkedHashMap<>();
        for (RawStep s : parsed.steps()) {
            if (s.uses().isEmpty() || s.type().isPresent()) {
                continue;
            }
            Node usesNode = s.field("uses").orElse(s.node());
            if (s.uses().get().matches("^[A-Za-z][A-Za-z0-9+.-]*://.*")) {
                problems.add(Yaml.pos(file, usesNode), "step files are local paths (relative to this file), not URLs: "
                        + s.uses().get());
                continue;
            }
            Path target = file.resolveSibling(s.uses().get()).normalize();
            load(target, inner, Yaml.pos(file, usesNode)).ifPresent(c -> {
                composites.put(s.id(), c);
                checkWith(parsed, s, c.file());
            });
        }
        Map<String, Map<String, Step>> expanded = new HashMap<>();
        checks.expressions(registry, id -> !composites.containsKey(id) ? Map.of()
                : expanded.computeIfAbsent(id, c -> new Flattener().flatten(composites.get(c)).stream()
                .collect(Collectors.toMap(Step::id, st -> st, (a, b) -> a, LinkedHashMap::new))));
        return Optional.of(new Loaded(parsed, composites));
    }

    private void stepFileOnly(ParsedFile f) {
        Optional<NodeTuple> kind = Yaml.entry(f.root(), "kind");
        if (!"StepFile".equals(f.kind())) {
            kind.ifPresent(t -> problems.add(Yaml.pos(f.path(), t.getValueNode()),
                    "a file used with 'uses:' must have kind: StepFile, not " + f.kind()));
            return;
        }
        Yaml.entry(f.root(), "timeout").ifPresent(t -> problems.add(Yaml.pos(f.path(), t.getKeyNode()),
                "'timeout' (for a whole run) is not allowed in a StepFile; set it on its steps or in defaults"));
    }

    /** The using step's {@code with} supplies the step file's params: no unknown, none missing, right types. */
    private void checkWith(ParsedFile outer, RawStep s, ParsedFile inner) {
        Optional<Node> withNode = s.field("with");
        Map<String, Param> params = inner.params();
        if (withNode.isPresent() && withNode.get() instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                String name = Yaml.keyText(t);
                Param p = params.get(name);
                SourcePos at = Yaml.pos(outer.path(), t.getKeyNode());
                if (p == null) {
                    problems.add(at, "unknown parameter '" + name + "' for step file " + inner.path()
                            + Suggest.didYouMean(name, params.keySet())
                            + (params.isEmpty() ? " (it has no params)" : ""));
                } else if (!(t.getValueNode() instanceof ScalarNode v)) {
                    problems.add(Yaml.pos(outer.path(), t.getValueNode()), "parameter '" + name
                            + "' must be a single value, not " + Yaml.describe(t.getValueNode()));
                } else if (!Yaml.isNull(v) && !v.getValue().contains("${")) {
                    ParamValues.problem(p, v.getValue()).ifPresent(msg -> problems.add(
                            Yaml.pos(outer.path(), v), "parameter '" + name + "' " + msg));
                }
            }
        }
        for (Param p : params.values()) {
            boolean given = withNode.flatMap(w -> Yaml.get(w, p.name())).isPresent();
            if (!given && p.required() && p.defaultValue().isEmpty() && p.fromEnv().isEmpty()) {
                problems.add(Yaml.pos(outer.path(), withNode.orElse(s.node())), "missing parameter '" + p.name()
                        + "' required by step file " + inner.path()
                        + (p.description().isEmpty() ? "" : " (" + p.description() + ")"));
            }
        }
    }
}
