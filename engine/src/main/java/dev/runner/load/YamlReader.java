package dev.runner.load;

import dev.runner.model.InputFile;
import dev.runner.model.SourcePos;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.parser.Parser;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Reads one YAML file into a node tree with positions, refusing hazards before they cost anything:
 * oversized files, more than one document, deep nesting, many aliases (alias bombs), recursive aliases,
 * duplicate keys and non-string keys.
 */
final class YamlReader {
    static final int MAX_BYTES = 1 << 20;
    static final int MAX_DEPTH = 64;
    static final int MAX_ALIASES = 50;
    /** Values that aliases may add to a document (each alias counts what it stands for, nested aliases too). */
    static final int MAX_EXPANDED = 50_000;

    private final Path file;
    private final Problems problems;

    private YamlReader(Path file, Problems problems) {
        this.file = file;
        this.problems = problems;
    }

    /** The top-level mapping of {@code file}, or empty with the reasons added to {@code problems}. */
    static Optional<MappingNode> readMapping(Path file, Problems problems) {
        YamlReader r = new YamlReader(file, problems);
        Optional<Node> root = r.read();
        if (root.isEmpty()) {
            return Optional.empty();
        }
        if (root.get() instanceof MappingNode m) {
            return Optional.of(m);
        }
        problems.add(Yaml.pos(file, root.get()), "the top level must be a mapping (key: value), not "
                + Yaml.describe(root.get()));
        return Optional.empty();
    }

    private Optional<Node> read() {
        Optional<String> text = readText();
        if (text.isEmpty()) {
            return Optional.empty();
        }
        LoadSettings settings = LoadSettings.builder().setLabel(file.toString()).setUseMarks(true)
                .setSchema(new CoreSchema()).setCodePointLimit(MAX_BYTES + 1)
                .setMaxAliasesForCollections(MAX_ALIASES).setAllowRecursiveKeys(false).build();
        try {
            List<Event> events = new ArrayList<>();
            if (!checkEvents(settings, text.get(), events)) {
                return Optional.empty();
            }
            Optional<Node> root = new Composer(settings, new Replay(events)).getSingleNode();
            if (root.isEmpty() || Yaml.isNull(root.get()) && ((ScalarNode) root.get()).getValue().isEmpty()) {
                problems.add(new SourcePos(file, 1, 1), "the file is empty");
                return Optional.empty();
            }
            int before = problems.size();
            checkTree(root.get(), Collections.newSetFromMap(new IdentityHashMap<>()),
                    Collections.newSetFromMap(new IdentityHashMap<>()), new int[1], false);
            return problems.size() == before ? root : Optional.empty();
        } catch (MarkedYamlEngineException e) {
            syntaxError(text.get(), e);
        } catch (YamlEngineException e) {
            problems.add(new SourcePos(file, 1, 1), "invalid YAML: " + e.getMessage());
        }
        return Optional.empty();
    }

    private Optional<String> readText() {
        Optional<String> unusable = InputFile.unusable(file, "workflow file");
        if (unusable.isPresent()) {
            problems.add(new SourcePos(file, 1, 1), unusable.get());
            return Optional.empty();
        }
        try {
            byte[] bytes = InputFile.readAtMost(file, MAX_BYTES);
            if (bytes.length > MAX_BYTES) {
                problems.add(new SourcePos(file, 1, 1), "the file is too large (more than " + MAX_BYTES
                        + " bytes, the limit)");
                return Optional.empty();
            }
            return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString());
        } catch (NoSuchFileException e) {
            problems.add(new SourcePos(file, 1, 1), "no such file");
        } catch (CharacterCodingException e) {
            problems.add(new SourcePos(file, 1, 1), "the file is not valid UTF-8 text");
        } catch (IOException e) {
            // the message only: the exception's class name means nothing to a user
            problems.add(new SourcePos(file, 1, 1), "cannot read the file: "
                    + (e.getMessage() == null ? "I/O error" : e.getMessage()));
        }
        return Optional.empty();
    }

    /**
     * Streams the events once to refuse extra documents, deep nesting and alias floods before composing;
     * keeps them in {@code events} for the composer, so the text is scanned only once.
     */
    private boolean checkEvents(LoadSettings settings, String text, List<Event> events) {
        int depth = 0;
        int aliases = 0;
        int documents = 0;
        for (Event e : new Parse(settings).parseString(text)) {
            events.add(e);
            switch (e.getEventId()) {
                case DocumentStart -> {
                    if (++documents > 1) {
                        problems.add(Yaml.pos(file, e.getStartMark()), "more than one YAML document in the file"
                                + " (only one is allowed; remove the '---' separator)");
                        return false;
                    }
                }
                case MappingStart, SequenceStart -> {
                    if (++depth > MAX_DEPTH) {
                        problems.add(Yaml.pos(file, e.getStartMark()),
                                "nesting is deeper than " + MAX_DEPTH + " levels");
                        return false;
                    }
                }
                case MappingEnd, SequenceEnd -> depth--;
                case Alias -> {
                    if (++aliases > MAX_ALIASES) {
                        problems.add(Yaml.pos(file, e.getStartMark()), "more than " + MAX_ALIASES
                                + " aliases (*name) in one file; refusing (possible alias bomb)");
                        return false;
                    }
                }
                default -> { }
            }
        }
        return true;
    }

    /**
     * Duplicate and non-string keys (once per node), and recursive aliases. Counts the values that aliases add, a
     * node met again through an alias with all it contains, so sharing cannot explode; values written out in full
     * are not counted (the size limit bounds them).
     */
    private void checkTree(Node n, Set<Node> path, Set<Node> visited, int[] expanded, boolean viaAlias) {
        boolean again = viaAlias || !visited.add(n);
        if (again && ++expanded[0] > MAX_EXPANDED) {
            if (expanded[0] == MAX_EXPANDED + 1) {
                problems.add(Yaml.pos(file, n), "aliases expand the document by more than " + MAX_EXPANDED
                        + " values; refusing (possible alias bomb)");
            }
            return;
        }
        if (!path.add(n)) {
            problems.add(Yaml.pos(file, n), "recursive alias: a value contains itself");
            return;
        }
        if (n instanceof MappingNode m) {
            if (!again) {
                checkKeys(m);
            }
            for (NodeTuple t : m.getValue()) {
                checkTree(t.getValueNode(), path, visited, expanded, again);
            }
        } else if (n instanceof SequenceNode s) {
            for (Node item : s.getValue()) {
                checkTree(item, path, visited, expanded, again);
            }
        }
        path.remove(n);
    }

    private void checkKeys(MappingNode m) {
        java.util.Map<String, Node> seen = new java.util.HashMap<>();
        for (NodeTuple t : m.getValue()) {
            Node k = t.getKeyNode();
            if (!(k instanceof ScalarNode sk) || !sk.getTag().equals(Tag.STR)) {
                String shown = k instanceof ScalarNode sk2 ? "'" + sk2.getValue() + "' (" + Yaml.describe(k) + ")"
                        : Yaml.describe(k);
                problems.add(Yaml.pos(file, k), "keys must be strings; key " + shown + " is not"
                        + (k instanceof ScalarNode ? " (quote it)" : ""));
            } else {
                Node first = seen.putIfAbsent(sk.getValue(), k);
                if (first != null) {
                    problems.add(Yaml.pos(file, k), "duplicate key '" + sk.getValue() + "' (first defined at line "
                            + Yaml.pos(file, first).line() + ")");
                }
            }
        }
    }

    private void syntaxError(String text, MarkedYamlEngineException e) {
        Optional<Mark> mark = e.getProblemMark().isPresent() ? e.getProblemMark() : e.getContextMark();
        int line = mark.map(Mark::getLine).orElse(0);
        String[] lines = text.split("\n", -1);
        for (int i = 0; i <= line && i < lines.length; i++) {
            int col = leadingTab(lines[i]);
            if (col >= 0) {
                problems.add(new SourcePos(file, i + 1, col + 1),
                        "tab character used for indentation; YAML allows only spaces");
                return;
            }
        }
        String what = e.getProblem() != null ? e.getProblem() : e.getMessage();
        String context = e.getContext() != null ? e.getContext() + ": " : "";
        problems.add(Yaml.pos(file, mark), "invalid YAML: " + context + what.replace('\n', ' ').trim());
    }

    private static int leadingTab(String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\t') {
                return line.isBlank() ? -1 : i;
            }
            if (c != ' ') {
                return -1;
            }
        }
        return -1;
    }

    /** Events already parsed, handed to the composer as snakeyaml's own parser would hand them. */
    private static final class Replay implements Parser {
        private final List<Event> events;
        private int next;

        Replay(List<Event> events) {
            this.events = events;
        }

        @Override
        public boolean checkEvent(Event.ID choice) {
            return hasNext() && events.get(next).getEventId() == choice;
        }

        @Override
        public Event peekEvent() {
            if (!hasNext()) {
                throw new NoSuchElementException("No more Events found.");
            }
            return events.get(next);
        }

        @Override
        public boolean hasNext() {
            return next < events.size();
        }

        @Override
        public Event next() {
            Event e = peekEvent();
            next++;
            return e;
        }
    }
}
