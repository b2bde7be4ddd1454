package dev.runner.local.kubelet;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;

/**
 * What the kubelet of one local cluster knows about its "node": the cluster id (used in process markers), its work
 * directory, the port its postgres listens on, the API server port, the archiver image entrypoint script, and the
 * kubeconfig that points at this cluster alone (for kubectl images), and the local images when pods run as
 * containers (null: the process runtime).
 */
record NodeContext(String clusterId, Path workDir, int postgresPort, int apiPort, Path imageScript,
                          Path kubeconfig, KubernetesClient client, Launcher launcher, LocalImages images) {

    /** Whether pods run as podman containers (else as host processes). */
    boolean containers() {
        return images != null;
    }

    Path podDir(String uid) {
        return workDir.resolve("pods").resolve(uid);
    }

    String marker(String podUid) {
        return clusterId + "/" + podUid;
    }
}
