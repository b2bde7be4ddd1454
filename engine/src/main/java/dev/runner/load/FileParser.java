package dev.runner.load;

import dev.runner.model.Durations;
import dev.runner.model.Param;
import dev.runner.model.ParamType;
import dev.runner.model.RetryPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;

/**
 * Builds a {@link ParsedFile} from a schema-checked node tree. Shapes the schema already refused are
 * skipped silently here (so nothing is reported twice); this class reports what a schema cannot say:
 * defaults that do not fit their parameter's type, and parameters that can never get a value.
 */
final class FileParser {
    private final Path file;
    private final Problems problems;

    FileParser(Path file, Problems problems) {
        this.file = file;
        this.problems = problems;
    }

    ParsedFile parse(MappingNode root) {
        String kind = Yaml.string(root, "kind").orElse("Workflow");
        String name = Yaml.string(root, "name").orElse(defaultName());
        Optional<Node> defaults = Yaml.get(root, "defaults");
        Optional<RetryPolicy> defaultRetry = defaults.flatMap(d -> Yaml.get(d, "retry"))
                .map(r -> retry(r, RetryPolicy.NONE));
        List<RawStep> steps = new ArrayList<>();
        for (Node s : Yaml.items(Yaml.get(root, "steps").orElse(null))) {
            if (s instanceof MappingNode) {
                steps.add(step(s, defaultRetry.orElse(RetryPolicy.NONE)));
            }
        }
        return new ParsedFile(file, root, kind, name, Yaml.string(root, "description").orElse(""),
                params(Yaml.get(root, "params").orElse(null)),
                defaults.flatMap(this::timeout), defaultRetry, timeout(root), steps);
    }

    private String defaultName() {
        String f = file.getFileName().toString();
        return f.replaceFirst("\\.ya?ml$", "");
    }

    private Map<String, Param> params(Node node) {
        Map<String, Param> out = new LinkedHashMap<>();
        if (!(node instanceof MappingNode m)) {
            return out;
        }
        for (NodeTuple t : m.getValue()) {
            if (t.getValueNode() instanceof MappingNode p) {
                out.put(Yaml.keyText(t), param(Yaml.keyText(t), t.getKeyNode(), p));
            }
        }
        return out;
    }

    private Param param(String name, Node keyNode, MappingNode p) {
        ParamType type = ParamType.STRING;
        Optional<String> typeText = Yaml.string(p, "type");
        for (ParamType candidate : ParamType.values()) {
            if (candidate.yamlName().equals(typeText.orElse("string"))) {
                type = candidate;
            }
        }
        List<String> allowed = new ArrayList<>();
        Yaml.get(p, "enum").ifPresent(e -> Yaml.items(e).forEach(i -> Yaml.text(i).ifPresent(allowed::add)));
        Optional<String> def = Yaml.get(p, "default").flatMap(Yaml::text);
        Optional<String> from = Yaml.string(p, "from").filter(f -> f.matches("env:[A-Za-z_][A-Za-z0-9_]*"))
                .map(f -> f.substring(4));
        Optional<Boolean> required = Yaml.get(p, "required").flatMap(Yaml::text).map(Boolean::parseBoolean);
        Param param = new Param(name, type, def, required.orElse(def.isEmpty()),
                Yaml.string(p, "description").orElse(""), Yaml.bool(p, "secret"), from, allowed,
                Yaml.pos(file, keyNode));
        for (String a : allowed) {
            if (ParamValues.typeProblem(type, a).isPresent()) {
                problems.add(Yaml.pos(file, Yaml.get(p, "enum").get()), "parameter '" + name + "': enum value '"
                        + a + "' is not a valid " + type.yamlName());
            }
        }
        if (def.isPresent()) {
            ParamValues.problem(param, def.get()).ifPresent(msg -> problems.add(
                    Yaml.pos(file, Yaml.get(p, "default").get()), "parameter '" + name + "': default " + msg));
        }
        if (required.orElse(false) && def.isPresent()) {
            problems.add(Yaml.pos(file, Yaml.get(p, "required").get()), "parameter '" + name
                    + "' is required but has a default; remove one of them");
        }
        return param;
    }

    private RawStep step(Node s, RetryPolicy base) {
        Map<String, Object> with = new LinkedHashMap<>();
        Optional<Node> withNode = Yaml.get(s, "with");
        if (withNode.isPresent() && withNode.get() instanceof MappingNode) {
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) JsonTree.value(withNode.get());
            with.putAll(m);
        }
        List<String> needs = new ArrayList<>();
        Yaml.get(s, "needs").ifPresent(n -> Yaml.items(n).forEach(i -> Yaml.text(i).ifPresent(needs::add)));
        Optional<String> when = Yaml.get(s, "when").flatMap(Yaml::text)
                .map(w -> w.equalsIgnoreCase("true") || w.equalsIgnoreCase("false") ? w.toLowerCase(Locale.ROOT) : w);
        return new RawStep(Yaml.string(s, "id").orElse(""), s, Yaml.string(s, "type"), Yaml.string(s, "uses"), needs,
                when, with, timeout(s), Yaml.get(s, "retry").map(r -> retry(r, base)),
                optionalBool(s, "continueOnError"), optionalBool(s, "idempotent"), Yaml.string(s, "description"),
                Yaml.pos(file, s));
    }

    private static Optional<Boolean> optionalBool(Node map, String key) {
        return Yaml.get(map, key).flatMap(Yaml::text).map(Boolean::parseBoolean);
    }

    /** A timeout: a duration of more than zero, reported here when the schema's pattern let it through. */
    private Optional<Duration> timeout(Node map) {
        return duration(map, "timeout", true);
    }

    private Optional<Duration> duration(Node map, String key, boolean positive) {
        Optional<Node> node = Yaml.get(map, key);
        Optional<String> text = node.flatMap(Yaml::text).filter(t -> t.matches(Durations.PATTERN));
        if (text.isEmpty()) {
            return Optional.empty(); // absent, or the schema reports it
        }
        Optional<String> problem = Durations.problem(text.get(), positive);
        if (problem.isPresent()) {
            problems.add(Yaml.pos(file, node.get()), "'" + key + "': " + problem.get());
            return Optional.empty();
        }
        return Durations.parse(text.get());
    }

    private RetryPolicy retry(Node r, RetryPolicy base) {
        int attempts = Yaml.get(r, "attempts").flatMap(Yaml::text).map(FileParser::intOr1).orElse(base.attempts());
        return new RetryPolicy(attempts, duration(r, "backoff", false).orElse(base.backoff()),
                duration(r, "maxBackoff", false).orElse(base.maxBackoff()));
    }

    private static int intOr1(String s) {
        try {
            return Math.max(1, Integer.parseInt(s));
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
