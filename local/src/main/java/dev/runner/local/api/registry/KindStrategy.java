package dev.runner.local.api.registry;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What pkg/registry/&lt;group&gt;/&lt;kind&gt;/strategy.go holds for one kind: its typed model (the schema bodies are
 * decoded against), its defaulting, its validation on create, the immutable fields it checks on update, the name
 * rule for metadata.name, and whether it has a status subresource (then an update of the object keeps the stored
 * status). https://github.com/kubernetes/kubernetes/tree/master/pkg/registry
 */
record KindStrategy(String kind, Class<?> type, Function<String, List<String>> nameRule, boolean hasStatus,
        Consumer<ObjectNode> defaults, BiConsumer<JsonNode, List<FieldError>> validate, Update validateUpdate) {

    interface Update {
        void check(JsonNode old, JsonNode obj, List<FieldError> errs);
    }

    private static final Update NONE = (old, obj, errs) -> { };
    private static final Consumer<ObjectNode> NO_DEFAULTS = o -> { };
    private static final BiConsumer<JsonNode, List<FieldError>> NO_RULES = (o, e) -> { };

    private static final Map<String, KindStrategy> BY_RESOURCE = Map.ofEntries(
            Map.entry("pods", new KindStrategy("Pod", Pod.class, Names::subdomain, true, KindDefaults::pod,
                    WorkloadValidation::pod, UpdateValidation::pod)),
            Map.entry("deployments", new KindStrategy("Deployment", Deployment.class, Names::subdomain, true,
                    KindDefaults::deployment, WorkloadValidation::deployment, UpdateValidation::selector)),
            Map.entry("replicasets", new KindStrategy("ReplicaSet", ReplicaSet.class, Names::subdomain, true,
                    KindDefaults::replicaSet, WorkloadValidation::replicaSet, UpdateValidation::selector)),
            Map.entry("jobs", new KindStrategy("Job", Job.class, Names::subdomain, true, KindDefaults::job,
                    WorkloadValidation::job, UpdateValidation::job)),
            Map.entry("cronjobs", new KindStrategy("CronJob", CronJob.class, Names::subdomain, true,
                    KindDefaults::cronJob, WorkloadValidation::cronJob, NONE)),
            Map.entry("services", new KindStrategy("Service", Service.class, Names::dns1035, true,
                    KindDefaults::service, WorkloadValidation::service, UpdateValidation::service)),
            Map.entry("secrets", new KindStrategy("Secret", Secret.class, Names::subdomain, false,
                    KindDefaults::secret, NO_RULES, NONE)),
            Map.entry("configmaps", new KindStrategy("ConfigMap", ConfigMap.class, Names::subdomain, false,
                    NO_DEFAULTS, StateKindsValidation::configMap, NONE)),
            Map.entry("leases", new KindStrategy("Lease", Lease.class, Names::subdomain, false, NO_DEFAULTS,
                    StateKindsValidation::lease, NONE)),
            Map.entry("serviceaccounts", new KindStrategy("ServiceAccount", ServiceAccount.class, Names::subdomain,
                    false, NO_DEFAULTS, NO_RULES, NONE)),
            Map.entry("persistentvolumeclaims", new KindStrategy("PersistentVolumeClaim",
                    PersistentVolumeClaim.class, Names::subdomain, true, NO_DEFAULTS, NO_RULES, NONE)),
            Map.entry("namespaces", new KindStrategy("Namespace", Namespace.class, Names::label, true, NO_DEFAULTS,
                    NO_RULES, NONE)));

    /** The strategy of a resource name (pods, deployments …), or null for kinds stored as sent. */
    static KindStrategy of(String resource) {
        return BY_RESOURCE.get(resource);
    }
}
