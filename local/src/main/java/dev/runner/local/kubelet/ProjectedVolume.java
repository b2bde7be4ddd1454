package dev.runner.local.kubelet;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.DownwardAPIVolumeFile;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ProjectedVolumeSource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A projected volume as the kubelet writes it (https://kubernetes.io/docs/concepts/storage/projected-volumes/): a
 * serviceAccountToken source is a token the kubelet asks the TokenRequest API for, bound to this pod; configMap,
 * secret and downwardAPI sources write their keys or fields. This is how a pod gets its ServiceAccount's token, the
 * cluster CA and its namespace at /var/run/secrets/kubernetes.io/serviceaccount/.
 */
final class ProjectedVolume {
    private ProjectedVolume() {}

    static void write(NodeContext node, Pod pod, ProjectedVolumeSource source, Path dir) throws IOException {
        Files.createDirectories(dir);
        int mode = source.getDefaultMode() != null ? source.getDefaultMode() : 0644;
        String ns = pod.getMetadata().getNamespace();
        for (VolumeProjection p : source.getSources() == null ? List.<VolumeProjection>of() : source.getSources()) {
            Map<String, String> files = new LinkedHashMap<>();
            if (p.getServiceAccountToken() != null) {
                var t = p.getServiceAccountToken();
                TokenRequest request = new TokenRequestBuilder().withNewSpec()
                        .withAudiences(t.getAudience() == null || t.getAudience().isEmpty() ? List.of()
                                : List.of(t.getAudience()))
                        .withExpirationSeconds(t.getExpirationSeconds() == null ? 3600L : t.getExpirationSeconds())
                        .withNewBoundObjectRef().withApiVersion("v1").withKind("Pod")
                        .withName(pod.getMetadata().getName()).withUid(pod.getMetadata().getUid())
                        .endBoundObjectRef().endSpec().build();
                try {
                    TokenRequest answer = node.client().serviceAccounts().inNamespace(ns)
                            .withName(pod.getSpec().getServiceAccountName()).tokenRequest(request);
                    files.put(t.getPath(), answer.getStatus().getToken());
                } catch (KubernetesClientException e) {
                    throw new IOException("cannot get a token for service account " + ns + "/"
                            + pod.getSpec().getServiceAccountName() + ": " + e.getMessage(), e);
                }
            } else if (p.getConfigMap() != null) {
                ConfigMap c = node.client().configMaps().inNamespace(ns).withName(p.getConfigMap().getName()).get();
                keys(c == null || c.getData() == null ? Map.of() : c.getData(), p.getConfigMap().getItems(), files);
            } else if (p.getSecret() != null) {
                Secret s = node.client().secrets().inNamespace(ns).withName(p.getSecret().getName()).get();
                keys(s == null ? Map.of() : Env.secretData(s), p.getSecret().getItems(), files);
            } else if (p.getDownwardAPI() != null) {
                for (DownwardAPIVolumeFile f : p.getDownwardAPI().getItems()) {
                    if (f.getFieldRef() != null) {
                        files.put(f.getPath(), field(pod, f.getFieldRef().getFieldPath()));
                    }
                }
            }
            for (var e : files.entrySet()) {
                Path file = dir.resolve(e.getKey());
                Files.createDirectories(file.getParent());
                Files.writeString(file, e.getValue(), StandardCharsets.UTF_8);
                Files.setPosixFilePermissions(file, PodVolumes.permissions(mode));
            }
        }
    }

    private static void keys(Map<String, String> data, List<KeyToPath> items, Map<String, String> into) {
        if (items == null || items.isEmpty()) {
            into.putAll(data);
            return;
        }
        for (KeyToPath i : items) {
            if (data.containsKey(i.getKey())) {
                into.put(i.getPath(), data.get(i.getKey()));
            }
        }
    }

    private static String field(Pod pod, String path) {
        return switch (path) {
            case "metadata.namespace" -> pod.getMetadata().getNamespace();
            case "metadata.name" -> pod.getMetadata().getName();
            case "metadata.uid" -> pod.getMetadata().getUid();
            case "spec.serviceAccountName" -> pod.getSpec().getServiceAccountName();
            default -> "";
        };
    }
}
