package dev.runner.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.step.AccessArgs;
import dev.runner.step.ApiAccess;
import dev.runner.step.StepType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API access each Kubernetes step type declares, from its inputs, without a cluster. */
class DeclaredAccessTest {
    @TempDir
    Path dir;

    /** A step's with as plan time sees it; values holding "<output of step" are not known yet. */
    record TestArgs(Map<String, Object> with, Path baseDir, List<String> notes) implements AccessArgs {
        TestArgs(Map<String, Object> with, Path baseDir) {
            this(with, baseDir, new ArrayList<>());
        }

        @Override
        public String stepId() {
            return "s";
        }

        @Override
        public boolean known(Object value) {
            return !String.valueOf(value).contains("<output of step");
        }

        @Override
        public void cannotTell(String what) {
            notes.add(what);
        }
    }

    private static String rules(List<ApiAccess> access) {
        return access.stream().map(ApiAccess::toString).collect(Collectors.toCollection(TreeSet::new)).toString();
    }

    @Test
    void everyKubernetesTypeButKubectlImageDeclaresAccess() {
        List<StepType> types = ServiceLoader.load(StepType.class).stream().map(ServiceLoader.Provider::get)
                .filter(t -> t instanceof KubeStepType).toList();
        assertEquals(16, types.size());
        for (StepType t : types) {
            List<ApiAccess> a = t.apiAccess(new TestArgs(Map.of("name", "x", "selector", "app=x", "kind", "Secret",
                    "manifest", Map.of("apiVersion", "v1", "kind", "ConfigMap", "metadata", Map.of("name", "c"))), dir));
            assertEquals(t.name().equals("kubectl-image"), a.isEmpty(), t.name() + ": " + a);
        }
    }

    @Test
    void execFindsThePodByNameOrSelectorAndExecsInIt() {
        assertEquals("[pods get in db, pods/exec create,get in db]",
                rules(new ExecStep().apiAccess(new TestArgs(Map.of("pod", "p", "namespace", "db"), dir))));
        assertEquals("[pods list, pods/exec create,get]",
                rules(new ExecStep().apiAccess(new TestArgs(Map.of("selector", "app=pg"), dir))));
    }

    @Test
    void applyNeedsTheKindsOfItsManifestsAndTheRulesOfTheRolesItCreates() throws Exception {
        Files.writeString(dir.resolve("cron.yaml"), """
                apiVersion: batch/v1
                kind: CronJob
                metadata: {name: "${vars.name}", namespace: other}
                ---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: Role
                metadata: {name: r}
                rules:
                  - {apiGroups: [""], resources: [pods/exec], verbs: [create]}
                ---
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: n}
                ---
                apiVersion: v1
                kind: Namespace
                metadata: {name: ns}
                """);
        List<ApiAccess> a = new ApplyStep().apiAccess(new TestArgs(Map.of("file", "cron.yaml",
                "vars", Map.of("name", "<output of step x>")), dir));
        assertEquals("[batch/cronjobs create,get,update in other, namespaces create,get,update (cluster),"
                + " networking.k8s.io/networkpolicies create,get,update, pods/exec create,"
                + " rbac.authorization.k8s.io/roles create,get,update]", rules(a));
        List<ApiAccess> ssa = new ApplyStep().apiAccess(new TestArgs(Map.of("strategy", "server-side", "manifest",
                Map.of("apiVersion", "v1", "kind", "ConfigMap", "metadata", Map.of("name", "c"))), dir));
        assertEquals("[configmaps get,patch]", rules(ssa));
    }

    @Test
    void whatCannotBeToldBeforeTheRunIsSaid() {
        TestArgs args = new TestArgs(Map.of("file", "<output of step gen>"), dir);
        assertTrue(new ApplyStep().apiAccess(args).isEmpty());
        assertEquals(1, args.notes().size());
        assertTrue(args.notes().get(0).contains("--assume"), args.notes().toString());

        TestArgs ns = new TestArgs(Map.of("selector", "a=b", "namespace", "<output of step find>"), dir);
        new ExecStep().apiAccess(ns);
        assertTrue(ns.notes().get(0).contains("with.namespace is only known at run time"), ns.notes().toString());
    }

    @Test
    void copySecretReadsInOneContextAndWritesInTheOther() {
        assertEquals("[secrets create,get,update in new via context b, secrets get in old via context a]",
                rules(new CopySecretStep().apiAccess(new TestArgs(Map.of("name", "s", "fromContext", "a",
                        "fromNamespace", "old", "toContext", "b", "toNamespace", "new"), dir))));
    }

    @Test
    void runJobWatchesItsJobAndReadsItsPodsLogs() {
        assertEquals("[batch/cronjobs get, batch/jobs create,delete,get, batch/jobs list,watch, pods list, pods/log get,"
                + " secrets get]", rules(new RunJobStep().apiAccess(new TestArgs(Map.of("fromCronJob", "c",
                        "logOutputs", Map.of("a", "A=")), dir))));
    }
}
