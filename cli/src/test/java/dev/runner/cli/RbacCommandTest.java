package dev.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code runner rbac}: the least Role a workflow needs, from what its step types declare, without a cluster. */
class RbacCommandTest {
    @TempDir
    Path dir;

    @Test
    void configureBackupNeedsOneRoleInItsNamespace() {
        Cli cli = new Cli();
        assertEquals(0, cli.run("rbac", "../workflows/configure-backup.yaml", "-n", "app", "-p", "namespace=app",
                "--service-account", "runner"), cli.err);
        assertEquals("", cli.err);
        String[] docs = cli.out.split("(?m)^---\n");
        assertEquals(2, docs.length, cli.out);
        assertTrue(docs[0].contains("""
                kind: Role
                metadata:
                  name: runner-configure-backup
                  namespace: app
                """), docs[0]);
        // exec: find the pod by selector, then exec (create for SPDY, get for WebSockets)
        assertTrue(docs[0].contains("""
                  - apiGroups: [""]
                    resources: [pods/exec]
                    verbs: [create, get]
                """), docs[0]);
        // the CronJob and the Role it runs as are applied; a Role's own rules must be held to create it
        assertTrue(docs[0].contains("""
                  - apiGroups: [batch]
                    resources: [cronjobs]
                    verbs: [create, get, update]
                """), docs[0]);
        assertTrue(docs[0].contains("""
                  - apiGroups: [rbac.authorization.k8s.io]
                    resources: [rolebindings, roles]
                    verbs: [create, get, update]
                """), docs[0]);
        assertFalse(cli.out.contains("ClusterRole"), "nothing cluster-wide: " + cli.out);
        assertFalse(cli.out.contains("legacy"), cli.out);
        assertTrue(docs[1].contains("kind: RoleBinding") && docs[1].contains("""
                subjects:
                  - kind: ServiceAccount
                    name: runner
                    namespace: app
                """), docs[1]);
    }

    @Test
    void theSameInputsPrintTheSameRoles() {
        Cli a = new Cli();
        Cli b = new Cli();
        a.run("rbac", "../workflows/recovery.yaml", "-n", "db");
        b.run("rbac", "../workflows/recovery.yaml", "-n", "db");
        assertEquals(a.out, b.out);
    }

    @Test
    void accessToAKindOnlyKnownAtRunTimeIsANoteAndCanBeAssumed() throws Exception {
        Path wf = dir.resolve("gen.yaml");
        Files.writeString(wf, """
                apiVersion: runner/v1
                kind: Workflow
                name: gen
                steps:
                  - id: pick
                    type: shell
                    with: {run: echo cm.yaml}
                  - id: put
                    type: apply
                    needs: [pick]
                    with: {file: "${steps.pick.outputs.stdout}"}
                  - id: ns
                    type: apply
                    with:
                      manifest: {apiVersion: v1, kind: Namespace, metadata: {name: x}}
                """);
        Cli cli = new Cli();
        assertEquals(0, cli.run("rbac", wf.toString(), "--assume", "configmaps=get,create,update",
                "--assume", "cronjobs.batch/status=get"), cli.err);
        assertTrue(cli.err.contains("runner: note: put (apply): the manifests are named by an output of an earlier"
                + " step"), cli.err);
        assertTrue(cli.out.contains("# note: cannot be told before the run, not granted: put (apply)"), cli.out);
        assertTrue(cli.out.contains("""
                kind: Role
                metadata:
                  name: runner-gen
                  labels: {app.kubernetes.io/managed-by: runner}
                rules:
                  - apiGroups: [""]
                    resources: [configmaps]
                    verbs: [create, get, update]
                  - apiGroups: [batch]
                    resources: [cronjobs/status]
                    verbs: [get]
                """), cli.out);
        assertTrue(cli.out.contains("""
                kind: ClusterRole
                metadata:
                  name: runner-gen
                  labels: {app.kubernetes.io/managed-by: runner}
                rules:
                  - apiGroups: [""]
                    resources: [namespaces]
                    verbs: [create, get, update]
                """), cli.out);
    }

    @Test
    void aMalformedAssumptionIsAUsageError() {
        Cli cli = new Cli();
        assertEquals(2, cli.run("rbac", "../workflows/configure-backup.yaml", "--assume", "Pods=GET"));
        assertTrue(cli.err.contains("--assume Pods=GET: expected RESOURCE[.GROUP][/SUBRESOURCE]=VERB"), cli.err);
        cli.assertNoStackTrace();
    }

    @Test
    void aServiceAccountNeedsItsNamespace() {
        Cli cli = new Cli();
        assertEquals(2, cli.run("rbac", "../workflows/configure-backup.yaml", "--service-account", "x"));
        assertTrue(cli.err.contains("--service-account needs -n NAMESPACE"), cli.err);
    }
}
