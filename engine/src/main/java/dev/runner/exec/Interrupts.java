package dev.runner.exec;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGINT/SIGTERM while a run is active: the first stops the run gracefully (running steps are cancelled,
 * a shell step kills its process group, "interrupted" is recorded, exit 3); a second one exits at once, also
 * with 3 (interrupted, resumable: the unfinished step stays "running" in the journal and resume judges it; a
 * shell step's watchdog ends its process group when this process dies).
 * Uses {@code sun.misc.Signal} because a shutdown hook runs only once the JVM is already going down and
 * cannot wait for steps to wind down or choose the exit code.
 */
public final class Interrupts implements AutoCloseable {
    private final List<Signal> signals = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();
    private volatile int count;

    private Interrupts() {
    }

    public static Interrupts install(Cancellation cancellation, Consumer<String> say) {
        Interrupts in = new Interrupts();
        for (String name : List.of("INT", "TERM")) {
            try {
                Signal sig = new Signal(name);
                SignalHandler old = Signal.handle(sig, s -> in.onSignal(s, cancellation, say));
                in.signals.add(sig);
                in.previous.add(old);
            } catch (IllegalArgumentException e) {
                // signal not available on this platform (or reserved by the VM): keep the default
            }
        }
        return in;
    }

    private void onSignal(Signal s, Cancellation cancellation, Consumer<String> say) {
        if (++count > 1) {
            say.accept("second SIG" + s.getName() + ": exiting now; `runner resume` will check the unfinished step");
            Runtime.getRuntime().halt(RunOutcome.INTERRUPTED.exitCode());
        }
        say.accept("SIG" + s.getName() + ": stopping - cancelling running steps (press Ctrl-C again to exit at once)");
        cancellation.cancel("interrupted by SIG" + s.getName(), true);
    }

    @Override
    public void close() {
        for (int i = 0; i < signals.size(); i++) {
            Signal.handle(signals.get(i), previous.get(i));
        }
    }
}
