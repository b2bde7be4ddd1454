package dev.runner.docs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the command examples of a markdown file (docs/development.md, "The docs test", is the user's side of this).
 * A fenced block whose info string starts with a shell language holds examples when it has lines starting with
 * {@code $ }: each is a command (a line ending in a backslash continues on the next), and the lines after it, up to
 * the next prompt or the fence, are the output it must print. A block whose info string also says {@code cluster}
 * needs a live cluster: its examples are extracted but not run. In any other shell block every prompt must be
 * {@code $ [NAME=value …] ./runner …}, one command without shell syntax, and a {@code ./runner} line without the
 * prompt is a problem too, so that no command example escapes the test by its form.
 */
final class DocExamples {
    static final String CLUSTER = "cluster";
    private static final Set<String> SHELLS = Set.of("console", "sh", "shell", "bash", "shell-session");
    private static final Pattern FENCE = Pattern.compile("^(```+|~~~+)\\s*(.*)$");
    private static final Pattern EXIT = Pattern.compile("^exit\\s+(\\d+)\\b");
    private static final Pattern ASSIGNMENT = Pattern.compile("^([A-Za-z_][A-Za-z0-9_]*)=(.*)$", Pattern.DOTALL);
    static final String ELLIPSIS = "…";

    /** What a file holds: its examples, and the problems that make an example impossible to check. */
    record Extraction(List<DocExample> examples, List<String> problems) {
    }

    private DocExamples() {
    }

    static Extraction extract(String file, String markdown) {
        List<DocExample> examples = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        String[] lines = markdown.split("\n", -1);
        int i = 0;
        while (i < lines.length) {
            Matcher fence = FENCE.matcher(lines[i]);
            if (!fence.matches()) {
                i++;
                continue;
            }
            int open = i;
            int close = closingFence(lines, i + 1, fence.group(1));
            List<String> info = List.of(fence.group(2).trim().toLowerCase(Locale.ROOT).split("\\s+"));
            if (SHELLS.contains(info.get(0))) {
                new Block(file, open + 1, info.contains(CLUSTER), examples, problems)
                        .read(List.of(lines).subList(open + 1, close), open + 2);
            }
            i = close + 1;
        }
        return new Extraction(examples, problems);
    }

    private static int closingFence(String[] lines, int from, String marker) {
        for (int j = from; j < lines.length; j++) {
            if (lines[j].startsWith(marker) && lines[j].substring(marker.length()).isBlank()) {
                return j;
            }
        }
        return lines.length;
    }

    /** One shell block: its prompts and their output lines. */
    private record Block(String file, int fenceLine, boolean needsCluster, List<DocExample> examples,
                         List<String> problems) {

        void read(List<String> body, int firstLine) {
            for (int j = 0; j < body.size() && !needsCluster; j++) {
                if (body.get(j).startsWith("./runner")) {
                    problems.add(file + ":" + (firstLine + j) + ": a ./runner command without the '$ ' prompt is"
                            + " not checked: write it as '$ ./runner …' with its output, or mark the block '"
                            + CLUSTER + "'");
                }
            }
            int j = 0;
            while (j < body.size()) {
                String line = body.get(j);
                if (!line.startsWith("$ ")) {
                    j++;
                    continue;
                }
                int promptLine = firstLine + j;
                StringBuilder command = new StringBuilder(line.substring(2).strip());
                while (command.toString().endsWith("\\") && j + 1 < body.size()) {
                    String joined = command.substring(0, command.length() - 1).stripTrailing();
                    command.setLength(0);
                    command.append(joined).append(' ').append(body.get(++j).strip());
                }
                List<String> output = new ArrayList<>();
                while (j + 1 < body.size() && !body.get(j + 1).startsWith("$ ")) {
                    output.add(body.get(++j));
                }
                while (!output.isEmpty() && output.get(output.size() - 1).isBlank()) {
                    output.remove(output.size() - 1);
                }
                add(promptLine, command.toString(), output);
                j++;
            }
        }

        private void add(int line, String command, List<String> output) {
            String where = file + ":" + line;
            if (needsCluster) {
                examples.add(new DocExample(file, line, fenceLine, command, Map.of(), List.of(), 0, output, true));
                return;
            }
            ShellWords.Line words;
            try {
                words = ShellWords.split(command);
            } catch (IllegalArgumentException e) {
                problems.add(where + ": " + e.getMessage() + ": $ " + command);
                return;
            }
            Map<String, String> env = new LinkedHashMap<>();
            int k = 0;
            for (; k < words.words().size(); k++) {
                Matcher a = ASSIGNMENT.matcher(words.words().get(k));
                if (!a.matches()) {
                    break;
                }
                env.put(a.group(1), a.group(2));
            }
            List<String> rest = words.words().subList(k, words.words().size());
            if (rest.isEmpty() || !rest.get(0).equals("./runner")) {
                problems.add(where + ": an example runs ./runner, this one runs '" + (rest.isEmpty() ? "" : rest.get(0))
                        + "' (mark the block '" + CLUSTER + "' if it needs a live cluster): $ " + command);
                return;
            }
            if (command.contains(ELLIPSIS)) {
                problems.add(where + ": '" + ELLIPSIS + "' in a command cannot be run; write a real value: $ " + command);
                return;
            }
            Matcher exit = EXIT.matcher(words.comment());
            int code = exit.find() ? Integer.parseInt(exit.group(1)) : 0;
            examples.add(new DocExample(file, line, fenceLine, command, Map.copyOf(env),
                    List.copyOf(rest.subList(1, rest.size())), code, List.copyOf(output), false));
        }
    }
}
