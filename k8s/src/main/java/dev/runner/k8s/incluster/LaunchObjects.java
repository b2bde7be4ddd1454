package dev.runner.k8s.incluster;

import dev.runner.launch.LaunchRequest;
import dev.runner.step.ApiAccess;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The objects of one in-cluster run, all named {@code NAME} (plus a suffix) and labelled {@value #LABEL}=NAME:
 * a ConfigMap with the workflow's files, a ConfigMap with its params (a key each), a Secret with its secret params
 * (one params file, mounted, so the values are in neither the Job's spec, its args nor its environment), a ServiceAccount with a Role per
 * namespace (and a ClusterRole for cluster-wide access) holding exactly the access the steps declared, and the Job
 * running the runner image as that account.
 */
final class LaunchObjects {
    static final String LABEL = "runner.dev/launch";
    static final String CONTAINER = "runner";
    static final long RUNNER_UID = 10001;
    static final String PARAM_VAR = "RUNNER_PARAM_";
    /**
     * What the run's own state needs ({@code --state cluster}: journal and snapshot in ConfigMaps, the lock a Lease,
     * in the run's namespace), so {@code runner runs|status|resume --state cluster} work on it from any machine.
     */
    static final List<ApiAccess> STATE_ACCESS = List.of(
            ApiAccess.namespaced("", "configmaps", "get", "list", "create", "update", "delete"),
            ApiAccess.namespaced("coordination.k8s.io", "leases", "get", "list", "create", "update", "delete"));

    private final LaunchRequest req;
    private final String name;
    private final String namespace;

    LaunchObjects(LaunchRequest req, String name, String namespace) {
        this.req = req;
        this.name = name;
        this.namespace = namespace;
    }

    /** Everything but the Job, in the order to create them. */
    List<HasMetadata> prerequisites() {
        List<HasMetadata> out = new ArrayList<>();
        out.add(files());
        out.add(new ConfigMapBuilder().withMetadata(meta(name + "-params", namespace))
                .withData(new TreeMap<>(req.params())).build());
        out.add(secretParams());
        out.add(new ServiceAccountBuilder().withMetadata(meta(name, namespace)).build());
        out.addAll(rbac());
        return out;
    }

    private ConfigMap files() {
        Map<String, String> data = new TreeMap<>();
        int i = 0;
        for (String path : new TreeSet<>(req.files().keySet())) {
            data.put("f" + i++, req.files().get(path));
        }
        return new ConfigMapBuilder().withMetadata(meta(name + "-files", namespace)).withData(data).build();
    }

    private Secret secretParams() {
        String yaml = ParamsYaml.render(req.secretParams());
        return new SecretBuilder().withMetadata(meta(name + "-secret-params", namespace)).withType("Opaque")
                .withData(Map.of("params.yaml", Base64.getEncoder().encodeToString(yaml.getBytes(StandardCharsets.UTF_8))))
                .build();
    }

    /** A Role (+ binding) per namespace the steps work in, a ClusterRole (+ binding) for cluster-wide access. */
    private List<HasMetadata> rbac() {
        Map<String, Map<String, Map<String, SortedSet<String>>>> byNamespace = new TreeMap<>();
        List<ApiAccess> all = new ArrayList<>(req.access());
        all.addAll(STATE_ACCESS);
        for (ApiAccess a : all) {
            String ns = a.clusterScoped() ? "" : a.namespace() != null ? a.namespace() : namespace;
            byNamespace.computeIfAbsent(ns, k -> new TreeMap<>()).computeIfAbsent(a.group(), k -> new TreeMap<>())
                    .computeIfAbsent(a.resource(), k -> new TreeSet<>()).addAll(a.verbs());
        }
        var subject = new SubjectBuilder().withKind("ServiceAccount").withName(name).withNamespace(namespace).build();
        List<HasMetadata> out = new ArrayList<>();
        byNamespace.forEach((ns, rules) -> {
            if (ns.isEmpty()) {
                out.add(new ClusterRoleBuilder().withMetadata(meta(name, null)).withRules(rules(rules)).build());
                out.add(new ClusterRoleBindingBuilder().withMetadata(meta(name, null)).withNewRoleRef()
                        .withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole").withName(name).endRoleRef()
                        .withSubjects(subject).build());
            } else {
                out.add(new RoleBuilder().withMetadata(meta(name, ns)).withRules(rules(rules)).build());
                out.add(new RoleBindingBuilder().withMetadata(meta(name, ns)).withNewRoleRef()
                        .withApiGroup("rbac.authorization.k8s.io").withKind("Role").withName(name).endRoleRef()
                        .withSubjects(subject).build());
            }
        });
        return out;
    }

    private static List<PolicyRule> rules(Map<String, Map<String, SortedSet<String>>> byGroup) {
        List<PolicyRule> out = new ArrayList<>();
        byGroup.forEach((group, resources) -> resources.forEach((resource, verbs) -> out.add(new PolicyRuleBuilder()
                .withApiGroups(group).withResources(resource).withVerbs(new ArrayList<>(verbs)).build())));
        return out;
    }

    /** The Job: the runner image as the run's ServiceAccount, once (a retry would start the run over). */
    Job job() {
        List<KeyToPath> items = new ArrayList<>();
        int i = 0;
        for (String path : new TreeSet<>(req.files().keySet())) {
            items.add(new io.fabric8.kubernetes.api.model.KeyToPathBuilder().withKey("f" + i++).withPath(path).build());
        }
        return build(items, runnerArgs());
    }

    /**
     * The runner's command line: each param from the params ConfigMap by way of an environment variable that the
     * kubelet expands in the args ({@code $(VAR)}, https://kubernetes.io/docs/tasks/inject-data-application/define-interdependent-environment-variables/),
     * so the Job's spec names the ConfigMap keys, not the values; the secret params from the mounted Secret's file.
     */
    private List<String> runnerArgs() {
        List<String> args = new ArrayList<>(List.of("run", "/workflow/" + req.entry()));
        int i = 0;
        for (String p : new TreeSet<>(req.params().keySet())) {
            args.addAll(List.of("-p", p + "=$(" + PARAM_VAR + i++ + ")"));
        }
        args.addAll(List.of("--params-file", "/secret-params/params.yaml", "-n", namespace, "--state", "cluster"));
        return args;
    }

    private List<EnvVar> paramVars() {
        List<EnvVar> env = new ArrayList<>();
        int i = 0;
        for (String p : new TreeSet<>(req.params().keySet())) {
            env.add(new EnvVarBuilder().withName(PARAM_VAR + i++).withNewValueFrom().withNewConfigMapKeyRef()
                    .withName(name + "-params").withKey(p).endConfigMapKeyRef().endValueFrom().build());
        }
        return env;
    }

    private Job build(List<KeyToPath> items, List<String> args) {
        return new JobBuilder().withMetadata(meta(name, namespace)).withNewSpec().withBackoffLimit(0)
                .withTtlSecondsAfterFinished(86400).withNewTemplate().withNewMetadata().addToLabels(LABEL, name)
                .endMetadata().withNewSpec().withServiceAccountName(name).withRestartPolicy("Never")
                .withNewSecurityContext().withRunAsNonRoot(true).withRunAsUser(RUNNER_UID).withRunAsGroup(RUNNER_UID)
                .withFsGroup(RUNNER_UID).withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                .endSecurityContext()
                .addNewContainer().withName(CONTAINER).withImage(req.image()).withArgs(args).withEnv(paramVars())
                .withNewSecurityContext().withAllowPrivilegeEscalation(false).withNewCapabilities().addToDrop("ALL")
                .endCapabilities().endSecurityContext()
                .withVolumeMounts(new VolumeMountBuilder().withName("workflow").withMountPath("/workflow")
                                .withReadOnly(true).build(),
                        new VolumeMountBuilder().withName("params").withMountPath("/params").withReadOnly(true).build(),
                        new VolumeMountBuilder().withName("secret-params").withMountPath("/secret-params")
                                .withReadOnly(true).build())
                .endContainer()
                .withVolumes(new VolumeBuilder().withName("workflow").withNewConfigMap().withName(name + "-files")
                                .withItems(items).endConfigMap().build(),
                        new VolumeBuilder().withName("params").withNewConfigMap().withName(name + "-params")
                                .endConfigMap().build(),
                        new VolumeBuilder().withName("secret-params").withNewSecret()
                                .withSecretName(name + "-secret-params").withDefaultMode(0440).endSecret().build())
                .endSpec().endTemplate().endSpec().build();
    }

    private ObjectMeta meta(String objectName, String ns) {
        return new ObjectMetaBuilder().withName(objectName).withNamespace(ns)
                .addToLabels("app.kubernetes.io/managed-by", "runner").addToLabels(LABEL, name)
                .addToLabels("runner.dev/workflow", label(req.workflowName())).build();
    }

    /** A label value: at most 63 characters of [A-Za-z0-9._-], starting and ending alphanumeric. */
    static String label(String s) {
        String v = s.replaceAll("[^A-Za-z0-9._-]", "-");
        v = v.length() > 63 ? v.substring(0, 63) : v;
        return v.replaceAll("^[^A-Za-z0-9]+|[^A-Za-z0-9]+$", "");
    }
}
