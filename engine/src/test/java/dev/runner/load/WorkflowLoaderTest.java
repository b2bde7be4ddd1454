package dev.runner.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.model.ParamType;
import dev.runner.model.RetryPolicy;
import dev.runner.model.Step;
import dev.runner.model.Workflow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkflowLoaderTest {
    static final Path GOOD = Path.of("src/test/resources/good");
    final WorkflowLoader loader = new WorkflowLoader(FakeTypes.registry());

    @TempDir
    Path tmp;

    @Test
    void loadsEveryFieldOfASimpleWorkflow() throws Exception {
        Workflow wf = loader.load(GOOD.resolve("simple.yaml"));
        assertEquals("simple", wf.name());
        assertEquals("A small workflow", wf.description());
        assertEquals(List.of("namespace", "target", "count", "fast", "wait", "token"), List.copyOf(wf.params().keySet()));
        assertEquals(ParamType.INT, wf.params().get("count").type());
        assertEquals(List.of("latest", "time"), wf.params().get("target").allowed());
        assertEquals(Optional.of("RUNNER_TEST_TOKEN"), wf.params().get("token").fromEnv());
        assertTrue(wf.params().get("token").secret());
        assertFalse(wf.params().get("token").required());
        assertEquals(Optional.of(Duration.ofMinutes(10)), wf.defaultTimeout());
        assertEquals(Optional.of(new RetryPolicy(3, Duration.ofSeconds(2), Duration.ofSeconds(30))), wf.defaultRetry());
        assertEquals(Optional.of(Duration.ofHours(2)), wf.runTimeout());
        Step second = wf.step("second").orElseThrow();
        assertEquals(List.of("first"), second.needs());
        assertEquals(Optional.of(Duration.ofSeconds(30)), second.timeout());
        assertEquals(Optional.of(new RetryPolicy(5, Duration.ofSeconds(2), Duration.ofSeconds(30))), second.retry());
        assertEquals(Map.of("n", "${params.count}", "items", List.of("${steps.first.outputs.text}", "$${literal}")),
                second.with());
        Step third = wf.step("third").orElseThrow();
        assertTrue(third.continueOnError());
        assertEquals(Optional.of(true), third.idempotent());
        assertEquals(Optional.of("${params.fast} == true && ${params.target} != 'time'"), third.when());
        assertEquals(27, third.pos().line());
        assertEquals(5, third.pos().column());
        assertEquals(List.of("first", "second", "third"), wf.steps().stream().map(Step::id).toList());
    }

    @Test
    void flattensCompositeStepFiles() throws Exception {
        Workflow wf = loader.load(GOOD.resolve("composite.yaml"));
        assertEquals(List.of("prepare", "restart-apps.delete", "restart-apps.wait.poll", "restart-apps.wait.done",
                "restart-apps.scale", "report"), wf.steps().stream().map(Step::id).toList());
        Step delete = wf.step("restart-apps.delete").orElseThrow();
        assertEquals(List.of("prepare"), delete.needs());
        assertEquals(Map.of("name", "app=${params.app}", "replicas", 2L), delete.with());
        assertEquals(Optional.of("${params.restart}"), delete.when());
        assertEquals(Optional.of(Duration.ofMinutes(5)), delete.timeout(), "the step file's defaults apply");
        assertTrue(delete.pos().file().toString().endsWith("steps/restart.yaml"), delete.pos().toString());
        Step poll = wf.step("restart-apps.wait.poll").orElseThrow();
        assertEquals(List.of("restart-apps.delete"), poll.needs());
        assertEquals(Map.of("message", "waiting for app=${params.app}"), poll.with());
        Step done = wf.step("restart-apps.wait.done").orElseThrow();
        assertEquals(Map.of("message", "${steps.restart-apps.wait.poll.outputs.text} done"), done.with());
        Step scale = wf.step("restart-apps.scale").orElseThrow();
        assertEquals(Optional.of("(${params.restart}) && ('fast' == fast)"), scale.when());
        assertEquals(List.of("${steps.restart-apps.delete.outputs.name}"), scale.with().get("items"));
        Step report = wf.step("report").orElseThrow();
        assertEquals(List.of("restart-apps.wait.done", "restart-apps.scale"), report.needs());
    }

    @Test
    void reportsEveryProblemAtOnceSorted() throws Exception {
        Path f = tmp.resolve("wf.yaml");
        Files.writeString(f, """
                apiVersion: runner/v1
                kind: Workflow
                steps:
                  - id: a
                    type: ech
                  - id: b
                    type: echo
                    neds: [a]
                    with: {message: hi}
                """);
        LoadException e = assertThrows(LoadException.class, () -> loader.load(f));
        assertEquals(List.of(
                f + ":5:11: unknown step type 'ech' (did you mean 'echo'?)",
                f + ":8:5: unknown key 'neds' (did you mean 'needs'?)"),
                e.problems().stream().map(Problem::toString).toList());
    }

    @Test
    void aStepFileUsedTwiceIsExpandedTwiceAndQuotedInConditions() throws Exception {
        Files.createDirectories(tmp.resolve("steps"));
        Files.writeString(tmp.resolve("steps/greet.yaml"), """
                apiVersion: runner/v1
                kind: StepFile
                params:
                  who: {description: whom to greet}
                  loud: {type: bool, default: false}
                  home: {from: env:HOME_DIR}
                steps:
                  - id: say
                    type: echo
                    when: ${params.who} != 'nobody' && ${params.loud}
                    with: {message: "hi ${params.who} in ${params.home}"}
                """);
        Path f = tmp.resolve("wf.yaml");
        Files.writeString(f, """
                apiVersion: runner/v1
                kind: Workflow
                params:
                  name: {default: ann}
                steps:
                  - id: one
                    uses: ./steps/greet.yaml
                    needs: [two]
                    with: {who: "it's me", loud: true}
                  - id: two
                    uses: ./steps/greet.yaml
                    with: {who: "${params.name}"}
                """);
        Workflow wf = loader.load(f);
        assertEquals(List.of("one.say", "two.say"), wf.steps().stream().map(Step::id).toList());
        Step one = wf.step("one.say").orElseThrow();
        assertEquals(List.of("two.say"), one.needs());
        assertEquals(Optional.of("\"it's me\" != 'nobody' && 'true'"), one.when());
        assertEquals(Map.of("message", "hi it's me in ${env:HOME_DIR}"), one.with());
        Step two = wf.step("two.say").orElseThrow();
        assertEquals(Optional.of("${params.name} != 'nobody' && 'false'"), two.when());
        assertEquals(List.of("two.say", "one.say"), dev.runner.plan.Dag.of(wf.steps()).order());
    }

    @Test
    void aStepFileCanBeValidatedOnItsOwn() throws Exception {
        Workflow wf = loader.load(GOOD.resolve("steps/restart.yaml"));
        assertEquals(List.of("delete", "wait.poll", "wait.done", "scale"), wf.steps().stream().map(Step::id).toList());
        assertEquals(Optional.of(Duration.ofMinutes(5)), wf.step("wait.poll").orElseThrow().timeout());
    }
}
