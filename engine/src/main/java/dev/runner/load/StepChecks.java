package dev.runner.load;

import dev.runner.expr.Condition;
import dev.runner.expr.ExpressionException;
import dev.runner.expr.Reference;
import dev.runner.model.InputFile;
import dev.runner.model.SourcePos;
import dev.runner.plan.Dag;
import dev.runner.model.Step;
import dev.runner.step.StepOutputs;
import dev.runner.step.StepRegistry;
import dev.runner.step.StepType;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/** The checks on one file's steps that need more than the schema: types, ids, needs, cycles, expressions. */
final class StepChecks {
    private final ParsedFile file;
    private final Problems problems;
    private final Dag dag;
    /** The first step of each id: a file may have thousands of steps, and every need and reference looks one up. */
    private final Map<String, RawStep> byId = new HashMap<>();

    StepChecks(ParsedFile file, Problems problems) {
        this.file = file;
        this.problems = problems;
        file.steps().forEach(s -> byId.putIfAbsent(s.id(), s));
        Map<String, List<String>> needs = new LinkedHashMap<>();
        // a step that needs itself is reported as such, not as a cycle
        file.steps().forEach(s -> needs.putIfAbsent(s.id(), s.needs().stream().filter(n -> !n.equals(s.id())).toList()));
        this.dag = new Dag(needs);
    }

    Dag dag() {
        return dag;
    }

    /** Type or uses, known type, its {@code with} schema, unique ids, known needs, no cycles. */
    void structure(StepRegistry registry) {
        Map<String, RawStep> seen = new HashMap<>();
        for (RawStep s : file.steps()) {
            RawStep first = seen.putIfAbsent(s.id(), s);
            if (first != null && !s.id().isEmpty()) {
                problems.add(pos(s.field("id").orElse(s.node())), "duplicate step id '" + s.id()
                        + "' (first used at line " + first.pos().line() + ")");
            }
            boolean hasType = s.field("type").isPresent();
            if (hasType == s.field("uses").isPresent()) {
                problems.add(s.pos(), "step '" + s.id() + "' must have exactly one of 'type' or 'uses'"
                        + (hasType ? ", not both" : ""));
            }
            s.type().ifPresent(t -> checkType(registry, s, t));
            checkNeeds(s);
        }
        dag.findCycles().forEach(cycle -> {
            RawStep at = byId.get(cycle.get(0));
            problems.add(pos(at.field("needs").orElse(at.node())), "dependency cycle: " + String.join(" -> ", cycle));
        });
    }

    private void checkType(StepRegistry registry, RawStep s, String t) {
        Node typeNode = s.field("type").orElse(s.node());
        Optional<StepType> type = registry.find(t);
        if (type.isEmpty()) {
            String hint = Suggest.didYouMean(t, registry.names());
            problems.add(pos(typeNode), "unknown step type '" + t + "'" + (hint.isEmpty()
                    ? " (known types: " + String.join(", ", registry.names()) + ")" : hint));
            return;
        }
        Node with = s.field("with").orElse(null);
        if (with == null || Yaml.isNull(with)) {
            with = new MappingNode(org.snakeyaml.engine.v2.nodes.Tag.MAP, true, List.of(),
                    org.snakeyaml.engine.v2.common.FlowStyle.FLOW, s.node().getStartMark(), s.node().getEndMark());
        }
        if (with instanceof MappingNode) {
            SchemaCheck.with(type.get(), file.path(), with, typeNode, problems);
        }
    }

    private void checkNeeds(RawStep s) {
        Optional<Node> needsNode = s.field("needs");
        if (needsNode.isEmpty()) {
            return;
        }
        for (Node n : Yaml.items(needsNode.get())) {
            String need = Yaml.text(n).orElse("");
            if (need.equals(s.id())) {
                problems.add(pos(n), "step '" + s.id() + "' needs itself");
            } else if (!byId.containsKey(need)) {
                problems.add(pos(n), "unknown step '" + need + "' in needs" + compositeHint(need).orElseGet(() ->
                        Suggest.didYouMean(need, file.steps().stream().map(RawStep::id)
                                .filter(id -> !id.equals(s.id())).toList())));
            }
        }
    }

    /** For {@code outer.inner} where {@code outer} is a composite step: how to wait for it instead. */
    private Optional<String> compositeHint(String need) {
        int dot = need.indexOf('.');
        String outer = dot < 0 ? need : need.substring(0, dot);
        return dot < 0 || step(outer).flatMap(RawStep::uses).isEmpty() ? Optional.empty()
                : Optional.of(": needs names steps of this file only; '" + outer + "' is a composite (uses:), so"
                + " write needs: [" + outer + "] to wait for all of its steps");
    }

    /**
     * {@code when} syntax and every {@code ${...}} in {@code with} and {@code when}.
     *
     * @param inner for a composite step's id, the steps it expands to by their ids relative to it
     */
    void expressions(StepRegistry registry, Function<String, Map<String, Step>> inner) {
        Refs check = new Refs(registry, inner);
        for (RawStep s : file.steps()) {
            Optional<Node> whenNode = s.field("when");
            if (s.when().isPresent() && whenNode.isPresent()) {
                try {
                    Set<String> refs = new java.util.HashSet<>(Condition.parse(s.when().get()).references());
                    for (Reference r : Reference.all(s.when().get())) {
                        if (refs.contains(r.text().trim()) && whenNode.get() instanceof ScalarNode scalar) {
                            check.ref(s, r, Yaml.pos(file.path(), scalar, r.offset()));
                        }
                    }
                } catch (ExpressionException e) {
                    problems.add(pos(whenNode.get()), e.getMessage());
                }
            }
            s.field("with").ifPresent(w -> walkStrings(w, n -> {
                for (Reference r : Reference.all(((ScalarNode) n).getValue())) {
                    check.ref(s, r, Yaml.pos(file.path(), (ScalarNode) n, r.offset()));
                }
            }));
        }
    }

    /** Checks the references of this file's steps; knows the step types, for their declared outputs. */
    private final class Refs {
        private final StepRegistry registry;
        private final Function<String, Map<String, Step>> inner;

        Refs(StepRegistry registry, Function<String, Map<String, Step>> inner) {
            this.registry = registry;
            this.inner = inner;
        }

        void ref(RawStep s, Reference r, SourcePos at) {
            switch (r.kind()) {
                case PARAM -> {
                    if (!file.params().containsKey(r.name())) {
                        problems.add(at, "unknown parameter '" + r.name() + "' in " + r.written()
                                + Suggest.didYouMean(r.name(), file.params().keySet()));
                    }
                }
                case STEP_OUTPUT -> checkStepRef(s, r, at);
                case FILE -> {
                    java.nio.file.Path target = file.path().resolveSibling(r.name()).normalize();
                    InputFile.unusable(target, "file").ifPresent(why -> problems.add(at, (why.equals(InputFile.MISSING)
                            ? "no such file " + target : target + " " + why) + " for " + r.written()
                            + " (paths are relative to the file that declares the step)"));
                }
                case INVALID -> problems.add(at, r.text().startsWith("${")
                        ? "unterminated '${' (write '$${' for a literal '${')"
                        : "invalid reference " + r.written() + ": use ${params.NAME}, ${steps.ID.outputs.KEY},"
                        + " ${env:VAR} or ${file:PATH}");
                default -> { }
            }
        }

        private void checkStepRef(RawStep s, Reference r, SourcePos at) {
            String id = r.name();
            int dot = id.indexOf('.');
            String local = dot < 0 ? id : id.substring(0, dot);
            Optional<RawStep> target = step(local);
            if (target.isEmpty()) {
                problems.add(at, "unknown step '" + id + "' in " + r.written()
                        + Suggest.didYouMean(id, file.steps().stream().map(RawStep::id).toList()));
                return;
            }
            if (local.equals(s.id())) {
                problems.add(at, "step '" + s.id() + "' cannot use its own outputs (" + r.written() + ")");
                return;
            }
            boolean composite = target.get().uses().isPresent();
            if (composite && dot < 0) {
                problems.add(at, "step '" + id + "' is a composite (uses:) and has no outputs of its own;"
                        + " refer to one of its steps, e.g. ${steps." + id + ".STEP.outputs." + r.key() + "}");
                return;
            }
            Step innerStep = composite ? inner.apply(local).get(id.substring(dot + 1)) : null;
            if (!composite && dot >= 0 || composite && innerStep == null) {
                problems.add(at, "unknown step '" + id + "' in " + r.written() + (composite
                        ? Suggest.didYouMean(id.substring(dot + 1), inner.apply(local).keySet())
                        .replace("did you mean '", "did you mean '" + local + ".") : ""));
                return;
            }
            if (!dag.dependsOn(s.id(), local)) {
                problems.add(at, r.written() + " refers to step '" + local + "', which is not upstream of '"
                        + s.id() + "' (add '" + local + "' to its needs)");
                return;
            }
            if (composite) {
                checkOutput(id, innerStep.type(), innerStep.with(), r, at);
            } else {
                target.get().type().ifPresent(t -> checkOutput(id, t, target.get().with(), r, at));
            }
        }

        private void checkOutput(String id, String typeName, Map<String, Object> with, Reference r, SourcePos at) {
            Optional<StepOutputs> outputs = registry.find(typeName).map(StepType::outputs);
            if (outputs.isEmpty() || outputs.get().accepts(r.key(), with)) {
                return;
            }
            Set<String> names = outputs.get().names(with).orElse(Set.of());
            String hint = Suggest.didYouMean(r.key(), names);
            problems.add(at, "step '" + id + "' (type " + typeName + ") has no output '" + r.key() + "' in "
                    + r.written() + (!hint.isEmpty() ? hint : names.isEmpty() ? " (it has no outputs)"
                    : " (its outputs: " + String.join(", ", names) + ")"));
        }
    }

    static void walkStrings(Node n, java.util.function.Consumer<Node> action) {
        if (n instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                walkStrings(t.getValueNode(), action);
            }
        } else if (n instanceof SequenceNode sq) {
            sq.getValue().forEach(i -> walkStrings(i, action));
        } else if (Yaml.isString(n) && ((ScalarNode) n).getValue().contains("${")) {
            action.accept(n);
        }
    }

    private Optional<RawStep> step(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    private SourcePos pos(Node n) {
        return Yaml.pos(file.path(), n);
    }
}
