package dev.runner.model;

/** Counts in messages: "1 step", "2 steps". */
public final class Plural {
    private Plural() {
    }

    /** {@code n} and the noun, with an "s" unless {@code n} is 1. */
    public static String of(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
