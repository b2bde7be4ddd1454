package dev.runner.local.demo;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The original hasura setup (seed/continuous-backup-README.md): namespace hasura, postgres Deployment (label
 * app=postgres, data on a hostPath volume at /var/lib/postgresql/data), Secret postgres (postgres.user,
 * postgres.password), Secret auth (django.sapass), and the auth and data Deployments that read those passwords.
 */
public final class StartingState {
    public static final String NS = "hasura";
    /**
     * The database superuser (Secret postgres, key postgres.user). Not "postgres": Secret values are masked in all
     * output, and masking a word as common as postgres would blank half of every line.
     */
    public static final String PG_USER = "hasura_admin";

    private StartingState() {}

    /** Creates the objects; passwords differ per cluster, as two independently set-up projects' would. */
    public static void create(KubernetesClient c, String postgresPassword, String adminPassword) {
        create(c, postgresPassword, adminPassword, "Recreate");
    }

    /**
     * As {@link #create(KubernetesClient, String, String)}, the postgres Deployment with {@code strategy} as its
     * strategy type, or with no strategy at all when null: then the API server's default, RollingUpdate with
     * maxSurge 25% (1 pod), may run a new postgres pod beside the old one.
     */
    public static void create(KubernetesClient c, String postgresPassword, String adminPassword, String strategy) {
        c.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
                .create();
        c.secrets().inNamespace(NS).resource(secret("postgres", Map.of("postgres.user", PG_USER,
                "postgres.password", postgresPassword))).create();
        c.secrets().inNamespace(NS).resource(secret("auth", Map.of("django.sapass", adminPassword))).create();
        c.apps().deployments().inNamespace(NS).resource(postgres(strategy)).create();
        c.apps().deployments().inNamespace(NS).resource(app("auth", "hasura/auth:v1",
                List.of(fromSecret("DJANGO_SAPASS", "auth", "django.sapass"),
                        fromSecret("POSTGRES_PASSWORD", "postgres", "postgres.password")))).create();
        c.apps().deployments().inNamespace(NS).resource(app("data", "hasura/data:v1",
                List.of(fromSecret("POSTGRES_PASSWORD", "postgres", "postgres.password")))).create();
    }

    static Deployment postgres(String strategy) {
        Deployment d = new DeploymentBuilder().withNewMetadata().withName("postgres").withNamespace(NS)
                .addToLabels("app", "postgres").endMetadata()
                .withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels("app", "postgres").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "postgres").endMetadata().withNewSpec()
                .addNewContainer().withName("postgres").withImage("postgres:15")
                .withEnv(fromSecret("POSTGRES_USER", "postgres", "postgres.user"),
                        fromSecret("POSTGRES_PASSWORD", "postgres", "postgres.password"))
                .addNewPort().withContainerPort(5432).endPort()
                .addNewVolumeMount().withName("data").withMountPath("/var/lib/postgresql/data").endVolumeMount()
                .endContainer()
                .addNewVolume().withName("data").withNewHostPath().withPath("/var/lib/postgresql/data")
                .endHostPath().endVolume()
                .endSpec().endTemplate().endSpec().build();
        if (strategy != null) {
            d.getSpec().setStrategy(new io.fabric8.kubernetes.api.model.apps.DeploymentStrategyBuilder()
                    .withType(strategy).build());
        }
        return d;
    }

    private static Deployment app(String name, String image, List<EnvVar> env) {
        return new DeploymentBuilder().withNewMetadata().withName(name).withNamespace(NS).addToLabels("app", name)
                .endMetadata()
                .withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata().withNewSpec()
                .addNewContainer().withName(name).withImage(image).withEnv(env).endContainer()
                .endSpec().endTemplate().endSpec().build();
    }

    private static EnvVar fromSecret(String name, String secret, String key) {
        return new EnvVarBuilder().withName(name).withNewValueFrom().withNewSecretKeyRef(key, secret, false)
                .endValueFrom().build();
    }

    private static io.fabric8.kubernetes.api.model.Secret secret(String name, Map<String, String> values) {
        SecretBuilder b = new SecretBuilder().withNewMetadata().withName(name).withNamespace(NS).endMetadata()
                .withType("Opaque");
        values.forEach((k, v) -> b.addToData(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
        return b.build();
    }
}
