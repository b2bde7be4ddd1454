package dev.runner.state;

/**
 * A run as listed by a {@link StateBackend}: its state, or why it cannot be read, and whether a live holder
 * has it locked now.
 */
public record RunEntry(String id, RunState state, String problem, boolean active) {
    /** The state to show: a RUNNING journal whose lock is free belongs to a process that died. */
    public String label() {
        if (state == null) {
            return "unreadable";
        }
        return state.phase() == RunPhase.RUNNING && !active ? "crashed" : state.phase().label();
    }
}
