package dev.runner.load;

import dev.runner.model.Param;
import dev.runner.model.SourcePos;
import dev.runner.model.Workflow;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * Gives each declared parameter its value. Precedence: {@code -p name=value}, then the params file
 * (a YAML or JSON mapping), then the environment variable named by {@code from: env:VAR}, then the
 * default. Unknown names, missing required params and values of the wrong type are all reported at once.
 */
public final class ParamBinder {

    public BoundParams bind(Workflow wf, Map<String, String> cliValues, Optional<Path> paramsFile,
                            Map<String, String> env) throws LoadException {
        Problems problems = new Problems();
        Map<String, Param> params = wf.params();
        Map<String, String> values = new LinkedHashMap<>();
        paramsFile.ifPresent(f -> readFile(f, params, values, problems));
        SourcePos top = SourcePos.unknown(wf.source());
        cliValues.forEach((name, value) -> {
            Param p = params.get(name);
            if (p == null) {
                problems.add(top, "-p " + name + "=...: unknown parameter '" + name + "'"
                        + Suggest.didYouMean(name, params.keySet()) + known(params));
                return;
            }
            Optional<String> bad = ParamValues.problem(p, value);
            if (bad.isPresent()) {
                problems.add(p.pos(), "-p " + name + "=...: parameter '" + name + "' " + masked(p, bad.get(), value));
            } else {
                values.put(name, ParamValues.normalize(p, value));
            }
        });
        Map<String, String> bound = new LinkedHashMap<>();
        for (Param p : params.values()) {
            String v = values.get(p.name());
            if (v == null && p.fromEnv().isPresent() && env.containsKey(p.fromEnv().get())) {
                v = env.get(p.fromEnv().get());
                Optional<String> bad = ParamValues.problem(p, v);
                if (bad.isPresent()) {
                    problems.add(p.pos(), "environment variable " + p.fromEnv().get() + " (for parameter '"
                            + p.name() + "') " + masked(p, bad.get(), v));
                    continue;
                }
                v = ParamValues.normalize(p, v);
            }
            if (v == null) {
                v = p.defaultValue().map(d -> ParamValues.normalize(p, d)).orElse(null);
            }
            if (v != null) {
                bound.put(p.name(), v);
            } else if (p.required()) {
                problems.add(p.pos(), "missing required parameter '" + p.name() + "'"
                        + (p.description().isEmpty() ? "" : " (" + p.description() + ")") + ": give it with -p "
                        + p.name() + "=VALUE" + p.fromEnv().map(e -> " or set the environment variable " + e).orElse(""));
            }
        }
        problems.throwIfAny();
        Set<String> secrets = new HashSet<>();
        params.values().stream().filter(Param::secret).forEach(p -> secrets.add(p.name()));
        return new BoundParams(bound, secrets);
    }

    private static void readFile(Path file, Map<String, Param> params, Map<String, String> values,
                                 Problems problems) {
        Optional<MappingNode> root = YamlReader.readMapping(file, problems);
        if (root.isEmpty()) {
            return;
        }
        for (NodeTuple t : root.get().getValue()) {
            String name = Yaml.keyText(t);
            Param p = params.get(name);
            if (p == null) {
                problems.add(Yaml.pos(file, t.getKeyNode()), "unknown parameter '" + name + "'"
                        + Suggest.didYouMean(name, params.keySet()) + known(params));
                continue;
            }
            if (!(t.getValueNode() instanceof ScalarNode v) || Yaml.isNull(v)) {
                problems.add(Yaml.pos(file, t.getValueNode()), "parameter '" + name + "' must be a single value, not "
                        + Yaml.describe(t.getValueNode()));
                continue;
            }
            Optional<String> bad = ParamValues.problem(p, v.getValue());
            if (bad.isPresent()) {
                problems.add(Yaml.pos(file, v), "parameter '" + name + "' " + masked(p, bad.get(), v.getValue()));
            } else {
                values.put(name, ParamValues.normalize(p, v.getValue()));
            }
        }
    }

    /** A secret's wrong value must not be echoed back into logs or terminals. */
    private static String masked(Param p, String message, String value) {
        return p.secret() && !value.isEmpty() ? message.replace(value, dev.runner.model.Secrets.MASK) : message;
    }

    private static String known(Map<String, Param> params) {
        return params.isEmpty() ? " (the workflow has no parameters)" : "";
    }
}
