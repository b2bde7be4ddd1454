package dev.runner.load;

import com.networknt.schema.Error;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * networknt reports a failed {@code oneOf}/{@code anyOf} together with the errors of every alternative,
 * which reads as a list of contradictions ("missing 'job'", "missing 'fromCronJob'"). This folds them:
 * alternatives that differ only in required keys or in type become one sentence ("needs exactly one of
 * 'job' or 'fromCronJob'"); otherwise only the errors of the closest alternative (fewest errors) remain.
 */
final class Alternatives {
    /** An error to report, with a replacement message or null to use the standard one. */
    record Item(String path, Error error, String message) {
    }

    private static final java.util.regex.Pattern ALTERNATIVE = java.util.regex.Pattern.compile("/(oneOf|anyOf)/\\d+");

    private Alternatives() {
    }

    static List<Item> fold(List<Error> errors) {
        List<Item> items = new ArrayList<>();
        errors.forEach(e -> items.add(new Item(String.valueOf(e.getEvaluationPath()), e, null)));
        // networknt reports some failed combinators (anyOf) only through their alternatives' errors
        java.util.Set<String> combinators = new java.util.TreeSet<>(
                Comparator.comparingInt(String::length).reversed().thenComparing(Comparator.naturalOrder()));
        for (Item i : items) {
            if (isCombinator(i.error())) {
                combinators.add(i.path());
            }
            java.util.regex.Matcher m = ALTERNATIVE.matcher(i.path());
            while (m.find()) {
                combinators.add(i.path().substring(0, m.end(1)));
            }
        }
        for (String path : combinators) {
            String prefix = path + "/";
            Item c = items.stream().filter(i -> i.path().equals(path) && isCombinator(i.error())).findFirst().orElse(null);
            Map<Integer, List<Item>> byAlternative = new TreeMap<>();
            for (Item i : items) {
                if (i.path().startsWith(prefix)) {
                    byAlternative.computeIfAbsent(index(i.path(), prefix.length()), k -> new ArrayList<>()).add(i);
                }
            }
            items.removeIf(i -> i == c || i.path().startsWith(prefix));
            String sentence = c == null ? null : sentence(c.error(), byAlternative.isEmpty());
            if (sentence != null) {
                items.add(new Item(c.path(), c.error(), sentence));
            } else if (byAlternative.isEmpty()) {
                items.add(c);
            } else {
                items.addAll(byAlternative.values().stream().min(Comparator.comparingInt(List::size)).orElseThrow());
            }
        }
        return items;
    }

    private static boolean isCombinator(Error e) {
        return "oneOf".equals(e.getKeyword()) || "anyOf".equals(e.getKeyword());
    }

    private static int index(String path, int from) {
        int end = path.indexOf('/', from);
        try {
            return Integer.parseInt(end < 0 ? path.substring(from) : path.substring(from, end));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** One sentence for alternatives that are all "these keys" or all "this type"; null otherwise. */
    private static String sentence(Error c, boolean severalMatched) {
        JsonNode alts = c.getSchemaNode();
        if (alts == null || !alts.isArray() || alts.isEmpty()) {
            return null;
        }
        List<String> keys = new ArrayList<>();
        List<String> types = new ArrayList<>();
        for (JsonNode alt : alts) {
            if (alt.size() == 1 && alt.get("required") != null && alt.get("required").isArray()) {
                List<String> names = new ArrayList<>();
                alt.get("required").forEach(n -> names.add("'" + n.asString() + "'"));
                keys.add(String.join(" and ", names));
            } else if (alt.get("type") != null && alt.get("type").isString()) {
                types.add(SchemaMessages.article(alt.get("type").asString()));
            }
        }
        boolean oneOf = "oneOf".equals(c.getKeyword());
        if (keys.size() == alts.size()) {
            if (oneOf && severalMatched) {
                return "give only one of " + or(keys) + ", not several";
            }
            return "needs " + (oneOf ? "exactly one" : "at least one") + " of " + or(keys);
        }
        if (types.size() == alts.size() && !severalMatched) {
            return "must be " + or(types.stream().distinct().collect(Collectors.toList()));
        }
        return null;
    }

    private static String or(List<String> parts) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        return String.join(", ", parts.subList(0, parts.size() - 1)) + " or " + parts.get(parts.size() - 1);
    }
}
