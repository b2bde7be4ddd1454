package dev.runner.local.kubelet;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A pod's volumes as local directories. hostPath and persistentVolumeClaim volumes live under the cluster's work
 * dir (a hostPath of one cluster is not another's) and survive pod replacement, a claim's directory being the same
 * for every pod that names it; emptyDir, secret and configMap volumes live in the pod's own dir and go with it.
 * A new emptyDir or claim directory is world-writable, as the kubelet makes an emptyDir
 * (https://kubernetes.io/docs/concepts/storage/volumes/#emptydir, pkg/volume/emptydir: mode 0777) and as the
 * local-path provisioner makes a claim's directory, so a container of any uid can write to it.
 */
final class PodVolumes {
    private final Map<String, Path> sources = new LinkedHashMap<>();
    private final Set<Path> persistent = new java.util.HashSet<>();
    private final Set<Path> writable = new java.util.HashSet<>();
    private final Set<Path> hostPaths = new java.util.HashSet<>();
    private final Path home;

    PodVolumes(NodeContext node, Pod pod, String owner) throws IOException {
        String ns = pod.getMetadata().getNamespace();
        Path podDir = node.podDir(pod.getMetadata().getUid());
        home = podDir.resolve("rootfs/var/lib/postgresql");
        if (!Files.exists(home)) {
            Files.createDirectories(home);
            chown(node, home, owner);
        }
        for (Volume v : pod.getSpec().getVolumes() == null ? List.<Volume>of() : pod.getSpec().getVolumes()) {
            Path dir;
            if (v.getHostPath() != null) {
                dir = node.workDir().resolve("hostpath").resolve(v.getHostPath().getPath().replaceFirst("^/+", ""));
                persistent.add(dir);
                hostPaths.add(dir);
            } else if (v.getPersistentVolumeClaim() != null) {
                dir = node.workDir().resolve("pvc").resolve(ns).resolve(v.getPersistentVolumeClaim().getClaimName());
                persistent.add(dir);
            } else if (v.getSecret() != null) {
                dir = podDir.resolve("secret").resolve(v.getName());
                Secret s = node.client().secrets().inNamespace(ns).withName(v.getSecret().getSecretName()).get();
                writeKeys(dir, s == null ? Map.of() : Env.secretData(s), v.getSecret().getItems(),
                        v.getSecret().getDefaultMode());
            } else if (v.getConfigMap() != null) {
                dir = podDir.resolve("configmap").resolve(v.getName());
                ConfigMap c = node.client().configMaps().inNamespace(ns).withName(v.getConfigMap().getName()).get();
                writeKeys(dir, c == null || c.getData() == null ? Map.of() : c.getData(), v.getConfigMap().getItems(),
                        v.getConfigMap().getDefaultMode());
            } else if (v.getProjected() != null) {
                dir = podDir.resolve("projected").resolve(v.getName());
                ProjectedVolume.write(node, pod, v.getProjected(), dir);
            } else {
                dir = podDir.resolve("emptydir").resolve(v.getName());
            }
            if (!Files.exists(dir)) {
                Files.createDirectories(dir);
                chown(node, dir, owner);
                if (node.containers() && (v.getEmptyDir() != null || v.getPersistentVolumeClaim() != null)) {
                    Files.setPosixFilePermissions(dir, permissions(0777));
                }
            }
            sources.put(v.getName(), dir);
            if (v.getSecret() == null && v.getConfigMap() == null && v.getProjected() == null) {
                writable.add(dir);
            }
        }
    }

    /**
     * securityContext.fsGroup: the pod's writable volumes (and their contents) belong to that group, group-writable
     * with the setgid bit on directories, and Secret/ConfigMap files are group-readable, as the kubelet does
     * (https://kubernetes.io/docs/tasks/configure-pod-container/security-context/). hostPath volumes keep their
     * owner: fsGroup does not apply to them.
     */
    void applyFsGroup(Pod pod) throws IOException {
        Long gid = pod.getSpec().getSecurityContext() == null ? null : pod.getSpec().getSecurityContext().getFsGroup();
        if (gid == null) {
            return;
        }
        for (Path dir : sources.values()) {
            if (hostPaths.contains(dir)) {
                continue;
            }
            boolean rw = writable.contains(dir);
            run(List.of("chgrp", "-R", String.valueOf(gid), dir.toString()));
            run(List.of("chmod", "-R", rw ? "g+rwX" : "g+rX", dir.toString()));
            if (rw) {
                run(List.of("find", dir.toString(), "-type", "d", "-exec", "chmod", "g+s", "{}", "+"));
            }
        }
    }

    private static void run(List<String> argv) throws IOException {
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (p.waitFor() != 0) {
                throw new IOException(String.join(" ", argv) + " failed (exit " + p.exitValue() + ")");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", argv), e);
        }
    }

    /** The pod's own /var/lib/postgresql (archiver images: the container file system's part that matters). */
    Path home() {
        return home;
    }

    /** The directories that outlive the pod: a replacement pod must wait until no terminating pod uses them. */
    Set<Path> persistentDirs() {
        return persistent;
    }

    /**
     * The container's volume mounts. A subPath that does not exist yet in a writable volume is created as a
     * directory, as the kubelet does (https://kubernetes.io/docs/concepts/storage/volumes/#using-subpath).
     */
    List<Mount> mounts(Container c) throws IOException {
        List<Mount> out = new ArrayList<>();
        for (VolumeMount vm : c.getVolumeMounts() == null ? List.<VolumeMount>of() : c.getVolumeMounts()) {
            Path src = sources.get(vm.getName());
            if (src == null) {
                continue;
            }
            if (vm.getSubPath() != null && !vm.getSubPath().isEmpty()) {
                Path sub = src.resolve(vm.getSubPath()).normalize();
                if (!sub.startsWith(src)) {
                    throw new IOException("subPath " + vm.getSubPath() + " of volume " + vm.getName()
                            + " leaves the volume");
                }
                if (!Files.exists(sub) && writable.contains(src)) {
                    Files.createDirectories(sub);
                    Files.setPosixFilePermissions(sub, permissions(0777));
                }
                src = sub;
            }
            out.add(new Mount(src, vm.getMountPath(), Boolean.TRUE.equals(vm.getReadOnly())));
        }
        return out;
    }

    /**
     * A Secret's or ConfigMap's keys as files: all keys, or only {@code items} at their paths; each file's mode is
     * the item's {@code mode}, else {@code defaultMode}, else 0644 (the API's default, 420 decimal).
     */
    private static void writeKeys(Path dir, Map<String, String> data, List<KeyToPath> items, Integer defaultMode)
            throws IOException {
        Files.createDirectories(dir);
        Map<String, KeyToPath> paths = new LinkedHashMap<>();
        if (items == null || items.isEmpty()) {
            data.keySet().forEach(k -> paths.put(k, new io.fabric8.kubernetes.api.model.KeyToPathBuilder().withKey(k).withPath(k).build()));
        } else {
            items.forEach(i -> paths.put(i.getKey(), i));
        }
        for (var e : paths.entrySet()) {
            String value = data.get(e.getKey());
            if (value != null) {
                Path file = dir.resolve(e.getValue().getPath());
                Files.createDirectories(file.getParent());
                Files.writeString(file, value, StandardCharsets.UTF_8);
                Integer mode = e.getValue().getMode() != null ? e.getValue().getMode()
                        : defaultMode != null ? defaultMode : 0644;
                Files.setPosixFilePermissions(file, permissions(mode));
            }
        }
    }

    static Set<java.nio.file.attribute.PosixFilePermission> permissions(int mode) {
        var all = java.nio.file.attribute.PosixFilePermission.values(); // OWNER_READ .. OTHERS_EXECUTE, high bit first
        Set<java.nio.file.attribute.PosixFilePermission> out =
                java.util.EnumSet.noneOf(java.nio.file.attribute.PosixFilePermission.class);
        for (int i = 0; i < all.length; i++) {
            if ((mode & (1 << (all.length - 1 - i))) != 0) {
                out.add(all[i]);
            }
        }
        return out;
    }

    static void chown(NodeContext node, Path dir, String owner) {
        if (owner == null || !node.launcher().isRootUser()) {
            return;
        }
        try {
            new ProcessBuilder("chown", owner + ":" + owner, dir.toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        } catch (IOException e) {
            // leaves the dir owned by root: the container reports the permission problem itself
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }
}
