package dev.runner.step;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What {@link StepType#apiAccess} reads: a step's {@code with} resolved as far as it can be before anything runs
 * (params, environment; an output of an earlier step is not known yet), and where to say what cannot be told.
 */
public interface AccessArgs {
    String stepId();

    /** The resolved {@code with}; values that depend on an earlier step's output are not {@link #known}. */
    Map<String, Object> with();

    /** Directory relative paths in {@code with} (manifest files) are resolved against. */
    Path baseDir();

    /** Whether {@code value} is fully known now (it holds no output of a step that has not run). */
    boolean known(Object value);

    /**
     * A non-blank string of {@code with}; empty when absent or blank. A value only known at run time is reported
     * with {@link #cannotTell} and read as absent.
     */
    default Optional<String> string(String key) {
        Object v = with().get(key);
        if (v == null || v instanceof Map || v instanceof java.util.List) {
            return Optional.empty();
        }
        if (!known(v)) {
            cannotTell("with." + key + " is only known at run time (" + v + ")");
            return Optional.empty();
        }
        String s = String.valueOf(v);
        return s.isBlank() ? Optional.empty() : Optional.of(s);
    }

    /**
     * Records that part of the step's access cannot be told before the run (e.g. the kinds in a manifest named by
     * another step's output); the caller shows it, so the user can grant that access explicitly.
     */
    void cannotTell(String what);
}
