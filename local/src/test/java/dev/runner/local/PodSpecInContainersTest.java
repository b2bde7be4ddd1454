package dev.runner.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The pod spec as the kubelet honours it, with every pod a podman container (one cluster shared by the tests):
 * env/envFrom/valueFrom, Secret and ConfigMap files (defaultMode, items, mode), emptyDir, a claim's directory that
 * outlives its pods, hostPath, subPath, securityContext (runAsUser/runAsGroup/fsGroup/runAsNonRoot, capabilities,
 * allowPrivilegeEscalation, seccompProfile), init
 * containers in order, restartPolicy with back-off, exit codes and reasons, the grace period (SIGTERM, then
 * SIGKILL), and kubectl exec/logs through the container. Needs root and podman: it never skips.
 */
class PodSpecInContainersTest {
    static final String NS = "default";
    static final Duration T = Duration.ofSeconds(60);
    static LocalCluster cluster;
    static KubernetesClient c;

    @BeforeAll
    static void start() throws Exception {
        cluster = LocalCluster.start("spec", Testbed.tempDir("local-podspec").resolve("spec"), ImageScript.source(),
                false, PodRuntime.CONTAINERS);
        c = cluster.client();
        create("""
                apiVersion: v1
                kind: Secret
                metadata: {name: creds}
                stringData: {user: admin, pass: s3cret}
                """);
        create("""
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: cfg}
                data: {mode: fast, app.conf: "a=1"}
                """);
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void environmentFromValuesSecretsConfigMapsAndFields() throws Exception {
        String pod = running("""
                apiVersion: v1
                kind: Pod
                metadata: {name: env}
                spec:
                  containers:
                    - name: main
                      image: busybox
                      command: [sleep, infinity]
                      envFrom:
                        - {prefix: S_, secretRef: {name: creds}}
                        - configMapRef: {name: cfg}
                      env:
                        - {name: X, valueFrom: {configMapKeyRef: {name: cfg, key: mode}}}
                        - {name: PW, valueFrom: {secretKeyRef: {name: creds, key: pass}}}
                        - {name: POD, valueFrom: {fieldRef: {fieldPath: metadata.name}}}
                        - {name: REF, value: "$(X)-$$(X)-$(UNDEFINED)"}
                """);
        assertEquals("admin|fast|s3cret|env|fast-$(X)-$(UNDEFINED)", sh(pod,
                "echo \"$S_user|$mode|$PW|$POD|$REF\""));
    }

    @Test
    void missingSecretKeyIsACreateContainerConfigError() {
        create("""
                apiVersion: v1
                kind: Pod
                metadata: {name: badref}
                spec:
                  containers:
                    - name: main
                      image: busybox
                      command: [sleep, infinity]
                      env: [{name: PW, valueFrom: {secretKeyRef: {name: creds, key: nope}}}]
                """);
        ContainerStatus s = Testbed.await(T, "config error", () -> status("badref", "main", x ->
                x.getState().getWaiting() != null
                        && "CreateContainerConfigError".equals(x.getState().getWaiting().getReason())));
        assertEquals("couldn't find key nope in Secret default/creds", s.getState().getWaiting().getMessage());
    }

    @Test
    void secretAndConfigMapFilesWithModesItemsAndSubPath() throws Exception {
        String pod = running("""
                apiVersion: v1
                kind: Pod
                metadata: {name: files}
                spec:
                  containers:
                    - name: main
                      image: busybox
                      command: [sleep, infinity]
                      volumeMounts:
                        - {name: all, mountPath: /etc/all}
                        - {name: some, mountPath: /etc/some}
                        - {name: cfg, mountPath: /etc/app.conf, subPath: app.conf}
                  volumes:
                    - {name: all, secret: {secretName: creds, defaultMode: 256}}  # 0400
                    - name: some
                      secret:
                        secretName: creds
                        items: [{key: pass, path: db/password, mode: 288}, {key: user, path: db/user}]
                    - {name: cfg, configMap: {name: cfg}}
                """);
        assertEquals("400 400", sh(pod, "stat -c %a /etc/all/user /etc/all/pass | xargs"));
        assertEquals("s3cret", sh(pod, "cat /etc/all/pass"));
        assertEquals("db", sh(pod, "ls /etc/some"), "only the items, at their paths");
        assertEquals("440 644", sh(pod, "stat -c %a /etc/some/db/password /etc/some/db/user | xargs"));
        assertEquals("a=1", sh(pod, "cat /etc/app.conf"), "subPath mounts one key's file");
    }

    @Test
    void claimOutlivesItsPodsEmptyDirDoesNotAndSubPathIsCreated() throws Exception {
        String writer = """
                apiVersion: v1
                kind: Pod
                metadata: {name: NAME}
                spec:
                  securityContext: {runAsUser: 1000}
                  containers:
                    - name: main
                      image: busybox
                      command: [sleep, infinity]
                      volumeMounts:
                        - {name: data, mountPath: /data}
                        - {name: data, mountPath: /sub, subPath: deep/dir}
                        - {name: scratch, mountPath: /scratch}
                        - {name: host, mountPath: /host}
                  volumes:
                    - {name: data, persistentVolumeClaim: {claimName: claim-a}}
                    - {name: scratch, emptyDir: {}}
                    - {name: host, hostPath: {path: /srv/shared, type: DirectoryOrCreate}}
                """;
        Path host = Files.createDirectories(cluster.workDir().resolve("hostpath/srv/shared"));
        Files.writeString(host.resolve("from-node"), "node\n");
        String first = running(writer.replace("NAME", "first"));
        sh(first, "echo kept > /data/x; echo sub > /sub/f; echo gone > /scratch/y");
        assertEquals("node|no", sh(first, "echo \"$(cat /host/from-node)|$(touch /host/x 2>/dev/null && echo yes"
                + " || echo no)\""), "hostPath is the node's directory, with the node's owner (root, 0755)");
        c.pods().inNamespace(NS).withName(first).delete();
        String second = running(writer.replace("NAME", "second"));
        assertEquals("kept|sub|-", sh(second, "echo \"$(cat /data/x)|$(cat /data/deep/dir/f)|$(cat /scratch/y 2>/dev/null"
                + " || echo -)\""), "the claim's files stay, the subPath is a dir in it, emptyDir is new");
    }

    @Test
    void securityContextUserGroupsAndFsGroup() throws Exception {
        String pod = running("""
                apiVersion: v1
                kind: Pod
                metadata: {name: ids}
                spec:
                  securityContext: {runAsUser: 1234, runAsGroup: 2345, fsGroup: 3456}
                  containers:
                    - name: pod-level
                      image: busybox
                      command: [sleep, infinity]
                      volumeMounts: [{name: scratch, mountPath: /scratch}]
                    - name: own
                      image: busybox
                      command: [sleep, infinity]
                      securityContext: {runAsUser: 4321, runAsNonRoot: true}
                  volumes: [{name: scratch, emptyDir: {}}]
                """);
        assertEquals("1234 2345", sh(pod, "echo $(id -u) $(id -g)"));
        assertTrue(sh(pod, "id -G").contains("3456"), "fsGroup is a supplementary group");
        assertEquals("3456", sh(pod, "touch /scratch/f && stat -c %g /scratch/f"), "new files get the fsGroup");
        assertEquals("4321 2345", Testbed.kubectl(kubeconfig(), "-n", NS, "exec", pod, "-c", "own", "--", "sh", "-c",
                "echo $(id -u) $(id -g)").trim(), "the container's runAsUser wins over the pod's");

        create("""
                apiVersion: v1
                kind: Pod
                metadata: {name: rootimage}
                spec:
                  securityContext: {runAsNonRoot: true}
                  containers: [{name: main, image: busybox, command: [sleep, infinity]}]
                """);
        ContainerStatus refused = Testbed.await(T, "runAsNonRoot refused", () -> status("rootimage", "main",
                x -> x.getState().getWaiting() != null
                        && "CreateContainerConfigError".equals(x.getState().getWaiting().getReason())));
        assertEquals("container has runAsNonRoot and image will run as root",
                refused.getState().getWaiting().getMessage());
    }

    @Test
    void capabilitiesNoNewPrivsAndSeccompReachTheProcess() throws Exception {
        String restricted = running("""
                apiVersion: v1
                kind: Pod
                metadata: {name: confined}
                spec:
                  securityContext: {runAsUser: 1000, runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
                  containers:
                    - name: main
                      image: busybox
                      command: [sleep, infinity]
                      securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
                """);
        // /proc/self/status: the effective capability set, the no_new_privs flag, seccomp mode 2 (a filter)
        assertEquals("0000000000000000 1 2", sh(restricted, "echo $(sed -n 's/^CapBnd:\\s*//p;s/^NoNewPrivs:\\s*//p;"
                + "s/^Seccomp:\\s*//p' /proc/self/status)"), "no capabilities, no_new_privs, RuntimeDefault seccomp");
        String plain = running("""
                apiVersion: v1
                kind: Pod
                metadata: {name: unconfined}
                spec:
                  containers:
                    - name: main
                      image: busybox
                      command: [sleep, infinity]
                      securityContext: {capabilities: {add: [NET_ADMIN]}}
                """);
        assertEquals("0 0", sh(plain, "echo $(sed -n 's/^NoNewPrivs:\\s*//p;s/^Seccomp:\\s*//p' /proc/self/status)"),
                "unset seccompProfile is Unconfined, privilege escalation allowed");
        assertTrue((Long.parseLong(sh(plain, "sed -n 's/^CapBnd:\\s*//p' /proc/self/status"), 16) & (1L << 12)) != 0,
                "capabilities.add NET_ADMIN (bit 12) is in the bounding set");
    }

    @Test
    void initContainersRunInOrderThenTheMainContainer() throws Exception {
        String pod = running("""
                apiVersion: v1
                kind: Pod
                metadata: {name: inits}
                spec:
                  initContainers:
                    - {name: one, image: busybox, command: [sh, -c, "sleep 1; echo one >> /w/order"],
                       volumeMounts: [{name: w, mountPath: /w}]}
                    - {name: two, image: busybox, command: [sh, -c, "echo two >> /w/order"],
                       volumeMounts: [{name: w, mountPath: /w}]}
                  containers:
                    - {name: main, image: busybox, command: [sh, -c, "echo main >> /w/order; exec sleep infinity"],
                       volumeMounts: [{name: w, mountPath: /w}]}
                  volumes: [{name: w, emptyDir: {}}]
                """);
        assertEquals("one two main", sh(pod, "xargs < /w/order"));
        Pod p = c.pods().inNamespace(NS).withName(pod).get();
        for (ContainerStatus s : p.getStatus().getInitContainerStatuses()) {
            assertEquals("Completed", s.getState().getTerminated().getReason(), s.getName());
            assertEquals(0, s.getState().getTerminated().getExitCode(), s.getName());
        }
    }

    @Test
    void restartPolicyBackOffExitCodesAndPreviousLogs() throws Exception {
        create("""
                apiVersion: v1
                kind: Pod
                metadata: {name: crash}
                spec:
                  restartPolicy: OnFailure
                  containers: [{name: main, image: busybox, command: [sh, -c, "echo attempt; exit 3"]}]
                """);
        ContainerStatus s = Testbed.await(T, "crash loop", () -> status("crash", "main", x -> x.getRestartCount() >= 2
                && x.getState().getWaiting() != null
                && "CrashLoopBackOff".equals(x.getState().getWaiting().getReason())));
        assertEquals(3, s.getLastState().getTerminated().getExitCode());
        assertEquals("Error", s.getLastState().getTerminated().getReason());
        assertTrue(s.getState().getWaiting().getMessage().startsWith("back-off "), s.getState().getWaiting()
                .getMessage());
        assertTrue(s.getContainerID() == null || s.getContainerID().startsWith("podman://"), s.getContainerID());
        assertEquals("attempt", Testbed.kubectl(kubeconfig(), "-n", NS, "logs", "crash", "--previous").trim());

        create("""
                apiVersion: v1
                kind: Pod
                metadata: {name: once}
                spec:
                  restartPolicy: OnFailure
                  containers: [{name: main, image: busybox, command: [sh, -c, "echo fine"]}]
                """);
        Pod done = Testbed.await(T, "succeeded", () -> {
            Pod p = c.pods().inNamespace(NS).withName("once").get();
            return p.getStatus() != null && "Succeeded".equals(p.getStatus().getPhase()) ? p : null;
        });
        ContainerStatus ok = done.getStatus().getContainerStatuses().get(0);
        assertEquals(0, ok.getRestartCount(), "OnFailure does not restart a container that exited 0");
        assertEquals("Completed", ok.getState().getTerminated().getReason());
        assertEquals("fine", Testbed.kubectl(kubeconfig(), "-n", NS, "logs", "once").trim());
    }

    @Test
    void deletionSendsSigtermThenSigkillAfterTheGracePeriod() throws Exception {
        String polite = running("""
                apiVersion: v1
                kind: Pod
                metadata: {name: polite}
                spec:
                  terminationGracePeriodSeconds: 30
                  containers:
                    - name: main
                      image: busybox
                      command: [sh, -c, "trap 'echo TERM > /host/polite; exit 0' TERM; while :; do sleep 1 & wait $!; done"]
                      volumeMounts: [{name: host, mountPath: /host}]
                  volumes: [{name: host, hostPath: {path: /srv/grace}}]
                """);
        String stubborn = running("""
                apiVersion: v1
                kind: Pod
                metadata: {name: stubborn}
                spec:
                  terminationGracePeriodSeconds: 3
                  containers:
                    - name: main
                      image: busybox
                      command: [sh, -c, "trap 'echo TERM > /host/stubborn' TERM; while :; do sleep 1 & wait $!; done"]
                      volumeMounts: [{name: host, mountPath: /host}]
                  volumes: [{name: host, hostPath: {path: /srv/grace}}]
                """);
        ProcessHandle politeMain = ProcessHandle.of(cluster.kubelet().containerMainPid(NS, polite, "main")).orElseThrow();
        ProcessHandle stubbornMain = ProcessHandle.of(cluster.kubelet().containerMainPid(NS, stubborn, "main"))
                .orElseThrow();
        long t0 = System.nanoTime();
        c.pods().inNamespace(NS).withName(polite).delete();
        c.pods().inNamespace(NS).withName(stubborn).delete();
        politeMain.onExit().get(30, TimeUnit.SECONDS);
        double politeSeconds = (System.nanoTime() - t0) / 1e9;
        stubbornMain.onExit().get(30, TimeUnit.SECONDS);
        double stubbornSeconds = (System.nanoTime() - t0) / 1e9;
        Path dir = cluster.workDir().resolve("hostpath/srv/grace");
        assertEquals("TERM", Files.readString(dir.resolve("polite")).trim());
        assertTrue(politeSeconds < 15, "exited on SIGTERM, well before its 30 s grace: " + politeSeconds);
        assertEquals("TERM", Files.readString(dir.resolve("stubborn")).trim(), "SIGTERM came first");
        assertTrue(stubbornSeconds >= 3 && stubbornSeconds < 20, "SIGKILL after the 3 s grace: " + stubbornSeconds);
    }

    @Test
    void kubectlExecPassesStdinAndTheExitCode() throws Exception {
        String pod = running("""
                apiVersion: v1
                kind: Pod
                metadata: {name: exec}
                spec:
                  containers: [{name: main, image: busybox, command: [sleep, infinity]}]
                """);
        Process p = new ProcessBuilder("kubectl", "--kubeconfig", kubeconfig().toString(), "-n", NS, "exec", "-i", pod, "--",
                "sh", "-c", "tr a-z A-Z; exit 5").start();
        p.getOutputStream().write("hello\n".getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("kubectl exec -i did not end: stdin's end did not reach the container");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals("HELLO", out.trim());
        assertEquals(5, p.exitValue());
        assertEquals(pod, sh(pod, "hostname"), "the container's hostname is the pod's name");
    }

    private static Path kubeconfig() {
        return cluster.workDir().resolve("kubeconfig");
    }

    private static void create(String yaml) {
        c.resource(Serialization.unmarshal(yaml, io.fabric8.kubernetes.api.model.HasMetadata.class)).inNamespace(NS)
                .create();
    }

    /** Creates the pod and waits until all its containers run; returns its name. */
    private static String running(String yaml) {
        create(yaml);
        Pod pod = Serialization.unmarshal(yaml, Pod.class);
        String name = pod.getMetadata().getName();
        Testbed.await(T, name + " running", () -> {
            Pod p = c.pods().inNamespace(NS).withName(name).get();
            return p != null && p.getStatus() != null && p.getStatus().getContainerStatuses() != null
                    && p.getStatus().getContainerStatuses().size() == pod.getSpec().getContainers().size()
                    && p.getStatus().getContainerStatuses().stream().allMatch(s -> s.getState().getRunning() != null);
        });
        return name;
    }

    private static ContainerStatus status(String pod, String container,
                                          java.util.function.Predicate<ContainerStatus> when) {
        Pod p = c.pods().inNamespace(NS).withName(pod).get();
        if (p == null || p.getStatus() == null) {
            return null;
        }
        List<ContainerStatus> all = new ArrayList<>(p.getStatus().getContainerStatuses());
        all.addAll(p.getStatus().getInitContainerStatuses());
        return all.stream().filter(s -> s.getName().equals(container) && when.test(s)).findFirst().orElse(null);
    }

    /** {@code sh -c script} in the pod's first container through the exec API; stdout trimmed, exit 0 required. */
    private static String sh(String pod, String script) throws Exception {
        Testbed.ExecResult r = Testbed.exec(c, NS, pod, "sh", "-c", script);
        assertEquals(0, r.exitCode(), script + ": " + r.stderr());
        return r.stdout().trim();
    }
}
