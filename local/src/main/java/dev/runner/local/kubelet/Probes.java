package dev.runner.local.kubelet;

import io.fabric8.kubernetes.api.model.Probe;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Readiness. An exec readinessProbe runs in the container's environment; a tcpSocket probe connects to 127.0.0.1;
 * without a probe, an archiver container is ready when {@code pg_isready} says postgres accepts connections on its
 * port (so a pod restoring a backup is not Ready), and any other container is ready once running.
 */
final class Probes {
    private Probes() {}

    static boolean ready(NodeContext node, ContainerRun c) {
        Probe probe = c.spec.getReadinessProbe();
        try {
            if (probe != null && probe.getExec() != null && probe.getExec().getCommand() != null) {
                return exitsZero(c.containerName != null ? Podman.exec(c.containerName, probe.getExec().getCommand())
                        : node.launcher().start(c.launch.withCommand(probe.getExec().getCommand()), null));
            }
            if (probe != null && probe.getTcpSocket() != null && probe.getTcpSocket().getPort() != null) {
                Integer port = probe.getTcpSocket().getPort().getIntVal();
                if (port == null) {
                    return true;
                }
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                    return true;
                }
            }
            if (ImageKind.of(c.spec.getImage()) == ImageKind.ARCHIVER && !c.init) {
                String port = c.launch.env().getOrDefault("PGPORT", String.valueOf(node.postgresPort()));
                var bin = ContainerLaunch.postgresBin();
                String isReady = bin == null ? "pg_isready" : bin.resolve("pg_isready").toString();
                // as an existing role: any other makes the server log "role ... does not exist" on every probe
                String user = c.launch.env().getOrDefault("POSTGRES_USER", "postgres");
                if (c.containerName != null) {
                    return exitsZero(Podman.exec(c.containerName, List.of("pg_isready", "-q", "-h", "127.0.0.1", "-p",
                            port, "-t", "2", "-U", user, "-d", "postgres")));
                }
                return exitsZero(new ProcessBuilder(List.of(isReady, "-q", "-h", "127.0.0.1", "-p", port, "-t", "2",
                        "-U", user, "-d", "postgres"))
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean exitsZero(Process p) {
        try {
            p.getOutputStream().close();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                ProcessKiller.signalGroup(p.pid(), "KILL");
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
