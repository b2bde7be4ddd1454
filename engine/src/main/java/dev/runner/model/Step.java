package dev.runner.model;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One step of a flattened workflow. Composite steps ({@code uses:}) are expanded by the loader into
 * ordinary steps whose ids are prefixed with the composite step's id ({@code outer.inner}), so the
 * executor and the state store only ever see this record.
 *
 * @param with   the raw {@code with} mapping (values may still contain {@code ${...}} expressions;
 *               they are interpolated when the step starts)
 * @param when   the raw condition, empty when the step always runs
 * @param idempotent explicit {@code idempotent:} of the step, empty to use the step type's default
 */
public record Step(
        String id,
        String type,
        List<String> needs,
        Optional<String> when,
        Map<String, Object> with,
        Optional<Duration> timeout,
        Optional<RetryPolicy> retry,
        boolean continueOnError,
        Optional<Boolean> idempotent,
        Optional<String> description,
        SourcePos pos) {

    public Step {
        needs = List.copyOf(needs);
    }
}
