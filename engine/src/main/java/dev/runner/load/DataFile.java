package dev.runner.load;

import dev.runner.model.SourcePos;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * A YAML file that is not a workflow (a targets file, …) read as workflow files are: the same YAML hazards refused,
 * then checked against a JSON Schema on the class path, every problem as {@code file:line:col: message} at once.
 * The caller checks what a schema cannot say with {@link #pos} and reports it the same way.
 */
public final class DataFile {
    private DataFile() {
    }

    /** The file's top-level mapping, valid against {@code schemaResource}; else every problem as a LoadException. */
    public static MappingNode read(Path file, String schemaResource) throws LoadException {
        Problems problems = new Problems();
        Optional<MappingNode> root = YamlReader.readMapping(file, problems);
        root.ifPresent(r -> SchemaCheck.resource(schemaResource, file, r, problems));
        problems.throwIfAny();
        return root.orElseThrow();
    }

    /** Where {@code node} starts in {@code file}. */
    public static SourcePos pos(Path file, Node node) {
        return Yaml.pos(file, node);
    }

    /** The value of a YAML scalar as the text a parameter gets ({@code true}, {@code 42}, {@code text}). */
    public static Optional<String> text(Node node) {
        return Yaml.text(node);
    }

    /** Throws the problems, sorted by position, when there are any. */
    public static void throwIfAny(List<Problem> problems) throws LoadException {
        if (!problems.isEmpty()) {
            throw new LoadException(problems.stream().sorted().toList());
        }
    }
}
