package dev.runner.workflows;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/** The objects of a Hasura project the workflows work on (DESIGN §8), as they are before any workflow ran. */
final class Seed {
    static final String NS = "hasura";

    private Seed() {
    }

    /** The postgres Deployment as Hasura ships it: plain postgres image, data on a hostPath volume. */
    static Deployment postgres(KubernetesClient client) {
        return client.resource(deployment("postgres", """
                containers:
                - name: postgres
                  image: postgres:15
                  ports: [{containerPort: 5432, name: postgres}]
                  env:
                  - {name: POSTGRES_USER, valueFrom: {secretKeyRef: {name: postgres, key: postgres.user}}}
                  - {name: POSTGRES_PASSWORD, valueFrom: {secretKeyRef: {name: postgres, key: postgres.password}}}
                  - {name: PGDATA, value: /var/lib/postgresql/data}
                  volumeMounts:
                  - {name: data, mountPath: /var/lib/postgresql/data}
                  readinessProbe:
                    exec: {command: [pg_isready, -U, postgres]}
                    periodSeconds: 10
                volumes:
                - name: data
                  hostPath: {path: /var/lib/hasura/postgres}
                """)).create();
    }

    /** A one-container app Deployment (auth, data) labelled app=NAME. */
    static Deployment app(KubernetesClient client, String name) {
        return client.resource(deployment(name, """
                containers:
                - name: %s
                  image: hasura/%s:v1
                  env:
                  - {name: DB_PASSWORD, valueFrom: {secretKeyRef: {name: postgres, key: postgres.password}}}
                """.formatted(name, name))).create();
    }

    static Deployment deployment(String name, String podSpec) {
        String yaml = """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: %s, namespace: %s, labels: {app: %s}}
                spec:
                  replicas: 1
                  strategy: {type: Recreate}
                  selector: {matchLabels: {app: %s}}
                  template:
                    metadata: {labels: {app: %s}}
                    spec:
                """.formatted(name, NS, name, name, name) + podSpec.indent(6);
        return Serialization.unmarshal(yaml, Deployment.class);
    }

    static Secret secret(KubernetesClient client, String name, Map<String, String> values) {
        SecretBuilder b = new SecretBuilder().withNewMetadata().withName(name).withNamespace(NS).endMetadata()
                .withType("Opaque");
        values.forEach((k, v) -> b.addToData(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
        return client.resource(b.build()).create();
    }

    /** A key's value, from data (base64) or, since the mock does not fold it, stringData. */
    static String value(Secret s, String key) {
        if (s.getData() != null && s.getData().get(key) != null) {
            return new String(Base64.getDecoder().decode(s.getData().get(key)), StandardCharsets.UTF_8);
        }
        return s.getStringData() == null ? null : s.getStringData().get(key);
    }
}
