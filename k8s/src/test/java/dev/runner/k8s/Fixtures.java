package dev.runner.k8s;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/** Objects the tests start from, shaped like the hasura postgres set-up. */
final class Fixtures {
    private Fixtures() {
    }

    static Deployment postgres(String ns) {
        return new DeploymentBuilder()
                .withNewMetadata().withName("postgres").withNamespace(ns).addToLabels("app", "postgres")
                .addToAnnotations("team", "data").endMetadata()
                .withNewSpec().withReplicas(1)
                .withNewSelector().addToMatchLabels("app", "postgres").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "postgres").endMetadata()
                .withNewSpec()
                .addNewContainer().withName("postgres").withImage("postgres:15")
                .addNewEnv().withName("POSTGRES_PASSWORD").withNewValueFrom().withNewSecretKeyRef()
                .withName("postgres").withKey("postgres.password").endSecretKeyRef().endValueFrom().endEnv()
                .addNewEnv().withName("PGDATA").withValue("/var/lib/postgresql/data").endEnv()
                .addNewPort().withContainerPort(5432).endPort()
                .addNewVolumeMount().withName("data").withMountPath("/var/lib/postgresql/data").endVolumeMount()
                .withNewReadinessProbe().withNewExec().withCommand("pg_isready").endExec().withPeriodSeconds(5)
                .endReadinessProbe()
                .endContainer()
                .addNewContainer().withName("sidecar").withImage("busybox").endContainer()
                .addNewVolume().withName("data").withNewHostPath().withPath("/srv/pg").endHostPath().endVolume()
                .endSpec().endTemplate().endSpec().build();
    }

    /** What the Deployment controller would report once the current spec has fully rolled out. */
    static void rolledOut(KubernetesClient c, String ns, String name) {
        Deployment d = c.apps().deployments().inNamespace(ns).withName(name).get();
        int n = d.getSpec().getReplicas();
        long gen = d.getMetadata().getGeneration() == null ? 0 : d.getMetadata().getGeneration();
        d.setStatus(new DeploymentStatusBuilder().withObservedGeneration(gen).withReplicas(n).withUpdatedReplicas(n)
                .withReadyReplicas(n).withAvailableReplicas(n).build());
        c.apps().deployments().inNamespace(ns).resource(d).updateStatus();
    }

    static Pod pod(String ns, String name, String app, boolean ready) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace(ns).addToLabels("app", app)
                .endMetadata().withNewSpec().addNewContainer().withName(app).withImage("img").endContainer()
                .endSpec().withNewStatus().withPhase("Running").addNewCondition().withType("Ready")
                .withStatus(ready ? "True" : "False").endCondition().endStatus().build();
    }
}
