package dev.runner.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.model.Workflow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepositoryProfileTest {
    @TempDir
    Path dir;
    Workflow wf;

    @BeforeEach
    void load() throws Exception {
        Path wfFile = dir.resolve("wf.yaml");
        Files.writeString(wfFile, """
                apiVersion: runner/v1
                kind: Workflow
                name: restore
                params:
                  bucket: {default: ""}
                  region: {default: us-east-1}
                  repoPath: {default: /db}
                  processMax: {type: int, default: 2}
                  key: {secret: true, from: env:TEST_KEY, default: ""}
                steps: [{id: a, type: echo, with: {message: hi}}]
                """);
        wf = new WorkflowLoader(FakeTypes.registry()).load(wfFile);
    }

    private RepositoryProfile profile(String settings) throws Exception {
        Path f = dir.resolve("prod.yaml");
        Files.writeString(f, "kind: RepositoryProfile\nname: prod\nsettings:\n" + settings);
        return RepositoryProfile.read(f);
    }

    private BoundParams bind(RepositoryProfile p, Map<String, String> options, Optional<Path> file,
            Map<String, String> env) throws LoadException {
        return new ParamBinder().bind(wf, ParamInputs.of(options, file).withRepository(Optional.of(p)), env);
    }

    @Test
    void profileSettingsSitBetweenTheParamsFileAndTheEnvironmentAndSayWhereTheyCameFrom() throws Exception {
        RepositoryProfile p = profile("  bucket: acme\n  region: eu-west-1\n  repoPath: /orders\n");
        Path pf = dir.resolve("params.yaml");
        Files.writeString(pf, "region: eu-central-1\n");
        BoundParams b = bind(p, Map.of("repoPath", "/cli"), Optional.of(pf), Map.of("TEST_KEY", "k3y-from-env"));
        assertEquals(Map.of("bucket", "acme", "region", "eu-central-1", "repoPath", "/cli", "processMax", "2",
                "key", "k3y-from-env"), b.values());
        assertEquals("repository prod (" + dir.resolve("prod.yaml") + ":4:11)", b.source("bucket").toString());
        assertEquals("params file " + pf + ":1:9", b.source("region").toString());
        assertEquals("-p", b.source("repoPath").toString());
        assertEquals("default", b.source("processMax").toString());
        assertEquals("env TEST_KEY", b.source("key").toString());
    }

    @Test
    void settingsOfOtherWorkflowsArePassedOverWithAWarningButATypoIsRefusedAtItsPosition() throws Exception {
        BoundParams b = bind(profile("  bucket: acme\n  retentionFull: 7\n  schedule: '0 1 * * *'\n"), Map.of(),
                Optional.empty(), Map.of());
        assertEquals("acme", b.values().get("bucket"));
        assertEquals(1, b.warnings().size());
        assertTrue(b.warnings().get(0).endsWith("not parameters of workflow restore, not used: retentionFull, schedule"),
                b.warnings().get(0));

        LoadException e = assertThrows(LoadException.class,
                () -> bind(profile("  bukcet: acme\n"), Map.of(), Optional.empty(), Map.of()));
        assertEquals(dir.resolve("prod.yaml") + ":4:3: setting 'bukcet' is not a parameter of workflow restore "
                + "(did you mean 'bucket'?)", e.getMessage());
    }

    @Test
    void aProfileHoldsNoSecretAndItsValuesAreTypeChecked() throws Exception {
        LoadException e = assertThrows(LoadException.class,
                () -> bind(profile("  key: AKIAEXAMPLE\n  processMax: many\n"), Map.of(), Optional.empty(), Map.of()));
        List<String> lines = e.getMessage().lines().toList();
        assertEquals(2, lines.size(), e.getMessage());
        assertTrue(lines.get(0).startsWith(dir.resolve("prod.yaml") + ":4:8: setting 'key' is a secret"), lines.get(0));
        assertTrue(lines.get(0).contains("set the environment variable TEST_KEY"), lines.get(0));
        assertTrue(!e.getMessage().contains("AKIAEXAMPLE"), e.getMessage());
        assertEquals(dir.resolve("prod.yaml") + ":5:15: setting 'processMax' must be an integer, not 'many'",
                lines.get(1));
    }

    @Test
    void aMalformedProfileIsRefusedWithEveryProblemAtItsPosition() throws Exception {
        Path f = dir.resolve("bad.yaml");
        Files.writeString(f, "kind: Profile\nname: Prod_S3\nsetings: {}\n");
        LoadException e = assertThrows(LoadException.class, () -> RepositoryProfile.read(f));
        assertEquals(List.of(
                f + ":1:1: missing 'settings' (a mapping of parameter name to value)",
                f + ":1:7: kind must be RepositoryProfile, not 'Profile'",
                f + ":2:7: name must be lowercase letters, digits and '-', not 'Prod_S3'",
                f + ":3:1: unknown field 'setings' in a repository profile (did you mean 'settings'?) "
                        + "(fields: kind, name, description, settings)"), e.getMessage().lines().toList());
    }

    @Test
    void aNameIsLookedUpInTheWorkingDirectoryThenTheUsersConfig() throws Exception {
        Path config = dir.resolve("config");
        Files.createDirectories(config.resolve("runner/repositories"));
        Files.writeString(config.resolve("runner/repositories/prod.yaml"), "kind: RepositoryProfile\n");
        assertEquals(config.resolve("runner/repositories/prod.yaml"),
                RepositoryProfile.locate("prod", Map.of("XDG_CONFIG_HOME", config.toString())));
        assertEquals(Path.of("some/where.yaml"), RepositoryProfile.locate("some/where.yaml", Map.of()));
        RepositoryProfile.NotFound missing = assertThrows(RepositoryProfile.NotFound.class,
                () -> RepositoryProfile.locate("staging", Map.of("XDG_CONFIG_HOME", config.toString())));
        assertEquals("no repository profile named 'staging': looked for repositories/staging.yaml, "
                + config.resolve("runner/repositories/staging.yaml"), missing.getMessage());
        assertThrows(RepositoryProfile.NotFound.class, () -> RepositoryProfile.locate("Bad Name", Map.of()));
    }
}
