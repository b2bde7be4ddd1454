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
 * dir and survive pod replacement; emptyDir, secret and configMap volumes live in the pod's own dir and go with it.
 */
final class PodVolumes {
    private final Map<String, Path> sources = new LinkedHashMap<>();
    private final Set<Path> persistent = new java.util.HashSet<>();
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
            } else if (v.getPersistentVolumeClaim() != null) {
                dir = node.workDir().resolve("pvc").resolve(ns).resolve(v.getPersistentVolumeClaim().getClaimName());
                persistent.add(dir);
            } else if (v.getSecret() != null) {
                dir = podDir.resolve("secret").resolve(v.getName());
                Secret s = node.client().secrets().inNamespace(ns).withName(v.getSecret().getSecretName()).get();
                writeKeys(dir, s == null ? Map.of() : Env.secretData(s), v.getSecret().getItems());
            } else if (v.getConfigMap() != null) {
                dir = podDir.resolve("configmap").resolve(v.getName());
                ConfigMap c = node.client().configMaps().inNamespace(ns).withName(v.getConfigMap().getName()).get();
                writeKeys(dir, c == null || c.getData() == null ? Map.of() : c.getData(), v.getConfigMap().getItems());
            } else {
                dir = podDir.resolve("emptydir").resolve(v.getName());
            }
            if (!Files.exists(dir)) {
                Files.createDirectories(dir);
                chown(node, dir, owner);
            }
            sources.put(v.getName(), dir);
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

    List<Mount> mounts(Container c) {
        List<Mount> out = new ArrayList<>();
        for (VolumeMount vm : c.getVolumeMounts() == null ? List.<VolumeMount>of() : c.getVolumeMounts()) {
            Path src = sources.get(vm.getName());
            if (src == null) {
                continue;
            }
            if (vm.getSubPath() != null && !vm.getSubPath().isEmpty()) {
                src = src.resolve(vm.getSubPath());
            }
            out.add(new Mount(src, vm.getMountPath(), Boolean.TRUE.equals(vm.getReadOnly())));
        }
        return out;
    }

    private static void writeKeys(Path dir, Map<String, String> data, List<KeyToPath> items) throws IOException {
        Files.createDirectories(dir);
        Map<String, String> paths = new LinkedHashMap<>();
        if (items == null || items.isEmpty()) {
            data.keySet().forEach(k -> paths.put(k, k));
        } else {
            items.forEach(i -> paths.put(i.getKey(), i.getPath()));
        }
        for (var e : paths.entrySet()) {
            String value = data.get(e.getKey());
            if (value != null) {
                Path file = dir.resolve(e.getValue());
                Files.createDirectories(file.getParent());
                Files.writeString(file, value, StandardCharsets.UTF_8);
            }
        }
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
