package dev.runner.k8s.action;

import dev.runner.k8s.Kube;
import dev.runner.k8s.KubeAction;
import dev.runner.k8s.cluster.ClusterTarget;
import dev.runner.step.Observation;
import dev.runner.step.StepException;
import dev.runner.step.StepPlan;
import dev.runner.step.StepResult;
import io.fabric8.kubernetes.client.VersionInfo;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code kubectl-image}: the kubectl image a job in the cluster should run, from the API server's own version
 * ({@code GET /version}). Without {@code image} it is {@code REPOSITORY:vMAJOR.MINOR.PATCH} of the server (a
 * distribution suffix such as {@code -gke.100} or {@code +k3s1} dropped), so a CronJob's kubectl never drifts out
 * of the supported skew when the cluster is upgraded and the workflow is run again. A given {@code image} whose
 * tag names a version must be within kubectl's supported skew, one minor version older or newer than the server
 * (https://kubernetes.io/releases/version-skew-policy/#kubectl); a tag without a version (a digest, a private
 * build) is taken as is. Read-only.
 */
public final class KubectlImage implements KubeAction {
    static final String REPOSITORY = "registry.k8s.io/kubectl";
    private static final Pattern SERVER = Pattern.compile("v?(\\d+)\\.(\\d+)\\.(\\d+).*");
    private static final Pattern TAG = Pattern.compile(".*:v?(\\d+)\\.(\\d+)(?:\\.\\d+)?(?:[-+@].*)?");

    record Version(int major, int minor, int patch) {
        String tag() {
            return "v" + major + "." + minor + "." + patch;
        }
    }

    @Override
    public StepPlan plan(Kube k) throws StepException {
        var online = k.online();
        if (online.isEmpty()) {
            String given = given(k);
            return Plans.offline(given.isEmpty() ? "use the kubectl image of the server's version" : "use " + given
                    + " if it is within kubectl's version skew of the server", List.of());
        }
        return new StepPlan("use " + choose(k, online.get()), List.of(), false);
    }

    @Override
    public StepResult run(Kube k) throws StepException, InterruptedException {
        ClusterTarget t = k.target();
        String image = choose(k, t);
        return StepResult.of(Map.of("image", image, "serverVersion", server(k, t).tag()), "kubectl image " + image);
    }

    @Override
    public Observation observe(Kube k) {
        return Observation.notDone("a read-only choice: it is simply made again");
    }

    private static String given(Kube k) {
        return k.args().str("image").map(String::trim).orElse("");
    }

    private static String choose(Kube k, ClusterTarget t) throws StepException {
        Version server = server(k, t);
        String image = given(k);
        if (image.isEmpty()) {
            return k.args().str("repository").filter(s -> !s.isBlank()).orElse(REPOSITORY) + ":" + server.tag();
        }
        Matcher m = TAG.matcher(image);
        if (m.matches()) {
            int major = Integer.parseInt(m.group(1));
            int minor = Integer.parseInt(m.group(2));
            if (major != server.major() || Math.abs(minor - server.minor()) > 1) {
                throw k.invalid("kubectl image " + image + " is " + major + "." + minor + ", the API server is "
                        + server.tag() + ": kubectl is supported within one minor version of the server"
                        + " (https://kubernetes.io/releases/version-skew-policy/#kubectl). Leave the image empty to"
                        + " follow the server; nothing was changed");
            }
        }
        return image;
    }

    private static Version server(Kube k, ClusterTarget t) throws StepException {
        VersionInfo v = k.read("read the API server's version", () -> t.client().getKubernetesVersion());
        Matcher m = SERVER.matcher(v.getGitVersion() == null ? "" : v.getGitVersion());
        if (m.matches()) {
            return new Version(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
        }
        // without gitVersion: major and minor ("31+" on some distributions), patch unknown
        String major = v.getMajor() == null ? "" : v.getMajor().replaceAll("\\D", "");
        String minor = v.getMinor() == null ? "" : v.getMinor().replaceAll("\\D", "");
        if (major.isEmpty() || minor.isEmpty()) {
            throw new StepException("the API server's version (gitVersion '" + v.getGitVersion() + "', major '"
                    + v.getMajor() + "', minor '" + v.getMinor() + "') is not a version: give the kubectl image"
                    + " explicitly", false);
        }
        return new Version(Integer.parseInt(major), Integer.parseInt(minor), 0);
    }
}
