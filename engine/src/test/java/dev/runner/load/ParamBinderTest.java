package dev.runner.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.runner.model.Workflow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParamBinderTest {
    @TempDir
    Path dir;
    Workflow wf;
    Path wfFile;
    final ParamBinder binder = new ParamBinder();

    @BeforeEach
    void load() throws Exception {
        wfFile = dir.resolve("wf.yaml");
        Files.writeString(wfFile, """
                apiVersion: runner/v1
                kind: Workflow
                params:
                  ns: {default: hasura}
                  target: {enum: [latest, time], default: latest}
                  count: {type: int, default: 1}
                  fast: {type: bool, default: false}
                  wait: {type: duration, default: 10s}
                  key: {secret: true, from: env:TEST_KEY, description: the access key}
                  note: {required: false}
                steps: [{id: a, type: echo, with: {message: hi}}]
                """);
        wf = new WorkflowLoader(FakeTypes.registry()).load(wfFile);
    }

    @Test
    void precedenceIsCliThenFileThenEnvThenDefault() throws Exception {
        Path pf = dir.resolve("params.yaml");
        Files.writeString(pf, "ns: from-file\ncount: 7\nkey: file-key\n");
        BoundParams b = binder.bind(wf, Map.of("ns", "from-cli", "fast", "TRUE"), Optional.of(pf),
                Map.of("TEST_KEY", "env-key"));
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("ns", "from-cli");
        expected.put("target", "latest");
        expected.put("count", "7");
        expected.put("fast", "true");
        expected.put("wait", "10s");
        expected.put("key", "file-key");
        assertEquals(expected, b.values());
        assertEquals(Set.of("key"), b.secretNames());
        assertEquals(List.of("file-key"), b.secretValues());
        assertFalse(b.values().containsKey("note"), "optional without value stays absent");
        assertEquals("env-key", binder.bind(wf, Map.of(), Optional.empty(), Map.of("TEST_KEY", "env-key"))
                .values().get("key"));
    }

    @Test
    void jsonParamsFileWorksToo() throws Exception {
        Path pf = dir.resolve("params.json");
        Files.writeString(pf, "{\"count\": 3, \"key\": \"k\"}");
        assertEquals("3", binder.bind(wf, Map.of(), Optional.of(pf), Map.of()).values().get("count"));
    }

    @Test
    void reportsEveryProblemWithPositions() throws Exception {
        Path pf = dir.resolve("params.yaml");
        Files.writeString(pf, "cuont: 7\ntarget: lates\nwait: [1]\n");
        LoadException e = assertThrows(LoadException.class, () -> binder.bind(wf,
                Map.of("count", "many", "nss", "x", "key", "oops", "fast", "yes"), Optional.of(pf), Map.of()));
        List<String> got = e.problems().stream().map(Problem::toString).toList();
        assertEquals(List.of(
                pf + ":1:1: unknown parameter 'cuont' (did you mean 'count'?)",
                pf + ":2:9: parameter 'target' must be one of: latest, time, not 'lates' (did you mean 'latest'?)",
                pf + ":3:7: parameter 'wait' must be a single value, not a list",
                wfFile + ":1:1: -p nss=...: unknown parameter 'nss' (did you mean 'ns'?)",
                wfFile + ":6:3: -p count=...: parameter 'count' must be an integer, not 'many'",
                wfFile + ":7:3: -p fast=...: parameter 'fast' must be true or false, not 'yes'"), got);
    }

    @Test
    void missingRequiredNamesTheParamAndHowToGiveIt() {
        LoadException e = assertThrows(LoadException.class, () -> binder.bind(wf, Map.of(), Optional.empty(), Map.of()));
        assertEquals(List.of(wfFile + ":9:3: missing required parameter 'key' (the access key): give it with -p key=VALUE"
                + " or set the environment variable TEST_KEY"), e.problems().stream().map(Problem::toString).toList());
    }

    @Test
    void aWrongSecretValueIsNotEchoed() throws Exception {
        Files.writeString(wfFile, """
                apiVersion: runner/v1
                kind: Workflow
                params:
                  pin: {type: int, secret: true}
                steps: [{id: a, type: echo, with: {message: hi}}]
                """);
        Workflow w = new WorkflowLoader(FakeTypes.registry()).load(wfFile);
        LoadException e = assertThrows(LoadException.class,
                () -> binder.bind(w, Map.of("pin", "hunter2"), Optional.empty(), Map.of()));
        assertEquals("-p pin=...: parameter 'pin' must be an integer, not '***'", e.problems().get(0).message());
    }
}
