package dev.runner.load;

import dev.runner.model.SourcePos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * A backup repository's settings written down once and named, so every workflow that talks to that repository
 * (configure-backup, verify-backup, recovery — in this cluster or another) takes them by name instead of
 * repeating them:
 *
 * <pre>
 * kind: RepositoryProfile
 * name: prod-s3
 * description: nightly backups of the orders database   # optional
 * settings:
 *   repoType: s3
 *   s3Bucket: acme-backups
 *   repoPath: /orders
 * </pre>
 *
 * Settings are workflow parameters. A profile is meant to be shared (committed, handed to a colleague), so it
 * holds no secret: secret parameters keep coming from their environment variables or a params file.
 */
public record RepositoryProfile(String name, Path file, List<Setting> settings) {
    public static final String KIND = "RepositoryProfile";
    /** Where {@code --repository NAME} looks, relative to the working directory, before the user's config. */
    public static final String LOCAL_DIR = "repositories";
    private static final Set<String> TOP_LEVEL = Set.of("kind", "name", "description", "settings");
    private static final String NAME_PATTERN = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";

    /** {@code keyPos}: where the setting's name is; {@code pos}: where its value is. */
    public record Setting(String name, String value, SourcePos keyPos, SourcePos pos) {}

    /** {@code --repository REF} names no profile that exists. */
    public static final class NotFound extends Exception {
        NotFound(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * The profile file {@code ref} names: a path when it contains a slash or ends in .yaml/.yml, else
     * {@code ./repositories/REF.yaml}, then {@code $XDG_CONFIG_HOME/runner/repositories/REF.yaml}
     * ({@code ~/.config} when XDG_CONFIG_HOME is unset).
     */
    public static Path locate(String ref, Map<String, String> env) throws NotFound {
        if (ref.contains("/") || ref.endsWith(".yaml") || ref.endsWith(".yml")) {
            return Path.of(ref);
        }
        if (!ref.matches(NAME_PATTERN)) {
            throw new NotFound("'" + ref
                    + "' is neither a profile name (lowercase letters, digits and '-') nor a path to a .yaml file");
        }
        List<Path> tried = new ArrayList<>();
        for (Path dir : searchPath(env)) {
            Path candidate = dir.resolve(ref + ".yaml");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
            tried.add(candidate);
        }
        throw new NotFound("no repository profile named '" + ref + "': looked for "
                + String.join(", ", tried.stream().map(Path::toString).toList()));
    }

    static List<Path> searchPath(Map<String, String> env) {
        String xdg = env.getOrDefault("XDG_CONFIG_HOME", "");
        Path config = !xdg.isEmpty() ? Path.of(xdg) : Path.of(env.getOrDefault("HOME", "~"), ".config");
        return List.of(Path.of(LOCAL_DIR), config.resolve("runner").resolve(LOCAL_DIR));
    }

    /** Reads and checks {@code file}; every problem is reported with its position. */
    public static RepositoryProfile read(Path file) throws LoadException {
        Problems problems = new Problems();
        Optional<MappingNode> root = YamlReader.readMapping(file, problems);
        problems.throwIfAny();
        MappingNode map = root.orElseThrow();
        for (NodeTuple t : map.getValue()) {
            String key = Yaml.keyText(t);
            if (!TOP_LEVEL.contains(key)) {
                problems.add(Yaml.pos(file, t.getKeyNode()), "unknown field '" + key + "' in a repository profile"
                        + Suggest.didYouMean(key, TOP_LEVEL) + " (fields: kind, name, description, settings)");
            }
        }
        Optional<Node> kind = Yaml.get(map, "kind");
        if (kind.isEmpty()) {
            problems.add(Yaml.pos(file, map), "missing 'kind: " + KIND + "'");
        } else if (!Yaml.text(kind.get()).orElse("").equals(KIND)) {
            problems.add(Yaml.pos(file, kind.get()), "kind must be " + KIND + ", not " + Yaml.text(kind.get())
                    .map(k -> "'" + k + "'").orElse(Yaml.describe(kind.get())));
        }
        Optional<Node> nameNode = Yaml.get(map, "name");
        String name = nameNode.flatMap(Yaml::text).orElse("");
        if (nameNode.isEmpty()) {
            problems.add(Yaml.pos(file, map), "missing 'name' (the name other workflows use: --repository NAME)");
        } else if (!Yaml.isString(nameNode.get()) || !name.matches(NAME_PATTERN)) {
            problems.add(Yaml.pos(file, nameNode.get()), "name must be lowercase letters, digits and '-', not "
                    + Yaml.text(nameNode.get()).map(n -> "'" + n + "'").orElse(Yaml.describe(nameNode.get())));
        }
        List<Setting> settings = new ArrayList<>();
        Optional<Node> settingsNode = Yaml.get(map, "settings");
        if (settingsNode.isEmpty()) {
            problems.add(Yaml.pos(file, map), "missing 'settings' (a mapping of parameter name to value)");
        } else if (!(settingsNode.get() instanceof MappingNode s)) {
            problems.add(Yaml.pos(file, settingsNode.get()), "settings must be a mapping of parameter name to value, not "
                    + Yaml.describe(settingsNode.get()));
        } else {
            for (NodeTuple t : s.getValue()) {
                if (t.getValueNode() instanceof ScalarNode v && !Yaml.isNull(v)) {
                    settings.add(new Setting(Yaml.keyText(t), v.getValue(), Yaml.pos(file, t.getKeyNode()),
                            Yaml.pos(file, v)));
                } else {
                    problems.add(Yaml.pos(file, t.getValueNode()), "setting '" + Yaml.keyText(t)
                            + "' must be a single value, not " + Yaml.describe(t.getValueNode()));
                }
            }
        }
        problems.throwIfAny();
        return new RepositoryProfile(name, file, List.copyOf(settings));
    }
}
