package dev.runner.local.kubelet;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A container's environment as the kubelet computes it: envFrom (Secrets, ConfigMaps, with prefix), then env
 * (literal values with {@code $(VAR)} expansion, secretKeyRef, configMapKeyRef, fieldRef). A missing non-optional
 * reference is an error, like CreateContainerConfigError.
 */
final class Env {
    private static final Pattern REF = Pattern.compile("\\$\\$|\\$\\(([A-Za-z_][A-Za-z0-9_.-]*)\\)");

    /** The container cannot start: a referenced Secret/ConfigMap or key is missing. */
    static final class ConfigError extends Exception {
        ConfigError(String message) {
            super(message);
        }
    }

    private Env() {}

    static Map<String, String> resolve(KubernetesClient client, Pod pod, Container c, Map<String, String> base)
            throws ConfigError {
        String ns = pod.getMetadata().getNamespace();
        Map<String, String> env = new LinkedHashMap<>(base);
        for (EnvFromSource from : c.getEnvFrom() == null ? List.<EnvFromSource>of() : c.getEnvFrom()) {
            String prefix = from.getPrefix() == null ? "" : from.getPrefix();
            Map<String, String> data;
            if (from.getSecretRef() != null) {
                Secret s = client.secrets().inNamespace(ns).withName(from.getSecretRef().getName()).get();
                if (s == null && !Boolean.TRUE.equals(from.getSecretRef().getOptional())) {
                    throw new ConfigError("secret \"" + from.getSecretRef().getName() + "\" not found");
                }
                data = s == null ? Map.of() : secretData(s);
            } else if (from.getConfigMapRef() != null) {
                ConfigMap m = client.configMaps().inNamespace(ns).withName(from.getConfigMapRef().getName()).get();
                if (m == null && !Boolean.TRUE.equals(from.getConfigMapRef().getOptional())) {
                    throw new ConfigError("configmap \"" + from.getConfigMapRef().getName() + "\" not found");
                }
                data = m == null || m.getData() == null ? Map.of() : m.getData();
            } else {
                continue;
            }
            data.forEach((k, v) -> env.put(prefix + k, v));
        }
        for (EnvVar e : c.getEnv() == null ? List.<EnvVar>of() : c.getEnv()) {
            String value = e.getValueFrom() != null ? valueFrom(client, pod, e) : expand(e.getValue(), env);
            if (value != null) {
                env.put(e.getName(), value);
            }
        }
        return env;
    }

    private static String valueFrom(KubernetesClient client, Pod pod, EnvVar e) throws ConfigError {
        EnvVarSource src = e.getValueFrom();
        String ns = pod.getMetadata().getNamespace();
        if (src.getSecretKeyRef() != null) {
            var ref = src.getSecretKeyRef();
            Secret s = client.secrets().inNamespace(ns).withName(ref.getName()).get();
            String v = s == null ? null : secretData(s).get(ref.getKey());
            if (v == null && !Boolean.TRUE.equals(ref.getOptional())) {
                throw new ConfigError(s == null ? "secret \"" + ref.getName() + "\" not found"
                        : "couldn't find key " + ref.getKey() + " in Secret " + ns + "/" + ref.getName());
            }
            return v;
        }
        if (src.getConfigMapKeyRef() != null) {
            var ref = src.getConfigMapKeyRef();
            ConfigMap m = client.configMaps().inNamespace(ns).withName(ref.getName()).get();
            String v = m == null || m.getData() == null ? null : m.getData().get(ref.getKey());
            if (v == null && !Boolean.TRUE.equals(ref.getOptional())) {
                throw new ConfigError(m == null ? "configmap \"" + ref.getName() + "\" not found"
                        : "couldn't find key " + ref.getKey() + " in ConfigMap " + ns + "/" + ref.getName());
            }
            return v;
        }
        if (src.getFieldRef() != null) {
            return switch (src.getFieldRef().getFieldPath()) {
                case "metadata.name" -> pod.getMetadata().getName();
                case "metadata.namespace" -> ns;
                case "metadata.uid" -> pod.getMetadata().getUid();
                case "spec.nodeName" -> "local";
                case "spec.serviceAccountName" -> pod.getSpec().getServiceAccountName();
                case "status.podIP", "status.hostIP" -> "127.0.0.1";
                default -> "";
            };
        }
        return null;
    }

    /** Kubernetes' {@code $(VAR)} expansion: defined variables are replaced, {@code $$} escapes. */
    static String expand(String value, Map<String, String> env) {
        if (value == null) {
            return "";
        }
        Matcher m = REF.matcher(value);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String rep = m.group(1) == null ? "\\$" : env.containsKey(m.group(1))
                    ? Matcher.quoteReplacement(env.get(m.group(1))) : Matcher.quoteReplacement(m.group());
            m.appendReplacement(b, m.group(1) == null ? "\\$" : rep);
        }
        m.appendTail(b);
        return b.toString();
    }

    /** A Secret's values in clear: data (base64) plus stringData, which a real API server folds into data. */
    static Map<String, String> secretData(Secret s) {
        Map<String, String> out = new LinkedHashMap<>();
        if (s.getData() != null) {
            s.getData().forEach((k, v) -> out.put(k, v == null ? "" : PodVolumes.decode(v)));
        }
        if (s.getStringData() != null) {
            out.putAll(s.getStringData());
        }
        return out;
    }
}
