package dev.runner.exec;

import dev.runner.model.Step;
import dev.runner.state.StepRecord;
import dev.runner.state.StepStatus;
import dev.runner.step.Observation;
import dev.runner.step.StepException;
import dev.runner.step.StepType;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Secret outputs are never written to disk (the journal holds {@code ***}), so after a restart their values
 * are gone. For each succeeded step with secret outputs that a step still to run refers to, ask the step
 * type's {@code observe} for them (it reads the effect that is in place, e.g. the Secret it created). If it
 * cannot give them, stop before anything runs and say how to proceed: {@code --from} that step re-runs it.
 * Re-running a succeeded step silently would break "succeeded steps never run again".
 */
final class SecretOutputRecovery {
    private SecretOutputRecovery() {
    }

    static Optional<String> recover(Run run, Map<String, StepStatus> status) {
        for (Step producer : run.workflow.steps()) {
            StepRecord rec = run.store.state().step(producer.id()).orElse(null);
            if (rec == null || rec.status() != StepStatus.SUCCEEDED || rec.secretOutputs().isEmpty()) {
                continue;
            }
            Optional<String> consumer = consumerOf(run, status, producer.id(), rec.secretOutputs());
            if (consumer.isEmpty()) {
                continue;
            }
            Optional<Map<String, String>> values = observe(run, producer);
            boolean complete = values.isPresent() && rec.secretOutputs().stream().allMatch(values.get()::containsKey);
            if (!complete) {
                String runId = run.store.state().runId();
                return Optional.of("step '" + consumer.get() + "' needs secret outputs of step '" + producer.id()
                        + "', which are never stored, and that step type cannot read them back. Run `runner resume "
                        + runId + " --from " + producer.id() + "` to run '" + producer.id() + "' again");
            }
            Map<String, String> merged = new HashMap<>(rec.outputs());
            for (String k : rec.secretOutputs()) {
                run.secrets.add(values.get().get(k));
                merged.put(k, values.get().get(k));
            }
            run.outputs.put(producer.id(), merged);
        }
        return Optional.empty();
    }

    /** The first step still to run that refers to one of the producer's secret outputs (plain ones are stored). */
    private static Optional<String> consumerOf(Run run, Map<String, StepStatus> status, String producer,
                                               Collection<String> secretKeys) {
        Pattern ref = Pattern.compile("steps\\." + Pattern.quote(producer) + "\\.outputs\\.(?:"
                + secretKeys.stream().map(Pattern::quote).collect(Collectors.joining("|")) + ")(?![\\w-])");
        return run.workflow.steps().stream()
                .filter(s -> status.get(s.id()) == null)
                .filter(s -> ref.matcher(String.valueOf(s.with())).find()
                        || ref.matcher(s.when().orElse("")).find())
                .map(Step::id)
                .findFirst();
    }

    private static Optional<Map<String, String>> observe(Run run, Step producer) {
        StepType type = run.registry.find(producer.type()).orElse(null);
        if (type == null) {
            return Optional.empty();
        }
        try {
            var ctx = StepContexts.make(run, producer, run.inputs.with(producer, run.outputs), producer.timeout()).ctx();
            Observation o = type.observe(ctx);
            return o.state() == Observation.State.DONE ? Optional.of(o.outputs()) : Optional.empty();
        } catch (StepException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

}
