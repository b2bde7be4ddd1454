package dev.runner.k8s.cluster;

import dev.runner.step.StepException;
import io.fabric8.kubernetes.api.model.AuthInfo;
import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.api.model.ConfigBuilder;
import io.fabric8.kubernetes.api.model.NamedAuthInfo;
import io.fabric8.kubernetes.api.model.NamedCluster;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Finds and merges the kubeconfig like kubectl does
 * (https://kubernetes.io/docs/concepts/configuration/organize-cluster-access-kubeconfig/#merging-kubeconfig-files):
 * {@code --kubeconfig}, else {@code KUBECONFIG} (a path list; files that do not exist are ignored), else
 * {@code ~/.kube/config}. The files of a list are merged: the first file to set {@code current-context} wins, and
 * clusters, users and contexts are taken by name, the first file to define a name winning (later files never
 * change a value an earlier one set: fabric8 itself has taken the last file's current-context in some versions,
 * fabric8io/kubernetes-client#6787, so the merge is done here). File references are resolved relative to the file
 * that defines them (same page, "File references").
 */
final class Kubeconfigs {
    private Kubeconfigs() {
    }

    static List<File> candidates(Map<String, String> settings, Map<String, String> env) {
        String list = settings.get(Clusters.KUBECONFIG);
        if (list == null || list.isBlank()) {
            list = env.get("KUBECONFIG");
        }
        if (list == null || list.isBlank()) {
            list = Path.of(System.getProperty("user.home"), ".kube", "config").toString();
        }
        List<File> files = new ArrayList<>();
        for (String p : list.split(File.pathSeparator)) {
            if (!p.isBlank() && new File(p).isFile()) {
                files.add(new File(p));
            }
        }
        return files;
    }

    /** The files merged into one kubeconfig, its current-context set to {@code context} when given. */
    static Config merge(List<File> files, String context) throws StepException {
        if (files.isEmpty()) {
            throw new StepException("no kubeconfig found: give --kubeconfig, set KUBECONFIG or create ~/.kube/config",
                    false);
        }
        String current = null;
        Map<String, NamedCluster> clusters = new LinkedHashMap<>();
        Map<String, NamedAuthInfo> users = new LinkedHashMap<>();
        Map<String, NamedContext> contexts = new LinkedHashMap<>();
        for (File f : files) {
            Config cfg;
            try {
                cfg = KubeConfigUtils.parseConfig(f);
            } catch (RuntimeException e) {
                throw new StepException("cannot read kubeconfig " + f + ": " + e.getMessage(), false);
            }
            if (cfg == null) {
                continue; // an empty file sets nothing
            }
            if (current == null && cfg.getCurrentContext() != null && !cfg.getCurrentContext().isEmpty()) {
                current = cfg.getCurrentContext();
            }
            Path dir = f.getAbsoluteFile().toPath().getParent();
            for (NamedCluster c : listOf(cfg.getClusters())) {
                clusters.putIfAbsent(c.getName(), c);
                if (clusters.get(c.getName()) == c && c.getCluster() != null) {
                    absolute(dir, c.getCluster()::getCertificateAuthority, c.getCluster()::setCertificateAuthority);
                }
            }
            for (NamedAuthInfo u : listOf(cfg.getUsers())) {
                users.putIfAbsent(u.getName(), u);
                if (users.get(u.getName()) == u && u.getUser() != null) {
                    absoluteFiles(dir, u.getUser());
                }
            }
            listOf(cfg.getContexts()).forEach(c -> contexts.putIfAbsent(c.getName(), c));
        }
        String chosen = context != null ? context : current;
        if (chosen == null) {
            throw new StepException("the kubeconfig names no current-context; give --context", false);
        }
        if (!contexts.containsKey(chosen)) {
            throw new StepException("kube context '" + chosen + "' is not defined in " + files, false);
        }
        return new ConfigBuilder().withApiVersion("v1").withKind("Config").withCurrentContext(chosen)
                .withClusters(new ArrayList<>(clusters.values())).withUsers(new ArrayList<>(users.values()))
                .withContexts(new ArrayList<>(contexts.values())).build();
    }

    /** The user of the merged config's current context, if it has one. */
    static Optional<AuthInfo> currentUser(Config merged) {
        return listOf(merged.getContexts()).stream().filter(c -> c.getName().equals(merged.getCurrentContext()))
                .findFirst().map(c -> c.getContext() == null ? null : c.getContext().getUser())
                .flatMap(name -> listOf(merged.getUsers()).stream().filter(u -> u.getName().equals(name)).findFirst())
                .map(NamedAuthInfo::getUser);
    }

    private static void absoluteFiles(Path dir, AuthInfo user) {
        absolute(dir, user::getClientCertificate, user::setClientCertificate);
        absolute(dir, user::getClientKey, user::setClientKey);
        absolute(dir, user::getTokenFile, user::setTokenFile);
        if (user.getExec() != null && user.getExec().getCommand() != null
                && user.getExec().getCommand().contains("/")) { // a bare name is looked up on PATH
            absolute(dir, user.getExec()::getCommand, user.getExec()::setCommand);
        }
    }

    private static void absolute(Path dir, Supplier<String> get, Consumer<String> set) {
        String p = get.get();
        if (p != null && !p.isEmpty() && !Path.of(p).isAbsolute() && dir != null) {
            set.accept(dir.resolve(p).toString());
        }
    }

    private static <T> List<T> listOf(List<T> list) {
        return list == null ? List.of() : list;
    }
}
