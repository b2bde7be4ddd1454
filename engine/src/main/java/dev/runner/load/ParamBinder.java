package dev.runner.load;

import dev.runner.model.Param;
import dev.runner.model.SourcePos;
import dev.runner.model.Workflow;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * Gives each declared parameter its value. Precedence: {@code -p name=value}, then the params file
 * (a YAML or JSON mapping), then the values recorded by the run being resumed, then a repository profile
 * ({@link RepositoryProfile}), then the environment variable named by {@code from: env:VAR}, then the
 * default; each value keeps where it came from ({@link ParamSource}).
 * Unknown names, missing required params and values of the wrong type are all reported at once.
 */
public final class ParamBinder {

    public BoundParams bind(Workflow wf, Map<String, String> cliValues, Optional<Path> paramsFile,
                            Map<String, String> env) throws LoadException {
        return bind(wf, ParamInputs.of(cliValues, paramsFile), env);
    }

    public BoundParams bind(Workflow wf, ParamInputs inputs, Map<String, String> env) throws LoadException {
        Problems problems = new Problems();
        List<String> warnings = new ArrayList<>();
        Map<String, Param> params = wf.params();
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, ParamSource> sources = new LinkedHashMap<>();
        inputs.repository().ifPresent(r -> readRepository(r, wf, values, sources, problems, warnings));
        inputs.recorded().forEach((name, value) -> {
            if (params.containsKey(name)) {
                values.put(name, value);
                sources.put(name, ParamSource.RECORDED);
            }
        });
        inputs.paramsFile().ifPresent(f -> readFile(f, params, values, sources, problems));
        SourcePos top = SourcePos.unknown(wf.source());
        inputs.options().forEach((name, value) -> {
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
                sources.put(name, ParamSource.OPTION);
            }
        });
        Map<String, String> bound = new LinkedHashMap<>();
        Map<String, ParamSource> boundSources = new LinkedHashMap<>();
        for (Param p : params.values()) {
            String v = values.get(p.name());
            ParamSource source = sources.get(p.name());
            if (v == null && p.fromEnv().isPresent() && env.containsKey(p.fromEnv().get())) {
                v = env.get(p.fromEnv().get());
                Optional<String> bad = ParamValues.problem(p, v);
                if (bad.isPresent()) {
                    problems.add(p.pos(), "environment variable " + p.fromEnv().get() + " (for parameter '"
                            + p.name() + "') " + masked(p, bad.get(), v));
                    continue;
                }
                v = ParamValues.normalize(p, v);
                source = ParamSource.env(p.fromEnv().get());
            }
            if (v == null) {
                v = p.defaultValue().map(d -> ParamValues.normalize(p, d)).orElse(null);
                source = ParamSource.DEFAULT;
            }
            if (v != null) {
                bound.put(p.name(), v);
                boundSources.put(p.name(), source);
            } else if (p.required()) {
                problems.add(p.pos(), "missing required parameter '" + p.name() + "'"
                        + (p.description().isEmpty() ? "" : " (" + p.description() + ")") + ": give it with -p "
                        + p.name() + "=VALUE" + p.fromEnv().map(e -> " or set the environment variable " + e).orElse(""));
            }
        }
        problems.throwIfAny();
        Set<String> secrets = new HashSet<>();
        params.values().stream().filter(Param::secret).forEach(p -> secrets.add(p.name()));
        return new BoundParams(bound, secrets, boundSources, warnings);
    }

    /**
     * A profile serves several workflows, so a setting this one does not declare is passed over (and said so),
     * unless it is so close to a declared name that it is surely a typo of it.
     */
    private static void readRepository(RepositoryProfile r, Workflow wf, Map<String, String> values,
                                       Map<String, ParamSource> sources, Problems problems, List<String> warnings) {
        List<String> unused = new ArrayList<>();
        for (RepositoryProfile.Setting s : r.settings()) {
            Param p = wf.params().get(s.name());
            if (p == null) {
                Optional<String> typo = Suggest.closest(s.name(), wf.params().keySet());
                if (typo.isPresent()) {
                    problems.add(s.keyPos(), "setting '" + s.name() + "' is not a parameter of workflow " + wf.name()
                            + " (did you mean '" + typo.get() + "'?)");
                } else {
                    unused.add(s.name());
                }
            } else if (p.secret()) {
                problems.add(s.pos(), "setting '" + s.name() + "' is a secret: a repository profile is meant to be "
                        + "shared and holds no secret" + p.fromEnv().map(e -> "; set the environment variable " + e)
                        .orElse("") + " or give it in a --params-file");
            } else {
                Optional<String> bad = ParamValues.problem(p, s.value());
                if (bad.isPresent()) {
                    problems.add(s.pos(), "setting '" + s.name() + "' " + bad.get());
                } else {
                    values.put(p.name(), ParamValues.normalize(p, s.value()));
                    sources.put(p.name(), ParamSource.repository(r.name(), s.pos()));
                }
            }
        }
        if (!unused.isEmpty()) {
            warnings.add("repository " + r.name() + " (" + r.file() + "): not parameters of workflow " + wf.name()
                    + ", not used: " + String.join(", ", unused));
        }
    }

    private static void readFile(Path file, Map<String, Param> params, Map<String, String> values,
                                 Map<String, ParamSource> sources, Problems problems) {
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
                sources.put(name, ParamSource.paramsFile(Yaml.pos(file, v)));
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
