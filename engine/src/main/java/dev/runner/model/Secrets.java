package dev.runner.model;

import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The secret values known to one run (secret params, secret step outputs, values read by steps).
 * {@link #mask} replaces each by {@code ***}; every printer and writer of user-visible or persisted text
 * goes through it.
 *
 * <p>A multi-line value is masked whole (as given, and with its line ends normalised either way), line by
 * line (a program may print one line of it, or re-wrap it) and as it reads inside a JSON string. Values
 * shorter than {@value #MIN_LENGTH} characters are not masked: replacing every "x" in the output would
 * make it unreadable and, by the gaps it leaves, give the value away (google-github-actions masks only
 * values of at least 4 characters, for the same reason); {@link #add} says so, for the caller to warn.
 */
public final class Secrets {
    public static final String MASK = "***";
    public static final int MIN_LENGTH = 4;
    private final List<String> values = new CopyOnWriteArrayList<>();

    /** Registers a value; false when it is too short to be masked (it is then shown as it is). */
    public boolean add(String value) {
        if (value == null || value.isEmpty()) {
            return true;
        }
        if (value.strip().length() < MIN_LENGTH) {
            return false;
        }
        Set<String> forms = new LinkedHashSet<>();
        for (String v : List.of(value, value.replace("\r\n", "\n"), value.replace("\r\n", "\n").replace("\n", "\r\n"))) {
            forms.add(v);
            forms.add(v.strip());
        }
        value.lines().map(String::strip).filter(l -> l.length() >= MIN_LENGTH).forEach(forms::add);
        for (String f : List.copyOf(forms)) {
            forms.add(inJsonString(f));
        }
        synchronized (values) {
            forms.stream().filter(f -> f.length() >= MIN_LENGTH && !values.contains(f)).forEach(values::add);
            // longest first, so a secret that contains another is masked whole
            values.sort(Comparator.comparingInt(String::length).reversed());
        }
        return true;
    }

    public boolean isSecret(String value) {
        return values.contains(value);
    }

    public String mask(String text) {
        if (text == null || values.isEmpty()) {
            return text;
        }
        String out = text;
        for (String v : values) {
            out = out.replace(v, MASK);
        }
        return out;
    }

    /** The text as it appears between the quotes of a JSON string written by Jackson. */
    private static String inJsonString(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04X", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
