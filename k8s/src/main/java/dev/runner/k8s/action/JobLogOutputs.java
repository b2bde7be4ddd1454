package dev.runner.k8s.action;

import dev.runner.k8s.Kube;
import dev.runner.k8s.cluster.ClusterTarget;
import dev.runner.model.Secrets;
import dev.runner.step.StepException;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code run-job}'s {@code logOutputs}: step outputs read from the log of the Job's succeeded pod. Each output
 * {@code NAME: MARKER} takes the rest of the last log line that starts with MARKER; when that is a JSON object, its
 * top-level scalar fields are outputs too ({@code NAME.FIELD}). Every output is at most {@code maxOutputBytes}, and
 * the values of the Secrets the pod reads (env, envFrom, secret volumes) and the run's own secrets are masked in
 * them — a script that echoes a key does not leak it into the run's state or JSON.
 */
final class JobLogOutputs {
    static final int DEFAULT_MAX_BYTES = 256 * 1024;
    /** How much of the log is searched: markers are printed last, a pod's log may be long. */
    static final int TAIL_LINES = 5000;
    /** Shorter Secret values are not masked: masking "y" or "on" would garble every output. */
    static final int MIN_MASKED_LENGTH = 4;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private JobLogOutputs() {
    }

    static boolean wanted(Kube k) {
        return !k.args().map("logOutputs").isEmpty();
    }

    /** The outputs, or a non-retryable StepException naming the marker that is missing or the output that is too big. */
    static Map<String, String> read(Kube k, ClusterTarget t, Job j) throws StepException {
        String job = j.getMetadata().getName();
        Map<String, Object> markers = k.args().map("logOutputs");
        Pod pod = JobPods.latest(JobPods.of(t, j), "Succeeded")
                .orElseThrow(() -> new StepException("Job " + job + " succeeded but none of its pods is left to read"
                        + " logOutputs from", true));
        String log;
        try {
            log = t.client().pods().inNamespace(t.namespace()).withName(JobPods.name(pod))
                    .inContainer(pod.getSpec().getContainers().get(0).getName()).tailingLines(TAIL_LINES).getLog();
        } catch (KubernetesClientException e) {
            throw new StepException("cannot read the log of pod " + JobPods.name(pod) + " of Job " + job + ": "
                    + e.getMessage(), true);
        }
        Secrets mask = podSecrets(k, t, pod);
        int max = k.args().integer("maxOutputBytes").orElse(DEFAULT_MAX_BYTES);
        List<String> lines = log == null ? List.of() : log.lines().toList();
        Map<String, String> out = new LinkedHashMap<>();
        for (var e : markers.entrySet()) {
            String marker = String.valueOf(e.getValue());
            String line = null;
            for (int i = lines.size() - 1; i >= 0 && line == null; i--) {
                line = lines.get(i).startsWith(marker) ? lines.get(i) : null;
            }
            if (line == null) {
                throw new StepException(k.stepId() + ": Job " + job + " succeeded, but no line of pod "
                        + JobPods.name(pod) + "'s log starts with '" + marker + "' (logOutputs." + e.getKey() + ")", false);
            }
            String value = k.ctx().mask(mask.mask(line.substring(marker.length()).strip()));
            int bytes = value.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > max) {
                throw new StepException(k.stepId() + ": logOutputs." + e.getKey() + " is " + bytes
                        + " bytes, more than maxOutputBytes " + max, false);
            }
            out.put(e.getKey(), value);
            out.putAll(fields(e.getKey(), value));
        }
        return out;
    }

    private static Map<String, String> fields(String name, String value) {
        Map<String, String> out = new LinkedHashMap<>();
        if (!value.startsWith("{")) {
            return out;
        }
        try {
            JsonNode n = JSON.readTree(value);
            n.properties().forEach(f -> {
                if (f.getValue().isValueNode()) {
                    out.put(name + "." + f.getKey(), f.getValue().isNull() ? "" : f.getValue().asString());
                }
            });
        } catch (JacksonException notJson) {
            // not JSON after all: the whole value is the output
        }
        return out;
    }

    /** The values of every Secret the pod's containers read, registered with the run as secrets. */
    private static Secrets podSecrets(Kube k, ClusterTarget t, Pod pod) {
        Set<String> names = new LinkedHashSet<>();
        List<Container> containers = new ArrayList<>(pod.getSpec().getContainers());
        if (pod.getSpec().getInitContainers() != null) {
            containers.addAll(pod.getSpec().getInitContainers());
        }
        for (Container c : containers) {
            if (c.getEnvFrom() != null) {
                c.getEnvFrom().stream().filter(s -> s.getSecretRef() != null).forEach(s -> names.add(s.getSecretRef().getName()));
            }
            if (c.getEnv() != null) {
                c.getEnv().stream().filter(v -> v.getValueFrom() != null && v.getValueFrom().getSecretKeyRef() != null)
                        .forEach(v -> names.add(v.getValueFrom().getSecretKeyRef().getName()));
            }
        }
        if (pod.getSpec().getVolumes() != null) {
            pod.getSpec().getVolumes().stream().filter(v -> v.getSecret() != null)
                    .forEach(v -> names.add(v.getSecret().getSecretName()));
        }
        Secrets secrets = new Secrets();
        for (String name : names) {
            try {
                Secret s = t.client().secrets().inNamespace(t.namespace()).withName(name).get();
                if (s != null && s.getData() != null) {
                    s.getData().values().stream().map(v -> new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8))
                            .filter(v -> v.strip().length() >= MIN_MASKED_LENGTH).forEach(v -> {
                                secrets.add(v);
                                secrets.add(v.strip());
                                k.ctx().addSecret(v.strip());
                            });
                }
            } catch (KubernetesClientException | IllegalArgumentException e) {
                k.log().warn("cannot read Secret " + name + " to mask its values in logOutputs: " + e.getMessage());
            }
        }
        return secrets;
    }
}
