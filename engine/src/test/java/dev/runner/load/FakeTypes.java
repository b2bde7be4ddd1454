package dev.runner.load;

import dev.runner.step.StepContext;
import dev.runner.step.StepOutputs;
import dev.runner.step.StepPlan;
import dev.runner.step.StepRegistry;
import dev.runner.step.StepResult;
import dev.runner.step.StepType;

/** Small step types for tests; the real built-in types live elsewhere. */
public final class FakeTypes {
    private FakeTypes() {
    }

    public static StepRegistry registry() {
        return StepRegistry.of(
                new Fake("echo", StepOutputs.of("text"), """
                        {"type": "object", "additionalProperties": false, "required": ["message"],
                         "properties": {"message": {"type": "string"},
                                        "level": {"enum": ["info", "warn"]}}}"""),
                new Fake("count", """
                        {"type": "object", "additionalProperties": false,
                         "properties": {"n": {"type": "integer", "minimum": 0},
                                        "items": {"type": "array", "items": {"type": "string"}}}}"""),
                new Fake("fetch", """
                        {"type": "object", "additionalProperties": false,
                         "oneOf": [{"required": ["url"]}, {"required": ["bucket", "key"]}],
                         "properties": {"url": {"type": "string"}, "bucket": {"type": "string"},
                                        "key": {"type": "string"},
                                        "to": {"oneOf": [{"type": "string"}, {"type": "array"}]},
                                        "auth": {"anyOf": [
                                            {"type": "object", "required": ["user"], "additionalProperties": false,
                                             "properties": {"user": {"type": "string"}}},
                                            {"type": "object", "required": ["token"], "additionalProperties": false,
                                             "properties": {"token": {"type": "string"}}}]}}}"""),
                new Fake("deploy", StepOutputs.of("name").plusKeysOf("labels"), """
                        {"type": "object", "additionalProperties": false, "required": ["name"],
                         "properties": {"name": {"type": "string"}, "replicas": {"type": "integer"},
                                        "file": {"type": "string"},
                                        "labels": {"type": "object"}}}"""));
    }

    /** {@code count} and {@code fetch} declare no outputs, as a type written before outputs could be declared. */
    record Fake(String name, StepOutputs outputs, String withSchema) implements StepType {
        Fake(String name, String withSchema) {
            this(name, StepOutputs.undeclared(), withSchema);
        }

        public String description() {
            return "test type " + name;
        }

        public StepPlan plan(StepContext ctx) {
            return StepPlan.of(name);
        }

        public StepResult run(StepContext ctx) {
            return StepResult.ok(name);
        }
    }
}
