package dev.runner.state;

import dev.runner.model.Secrets;

import java.util.LinkedHashMap;
import java.util.Map;

/** What every backend stores instead of an event: secret values masked, secret outputs replaced whole. */
public final class StateMasking {
    private StateMasking() {
    }

    public static Event forState(Event e, Secrets secrets) {
        return maskSecretOutputs(e.masked(secrets::mask));
    }

    private static Event maskSecretOutputs(Event e) {
        if (e.outputs() == null || e.secretOutputs() == null || e.secretOutputs().isEmpty()) {
            return e;
        }
        Map<String, String> out = new LinkedHashMap<>(e.outputs());
        e.secretOutputs().forEach(k -> out.computeIfPresent(k, (key, val) -> Secrets.MASK));
        return Event.stepFinished(e.at(), e.step(), e.attempt(), StepStatus.of(e.status()), e.startedAt(), out,
                e.secretOutputs(), e.error(), e.summary());
    }
}
