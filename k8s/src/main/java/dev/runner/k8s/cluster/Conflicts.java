package dev.runner.k8s.cluster;

import dev.runner.step.StepContext;
import dev.runner.step.StepException;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Read-modify-write with optimistic concurrency: the write carries the resourceVersion that was read, so a
 * concurrent writer makes it fail with 409, and then the object is read again and the change re-applied. Each
 * round writes the whole object once, so an object is never left half edited.
 */
public final class Conflicts {
    static final int ATTEMPTS = 6;

    private Conflicts() {
    }

    /**
     * @param read   current object, or null if it does not exist (then nothing is written and null returned)
     * @param change the desired object computed from a fresh copy of the current one, or null if nothing changes
     * @param write  writes the desired object (an update with its resourceVersion)
     * @return the written object, or null when nothing had to change
     */
    public static <T> T readModifyWrite(StepContext ctx, String what, Supplier<T> read, UnaryOperator<T> change,
            UnaryOperator<T> write) throws StepException, InterruptedException {
        return readModifyWrite(ctx, what, null, read, change, write);
    }

    /** As above, starting from {@code first} (already read) when it is not null, to save a request. */
    public static <T> T readModifyWrite(StepContext ctx, String what, T first, Supplier<T> read,
            UnaryOperator<T> change, UnaryOperator<T> write) throws StepException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            T current = attempt == 1 && first != null ? first : Calls.call(ctx, "read " + what, read);
            if (current == null) {
                return null;
            }
            T desired = change.apply(current);
            if (desired == null) {
                return null;
            }
            try {
                return Calls.call(ctx, "update " + what, () -> write.apply(desired));
            } catch (StepException e) {
                if (!Calls.isConflict(e) || attempt >= ATTEMPTS) {
                    throw e;
                }
                ctx.log().info(what + " was changed concurrently; reading it again");
            }
        }
    }
}
