package dev.runner.model;

import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The secret values known to one run (secret params, secret step outputs, values read by steps).
 * {@link #mask} replaces each by {@code ***}; every printer and writer of user-visible or persisted text
 * goes through it.
 */
public final class Secrets {
    public static final String MASK = "***";
    private final List<String> values = new CopyOnWriteArrayList<>();

    public void add(String value) {
        if (value == null || value.isEmpty() || values.contains(value)) {
            return;
        }
        values.add(value);
        // longest first, so a secret that contains another is masked whole
        values.sort(Comparator.comparingInt(String::length).reversed());
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
}
