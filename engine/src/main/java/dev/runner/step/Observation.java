package dev.runner.step;

import java.util.Map;

/** The answer of {@link StepType#observe}: is a half-done step's effect already in place? */
public record Observation(State state, Map<String, String> outputs, String reason) {

    public enum State { DONE, NOT_DONE, UNKNOWN }

    public Observation {
        outputs = Map.copyOf(outputs);
    }

    public static Observation done(Map<String, String> outputs, String reason) {
        return new Observation(State.DONE, outputs, reason);
    }

    public static Observation notDone(String reason) {
        return new Observation(State.NOT_DONE, Map.of(), reason);
    }

    public static Observation unknown(String reason) {
        return new Observation(State.UNKNOWN, Map.of(), reason);
    }
}
