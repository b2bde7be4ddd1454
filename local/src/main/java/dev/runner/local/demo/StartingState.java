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
        database(c, Map.of(), postgresPassword, postgres(strategy));
        c.secrets().inNamespace(NS).resource(secret("auth", Map.of("django.sapass", adminPassword))).create();
        c.apps().deployments().inNamespace(NS).resource(app("auth", "hasura/auth:v1",
                List.of(fromSecret("DJANGO_SAPASS", "auth", "django.sapass"),
                        fromSecret("POSTGRES_PASSWORD", "postgres", "postgres.password")))).create();
        c.apps().deployments().inNamespace(NS).resource(app("data", "hasura/data:v1",
                List.of(fromSecret("POSTGRES_PASSWORD", "postgres", "postgres.password")))).create();
    }

    /**
     * Only the database, in a namespace that enforces Pod Security "restricted"
     * (https://kubernetes.io/docs/concepts/security/pod-security-admission/#pod-security-admission-labels-for-namespaces):
     * the postgres Deployment as a restricted-compliant user would write it for the official image (see
     * {@link #restrictedPostgres()}), its data on a PersistentVolumeClaim.
     */
    public static void createRestricted(KubernetesClient c, String postgresPassword) {
        c.persistentVolumeClaims().inNamespace(NS).resource(new io.fabric8.kubernetes.api.model
                .PersistentVolumeClaimBuilder().withNewMetadata().withName("pgdata").withNamespace(NS).endMetadata()
                .withNewSpec().withAccessModes("ReadWriteOnce").withNewResources()
                .addToRequests("storage", new io.fabric8.kubernetes.api.model.Quantity("1Gi")).endResources()
                .endSpec().build());
        database(c, Map.of("pod-security.kubernetes.io/enforce", "restricted",
                "pod-security.kubernetes.io/warn", "restricted"), postgresPassword, restrictedPostgres());
    }

    /** The namespace (with {@code labels}), the credentials Secret postgres and the postgres Deployment. */
    private static void database(KubernetesClient c, Map<String, String> labels, String postgresPassword,
                                 Deployment postgres) {
        c.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).withLabels(labels).endMetadata()
                .build()).create();
        c.secrets().inNamespace(NS).resource(secret("postgres", Map.of("postgres.user", PG_USER,
                "postgres.password", postgresPassword))).create();
        c.apps().deployments().inNamespace(NS).resource(postgres).create();
    }

    /**
     * {@link #postgres(String)} (Recreate) made Pod Security "restricted"
     * (https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted): the official image starts as
     * root, so the pod names the postgres uid (999) itself, with fsGroup so the claim is writable for it; no privilege
     * escalation, no capabilities, the runtime's seccomp profile; the data on a PersistentVolumeClaim (hostPath is
     * not allowed), PGDATA a subdirectory of the mount as the image's documentation advises for mount points that
     * the postgres user does not own.
     */
    static Deployment restrictedPostgres() {
        Deployment d = postgres("Recreate");
        var pod = d.getSpec().getTemplate().getSpec();
        pod.setSecurityContext(new io.fabric8.kubernetes.api.model.PodSecurityContextBuilder().withRunAsNonRoot(true)
                .withRunAsUser(999L).withRunAsGroup(999L).withFsGroup(999L).withNewSeccompProfile()
                .withType("RuntimeDefault").endSeccompProfile().build());
        var container = pod.getContainers().get(0);
        container.setSecurityContext(new io.fabric8.kubernetes.api.model.SecurityContextBuilder()
                .withAllowPrivilegeEscalation(false).withNewCapabilities().withDrop("ALL").endCapabilities().build());
        container.setEnv(new java.util.ArrayList<>(container.getEnv()));
        container.getEnv().add(new EnvVarBuilder().withName("PGDATA").withValue("/var/lib/postgresql/data/pgdata")
                .build());
        pod.setVolumes(List.of(new io.fabric8.kubernetes.api.model.VolumeBuilder().withName("data")
                .withNewPersistentVolumeClaim().withClaimName("pgdata").endPersistentVolumeClaim().build()));
        return d;
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
