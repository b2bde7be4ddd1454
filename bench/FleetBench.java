import dev.runner.local.api.ApiServer;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * bench/fleet.sh: `runner run bench/fleet/workflow.yaml --targets T --parallel 16` over 1, 50 and 200 namespaces of
 * the local API server (module local; its RBAC, admission and strict validation on every request), the runner a
 * process of its own (`./runner`, under /usr/bin/time for its peak RSS). The API server counts the requests that
 * reach it; a single run without --targets is the per-target baseline. Prints time(N)/time(1), requests per target
 * and the runner's peak RSS.
 */
public class FleetBench {
    private static final String TOKEN = "fleet-bench-admin";

    public static void main(String[] args) throws Exception {
        Path work = Files.createTempDirectory("runner-fleet-bench");
        int parallel = Integer.parseInt(System.getenv().getOrDefault("BENCH_PARALLEL", "16"));
        List<Integer> sizes = new ArrayList<>();
        for (String a : args.length == 0 ? new String[] {"1", "50", "200"} : args) {
            sizes.add(Integer.parseInt(a));
        }
        AtomicLong requests = new AtomicLong();
        try (ApiServer api = new ApiServer(0, TOKEN)) {
            api.addFilter(r -> {
                requests.incrementAndGet();
                return null;
            });
            Path kubeconfig = work.resolve("kubeconfig");
            Files.writeString(kubeconfig, "apiVersion: v1\nkind: Config\nclusters:\n- name: bench\n  cluster:\n"
                    + "    server: " + api.secureUrl() + "\n    certificate-authority: " + api.caCertificate()
                    + "\nusers:\n- name: admin\n  user:\n    token: " + TOKEN + "\ncontexts:\n- name: bench\n"
                    + "  context: {cluster: bench, user: admin}\ncurrent-context: bench\n");
            try (KubernetesClient admin = new KubernetesClientBuilder()
                    .withConfig(Config.fromKubeconfig(Files.readString(kubeconfig))).build()) {
                createNamespace(admin, "single");
                for (int n : sizes) {
                    for (int i = 0; i < n; i++) {
                        createNamespace(admin, "fleet" + n + "-" + i);
                    }
                }
            }
            requests.set(0);
            Result single = runner(work, kubeconfig, "single", List.of("-n", "single", "-p", "namespace=single"));
            long singleRequests = requests.getAndSet(0);
            System.out.printf("single run (no --targets): %.2f s, %d API requests, peak RSS %d MB%n",
                    single.seconds, singleRequests, single.rssKb / 1024);
            System.out.printf("%-8s %10s %12s %14s %18s %14s%n", "targets", "wall (s)", "t(N)/t(1)", "API requests",
                    "requests/target", "peak RSS (MB)");
            double t1 = 0;
            for (int n : sizes) {
                Path targets = work.resolve("targets-" + n + ".yaml");
                StringBuilder y = new StringBuilder("apiVersion: runner/v1\nkind: Targets\ntargets:\n");
                for (int i = 0; i < n; i++) {
                    y.append("  - {name: t").append(i).append(", namespace: fleet").append(n).append('-').append(i)
                            .append("}\n");
                }
                Files.writeString(targets, y);
                requests.set(0);
                Result r = runner(work, kubeconfig, "fleet-" + n, List.of("--targets", targets.toString(),
                        "--parallel", Integer.toString(parallel)));
                long count = requests.getAndSet(0);
                if (t1 == 0) {
                    t1 = r.seconds;
                }
                System.out.printf("%-8d %10.2f %11.1fx %14d %18.1f %14d%n", n, r.seconds, r.seconds / t1, count,
                        (double) count / n, r.rssKb / 1024);
            }
            System.out.println("per-target baseline: a single run makes " + singleRequests + " API requests");
        }
    }

    private record Result(double seconds, long rssKb) {
    }

    private static Result runner(Path work, Path kubeconfig, String label, List<String> extra) throws Exception {
        Path rss = work.resolve(label + ".rss");
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/time", "-o", rss.toString(), "-f", "%M", "./runner",
                "run", "bench/fleet/workflow.yaml", "--kubeconfig", kubeconfig.toString()));
        cmd.addAll(extra);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(work.resolve(label + ".log").toFile());
        pb.environment().put("RUNNER_STATE_DIR", work.resolve("state-" + label).toString());
        long t0 = System.nanoTime();
        Process p = pb.start();
        if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException(label + " failed (exit " + p.exitValue() + "):\n"
                    + Files.readString(work.resolve(label + ".log")));
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        List<String> lines = Files.readAllLines(rss);
        return new Result(seconds, Long.parseLong(lines.get(lines.size() - 1).trim()));
    }

    private static void createNamespace(KubernetesClient c, String name) {
        c.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
    }
}
